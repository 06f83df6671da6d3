"""A request pasted as HTML, read as the text it shows (lexicon NLU94_MARKUP_*; red team 59).

A mail client's HTML puts a signature on a line of its own with "<br>" or "<p>", as plain text does with a
line break; read with its tags dropped it ran into the request, and the name in it was granted the right.
So a line break or a block's edge is a line's end, text struck out or never shown is left out, the other
tags are dropped and entities read as the characters they show. Text with none of HTML's tags or entities
is returned as it is.
"""

from __future__ import annotations

import html
import re

from mailwarden.planner import lexicon as lx

__all__ = ["as_text"]


def as_text(text: str) -> str:
    """`text` with its HTML read as the lines it shows; unchanged when it has no markup."""
    if not (
        lx.NLU94_MARKUP_BREAK.search(text)
        or lx.NLU94_MARKUP_INLINE.search(text)
        or lx.NLU94_MARKUP_STRUCK.search(text)
        or lx.NLU94_MARKUP_ENTITY.search(text)
        or lx.NLU97_MARKUP_HIDDEN_OPEN.search(text)
        or lx.NLU97_MARKUP_QUOTE_OPEN.search(text)
    ):
        return text
    shown = _quoted(_unhidden(text))
    shown = lx.NLU94_MARKUP_STRUCK.sub(_struck, shown)
    shown = lx.NLU94_MARKUP_BREAK.sub("\n", shown)
    shown = html.unescape(lx.NLU94_MARKUP_INLINE.sub("", shown))
    # (each line's own spaces kept single; the empty lines between blocks left as one)
    lines = [" ".join(line.split()) for line in shown.splitlines()]
    kept = [line for n, line in enumerate(lines) if line or (n and lines[n - 1])]
    return "\n".join(kept).strip("\n")


def _struck(found: re.Match[str]) -> str:
    """What is left of struck-out text: nothing, or a note that an end was struck out ("<s>until Friday</s>":
    red team 61 read it as no end, a grant for good), which the planner asks about when no end stands in its
    place (lexicon NLU99_STRUCK_SAY)."""
    words = html.unescape(re.sub(r"<[^<>]*>", " ", found.group(0)))
    if found.group(1).lower() in {"s", "strike", "del"} and lx.NLU99_STRUCK_TIME.search(words):
        return lx.NLU99_STRUCK_SAY
    return " "


def _element_end(text: str, tag: str, start: int) -> int:
    """Where the element of `tag` whose opening tag ends at `start` ends: after its own closing tag, counting
    the same tags opened inside it; the text's end when it is never closed (a browser shows nothing of it
    until its parent closes, so nothing after it is read as shown)."""
    depth = 1
    for found in re.finditer(rf"<\s*(/?)\s*{re.escape(tag)}(?=[\s/>])[^<>]*>", text[start:], re.IGNORECASE):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return start + found.end()
    return len(text)


def _unhidden(text: str) -> str:
    """`text` without the elements a reader never sees (lexicon NLU97_MARKUP_HIDDEN_OPEN; red team 61 granted
    a mailbox named in "display:none"): what the person approving the mail cannot read is never acted on."""
    while (found := lx.NLU97_MARKUP_HIDDEN_OPEN.search(text)) is not None:
        text = f"{text[: found.start()]} {text[_element_end(text, found.group('tag'), found.end()) :]}"
    return text


def _quoted(text: str) -> str:
    """`text` with each quote block's lines read as "> " lines are (lexicon NLU97_MARKUP_QUOTE_OPEN; red team
    61 removed a person named only in a "<blockquote>" of the mail replied to)."""
    while (found := lx.NLU97_MARKUP_QUOTE_OPEN.search(text)) is not None:
        tag = found.group("tag") or found.group("div")
        end = _element_end(text, tag, found.end())
        inner = as_text(text[found.end() : end])
        lines = "".join(f"\n> {line}" for line in inner.splitlines() if line.strip())
        text = f"{text[: found.start()]}\n{lines}\n{text[end:]}"
    return text
