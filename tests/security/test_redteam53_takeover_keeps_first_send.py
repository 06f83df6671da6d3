"""Red team 53: a bulk run dies as its `$batch` goes on the wire; the run taking it over marks the steps
again (`begin_steps` rewrites the whole `applying` outcome) and `mark_sent` keeps only the SENT_AT of the
mark it finds, now its own: the first send's time is lost. Should that run die too, a later run (and a
retry of the answer-lost write, `_decided_since_sent`) measures 'a decision made since it was sent' from the
second send, not the first (red team 48's ordering)."""

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


async def test_a_bulk_takeover_keeps_when_the_write_was_first_sent(
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
            hook()
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
    assert second == first
