"""The tenant's requests in flight, with the next page of a listing let in first.

A bulk plan reads two kinds of things at once: many independent reads (people's records in Graph `$batch`es,
Inbox rules in Exchange `$batch`es), all queued at once and any order will do, and listings (a list's
membership, the mailbox listing) whose pages follow one another, each page's link coming with the page
before. With one first-come queue for the tenant's slots (`max_concurrency`), each next page waited behind
every read queued while its page was in flight: a membership of three pages under a decision's hundred
`$batch`es took as long as all of them, one after the other (issue 14: remove planning at 4x its minimum).

`TenantSlots` is the semaphore of those slots with two queues: a request that continues a listing
(`continuing_listing()` around it) takes the next free slot before any other waiting request. Nothing else
changes: as many requests are in flight as before, each is sent exactly as before, and every request queued
still gets a slot (a listing's pages are few and each is followed by its caller's own work).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Literal

__all__ = ["TenantSlots", "continuing_listing"]

_continuing: ContextVar[bool] = ContextVar("mailwarden_continuing_listing", default=False)


@contextlib.contextmanager
def continuing_listing() -> Iterator[None]:
    """Requests sent inside continue a listing: a slot of `TenantSlots` goes to them first."""
    token = _continuing.set(True)
    try:
        yield
    finally:
        _continuing.reset(token)


class TenantSlots(asyncio.Semaphore):
    """An `asyncio.Semaphore` of `value` slots whose waiters inside `continuing_listing()` are served before
    the others (each queue first come, first served)."""

    def __init__(self, value: int = 1) -> None:
        if value < 1:
            raise ValueError("TenantSlots needs at least one slot.")
        super().__init__(value)
        self._free = value
        self._first: deque[asyncio.Future[None]] = deque()
        self._then: deque[asyncio.Future[None]] = deque()

    def locked(self) -> bool:
        return self._free == 0 or bool(self._first) or bool(self._then)

    async def acquire(self) -> Literal[True]:
        if not self.locked():
            self._free -= 1
            return True
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._first if _continuing.get() else self._then
        queue.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the slot was handed over as this task was cancelled: pass it on
            else:
                with contextlib.suppress(ValueError):
                    queue.remove(waiter)
            raise
        return True

    def release(self) -> None:
        for queue in (self._first, self._then):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)  # the slot goes straight to it: `_free` is unchanged
                    return
        self._free += 1
