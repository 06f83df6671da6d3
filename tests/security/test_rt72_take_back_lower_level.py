"""Red team 72: a take-back of a write the check refused after the tenant took it (sec71
`take_back.leave_to_later`), when the last decision on the grant since the write is a LOWER level given for
good: it does not "cover" the write (`superseded._covers_write`), so the write is taken back, and the undo
(a revoke, since the write found no share) removed the lower level that later request gave. Fixed in
superseded.later_step.

Driven against the emulator over HTTP, killed as the sec69/rt69 tests kill."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import CalendarShare
from mailwarden.workflow.requests import advance
from tests.security import take_back_kit as kit
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import JANE, TOM, _calendar

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

NO_REVIEWER = "Jane Doe's calendar may not be shared at Reviewer level (a policy read after the write)."


def _reviewer(step: Any) -> bool:
    return bool(step.change == "grant" and step.access == "reviewer")


def _refusing_reviewer(m: pytest.MonkeyPatch) -> None:
    kit.refusing(m, "calendar_share", _reviewer, NO_REVIEWER)


async def _reviewer_killed_in_the_wait(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    await kit.killed_in_the_wait(flow, monkeypatch, first, "calendar_share", _reviewer, NO_REVIEWER)
    assert _calendar(tenant, JANE).get(TOM) == ["Reviewer"]


async def test_a_free_busy_share_given_after_a_refused_reviewer_share_survives_its_take_back(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await kit.filed(flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer")])
    await _reviewer_killed_in_the_wait(flow, tenant, monkeypatch, first)
    # Inside the dead run's lease Jane lowers Tom to Free/Busy, for good (her own calendar; the check allows
    # it): the Reviewer the refused write gave is gone, Free/Busy is what she decided.
    with monkeypatch.context() as m:
        _refusing_reviewer(m)
        later = await kit.filed(
            flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="availability_only")]
        )
        flow.clock.advance(dt.timedelta(minutes=1))
        given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
    assert [s.status for s in given.steps] == ["applied"], given.steps
    assert _calendar(tenant, JANE).get(TOM) == ["AvailabilityOnly"]
    # The takeover takes the Reviewer write back: it must not take Jane's later Free/Busy share with it.
    await kit.taken_over(flow, monkeypatch, first, _refusing_reviewer)
    assert _calendar(tenant, JANE).get(TOM) == ["AvailabilityOnly"], (
        f"Tom lost the Free/Busy share {later} gave after the refused write: the take-back revoked it"
    )


async def test_a_free_busy_share_given_inside_the_verify_wait_survives_the_live_take_back(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No kill: the live run's take-back (after its verify wait) asks the same question, and Jane lowers Tom
    to Free/Busy inside that wait, between the two refusing reads."""
    first = await kit.filed(flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer")])
    later: list[str] = []

    async def inside() -> None:
        later.append(
            await kit.filed(
                flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="availability_only")]
            )
        )
        flow.clock.advance(dt.timedelta(seconds=1))
        given = await advance(flow.service, flow.ctx, TENANT, later[0], check=flow.check)
        assert [s.status for s in given.steps] == ["applied"], given.steps

    await kit.run_refused_after_its_write(
        flow,
        monkeypatch,
        first,
        "calendar_share",
        _reviewer,
        NO_REVIEWER,
        sleep=kit.once_in_the_wait(flow, inside),
    )
    assert later
    assert _calendar(tenant, JANE).get(TOM) == ["AvailabilityOnly"], (
        f"Tom lost the Free/Busy share {later[0]} gave inside the wait: the live take-back revoked it"
    )
