"""Keeping the execution lease while a run works, and stopping the run when the lease is lost.

A run owns a request while its lease lasts (workflow/service.py `claim`); after it runs out, another run
may take the request over. A run longer than the lease (a bulk request of thousands of steps) must renew it
as it goes, or a second run would start beside it and both would write. The lease is renewed every third of
its length, from a thread (a busy event loop must not delay it); its current end is the run's token, so a
renewal after a takeover fails, and the run is then cancelled where it stands: it sends nothing more, and
the run that took over decides every unfinished step.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from mailwarden.errors import MailwardenError
from mailwarden.logs import get_logger
from mailwarden.workflow.service import RequestService

__all__ = ["LeaseLost", "kept_while"]

T = TypeVar("T")

log = get_logger("mailwarden.workflow")


class LeaseLost(MailwardenError):
    """Another run took the request over: this one stopped without writing anything more."""


async def kept_while(
    service: RequestService, request_id: str, held: dt.datetime, work: Coroutine[Any, Any, T]
) -> T:
    """Run `work` while renewing the lease that ends at `held`; raise LeaseLost (with `work` cancelled)
    when a renewal finds the lease gone."""
    period = max(service.lease.total_seconds() / 3, 0.05)
    loop = asyncio.get_running_loop()
    body = asyncio.ensure_future(work)
    stop = threading.Event()
    lost = threading.Event()

    def renew() -> None:
        # A thread of its own: a run's long synchronous stretches (recording thousands of steps) must not
        # hold the renewal back until the lease runs out.
        lease = held
        while not stop.wait(period):
            renewed = service.renew_lease(request_id, lease)
            if renewed is None:
                lost.set()
                loop.call_soon_threadsafe(body.cancel)
                return
            lease = renewed

    renewing = loop.run_in_executor(None, renew)
    try:
        return await body
    except asyncio.CancelledError:
        if not lost.is_set():
            raise
        log.warning("execution_lease_lost", request_id=request_id)
        raise LeaseLost(
            f"Request {request_id} was taken over by another run when its lease ran out; this run "
            "stopped and the other decides every unfinished step."
        ) from None
    finally:
        stop.set()
        if not body.done():
            body.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await body
        await renewing
