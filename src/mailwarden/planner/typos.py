"""Cue words typed with a slip of the finger ("giv", "ful acces", "remvoe", "forwrad", "peopel").

A word is read as a cue word of the lexicon (lx.TYPO_CUES) when it is one of the slips a cue word shows
when typed fast: one letter dropped, two neighbours swapped, one letter doubled, a plural in -ies spelt
-ys ("copys"), or (cue words of 7 letters
and more, not the last letter) one letter struck for another. Only the slips no English word is made of
are read (lx.NOT_TYPOS lists the English words one slip away from a cue word; "live" is not "give"), only
when one cue word is that close, and never a name: the tenant's names are never corrected here (a misspelt
name is a question with its close matches, mentions.py). The reading is said in the plan's message.

Why a corrected cue may give a ready plan: each slip shape yields the one cue word it is near, a word
that is no English word and no name, so the text had no other reading to lose; the plan still goes through
the policy and approval as any plan does, and a slip in a negation word ("nevr") is read as the negation,
which only narrows what is planned.
"""

from __future__ import annotations

import re
from functools import cache

from mailwarden.planner import lexicon as lx
from mailwarden.planner.kept_patterns import compile_kept

__all__ = ["corrected"]

_WORD = compile_kept(r"(?<![\w@.'+-])[a-z]{3,}(?![\w@'-])(?!\.\w)", re.IGNORECASE)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# what the user named, typed as they want it: a quoted span, and the name after "called" / "named" (its
# capitalised words, or the one word that follows); a slip there is part of the name ("Ful Stack Guild")
_NAMED = compile_kept(
    r"[\"“”](?P<quoted>[^\"“”\n]*)[\"“”]"
    r"|\b(?:called|named|titled)\s+(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*|[\w-]+)",
)
_MAILBOX_NEXT = compile_kept(r"\s+(?:mail\s?box|inbox)", re.IGNORECASE)
_SENTENCE_START = compile_kept(r"(?:^|[.!?:;]\s+|\n\s*)$")


def _slips(cue: str) -> set[str]:
    out = {cue[:i] + cue[i + 1 :] for i in range(len(cue))}
    out |= {cue[:i] + cue[i + 1] + cue[i] + cue[i + 2 :] for i in range(len(cue) - 1)}
    out |= {cue[:i] + cue[i] + cue[i:] for i in range(len(cue))}
    if cue.endswith("ies"):
        out.add(cue[:-3] + "ys")  # "copys": the plural of a word in -y made by adding an s
    if len(cue) >= 7:
        out |= {cue[:i] + c + cue[i + 1 :] for i in range(len(cue) - 1) for c in _LETTERS}
    return {s for s in out if len(s) >= 3 and s != cue}


@cache
def _table() -> dict[str, str]:
    """Each slip of a cue word -> the cue word; a slip near two cue words, or an English word, is left."""
    near: dict[str, set[str]] = {}
    for cue in lx.TYPO_CUES:
        for slip in _slips(cue):
            near.setdefault(slip, set()).add(cue)
    known = lx.TYPO_CUES | lx.NOT_TYPOS | lx.COMMON_WORDS
    table = {slip: next(iter(cues)) for slip, cues in near.items() if len(cues) == 1 and slip not in known}
    return {**table, **lx.JOINER_SLIPS}


def corrected(text: str, names: frozenset[str]) -> tuple[str, list[tuple[str, str]]]:
    """The text with each cue word's slip read as the cue word, and what was read as what."""
    table = _table()
    fixed: list[tuple[str, str]] = []
    named = [m.span(g) for m in _NAMED.finditer(text) for g in ("quoted", "name") if m.group(g) is not None]

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        cue = table.get(word.lower())
        if cue is None and _MAILBOX_NEXT.match(text, m.end()):
            cue = lx.SLIPS_BEFORE_MAILBOX.get(word.lower())
        if cue is None or word.lower() in names:
            return word
        if any(start <= m.start() < end for start, end in named):
            return word
        # a capitalised word inside a sentence is a name the user typed ("Sales Gran"), not a slip
        if word[0].isupper() and not _SENTENCE_START.search(text[: m.start()]):
            return word
        fixed.append((word, cue))
        return cue.capitalize() if word[0].isupper() else cue

    text = _WORD.sub(fix, text)
    return _short_verb_fixed(text, names, fixed), fixed


# a sentence's first word (after "please"), then up to four words and "to" / "onto" / "into"
_SHORT_AT_START = compile_kept(
    r"(?:^|(?<=[.!?;\n]))(?P<lead>\s*(?:(?:hi|hiya|hey|yo)\b[,!]?\s+)?(?:(?:can|could|cud|cn)\s+(?:you|u)\s+)?"
    r"(?:(?:please|pls|plz|pleas|kindly)\s+)?)"
    r"(?P<word>[a-z]{2})(?=\s+(?:[\w.@'-]+\s+){1,4}(?:to|onto|into)\b)",
    re.IGNORECASE,
)


def _short_verb_fixed(text: str, names: frozenset[str], fixed: list[tuple[str, str]]) -> str:
    """ "ad mia novak to enginering dl": a two-letter command word (lx.SHORT_VERB_SLIPS) read as the word
    it is one letter short of, only where a command starts and what it is done to follows ("... to X")."""

    def fix(m: re.Match[str]) -> str:
        word = m.group("word")
        cue = lx.SHORT_VERB_SLIPS.get(word.lower())
        if cue is None or word.lower() in names:
            return m.group(0)
        fixed.append((word, cue))
        return m.group("lead") + (cue.capitalize() if word[0].isupper() else cue)

    return _SHORT_AT_START.sub(fix, text)
