"""`Secret`: a credential that never prints.

A client secret or a private key travels from configuration to the token request. On the way it may be
logged, shown in a traceback or rendered by the CLI; wrapping it means all of those see a mask. Only the
code that sends it calls `.reveal()`.
"""

from __future__ import annotations

import hmac

_MASK = "**********"


class Secret:
    """A string whose `str()` and `repr()` are masked; `.reveal()` returns the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = str(value)

    def reveal(self) -> str:
        """The real value: call this only where it is sent to the identity platform."""
        return self._value

    def __str__(self) -> str:
        return _MASK

    def __repr__(self) -> str:
        return f"Secret({_MASK!r})"

    def __format__(self, format_spec: str) -> str:
        return _MASK

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        # Constant time, so comparing secrets leaks nothing about them through timing.
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(self._value)

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Secret:
        return self  # immutable, so a copy may share it

    def __reduce__(self) -> str | tuple[object, ...]:
        # Pickling would write the secret out in clear; a Secret stays in the process that read it.
        raise TypeError("a Secret cannot be pickled")
