"""A regular expression compiled the first time it is used, then used as `re` compiled it.

The planner's lexicon holds over three hundred patterns; compiling them all took about a tenth of a second
of every command that plans, while planning one request uses fewer than half of them. A `LazyPattern` is
compiled on its first match; from then on its methods are the compiled pattern's own (bound into the
instance), so matching costs what it cost before, and the result is the same whenever it is compiled.

A pattern that is slow to fail (a lazy prefix tried from every position, a long alternation of phrasings) may
be given a `cue`: a cheap pattern that finds something every match of it holds (its cue words). Where the
cue is nowhere in the text, the pattern cannot match there either, so the answer of "no match" is given
without running it (`sub` gives the text back, `search` None, `split` the text alone); where the cue is
found, the pattern runs as before. The cue only saves time: it never changes what matches. Only the cue is
compiled until it is first found: a pattern whose cue never occurs in a process's texts is never compiled (a
command plans one request, and most patterns are about phrasings that request does not hold).

What is compiled is kept for the next process, beside the bytecode (planner/kept_patterns.py): a pattern it
kept is built from the kept code, not parsed and compiled again; so a LazyPattern's source is the planner's
own text, never one built from a tenant's data.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from mailwarden.planner.kept_patterns import compile_kept

__all__ = ["LazyPattern", "Pattern"]

# What a compiled pattern offers that the planner uses; each is bound into the instance when it compiles.
_OF_THE_COMPILED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """`re.compile(pattern, flags)`, deferred to the first call of a method of the compiled pattern."""

    def __init__(self, pattern: str, flags: int = 0, *, cue: str | None = None) -> None:
        self.pattern = pattern
        """The source, as `re.Pattern.pattern` (reading it compiles nothing; patterns are built on it)."""
        self._flags = flags
        self.cue = cue
        """A pattern (compiled with the same flags) that matches inside every match of this one, or None."""
        self._cue_search: Callable[[str], object] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet; one is kept per source and flags).

        Its methods are bound into the instance, where they hide the class's: from then on `search` is the
        compiled pattern's own, with no call of Python in between."""
        compiled = compile_kept(self.pattern, self._flags)
        if self.cue is None:
            for name in _OF_THE_COMPILED:
                setattr(self, name, getattr(compiled, name))
        else:
            for name, method in _cued(compiled, self._cue()).items():
                setattr(self, name, method)
        return compiled

    def _cue(self) -> Callable[[str], object]:
        """The compiled cue's `search` (compiled now if it was not yet)."""
        if self._cue_search is None:
            self._cue_search = compile_kept(str(self.cue), self._flags).search
        return self._cue_search

    def _cannot_match(self, string: str) -> bool:
        """Whether the cue, compiled alone, rules out any match in `string` (never without a cue): then the
        pattern itself is not compiled yet."""
        return self.cue is not None and not self._cue()(string)

    @property
    def flags(self) -> int:
        return self.compiled().flags

    @property
    def groups(self) -> int:
        return self.compiled().groups

    @property
    def groupindex(self) -> Mapping[str, int]:
        return self.compiled().groupindex

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._cannot_match(string):
            return None
        self.compiled()  # (binds the compiled pattern's methods, or their cued forms, into the instance)
        return self.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._cannot_match(string):
            return None
        self.compiled()
        return self.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._cannot_match(string):
            return None
        self.compiled()
        return self.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if self._cannot_match(string):
            return iter(())
        self.compiled()
        return self.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        if self._cannot_match(string):
            return []
        self.compiled()
        return self.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        if self._cannot_match(string):
            return string
        self.compiled()
        return self.sub(repl, string, count)

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
    ) -> tuple[str, int]:
        if self._cannot_match(string):
            return (string, 0)
        self.compiled()
        return self.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        if self._cannot_match(string):
            return [string]
        self.compiled()
        return self.split(string, maxsplit)

    def __copy__(self) -> LazyPattern:
        return self  # as re.Pattern: immutable

    def __deepcopy__(self, memo: object) -> LazyPattern:
        return self

    def __eq__(self, other: object) -> bool:
        # As re.Pattern: the same source and flags are the same pattern.
        if not isinstance(other, LazyPattern):
            return NotImplemented
        return (self.pattern, self._flags) == (other.pattern, other._flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self._flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self._flags!r})"


def _cued(compiled: re.Pattern[str], cue: Callable[[str], object]) -> dict[str, Callable[..., Any]]:
    """The compiled pattern's methods, each answering "no match" at once when `cue` finds nothing in the
    string (a match lies inside the string, so it holds no cue either), as the compiled pattern would."""

    def search(string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return compiled.search(string, pos, endpos) if cue(string) else None

    def match(string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return compiled.match(string, pos, endpos) if cue(string) else None

    def fullmatch(string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return compiled.fullmatch(string, pos, endpos) if cue(string) else None

    def finditer(string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return compiled.finditer(string, pos, endpos) if cue(string) else iter(())

    def findall(string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return compiled.findall(string, pos, endpos) if cue(string) else []

    def sub(repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return compiled.sub(repl, string, count) if cue(string) else string

    def subn(repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> tuple[str, int]:
        return compiled.subn(repl, string, count) if cue(string) else (string, 0)

    def split(string: str, maxsplit: int = 0) -> list[str | Any]:
        return compiled.split(string, maxsplit) if cue(string) else [string]

    return {
        "search": search,
        "match": match,
        "fullmatch": fullmatch,
        "finditer": finditer,
        "findall": findall,
        "sub": sub,
        "subn": subn,
        "split": split,
    }


Pattern = re.Pattern[str] | LazyPattern
"""A pattern to match with: compiled, or compiled on first use."""
