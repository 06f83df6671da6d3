"""Reads shared within one preview: the same Exchange read, asked twice in it, is sent once.

Previewing a plan asks the same mailbox the same questions more than once: whether the requester may view
it (who its delegates are: Get-MailboxPermission, Get-RecipientPermission, Get-Mailbox), once per step on
it, and then each step's preflight (the same Get-MailboxPermission). Inside `with shared_reads():` a read
cmdlet with the same parameters is answered from the first answer, a copy of it, so a caller that changes
what it got cannot change what the next one gets.

Only what one preview reads is shared, never longer: the decision made again at confirmation, at approval
and before each step runs reads the tenant afresh (DESIGN §5), and so does the executor's preflight; none
of them runs inside this block. A cmdlet that is not a read, sent inside the block, ends the sharing
(what was read before it may no longer hold). A read that failed is not remembered.

A `$batch` of reads only is shared whole, the same way (a plan's decision reads every mailbox's inbox rules
in one: `shared_batch`); one with a failed sub-read is not remembered, and one carrying any other cmdlet
ends the sharing as that cmdlet sent alone would.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, TypeVar, cast

__all__ = ["shared_batch", "shared_read", "shared_reads"]

T = TypeVar("T")
R = TypeVar("R")

_READS: ContextVar[dict[str, asyncio.Future[object]] | None] = ContextVar(
    "mailwarden_shared_reads", default=None
)


@contextlib.contextmanager
def shared_reads() -> Iterator[None]:
    """Share identical Exchange reads made inside the block (and by the tasks it starts)."""
    token = _READS.set({})
    try:
        yield
    finally:
        _READS.reset(token)


def _is_read(cmdlet: str) -> bool:
    return cmdlet.startswith("Get-")


async def shared_read(
    owner: object,
    cmdlet: str,
    parameters: Mapping[str, Any] | None,
    options: Sequence[Any],
    read: Callable[[], Awaitable[T]],
) -> T:
    """`read()`, or the answer an identical read (the same client, cmdlet, parameters and `options`) got
    earlier in the block; outside a `shared_reads()` block, always `read()`."""
    reads = _READS.get()
    if reads is None:
        return await read()
    if not _is_read(cmdlet):
        reads.clear()
        return await read()
    key = json.dumps([id(owner), cmdlet, parameters or {}, list(options)], sort_keys=True, default=str)
    pending = reads.get(key)
    if pending is None:
        pending = asyncio.get_running_loop().create_future()
        reads[key] = pending
        try:
            result = await read()
            pending.set_result(result)
        except asyncio.CancelledError:
            reads.pop(key, None)
            pending.cancel()
            raise
        except Exception as exc:
            reads.pop(key, None)
            pending.set_exception(exc)
            pending.exception()  # retrieved here: a failure nobody else awaited is not logged as lost
            raise
        return copy.deepcopy(result)
    # The answer is the one `read` gave for this key: the same client, cmdlet and parameters.
    return cast("T", copy.deepcopy(await asyncio.shield(pending)))


class _FailedBatch(Exception):
    """A batch answer with a failed sub-read: handed to whoever waits on it, never remembered."""

    def __init__(self, outcomes: list[Any]) -> None:
        super().__init__("a sub-read of the batch failed")
        self.outcomes = outcomes


async def shared_batch(
    owner: object,
    commands: Sequence[tuple[str, Mapping[str, Any], Sequence[str] | None]],
    failed: Callable[[R], bool],
    send: Callable[[], Awaitable[list[R]]],
    *,
    shareable: bool = True,
) -> list[R]:
    """`send()` (a `$batch` of `commands`: name, parameters, select), or the answer the same batch of reads
    got earlier in the block; outside a block, or with a cmdlet that is not a read among them or not
    `shareable`, `send()` (the latter two ending the sharing). An answer with an outcome `failed` says
    failed is not remembered."""
    reads = _READS.get()
    if reads is not None and not (shareable and all(_is_read(name) for name, _, _ in commands)):
        reads.clear()
        reads = None
    if reads is None:
        return await send()

    async def whole() -> list[R]:
        outcomes = await send()
        if any(failed(o) for o in outcomes):
            raise _FailedBatch(outcomes)
        return outcomes

    try:
        return await shared_read(
            owner, "Get-$batch", {"commands": [[n, p, s] for n, p, s in commands]}, (), whole
        )
    except _FailedBatch as exc:
        return cast("list[R]", exc.outcomes)
