"""A request run while reads lag writes: the step is recorded applied/verifying before the wait, so a run
that dies while waiting is taken over without writing again; then verified."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

import pytest

from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import advance, plan_steps, submit
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio

ADD = DistributionListMembership(change="add", group="marketing@acme.com", member="emma.wilson@acme.com")


class RunDied(Exception):
    pass


async def _submitted(flow: Flow) -> str:
    """Grace (an admin) asks; confirmed, the request is ready to run."""
    requester = flow.person("grace.hopper@acme.com")
    planned = await plan_steps(flow.ctx, requester, [ADD], flow.decide)
    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor("grace.hopper@acme.com"), planned, check=flow.check
    )
    assert view.state is RequestState.NEEDS_CONFIRMATION, view
    view = flow.service.confirm(TENANT, view.request_id, flow.actor("grace.hopper@acme.com"))
    assert view.state is RequestState.APPROVED, view
    return view.request_id


def _adds(tenant: TenantState) -> int:
    return sum(e.operation == "Add-DistributionGroupMember" for e in tenant.data.journal)


async def test_a_lagging_step_is_verifying_while_waiting_then_verified(
    flow: Flow, tenant: TenantState
) -> None:
    set_switch(tenant, "replication_lag_seconds", 1)
    request_id = await _submitted(flow)
    seen: list[tuple[str, object]] = []

    async def sleep(seconds: float) -> None:
        step = flow.service.get(TENANT, request_id).steps[0]
        seen.append((step.status, (step.outcome or {}).get("verification")))
        await asyncio.sleep(seconds)

    flow.ctx = dataclasses.replace(
        flow.ctx, verify=VerifyWait(first=0.25, longest=1.0, bound=10, sleep=sleep)
    )
    view = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.check)

    assert view.state is RequestState.COMPLETED
    assert (view.steps[0].status, (view.steps[0].outcome or {}).get("verification")) == (
        "applied",
        "verified",
    )
    assert seen
    assert set(seen) == {("applied", "verifying")}
    assert _adds(tenant) == 1


async def test_a_run_that_dies_while_verifying_is_taken_over_without_writing_again(
    flow: Flow, tenant: TenantState
) -> None:
    set_switch(tenant, "replication_lag_seconds", 60)
    request_id = await _submitted(flow)

    async def die(seconds: float) -> None:
        raise RunDied

    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(sleep=die))
    with pytest.raises(RunDied):
        await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.check)
    assert flow.service.get(TENANT, request_id).steps[0].status == "applied"

    flow.clock.advance(dt.timedelta(hours=1))  # the dead run's lease runs out

    async def waits(seconds: float) -> None:
        pass

    # The takeover verifies the write again (its re-check may have refused it once: red team 67 F8).
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(sleep=waits))
    view = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.check)

    assert view.state is RequestState.COMPLETED
    assert _adds(tenant) == 1
    (step,) = view.steps
    assert step.status == "applied"
    assert (step.outcome or {}).get("verification") in ("verified", "unverified"), step.outcome
