"""Look-alike text in references: what a person reads is what mailwarden resolves, or it asks.

A reference is first put in NFKC form, so fullwidth 'ｓｕｐｐｏｒｔ' is 'support' and a non-breaking space
is a space. Invisible format characters (zero-width joiners and spaces, bidirectional marks) name nobody
and are refused. Letters of another alphabet that look like Latin ones (Cyrillic 'а', Greek 'ο') are the
classic spoof: 'suppоrt@acme.com' reads as support@ but is not. Such a reference never resolves silently:
if it looks like recipients of the directory, resolution asks which one is meant (showing their real
addresses); otherwise it fails saying which letter is foreign.

The confusables below are the Cyrillic and Greek letters that render like Latin ones in common fonts
(a subset of Unicode's confusables.txt, UTS #39, enough for names and addresses).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from mailwarden.errors import AmbiguousRecipient, RecipientNotFound
from mailwarden.model.recipients import Recipient

__all__ = ["LookalikeRecipient", "foreign_letters", "normalize_reference", "skeleton"]

_CONFUSABLE = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "і": "i", "ї": "i", "ј": "j", "к": "k", "м": "m",
        "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d",
        "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ь": "b", "ɡ": "g",
        # Greek
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
        "υ": "u", "χ": "x", "γ": "y", "ζ": "z", "η": "n", "μ": "u",
    }
)  # fmt: skip


def normalize_reference(reference: str) -> str:
    """`reference` in NFKC form; RecipientNotFound when it holds an invisible format character."""
    text = unicodedata.normalize("NFKC", reference)
    for ch in text:
        if unicodedata.category(ch) == "Cf":
            name = unicodedata.name(ch, "format character")
            raise RecipientNotFound(
                reference,
                hint=f"It contains an invisible character (U+{ord(ch):04X} {name}), which can make one "
                "name look like another; type the name or address again instead of pasting it.",
            )
    return text


def skeleton(text: str) -> str:
    """The Latin text `text` looks like: casefolded, look-alike letters replaced, marks kept."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_CONFUSABLE)


def foreign_letters(text: str) -> list[str]:
    """The letters of `text` that look like Latin ones but are not ('о' CYRILLIC SMALL LETTER O ...)."""
    folded = text.casefold()
    return [
        f"{ch!r} ({unicodedata.name(ch, 'unknown')})"
        for ch in dict.fromkeys(folded)
        if ch.translate(_CONFUSABLE) != ch
    ]


class LookalikeRecipient(AmbiguousRecipient):
    """A reference spelled with look-alike letters: it names none of the recipients it looks like, so the
    requester is asked which one (if any) they mean."""

    def __init__(self, reference: str, candidates: Sequence[Any], letters: Sequence[str]) -> None:
        super().__init__(reference, candidates)
        shown = " or ".join(c.label() for c in candidates if isinstance(c, Recipient))
        self.args = (
            f"{reference!r} only looks like {shown}: it contains {', '.join(letters)}, not a Latin "
            "letter. Say which recipient you mean by their address.",
        )
