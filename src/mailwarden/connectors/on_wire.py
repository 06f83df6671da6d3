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

from mailwarden.connectors.slots import give_back_slot, take_slot

__all__ = [
    "Heard",
    "OnSending",
    "WriteNews",
    "answered_already_to_a_resend",
    "carried_out_nothing",
    "hear_on_wire",
    "heard",
    "hearing_writes",
    "told",
    "told_tries",
]

_ON_WIRE = "mailwarden.on_wire"

OnSending = Callable[[Sequence[int], bool], None]
"""Told right before a `$batch` goes on the wire: the positions it carries, and whether an earlier try of
each may have been carried out (a resend, `told_tries`): called once for the fresh and once for the resent."""


class WriteNews:
    """What a caller hears of the writes sent inside `hearing_writes`: each try of a send (`sending`), that
    the last write's answer carried nothing out (`nothing_done`: the next write of the step is what may
    give it), and that its answer was "already so" to a resend (`already_resent`: the try that may have
    landed first is what made it so). Each is optional."""

    def __init__(
        self,
        sending: Callable[[Heard], None] | None = None,
        *,
        nothing_done: Callable[[], None] | None = None,
        already_resent: Callable[[], None] | None = None,
    ) -> None:
        self.sending = sending
        self.nothing_done = nothing_done
        self.already_resent = already_resent


_WRITES: ContextVar[WriteNews | None] = ContextVar("mailwarden_writes_on_wire", default=None)


class Heard:
    """What one send (its tries, and an Exchange redirect's) tells right before each try goes on the wire:
    `before_send` (given `resend`), and the write hook of `hearing_writes` (given this send, so a caller
    tells one write's tries from the next write's). Every try is told, the resends too: after a try that
    may have been carried out (`settle`, by `retry.send_with_retry`: a 5xx, a lost answer) each later try
    is a `resend`. The caller dates the write by the answer: a fresh change answered to a resend is that
    resend's doing (a removal run inside the backoff took the first try's away, or found none: red team 64
    F1), an "already so" answered to it may be the first try's that may have landed, which keeps its date;
    a try answered 429, or one that never reached the tenant, carried nothing out (red team 60 F3)."""

    def __init__(
        self,
        before_send: Callable[[bool], None] | None,
        write: Callable[[Heard], None] | None,
    ) -> None:
        self._before_send = before_send
        self._write = write
        self._settled = False

    @property
    def resend(self) -> bool:
        """Whether an earlier try of this send may have been carried out: the next try is a resend of it."""
        return self._settled

    def settle(self) -> None:
        """A try may have been carried out: the tries after it are resends of it."""
        self._settled = True

    def __call__(self) -> None:
        if self._before_send is not None:
            self._before_send(self._settled)
        if self._write is not None:
            self._write(self)


def heard(before_send: Callable[[bool], None] | None, *, write: bool) -> Heard | None:
    """The `Heard` of a send: `before_send`, and, for a `write` sent inside `hearing_writes`, its hook;
    None when there is nothing to tell."""
    news = _WRITES.get() if write else None
    hook = news.sending if news is not None else None
    if before_send is None and hook is None:
        return None
    return Heard(before_send, hook)


@contextlib.contextmanager
def hearing_writes(news: WriteNews | Callable[[Heard], None]) -> Iterator[None]:
    """Have `news` (or a `sending` hook alone) hear of each try of every write sent inside (a single write's
    client calls, not a `$batch`, whose caller hears its positions), right before it goes on the wire, and
    what the actions say of the answers (`carried_out_nothing`, `answered_already_to_a_resend`)."""
    token = _WRITES.set(news if isinstance(news, WriteNews) else WriteNews(news))
    try:
        yield
    finally:
        _WRITES.reset(token)


def carried_out_nothing() -> None:
    """Tell the caller hearing writes that the write just answered carried nothing out (a refusal to its
    first send: "no entry to set"), so the step's next write is the one that may give what it asks (a
    calendar share's Add after its Set was refused: red team 64 F2)."""
    news = _WRITES.get()
    if news is not None and news.nothing_done is not None:
        news.nothing_done()


def answered_already_to_a_resend() -> None:
    """Tell the caller hearing writes that the write's answer was "already so" to a resend: its try that
    may have landed first made it so, and keeps its date (red team 64 F1)."""
    news = _WRITES.get()
    if news is not None and news.already_resent is not None:
        news.already_resent()


def told(before_send: Callable[[], None] | None) -> dict[str, Any]:
    """The request `extensions` that have `before_send` called right before the request goes out."""
    return {_ON_WIRE: before_send} if before_send is not None else {}


def hear_on_wire(http: httpx.AsyncClient) -> None:
    """Make the tenant's slot (connectors/slots.py `take_slot`) and then `_on_wire` the last of `http`'s
    request hooks (after the budget's wait), and the slot's return the last of its response hooks, once."""
    hooks = http.event_hooks
    ours = (take_slot, _on_wire, give_back_slot)
    before = [hook for hook in hooks.get("request", []) if hook not in ours]
    after = [hook for hook in hooks.get("response", []) if hook not in ours]
    http.event_hooks = {
        **hooks,
        "request": [*before, take_slot, _on_wire],
        "response": [*after, give_back_slot],
    }


async def _on_wire(request: httpx.Request) -> None:
    hook = request.extensions.get(_ON_WIRE)
    if callable(hook):
        hook()


def told_tries(
    on_sending: OnSending, chunk: Sequence[int], maybe_done: Collection[int], resend: bool
) -> None:
    """`on_sending` of the positions of `chunk` whose tries so far carried nothing out (answered 429, or their
    `$batch` never accepted), then of those an earlier try of which may have been carried out (a 5xx, a lost
    answer; every one when the `$batch` itself is a `resend`): the caller dates each by its answer (`Heard`;
    red team 60 F3, red team 64 F1)."""
    fresh = [] if resend else [i for i in chunk if i not in maybe_done]
    again = [i for i in chunk if resend or i in maybe_done]
    if fresh:
        on_sending(fresh, False)
    if again:
        on_sending(again, True)
