"""Red team 72 F2: two time-bound requests for the same share found it "already" over a write the check
refused (sec71 `leave_to_later` + `claim_left_write`): the take-over claims the LAST run (the shorter end),
so the access ends at the shorter end although the other was approved until later. A grant asked with an
earlier end never cuts access short (workflow/extension.py); here it did. Fixed in superseded.later_step:
the one with the latest end holds it.
Emulator over HTTP, killed as the rt69 tests kill."""

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
from tests.security.test_rt60_flag_with_its_record import Killed
from tests.security.test_rt69_left_to_later import _filed, _no_wait
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import JANE, TOM, _calendar

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


def _refusing_for_good(m: pytest.MonkeyPatch) -> None:
    """The check refuses a share for good (the take-over's write) and allows one for a while."""
    action = WRITE_ACTIONS["calendar_share"]
    real = action.preflight

    async def preflight(ctx: Any, step: Any) -> Any:
        if step.change == "grant" and step.expires is None:
            return Refusal(reason="no for-good share")
        return await real(ctx, step)

    m.setattr(action, "preflight", preflight)


async def test_a_refused_share_left_to_two_later_shares_lasts_until_the_later_end(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = WRITE_ACTIONS["calendar_share"]
    real_apply, real_preflight = action.apply, action.preflight
    written: list[bool] = []

    async def apply(ctx: Any, step: Any) -> Any:
        answered = await real_apply(ctx, step)
        written.append(True)
        return answered

    async def preflight(ctx: Any, step: Any) -> Any:
        if written and step.expires is None:
            return Refusal(reason="no for-good share")
        return await real_preflight(ctx, step)

    async def dies(seconds: float) -> None:
        raise Killed

    long_end = flow.clock.now + dt.timedelta(days=7)
    short_end = flow.clock.now + dt.timedelta(days=1)
    r2 = await _filed(
        flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer", expires=long_end)]
    )
    r3 = await _filed(
        flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer", expires=short_end)]
    )
    first = await _filed(flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer")])
    waits = VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=dies)
    with monkeypatch.context() as m:
        m.setattr(action, "apply", apply)
        m.setattr(action, "preflight", preflight)
        with pytest.raises(Killed):
            await advance(
                flow.service, dataclasses.replace(flow.ctx, verify=waits), TENANT, first, check=flow.check
            )
    with monkeypatch.context() as m:
        _refusing_for_good(m)
        flow.clock.advance(dt.timedelta(seconds=10))
        g2 = await advance(flow.service, flow.ctx, TENANT, r2, check=flow.check)
        flow.clock.advance(dt.timedelta(seconds=10))
        g3 = await advance(flow.service, flow.ctx, TENANT, r3, check=flow.check)
    assert [s.status for s in g2.steps] == ["already"], g2.steps
    assert [s.status for s in g3.steps] == ["already"], g3.steps
    flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))
    fast = dataclasses.replace(
        flow.ctx, verify=VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=_no_wait)
    )
    with monkeypatch.context() as m:
        _refusing_for_good(m)
        await advance(flow.service, fast, TENANT, first, check=flow.check)
    (step,) = flow.service.get(TENANT, first).steps
    assert step.status == "refused", step
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    # Two days in: r2 was approved (and found the share there) until day seven.
    assert _calendar(tenant, JANE).get(TOM) == ["Reviewer"], f"Tom lost the share {r2} gave until day seven"
    flow.clock.advance(dt.timedelta(days=6))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert TOM not in _calendar(tenant, JANE)
