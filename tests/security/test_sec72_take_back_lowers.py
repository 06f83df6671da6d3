"""sec72 (red team 72 F1's leftover): a refused Editor write whose last later decision is a LOWER level found
"already" (Free/Busy for a week, which Editor covered): the take-back revoked the share whole, so Tom lost the
Free/Busy that later request was approved for until its end. The take-back lowers to the later request's
level instead, and that request holds the lowered share until its end (claimed: its end takes it away).

Driven against the emulator over HTTP, killed as the rt69 tests kill."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Refusal
from mailwarden.model.steps import CalendarShare
from mailwarden.workflow.requests import advance, run_expiries
from tests.security.test_rt69_left_to_later import (
    NO_EDITOR,
    _editor_killed_in_the_wait,
    _filed,
    _taken_over,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import JANE, TOM, _calendar

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


def _free_busy_until(end: dt.datetime) -> list[Any]:
    return [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="availability_only", expires=end)]


async def _ends_at(flow: Flow, tenant: TenantState, end: dt.datetime, later: str) -> None:
    """Until `end` Tom keeps Free/Busy; at it, the later request's end takes it away."""
    flow.clock.advance(end - flow.clock.now - dt.timedelta(hours=1))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert _calendar(tenant, JANE).get(TOM) == ["AvailabilityOnly"], (
        f"Tom lost {later}'s share before its end"
    )
    flow.clock.advance(dt.timedelta(hours=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert TOM not in _calendar(tenant, JANE), f"Tom kept Free/Busy after {later}'s end"


async def test_a_takeover_lowers_a_refused_editor_share_to_the_free_busy_a_later_request_found(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    end = flow.clock.now + dt.timedelta(days=7)
    later = await _filed(flow, _free_busy_until(end))
    first = await _filed(flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="editor")])
    await _editor_killed_in_the_wait(flow, tenant, monkeypatch, first)
    flow.clock.advance(dt.timedelta(minutes=1))
    with monkeypatch.context() as m:
        m.setattr(WRITE_ACTIONS["calendar_share"], "preflight", _refusing(m))
        given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
    assert [s.status for s in given.steps] == ["already"], given.steps

    await _taken_over(flow, monkeypatch, first)
    assert _calendar(tenant, JANE).get(TOM) == ["AvailabilityOnly"], (
        f"the take-back of {first} left Tom {_calendar(tenant, JANE).get(TOM)}: {later} was approved for "
        "Free/Busy until its end"
    )
    (step,) = flow.service.get(TENANT, first).steps
    assert step.status == "refused", step
    (held,) = flow.service.get(TENANT, later).steps
    assert (held.status, held.expires) == ("applied", end), held
    await _ends_at(flow, tenant, end, later)


async def test_a_live_take_back_lowers_to_a_free_busy_share_found_inside_the_wait(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No kill: the Free/Busy request runs inside the Editor write's verify wait and finds it "already"."""
    end = flow.clock.now + dt.timedelta(days=7)
    later = await _filed(flow, _free_busy_until(end))
    first = await _filed(flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="editor")])
    action = WRITE_ACTIONS["calendar_share"]
    real_apply, real_preflight = action.apply, action.preflight
    written: list[bool] = []
    ran: list[bool] = []

    async def apply(ctx: Any, step: Any) -> Any:
        answered = await real_apply(ctx, step)
        written.append(True)
        return answered

    async def preflight(ctx: Any, step: Any) -> Any:
        if written and step.change == "grant" and step.access == "editor":
            return Refusal(reason=NO_EDITOR)
        return await real_preflight(ctx, step)

    async def wait(seconds: float) -> None:
        if not ran:
            ran.append(True)
            flow.clock.advance(dt.timedelta(seconds=1))
            given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
            assert [s.status for s in given.steps] == ["already"], given.steps
        flow.clock.advance(dt.timedelta(seconds=seconds))

    with monkeypatch.context() as m:
        m.setattr(action, "apply", apply)
        m.setattr(action, "preflight", preflight)
        waits = VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=wait)
        await advance(
            flow.service, dataclasses.replace(flow.ctx, verify=waits), TENANT, first, check=flow.check
        )
    assert ran
    assert _calendar(tenant, JANE).get(TOM) == ["AvailabilityOnly"], (
        f"the live take-back of {first} left Tom {_calendar(tenant, JANE).get(TOM)}: {later} was approved "
        "for Free/Busy until its end"
    )
    await _ends_at(flow, tenant, end, later)


def _refusing(m: pytest.MonkeyPatch) -> Any:
    real = WRITE_ACTIONS["calendar_share"].preflight

    async def preflight(ctx: Any, step: Any) -> Any:
        if step.change == "grant" and step.access == "editor":
            return Refusal(reason=NO_EDITOR)
        return await real(ctx, step)

    return preflight
