"""Per-tenant limits shared by the Graph and Exchange clients: a concurrency cap and throttle gates.

Microsoft throttles per app and tenant; a burst of retries after a 429 only earns more 429s. So one
semaphore caps the requests in flight to a tenant across both APIs, and after a 429 that names a wait,
a gate holds every request to that API (not only the one that was refused) until the wait is over.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Callable, Mapping


class ThrottleGate:
    """Holds requests to one API until the latest Retry-After it was told has passed."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._resume_at = 0.0

    def hold(self, seconds: float) -> None:
        """No request may pass for `seconds` from now (a longer hold already set stays)."""
        self._resume_at = max(self._resume_at, self._clock() + seconds)

    @property
    def remaining(self) -> float:
        return max(0.0, self._resume_at - self._clock())

    async def wait(self) -> None:
        # Loop: another request may have extended the hold while this one slept.
        while (left := self.remaining) > 0:
            await asyncio.sleep(left)


def retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """The wait a `Retry-After` header asks for, in seconds (0 for a date in the past), or None.

    Graph and Exchange send seconds; HTTP also allows a date, which proxies in front of them may use.
    """
    value = _header(headers, "retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds else None  # NaN is no answer
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is not None:
        return value
    # A plain dict is case-sensitive; HTTP header names are not.
    return next((v for k, v in headers.items() if k.lower() == name), None)
