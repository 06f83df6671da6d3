"""Telling a caller that a request goes on the wire now: after its token and the tenant's budget.

A bulk run marks a step "may have been sent" (workflow/service.py `mark_sent`) when the `$batch` carrying
it goes out. Called before `httpx` sends, the mark would come before the token fetch (the client's `auth`)
and the wait for the tenant's budget (connectors/budget.py, a request hook): a `$batch` cancelled there (a
sibling failed: connectors/together.py `all_of`) sent nothing, yet its steps would read as maybe sent (red
team 54). So the caller's hook rides on the request (`told`) and is called by the last request hook of the
client (`hear_on_wire`), right before the bytes leave.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterator, Sequence
from contextvars import ContextVar
from typing import Any

import httpx

__all__ = ["Heard", "hear_on_wire", "heard", "hearing_writes", "told", "told_fresh"]

_ON_WIRE = "mailwarden.on_wire"

_WRITES: ContextVar[Callable[[object], None] | None] = ContextVar("mailwarden_writes_on_wire", default=None)


class Heard:
    """What one send (its tries, and an Exchange redirect's) tells right before a try goes on the wire:
    `before_send`, and the write hook of `hearing_writes` (given this send, so a caller tells one write's
    tries from the next write's). Told for each try until one may have been carried out (`settle`, by
    `retry.send_with_retry`: a 5xx, a lost answer): a try answered 429, or one that never reached the tenant,
    carried nothing out, so the next try is the send that may land, and the write is dated at it; after one
    that may have landed, the first such try keeps the date (red team 60 F3)."""

    def __init__(
        self, before_send: Callable[[], None] | None, write: Callable[[object], None] | None
    ) -> None:
        self._before_send = before_send
        self._write = write
        self._settled = False

    def settle(self) -> None:
        """A try may have been carried out: the tries after it are resends of it, never told."""
        self._settled = True

    def __call__(self) -> None:
        if self._settled:
            return
        if self._before_send is not None:
            self._before_send()
        if self._write is not None:
            self._write(self)


def heard(before_send: Callable[[], None] | None, *, write: bool) -> Heard | None:
    """The `Heard` of a send: `before_send`, and, for a `write` sent inside `hearing_writes`, its hook;
    None when there is nothing to tell."""
    hook = _WRITES.get() if write else None
    if before_send is None and hook is None:
        return None
    return Heard(before_send, hook)


@contextlib.contextmanager
def hearing_writes(hook: Callable[[object], None]) -> Iterator[None]:
    """Have `hook` called, with the send, right before each try of every write sent inside (a single
    write's client calls, not a `$batch`, whose caller hears its positions) that may be the first of that
    send to be carried out (`Heard`)."""
    token = _WRITES.set(hook)
    try:
        yield
    finally:
        _WRITES.reset(token)


def told(before_send: Callable[[], None] | None) -> dict[str, Any]:
    """The request `extensions` that have `before_send` called right before the request goes out."""
    return {_ON_WIRE: before_send} if before_send is not None else {}


def hear_on_wire(http: httpx.AsyncClient) -> None:
    """Make `_on_wire` the last of `http`'s request hooks (after the budget's wait), once."""
    hooks = http.event_hooks
    before = [hook for hook in hooks.get("request", []) if hook is not _on_wire]
    http.event_hooks = {**hooks, "request": [*before, _on_wire]}


async def _on_wire(request: httpx.Request) -> None:
    hook = request.extensions.get(_ON_WIRE)
    if callable(hook):
        hook()


def told_fresh(
    on_sending: Callable[[Sequence[int]], None], chunk: Sequence[int], maybe_done: Collection[int]
) -> None:
    """`on_sending` of the positions of `chunk` whose tries so far carried nothing out (answered 429, or their
    `$batch` never accepted): this send may be the one that lands, and its caller dates them at it. A
    position an earlier try of which may have been carried out (a 5xx, a lost answer) is not heard again:
    that try keeps its date (red team 60 F3)."""
    fresh = [i for i in chunk if i not in maybe_done]
    if fresh:
        on_sending(fresh)
