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

Whether text is seen is read from every element's style, whatever its tag (nlu109: planner/styles.py, on a
real CSS parser): text certainly unseen is dropped, text certainly seen kept, and text the mail alone cannot
settle is kept apart as unsure (`read`), for the planner to plan both ways.

What an element shows by its nature is read as a mail client renders it (nlu121, red team 68): "hidden" and
a dialog not open hide by the browser's own "display:none", which the mail's styles may override; a text
box, a field's value, an SVG's text, "<noscript>" and an image's alt are shown by some clients only (unsure);
an SVG's description and title, a hidden input and the head's title never.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

from mailwarden.planner import lexicon as lx
from mailwarden.planner import styles
from mailwarden.planner.styles import HIDDEN, SHOWN, UNSURE, Look

__all__ = ["Reading", "as_text", "read"]

_STRUCK = frozenset({"s", "strike", "del"})


@dataclass(frozen=True, slots=True)
class Reading:
    """A mail's text as shown: `shown` with the text whose look the mail cannot settle, `without` without it
    (the same where there is none), and that text itself ("" where there is none)."""

    shown: str
    without: str
    unsure: str


def as_text(text: str) -> str:
    """`text` with its HTML read as the lines it shows (text that may be unseen kept); unchanged when it has
    no markup."""
    return read(text).shown


@lru_cache(maxsize=256)
def read(text: str) -> Reading:
    """`text` read as its HTML shows it, with what may or may not be seen kept apart; a text with none of
    HTML's tags or entities is returned as it is, never parsed. (Kept for the texts read last: the planner
    reads a request's mail for its plan and again for its held parts; a Reading is frozen.)"""
    if not lx.NLU101_HTML_SAID.search(text):
        return Reading(text, text, "")
    text = lx.NLU116_MSO_ONLY.sub(lambda m: f"<{lx.NLU116_MSO_TAG}>{m['inner']}</{lx.NLU116_MSO_TAG}>", text)
    reader = _Reader(_sheet(text), styled_elsewhere=bool(lx.NLU107_CSS_ELSEWHERE.search(text)))
    reader.feed(text)
    reader.close()
    unsure = " ".join(" ".join(reader.unsure).split())
    shown = reader.shown(keep_unsure=True)
    return Reading(shown, reader.shown(keep_unsure=False) if unsure else shown, unsure)


@dataclass(frozen=True, slots=True)
class _Open:
    """An element open where the parser stands: its tag, whether what it holds is shown (not, unsure), struck
    out or quoted, how its own text is seen, and the looks it passes on."""

    tag: str
    unshown: bool
    quoted: bool
    struck: bool = False
    unsure: bool = False
    text: int = SHOWN
    looks: tuple[Look, Look] = (styles.PAGE, styles.PAGE)
    summary_only: bool = False


class _Styles(HTMLParser):
    """The text of a mail's "<style>" elements, wherever they stand (in "<head>" too)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.css: list[tuple[str, int]] = []
        """Each sheet's text with whether it applies on a screen (styles.sheet_applies)."""
        self._styles: list[int] = []  # (the "<style>" elements open, each with whether it applies)
        self._inert = 0  # (open elements in which a "<style>" is no sheet)
        self._unsure = 0  # (open elements in which one may not apply)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in lx.NLU121_HTML_RAW_TEXT:
            # (what a text box holds is text to its end tag, as _Reader reads it: a "<template>" in one opens
            # nothing that would keep the sheets after it from being read)
            self.set_cdata_mode(tag)
        self._inert += tag in lx.NLU116_SHEET_INERT_IN
        self._unsure += tag in lx.NLU116_SHEET_UNSURE_IN
        if tag == "style":
            applies = HIDDEN if self._inert else styles.sheet_applies(attrs)
            self._styles.append(max(applies, UNSURE) if self._unsure else applies)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._styles:
            self._styles.pop()
        elif tag in lx.NLU116_SHEET_INERT_IN and self._inert:
            self._inert -= 1
        elif tag in lx.NLU116_SHEET_UNSURE_IN and self._unsure:
            self._unsure -= 1

    def handle_data(self, data: str) -> None:
        if self._styles and self._styles[-1] != HIDDEN:
            self.css.append((data, self._styles[-1]))


def _sheet(text: str) -> styles.Sheet:
    """The rules of the mail's "<style>" elements (red team 65: a class hidden by a rule in the same mail
    was read; nlu109: read by a CSS parser, every rule, not only those that hide)."""
    if "<style" not in text.lower():
        return styles.Sheet()
    found = _Styles()
    found.feed(text)
    found.close()
    return styles.sheet_of(found.css) if found.css else styles.Sheet()


class _Reader(HTMLParser):
    """The lines an HTML text shows, each with how deep in quote blocks it stands."""

    def __init__(self, sheet: styles.Sheet, *, styled_elsewhere: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self._sheet = sheet
        self._styled_elsewhere = styled_elsewhere
        self._unsure = 0  # (open elements whose box may or may not show what they hold)
        self.unsure: list[str] = []
        """The text that may or may not be seen: under an element whose look the mail does not settle."""
        self._open: list[_Open] = []
        self._unshown = 0  # (open elements that show nothing, counted: text is shown only at 0)
        self._quoted = 0
        # (each line's quote depth and its pieces, each piece with whether it may be unseen)
        self._lines: list[tuple[int, list[tuple[str, bool]]]] = [(0, [])]
        self._struck: list[list[str]] = []  # (the words of each struck-out element open, innermost last)
        self._svg = 0  # (open "<svg>" elements: inside one, every tag is the drawing's)

    # ---- what the parser reports -----------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._is_html(tag):
            # (an address or a name in angle brackets is text the reader sees: "<billing@acme.com>")
            self.handle_data(self.get_starttag_text() or "")
            return
        self._end_open_before(tag)
        element = self._element(tag, attrs)
        if not element.unshown:
            self._edge(tag)
        if tag in lx.NLU101_HTML_VOID:
            if not (element.unshown or self._unshown):
                self._replaced_text(tag, attrs, element)
            return
        self._open.append(element)
        self._unshown += element.unshown
        self._unsure += element.unsure
        self._svg += tag == lx.NLU121_HTML_SVG
        if tag in lx.NLU121_HTML_RAW_TEXT:
            # (HTML's tokenizer reads what a text box, "<xmp>" or "<plaintext>" holds as text to its end tag:
            # "<textarea><span hidden>x</span></textarea>" shows the tags; 13.2.5 "Tokenization", the RCDATA
            # and RAWTEXT states; a text box shows it as its value, 4.10.11 "The textarea element")
            self.set_cdata_mode(tag)
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
        if self.cdata_elem in lx.NLU121_HTML_ESCAPABLE_RAW_TEXT:
            data = unescape(data)  # (a text box's raw text has its entities read: "&amp;" shows "&")
        for words in self._struck:
            words.append(data)
        if self._unshown:
            return
        seen = self._open[-1].text if self._open else SHOWN
        if seen == HIDDEN:
            return
        unsure = bool(self._unsure) or seen == UNSURE
        if unsure and data.strip():
            self.unsure.append(data)
        first, *rest = data.split("\n")
        self._words(first, unsure=unsure)
        for line in rest:
            self._line_end()
            self._words(line, unsure=unsure)

    # (comments, declarations and processing instructions show nothing)

    # ---- the lines shown -------------------------------------------------------------------------------

    def shown(self, *, keep_unsure: bool) -> str:
        """The lines the HTML shows (with or without the text that may be unseen): each line's own spaces
        kept single, a quoted line marked "> " once for each quote block it stands in, the empty lines
        between blocks left as one."""
        lines: list[str] = []
        for quoted, parts in self._lines:
            line = " ".join("".join(words for words, unsure in parts if keep_unsure or not unsure).split())
            if quoted:
                # (a quote block's empty lines are no part of it: it is read as its "> " lines)
                if line:
                    lines.append("> " * quoted + line)
                continue
            lines.append(line)
        kept = [line for n, line in enumerate(lines) if line or (n and lines[n - 1])]
        return "\n".join(kept).strip("\n")

    def _words(self, words: str, *, unsure: bool = False) -> None:
        if not words or self._unshown:
            return
        quoted, parts = self._lines[-1]
        if not parts and quoted != self._quoted:
            self._lines[-1] = (self._quoted, parts)
        parts.append((words, unsure))

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
        self._svg -= element.tag == lx.NLU121_HTML_SVG
        if element.struck:
            # ("<s>until Friday</s>": red team 61 read it as no end, a grant for good; a note that an end was
            # struck out is left in its place, which the planner asks about when no end stands there instead:
            # lexicon NLU99_STRUCK_SAY)
            struck = " ".join(self._struck.pop())
            if not self._unshown and lx.NLU99_STRUCK_TIME.search(struck):
                self._words(lx.NLU99_STRUCK_SAY, unsure=bool(self._unsure))
        if element.quoted:
            self._quoted -= 1
            self._line_end()

    def _is_html(self, tag: str) -> bool:
        return (
            self._svg > 0
            or tag == lx.NLU121_HTML_SVG
            or tag in lx.NLU101_HTML_BLOCK
            or tag in lx.NLU101_HTML_CELL
            or tag in lx.NLU101_HTML_INLINE
            or tag in lx.NLU101_HTML_UNSHOWN
            or lx.NLU109_HTML_CUSTOM.fullmatch(tag) is not None
        )

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> _Open:
        """The element a start tag opens, with how what it holds is seen: every element's style is read,
        whatever its tag (nlu109: "<label style=display:none>" was read as text, its style never)."""
        parent = self._open[-1] if self._open else None
        looks = parent.looks if parent is not None else (styles.PAGE, styles.PAGE)
        names = {name for name, _ in attrs}
        hidden = next((value or "" for name, value in attrs if name == lx.NLU101_HTML_HIDDEN_ATTRIBUTE), None)
        # (not displayed by the browser's own sheet, unless the mail's styles give it a display: the hidden
        # attribute, a dialog not open; "hidden=until-found" is hidden another way, until the reader searches)
        by_default = hidden is not None or (tag in lx.NLU109_HTML_SHOWN_OPEN and "open" not in names)
        # (a linked style sheet may set any class's or id's look: red team 65)
        elsewhere = self._styled_elsewhere and any(
            name in ("class", "id") and value and value.strip() for name, value in attrs
        )
        if (
            tag in lx.NLU101_HTML_UNSHOWN
            or (by_default and not (self._sheet.rules or "style" in names or elsewhere))
            or (hidden or "").strip().lower() == lx.NLU121_HIDDEN_UNTIL_FOUND
            # (an SVG drawing's description, its title (a tooltip) and what it defines for use elsewhere
            # are never drawn: SVG 2, "The 'desc' and 'title' elements"; a drawing boxed to nothing, no wider
            # or taller than the unseen box, shows nothing of what it holds, its overflow hidden by SVG 2's
            # own sheet, "svg:not(:root) { overflow: hidden }")
            or (self._svg and tag in lx.NLU121_SVG_UNDRAWN)
            or (tag == lx.NLU121_HTML_SVG and _tiny(attrs))
        ):
            return _Open(tag, True, False, tag in _STRUCK, looks=looks)
        quoted = self._is_quote(tag, attrs)
        if self._sheet.rules or names & {"style", "color", "bgcolor"}:
            styled = styles.style_of(
                tag,
                attrs,
                looks,
                self._sheet,
                block=tag in lx.NLU101_HTML_BLOCK or tag in lx.NLU101_HTML_CELL,
                hidden_by_default=by_default,
            )
            box, text, struck, looks = styled.box, styled.text, styled.struck, styled.looks
        else:
            # (hidden by the browser's own sheet, which a linked one may override: unsure)
            box, text, struck = UNSURE if by_default else SHOWN, styles.text_of(looks), SHOWN
        if struck == HIDDEN:
            # ("text-decoration:line-through": struck as "<s>" is, taken back; red team 65)
            return _Open(tag, True, quoted, True, looks=looks)
        # (an object's fallback shows only where the object does not load; a closed details element shows
        # its summary only)
        unsure = box == UNSURE or struck == UNSURE or elsewhere
        unsure = unsure or tag in lx.NLU109_HTML_FALLBACK or tag == lx.NLU116_MSO_TAG
        # (a text box, an SVG drawing, what "<noscript>" holds: shown by some mail clients and not others,
        # lexicon NLU121_HTML_SOME_CLIENTS; "<noscript>" shows its content where scripting is disabled,
        # HTML 4.12.2 "The noscript element", as in a mail client, not in a webmail page that runs scripts)
        unsure = unsure or tag in lx.NLU121_HTML_SOME_CLIENTS
        # (a media element's, a gauge's, a canvas's fallback and ruby's parentheses: shown only by a client
        # that does not support the element, lexicon NLU127_HTML_UNSUPPORTED_ONLY, where the spec's sections
        # are cited; unsure, as an object's fallback is)
        unsure = unsure or tag in lx.NLU127_HTML_UNSUPPORTED_ONLY
        unsure = unsure or (parent is not None and parent.summary_only and tag != lx.NLU109_HTML_SUMMARY)
        summary_only = tag in lx.NLU109_HTML_SUMMARY_ONLY and "open" not in names
        if summary_only:
            text = max(text, UNSURE)
        return _Open(tag, box == HIDDEN, quoted, False, unsure, text, looks, summary_only)

    def _replaced_text(self, tag: str, attrs: list[tuple[str, str | None]], element: _Open) -> None:
        """The text an image or a form field shows in its place, if any: unsure, since some mail clients show
        it and others do not (lexicon NLU121_HTML_SOME_CLIENTS), in the look of the element."""
        said = {name: value or "" for name, value in reversed(attrs)}
        kind = said.get("type", "").strip().lower()
        if tag == "img" or (tag == "input" and kind == lx.NLU121_INPUT_IMAGE):
            # (an image's alt text is shown in its place where the image is not: HTML's rendering section,
            # "Images", and a mail client blocks a mail's images until the reader loads them; a box of a pixel
            # shows none)
            text = "" if _tiny(attrs) else said.get("alt", "")
        elif tag == "input" and kind not in lx.NLU121_INPUT_NO_TEXT:
            # (a field shows its value, a button its value as its label, an empty field its placeholder;
            # a password field shows dots: HTML 4.10.5 "The input element")
            value = "" if kind == lx.NLU121_INPUT_DOTS else said.get("value", "")
            text = value if value.strip() else said.get("placeholder", "")
        else:
            return
        text = " ".join(text.split())
        if not text or element.text == HIDDEN:
            return
        self.unsure.append(text)
        self._words(f" {text} ", unsure=True)

    @staticmethod
    def _is_quote(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag == lx.NLU101_HTML_QUOTE_TAG:
            return True
        return tag == "div" and any(
            name == "class" and value and lx.NLU101_HTML_QUOTE_CLASS.search(value) for name, value in attrs
        )


def _tiny(attrs: list[tuple[str, str | None]]) -> bool:
    """Whether an image's or a drawing's "width" or "height" attribute boxes it to nothing (a negative one is
    no size a browser reads: it is dropped, and the box takes its own size)."""
    for name, value in attrs:
        if name in ("width", "height") and value is not None:
            try:
                size = float(value.strip().lower().removesuffix("px"))
            except ValueError:
                continue
            if 0 <= size <= lx.NLU109_BOX_PX_UNSEEN:
                return True
    return False
