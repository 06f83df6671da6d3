"""Red team 53, as red team 56 F3 decided it: a bulk run dies as its `$batch` goes on the wire; the run
taking it over marks the steps again and keeps the first send's SENT_AT (`begin_steps`) until its own
`$batch` goes out. From then on the mark carries the takeover's own send (`mark_sent`): that write may be
the one that landed, after a request that removed the access since the first send, and dated at the first
send that removal would read as the later decision and the grant's end would be refused (red team 56 F3).
A takeover that finds the first write landed, or is answered "already", still records the first send
(tests/security/test_rt54_takeover_first_send.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.grant_records import SENT_AT
from mailwarden.workflow.requests import advance, plan_steps
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.security.test_kill_every_step import Killed
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN = "grace.hopper@acme.com"
TOM, PRIYA = "tom.becker@acme.com", "priya.patel@acme.com"


async def test_a_bulk_takeover_marks_its_own_send_once_its_batch_goes_out(
    flow: Flow, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = [
        DistributionListMembership(change="add", group="contractors@acme.com", member=p) for p in (TOM, PRIYA)
    ]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    exchange = type(flow.ctx.clients.exchange)
    real_post = exchange._post

    async def dies_on_the_wire(self: object, url: str, *args: object, **kwargs: object) -> object:
        hook = kwargs.get("before_send")
        if callable(hook):
            hook(False)  # a first try going out
            raise Killed
        return await real_post(self, url, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(exchange, "_post", dies_on_the_wire)
    with pytest.raises(Killed):
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    first = [(s.outcome or {}).get(SENT_AT) for s in flow.service.get(TENANT, view.request_id).steps]
    assert all(first), first
    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(minutes=10))
    with pytest.raises(Killed):  # taken over, and killed on the wire again
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    monkeypatch.undo()
    second = [(s.outcome or {}).get(SENT_AT) for s in flow.service.get(TENANT, view.request_id).steps]
    assert second == [flow.clock.now.isoformat()] * 2
    assert second != first
