"""A regular expression compiled the first time it is used, then used as `re` compiled it.

The planner's lexicon holds over three hundred patterns; compiling them all took about a tenth of a second
of every command that plans, while planning one request uses fewer than half of them. A `LazyPattern` is
compiled on its first match; from then on its methods are the compiled pattern's own (bound into the
instance), so matching costs what it cost before, and the result is the same whenever it is compiled.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

__all__ = ["LazyPattern", "Pattern"]

# What a compiled pattern offers that the planner uses; each is bound into the instance when it compiles.
_OF_THE_COMPILED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """`re.compile(pattern, flags)`, deferred to the first call of a method of the compiled pattern."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        """The source, as `re.Pattern.pattern` (reading it compiles nothing; patterns are built on it)."""
        self._flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet; `re` keeps one per source and flags).

        Its methods are bound into the instance, where they hide the class's: from then on `search` is the
        compiled pattern's own, with no call of Python in between."""
        compiled = re.compile(self.pattern, self._flags)
        for name in _OF_THE_COMPILED:
            setattr(self, name, getattr(compiled, name))
        return compiled

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
        return self.compiled().search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled().findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled().sub(repl, string, count)

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
    ) -> tuple[str, int]:
        return self.compiled().subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled().split(string, maxsplit)

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


Pattern = re.Pattern[str] | LazyPattern
"""A pattern to match with: compiled, or compiled on first use."""
