"""Red team 72 F2: two time-bound requests for the same share found it "already" over a write the check
refused (sec71 `leave_to_later` + `claim_left_write`): the take-over claims the LAST run (the shorter end),
so the access ends at the shorter end although the other was approved until later. A grant asked with an
earlier end never cuts access short (workflow/extension.py); here it did. Fixed in superseded.later_step:
the one with the latest end holds it.
Emulator over HTTP, killed as the rt69 tests kill."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import CalendarShare
from mailwarden.workflow.requests import advance, run_expiries
from tests.security import take_back_kit as kit
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import JANE, TOM, _calendar

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

NO_FOR_GOOD = "no for-good share"


def _for_good(step: Any) -> bool:
    return bool(step.change == "grant" and step.expires is None)


def _refusing_for_good(m: pytest.MonkeyPatch) -> None:
    """The check refuses a share for good (the take-over's write) and allows one for a while."""
    kit.refusing(m, "calendar_share", _for_good, NO_FOR_GOOD)


async def test_a_refused_share_left_to_two_later_shares_lasts_until_the_later_end(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_end = flow.clock.now + dt.timedelta(days=7)
    short_end = flow.clock.now + dt.timedelta(days=1)
    r2 = await kit.filed(
        flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer", expires=long_end)]
    )
    r3 = await kit.filed(
        flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer", expires=short_end)]
    )
    first = await kit.filed(flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer")])
    await kit.killed_in_the_wait(flow, monkeypatch, first, "calendar_share", _for_good, NO_FOR_GOOD)
    with monkeypatch.context() as m:
        _refusing_for_good(m)
        flow.clock.advance(dt.timedelta(seconds=10))
        g2 = await advance(flow.service, flow.ctx, TENANT, r2, check=flow.check)
        flow.clock.advance(dt.timedelta(seconds=10))
        g3 = await advance(flow.service, flow.ctx, TENANT, r3, check=flow.check)
    assert [s.status for s in g2.steps] == ["already"], g2.steps
    assert [s.status for s in g3.steps] == ["already"], g3.steps
    await kit.taken_over(flow, monkeypatch, first, _refusing_for_good)
    (step,) = flow.service.get(TENANT, first).steps
    assert step.status == "refused", step
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    # Two days in: r2 was approved (and found the share there) until day seven.
    assert _calendar(tenant, JANE).get(TOM) == ["Reviewer"], f"Tom lost the share {r2} gave until day seven"
    flow.clock.advance(dt.timedelta(days=6))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert TOM not in _calendar(tenant, JANE)
