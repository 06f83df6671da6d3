"""A request pasted as HTML, read as the text it shows (lexicon NLU94_MARKUP_*; red team 59).

A mail client's HTML puts a signature on a line of its own with "<br>" or "<p>", as plain text does with a
line break; read with its tags dropped it ran into the request, and the name in it was granted the right.
So a line break or a block's edge is a line's end, text struck out or never shown is left out, the other
tags are dropped and entities read as the characters they show. Text with none of HTML's tags or entities
is returned as it is.
"""

from __future__ import annotations

import html

from mailwarden.planner import lexicon as lx

__all__ = ["as_text"]


def as_text(text: str) -> str:
    """`text` with its HTML read as the lines it shows; unchanged when it has no markup."""
    if not (
        lx.NLU94_MARKUP_BREAK.search(text)
        or lx.NLU94_MARKUP_INLINE.search(text)
        or lx.NLU94_MARKUP_STRUCK.search(text)
        or lx.NLU94_MARKUP_ENTITY.search(text)
    ):
        return text
    shown = lx.NLU94_MARKUP_STRUCK.sub(" ", text)
    shown = lx.NLU94_MARKUP_BREAK.sub("\n", shown)
    shown = html.unescape(lx.NLU94_MARKUP_INLINE.sub("", shown))
    # (each line's own spaces kept single; the empty lines between blocks left as one)
    lines = [" ".join(line.split()) for line in shown.splitlines()]
    kept = [line for n, line in enumerate(lines) if line or (n and lines[n - 1])]
    return "\n".join(kept).strip("\n")
