"""Red team 7: a notification is sent once, even when its send outlives the delivery's lease. Graph's
sendMail may be retried (throttling, Retry-After) for up to the retry policy's `max_total`; the lease was
shorter, so another worker's sweep took the same delivery up as abandoned and sent it a second time."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mailwarden.connectors.retry import RetryPolicy
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import SendAs
from mailwarden.notifications.deliver import deliver_due
from tests.notifications.test_notifications import SARAH, SUPPORT, TOM, _ask, _configure, _inbox, _keyring
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store

pytestmark = pytest.mark.anyio


class _SlowGraph:
    """The tenant's Graph client, whose sendMail waits (as one being throttled does) until released."""

    def __init__(self, graph: Any) -> None:
        self._graph, self.started, self.release = graph, asyncio.Event(), asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._graph, name)

    async def send_mail(self, *args: Any, **kwargs: Any) -> None:
        self.started.set()
        await self.release.wait()
        await self._graph.send_mail(*args, **kwargs)


async def test_a_send_still_retrying_is_not_taken_up_again_by_another_sender(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    now = flow.clock()
    graph = flow.ctx.clients.graph
    slow = _SlowGraph(graph)

    def deliver(sender: Any, at: dt.datetime) -> Any:
        return deliver_due(
            flow.service,
            TENANT,
            graph=sender,
            keyring=_keyring(tmp_path),
            home=tmp_path / "h",
            clock=lambda: at,
        )

    first = asyncio.create_task(deliver(slow, now))
    await asyncio.wait_for(slow.started.wait(), 10)
    # Another worker's sweep, while the first send may still be retrying under the policy.
    still_retrying = now + dt.timedelta(seconds=RetryPolicy().max_total) - dt.timedelta(seconds=30)
    await deliver(graph, still_retrying)
    slow.release.set()
    await first
    assert len(_inbox(tenant, SARAH)) == 1
