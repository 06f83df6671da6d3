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

A slot is held only to send: `SlotTurn` is one try's claim on it, taken by the client's last request hook
(`take_slot`, after the token and the wait for the tenant's budget: connectors/budget.py) and given back on
the answer (`give_back_slot`) or when the try ends without one. Were the slot taken before the budget's wait,
a bulk run's `$batch`es sleeping on their budget would hold every slot, and a single read (even to the other
API, whose budget is full) would queue behind them until they had gone (issue 14).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Literal

import httpx

from mailwarden.connectors.limits import ThrottleGate

__all__ = ["SlotTurn", "TenantSlots", "continuing_listing", "give_back_slot", "take_slot"]

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


_turn: ContextVar[SlotTurn | None] = ContextVar("mailwarden_slot_turn", default=None)


class SlotTurn:
    """One try's claim on a slot of `slots`: taken right before the try goes on the wire (`take_slot`, inside
    `waiting()`), given back on its answer (`give_back_slot`) or when `waiting()` ends, whichever is first.

    A slot found while `gate` holds the API (another request met a 429 since this one passed the gate) is
    given back and taken again once the hold is over: nothing goes out during a hold."""

    def __init__(self, slots: asyncio.Semaphore, gate: ThrottleGate | None = None) -> None:
        self._slots = slots
        self._gate = gate
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    @contextlib.contextmanager
    def waiting(self) -> Iterator[SlotTurn]:
        """The sends inside take their slot through this turn; the slot is given back on leaving."""
        token = _turn.set(self)
        try:
            yield self
        finally:
            _turn.reset(token)
            self.give_back()

    async def take(self) -> None:
        while not self._held:
            await self._slots.acquire()
            if self._gate is None or self._gate.remaining <= 0:
                self._held = True
                return
            self._slots.release()
            await self._gate.wait()

    def give_back(self) -> None:
        if self._held:
            self._held = False
            self._slots.release()


async def take_slot(request: httpx.Request) -> None:
    """Request hook: the slot of the send under way (`SlotTurn.waiting`), once its budget is spent."""
    turn = _turn.get()
    if turn is not None:
        await turn.take()


async def give_back_slot(response: httpx.Response) -> None:
    """Response hook: the answer is in, the slot goes to the next request (the body is read without it, and
    a 401's second try, with its new token, waits for its budget without a slot).

    Not on a 429: its Retry-After goes on the gate only once the send is over (retry.py), and a request
    handed the slot before that would go out inside the wait; the slot is given back with the send."""
    turn = _turn.get()
    if turn is not None and response.status_code != 429:
        turn.give_back()
