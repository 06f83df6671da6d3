"""Red team 53: the `on_sending` hook raising (sec50 F5). `apply_many` runs its Exchange and Graph writes
with `asyncio.gather`: when the Graph `$batch`'s hook raises (here: the store refuses `mark_sent`), the
exception leaves the run at once while the Exchange `$batch` keeps going, unawaited. Its step is still
marked `NOT_SENT`, so the run taking the request over reads it as never marked; the orphan's add lands
first, the takeover's add is answered "already a member" on its first send, and the request's own
time-bound add is recorded "already": no end takes it away."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import advance, plan_steps, run_expiries
from mailwarden.workflow.service import EXECUTION_LEASE, RequestService
from tests.security.test_sec50_bulk_marks_never_sent import ADMIN, PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DL, M365 = "contractors@acme.com", "project-phoenix@acme.com"


class StoreDown(Exception):
    pass


async def test_a_time_bound_add_whose_batch_outlived_its_run_still_ends(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    end = flow.clock.now + dt.timedelta(days=1)
    steps = [
        DistributionListMembership(change="add", group=DL, member=TOM, expires=end),
        DistributionListMembership(change="add", group=M365, member=PRIYA, expires=end),
    ]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))

    exchange = type(flow.ctx.clients.exchange)
    real_post = exchange._post

    async def slow_batch(self: object, url: str, *args: Any, **kwargs: Any) -> Any:
        if callable(kwargs.get("before_send")):  # the writes' $batch waits for a slot a moment
            await asyncio.sleep(0.4)
        return await real_post(self, url, *args, **kwargs)  # type: ignore[arg-type]

    real_mark_sent = RequestService.mark_sent

    def store_down_for_graph(self: RequestService, request_id: str, positions: Any, at: str) -> None:
        if 1 in positions:
            raise StoreDown
        real_mark_sent(self, request_id, positions, at)

    monkeypatch.setattr(exchange, "_post", slow_batch)
    with monkeypatch.context() as down:
        down.setattr(RequestService, "mark_sent", store_down_for_graph)
        with pytest.raises(StoreDown):
            await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert not _on(tenant, DL, TOM)  # the Exchange $batch is still waiting

    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))
    await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    await asyncio.sleep(0.5)
    taken_over = {s.step["member"]: s.status for s in flow.service.get(TENANT, view.request_id).steps}
    assert _on(tenant, DL, TOM)
    assert _on(tenant, M365, PRIYA)

    flow.clock.now = end + dt.timedelta(minutes=1)
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert not _on(tenant, M365, PRIYA)
    assert not _on(tenant, DL, TOM), f"the request's own add outlives its end ({taken_over})"
