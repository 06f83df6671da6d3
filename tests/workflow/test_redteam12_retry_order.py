"""Red team 12, held: a retry runs a step late, and its time decides (superseded.took_effect). A time-bound
grant that failed and is retried after a grant for good of the same access finds it already so: it sets no
end, and the access given for good is not taken away at the end the failed grant asked for."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Decision
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import SendAs, Step
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import advance, plan_steps, run_expiries, submit
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as, _request

pytestmark = pytest.mark.anyio

ADMIN, TOM = "grace.hopper@acme.com", "tom.becker@acme.com"


async def test_a_time_bound_grant_retried_after_a_for_good_one_ends_nothing(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    until = flow.clock.now + dt.timedelta(days=1)
    step = SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until)
    planned = await plan_steps(
        flow.ctx, flow.person(ADMIN), [step], flow.decide, service=flow.service, tenant=TENANT
    )

    async def decided_then_exchange_fails(view: RequestView, step: Step) -> Decision:
        decided = await flow.check(view, step)
        emulator.faults.fail("exchange", status=400, times=50)
        return decided

    failed = await submit(
        flow.service,
        flow.ctx,
        TENANT,
        flow.actor(ADMIN),
        planned,
        confirm=True,
        check=decided_then_exchange_fails,
    )
    emulator.faults.reset()
    assert failed.state is RequestState.FAILED
    flow.clock.advance(dt.timedelta(minutes=5))
    for_good = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    assert for_good.steps[0].status == "applied"
    flow.clock.advance(dt.timedelta(minutes=5))

    flow.service.reopen_failed(TENANT, failed.request_id, flow.actor(ADMIN))
    retried = await advance(flow.service, flow.ctx, TENANT, failed.request_id, check=flow.check)
    assert retried.steps[0].status == "already", retried.steps[0].outcome
    flow.clock.advance(dt.timedelta(days=2))
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert _has_send_as(tenant, SUPPORT, TOM)
