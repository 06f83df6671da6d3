"""Red team 72 F1 (forwarding): a take-back of a forwarding the check refused after the tenant took it clears
the forwarding a later request set to ANOTHER target (sec71: a different target does not "cover" the write,
so the write is taken back, and its undo clears whatever forwarding the mailbox has). The scheduler's end
clears only while the mailbox still forwards to the step's target (workflow/ending.py); the take-back does
not. Fixed in superseded.later_step. Emulator over HTTP, killed as the rt69 tests kill."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Refusal
from mailwarden.model.steps import EmailForwardingInternal
from mailwarden.workflow.requests import advance, plan_steps
from tests.security.test_rt60_flag_with_its_record import Killed
from tests.security.test_rt69_left_to_later import _no_wait
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import ADMIN, JANE, MIKE, TOM, _forwards_to

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def _filed(flow: Flow, steps: list[Any]) -> str:
    """Filed and confirmed by the only admin (forwarding wants a written justification)."""
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned, justification="RT72")
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    return view.request_id


def _refusing_tom(m: pytest.MonkeyPatch) -> None:
    action = WRITE_ACTIONS["email_forwarding_internal"]
    real = action.preflight

    async def preflight(ctx: Any, step: Any) -> Any:
        if step.change == "set" and step.forward_to == TOM:
            return Refusal(reason="no forwarding to Tom")
        return await real(ctx, step)

    m.setattr(action, "preflight", preflight)


async def test_a_forwarding_set_after_a_refused_one_survives_its_take_back(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = WRITE_ACTIONS["email_forwarding_internal"]
    real_apply, real_preflight = action.apply, action.preflight
    written: list[bool] = []

    async def apply(ctx: Any, step: Any) -> Any:
        answered = await real_apply(ctx, step)
        written.append(True)
        return answered

    async def preflight(ctx: Any, step: Any) -> Any:
        if written and step.change == "set" and step.forward_to == TOM:
            return Refusal(reason="no forwarding to Tom")
        return await real_preflight(ctx, step)

    async def dies(seconds: float) -> None:
        raise Killed

    first = await _filed(flow, [EmailForwardingInternal(change="set", mailbox=JANE, forward_to=TOM)])
    waits = VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=dies)
    with monkeypatch.context() as m:
        m.setattr(action, "apply", apply)
        m.setattr(action, "preflight", preflight)
        with pytest.raises(Killed):
            await advance(
                flow.service, dataclasses.replace(flow.ctx, verify=waits), TENANT, first, check=flow.check
            )
    assert _forwards_to(tenant, JANE) == TOM
    with monkeypatch.context() as m:
        _refusing_tom(m)
        later = await _filed(flow, [EmailForwardingInternal(change="set", mailbox=JANE, forward_to=MIKE)])
        flow.clock.advance(dt.timedelta(minutes=1))
        given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
    assert [s.status for s in given.steps] == ["applied"], given.steps
    assert _forwards_to(tenant, JANE) == MIKE
    flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))
    fast = dataclasses.replace(
        flow.ctx, verify=VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=_no_wait)
    )
    with monkeypatch.context() as m:
        _refusing_tom(m)
        await advance(flow.service, fast, TENANT, first, check=flow.check)
    assert _forwards_to(tenant, JANE) == MIKE, (
        f"the take-back of {first} cleared the forwarding to Mike that {later} set after it"
    )
