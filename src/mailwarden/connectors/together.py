"""Running writes side by side so that none outlives the run that started it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


async def all_of(*awaitables: Awaitable[T]) -> list[T]:
    """`asyncio.gather`, except that when one raises (or the caller is cancelled) the others are cancelled
    and awaited before the exception goes on: a `$batch` left running after its run died would write with
    no run to record it (its step still marked never sent, red team 53). The first exception is raised as
    itself, not in a group (callers tell errors apart by type), which `asyncio.TaskGroup` would not do."""
    tasks = [asyncio.ensure_future(a) for a in awaitables]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        # Awaited even if this task is cancelled again meanwhile: a sibling still running is the orphan.
        cancelled = False
        while not all(task.done() for task in tasks):
            try:
                await asyncio.wait(tasks)
            except asyncio.CancelledError:
                cancelled = True
        if cancelled:
            raise asyncio.CancelledError from None
        raise
