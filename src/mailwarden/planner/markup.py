"""A request pasted as HTML, read as the text it shows (lexicon NLU101_HTML_*; red teams 59 and 61).

A mail client's HTML puts a signature on a line of its own with "<br>" or "<p>", as plain text does with a
line break; read with its tags dropped it ran into the request, and the name in it was granted the right.
So a line break or a block's edge is a line's end, text struck out or never shown is left out, a quoted
block is read as "> " lines are, the other tags are dropped and entities read as the characters they show.
Text with none of HTML's tags or entities is returned as it is.

The HTML is read by the standard library's parser, not by patterns (nlu101): which element a piece of text
is in is the parser's stack of open elements, which holds however the tags nest, and a tag left open ends
where a browser ends it ("<p>" at the next block, "<li>" at the next item, anything at its parent's end),
so an unclosed "<span hidden>" hides no more than the browser hides, and a misnested "</div>" closes what
it closes there.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from mailwarden.planner import lexicon as lx

__all__ = ["as_text", "unreadable_style"]

_STRUCK = frozenset({"s", "strike", "del"})


def as_text(text: str) -> str:
    """`text` with its HTML read as the lines it shows; unchanged when it has no markup."""
    if not lx.NLU101_HTML_SAID.search(text):
        return text
    reader = _Reader(_hiding_rules(text))
    reader.feed(text)
    reader.close()
    return reader.shown()


def unreadable_style(text: str) -> str | None:
    """The words under an element whose look the mail does not say (a class or id of a mail that links its
    style sheet: lexicon NLU107_CSS_ELSEWHERE), or None: whether a reader sees them cannot be told, so the
    request is asked about rather than read with them or without them."""
    if not lx.NLU107_CSS_ELSEWHERE.search(text) or not lx.NLU101_HTML_SAID.search(text):
        return None
    reader = _Reader(_hiding_rules(text), styled_elsewhere=True)
    reader.feed(text)
    reader.close()
    said = " ".join(" ".join(reader.unsure).split())
    return said or None


@dataclass(frozen=True, slots=True)
class _Open:
    """An element open where the parser stands: its tag, and whether what it holds is shown, struck out or
    quoted."""

    tag: str
    unshown: bool
    quoted: bool
    struck: bool = False
    unsure: bool = False


@dataclass(frozen=True, slots=True)
class _Selector:
    """What a "<style>" rule that hides picks, read from its selector's last compound: a tag (or any), the
    classes an element must all have, the id it must have."""

    tag: str
    classes: frozenset[str]
    ident: str

    def picks(self, tag: str, classes: frozenset[str], ident: str) -> bool:
        return (
            self.tag in ("", "*", tag)
            and self.classes <= classes
            and (not self.ident or self.ident == ident)
            and bool(self.tag not in ("", "*") or self.classes or self.ident)
        )


class _Styles(HTMLParser):
    """The text of a mail's "<style>" elements, wherever they stand (in "<head>" too)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.css: list[str] = []
        self._in_style = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style += tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._in_style:
            self._in_style -= 1

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


def _hiding_rules(text: str) -> tuple[_Selector, ...]:
    """The selectors of the mail's "<style>" rules that hide what they pick (red team 65: a class hidden by a
    rule in the same mail was read; lexicon NLU107_CSS_*)."""
    styles = _Styles()
    styles.feed(text)
    styles.close()
    css = lx.NLU107_CSS_COMMENT.sub(" ", " ".join(styles.css))
    picked: list[_Selector] = []
    for rule in lx.NLU107_CSS_RULE.finditer(css):
        if not _hides(rule.group("declarations")):
            continue
        for selector in rule.group("selectors").split(","):
            # (an at-rule's head left before the selector, "@media screen {", is cut off by the brace)
            compounds = selector.replace(">", " ").replace("+", " ").replace("~", " ").split()
            if not compounds or ":" in compounds[-1]:
                continue  # ("a:hover", "p::before": a state or a part the mail is not shown in)
            compound = lx.NLU107_CSS_COMPOUND.match(compounds[-1])
            if compound is None:
                continue
            names = lx.NLU107_CSS_NAME.findall(compound.group("rest"))
            picked.append(
                _Selector(
                    (compound.group("tag") or "").lower(),
                    frozenset(name.lower() for mark, name in names if mark == "."),
                    next((name.lower() for mark, name in names if mark == "#"), ""),
                )
            )
    return tuple(picked)


def _hides(style: str) -> bool:
    """Whether a style keeps what it styles from being seen: not shown, faded, white, tiny, moved off the
    page, clipped, shrunk, or boxed to nothing with what overflows cut (lexicon NLU101_HTML_HIDDEN_STYLE)."""
    return bool(
        lx.NLU101_HTML_HIDDEN_STYLE.search(style)
        or (lx.NLU107_HTML_ZERO_BOX.search(style) and lx.NLU107_HTML_OVERFLOW_CUT.search(style))
    )


class _Reader(HTMLParser):
    """The lines an HTML text shows, each with how deep in quote blocks it stands."""

    def __init__(self, hiding: tuple[_Selector, ...] = (), *, styled_elsewhere: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self._hiding = hiding
        self._styled_elsewhere = styled_elsewhere
        self._unsure = 0  # (open elements whose look a linked style sheet may set)
        self.unsure: list[str] = []
        """The text shown as far as the mail says, under an element whose look it does not say."""
        self._open: list[_Open] = []
        self._unshown = 0  # (open elements that show nothing, counted: text is shown only at 0)
        self._quoted = 0
        self._lines: list[tuple[int, list[str]]] = [(0, [])]
        self._struck: list[list[str]] = []  # (the words of each struck-out element open, innermost last)

    # ---- what the parser reports -----------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._is_html(tag):
            # (an address or a name in angle brackets is text the reader sees: "<billing@acme.com>")
            self.handle_data(self.get_starttag_text() or "")
            return
        self._end_open_before(tag)
        struck = tag in _STRUCK or any(
            name == "style" and value and lx.NLU107_HTML_STRUCK_STYLE.search(value) for name, value in attrs
        )
        unshown = struck or self._is_unshown(tag, attrs)
        unsure = (
            self._styled_elsewhere
            and not unshown
            and any(name in ("class", "id") and value and value.strip() for name, value in attrs)
        )
        element = _Open(tag, unshown, self._is_quote(tag, attrs), struck, unsure)
        if not element.unshown:
            self._edge(tag)
        if tag in lx.NLU101_HTML_VOID:
            return
        self._open.append(element)
        self._unshown += element.unshown
        self._unsure += element.unsure
        if element.struck:
            self._struck.append([])
        if element.quoted:
            self._quoted += 1
            self._line_end()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # ("<br/>" is a line's end; "<div/>" holds nothing, and browsers read it as an opening tag, but
        # nothing a self-closed element could hide is worth hiding the rest of the mail for)
        if not self._is_html(tag):
            self.handle_data(self.get_starttag_text() or "")
            return
        self._edge(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self._is_html(tag):
            self.handle_data(f"</{tag}>")
            return
        # (an end tag closes the nearest element it names and every element left open inside it; one that
        # names no open element is a stray and closes nothing, but "</p>" and "</br>", which a browser
        # reads as an empty paragraph and a line break)
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth].tag == tag:
                while len(self._open) > depth + 1:
                    self._close_last()
                self._edge(tag)
                self._close_last()
                return
        if tag in ("p", "br"):
            self._edge(tag)

    def handle_data(self, data: str) -> None:
        for words in self._struck:
            words.append(data)
        if self._unshown:
            return
        if self._unsure:
            self.unsure.append(data)
        first, *rest = data.split("\n")
        self._words(first)
        for line in rest:
            self._line_end()
            self._words(line)

    # (comments, declarations and processing instructions show nothing)

    # ---- the lines shown -------------------------------------------------------------------------------

    def shown(self) -> str:
        """The lines the HTML shows: each line's own spaces kept single, a quoted line marked "> " once for
        each quote block it stands in, the empty lines between blocks left as one."""
        lines: list[str] = []
        for quoted, parts in self._lines:
            line = " ".join("".join(parts).split())
            if quoted:
                # (a quote block's empty lines are no part of it: it is read as its "> " lines)
                if line:
                    lines.append("> " * quoted + line)
                continue
            lines.append(line)
        kept = [line for n, line in enumerate(lines) if line or (n and lines[n - 1])]
        return "\n".join(kept).strip("\n")

    def _words(self, words: str) -> None:
        if not words or self._unshown:
            return
        quoted, parts = self._lines[-1]
        if not parts and quoted != self._quoted:
            self._lines[-1] = (self._quoted, parts)
        parts.append(words)

    def _line_end(self) -> None:
        self._lines.append((self._quoted, []))

    def _edge(self, tag: str) -> None:
        """A block's edge ends the line shown; a cell's is a space (nothing, where nothing is shown)."""
        if self._unshown:
            return
        if tag in lx.NLU101_HTML_BLOCK:
            self._line_end()
        elif tag in lx.NLU101_HTML_CELL:
            self._words(" ")

    # ---- the open elements -----------------------------------------------------------------------------

    def _end_open_before(self, tag: str) -> None:
        """End the "<p>", "<li>" or cell left open that a browser ends where `tag` starts (and the row a new
        row's start ends with its last cell)."""
        while self._open and tag in lx.NLU101_HTML_ENDS_OPEN.get(self._open[-1].tag, ()):
            self._close_last()

    def _close_last(self) -> None:
        element = self._open.pop()
        self._unshown -= element.unshown
        self._unsure -= element.unsure
        if element.struck:
            # ("<s>until Friday</s>": red team 61 read it as no end, a grant for good; a note that an end was
            # struck out is left in its place, which the planner asks about when no end stands there instead:
            # lexicon NLU99_STRUCK_SAY)
            struck = " ".join(self._struck.pop())
            if not self._unshown and lx.NLU99_STRUCK_TIME.search(struck):
                self._words(lx.NLU99_STRUCK_SAY)
        if element.quoted:
            self._quoted -= 1
            self._line_end()

    @staticmethod
    def _is_html(tag: str) -> bool:
        return (
            tag in lx.NLU101_HTML_BLOCK
            or tag in lx.NLU101_HTML_CELL
            or tag in lx.NLU101_HTML_INLINE
            or tag in lx.NLU101_HTML_UNSHOWN
        )

    def _is_unshown(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in lx.NLU101_HTML_UNSHOWN:
            return True
        for name, value in attrs:
            if name == lx.NLU101_HTML_HIDDEN_ATTRIBUTE:
                return True
            if name == "style" and value and _hides(value):
                return True
            if tag == "font" and name == "color" and value and lx.NLU107_HTML_FONT_COLOR.match(value):
                return True
        if self._hiding:
            classes = frozenset(
                word.lower() for name, value in attrs if name == "class" and value for word in value.split()
            )
            ident = next((value.lower() for name, value in attrs if name == "id" and value), "")
            return any(selector.picks(tag, classes, ident) for selector in self._hiding)
        return False

    @staticmethod
    def _is_quote(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag == lx.NLU101_HTML_QUOTE_TAG:
            return True
        return tag == "div" and any(
            name == "class" and value and lx.NLU101_HTML_QUOTE_CLASS.search(value) for name, value in attrs
        )
