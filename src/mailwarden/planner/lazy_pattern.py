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
from typing import TYPE_CHECKING, Any

__all__ = ["LazyPattern", "Pattern"]

# What a compiled pattern offers that the planner uses; each is bound into the instance when it compiles.
_OF_THE_COMPILED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """`re.compile(pattern, flags)`, deferred to the first call of a method of the compiled pattern."""

    def __init__(self, pattern: str, flags: int | re.RegexFlag = 0) -> None:
        self.pattern = pattern
        """The source, as `re.Pattern.pattern` (reading it compiles nothing; patterns are built on it)."""
        self._flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet; `re` keeps one per source and flags)."""
        compiled = re.compile(self.pattern, self._flags)
        for name in _OF_THE_COMPILED:
            setattr(self, name, getattr(compiled, name))
        return compiled

    if TYPE_CHECKING:
        flags: int
        groups: int
        groupindex: Mapping[str, int]

        def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None: ...
        def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None: ...
        def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None: ...
        def finditer(
            self, string: str, pos: int = 0, endpos: int = sys.maxsize
        ) -> Iterator[re.Match[str]]: ...
        def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]: ...
        def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str: ...
        def subn(
            self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
        ) -> tuple[str, int]: ...
        def split(self, string: str, maxsplit: int = 0) -> list[str | Any]: ...

    else:

        def __getattr__(self, name: str) -> Any:
            # Called only for what the instance does not hold yet: the compiled pattern's methods before the
            # first use, and what else a compiled pattern has (flags, groups, groupindex).
            if name.startswith("__"):
                raise AttributeError(name)
            return getattr(self.compiled(), name)

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
