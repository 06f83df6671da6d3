"""Red team 67 F4: sec66 made a resumed take-back (`_finish_take_back`) yield to a request that decided the
grant since the dead run's write was sent (`later_change`). A later request that gives the same access for a
while (an end of its own) and runs after the kill finds it there: its write is answered "already so", and an
"already" with an end is no decision on the grant (`decides_grant`: counted, it would keep an earlier
time-bound grant for good). So the resume takes the access back anyway, and the later request, approved
and recorded "already" (so with no end, and nothing that gives it again), is left without the access it was
approved for until its end: Priya off the list the day she was given.

sec67: the resume leaves the access to the later request, whose step is then recorded applied with the left
write's change, so its end is due and takes the access away then (left "already", nothing would end it)."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import advance, run_expiries
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_rt64_killed_inside_the_take_back import killed_taking_priya_back
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


@pytest.mark.parametrize("alone", [False, True], ids=["bulk", "alone"])
async def test_a_resumed_take_back_leaves_the_access_a_later_time_bound_request_was_approved_for(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    end = flow.clock.now + dt.timedelta(days=7)
    later = await _run(flow, [DistributionListMembership(change="add", group=DL, member=PRIYA, expires=end)])
    first = await killed_taking_priya_back(flow, monkeypatch, alone=alone, undo_sent=False)
    assert _on(tenant, DL, PRIYA), "the process died before the take-back's undo went out"
    flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))
    given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
    assert [s.status for s in given.steps] == ["already"], given.steps

    await advance(flow.service, flow.ctx, TENANT, first, check=flow.check)
    assert flow.clock.now < end
    assert _on(tenant, DL, PRIYA), (
        f"Priya was taken off the list {later} was approved to keep her on until {end}"
    )

    # Left to the later request, the access is its own until its end, then ended: never kept for good.
    (kept,) = flow.service.get(TENANT, later).steps
    assert kept.status == "applied", kept.outcome
    flow.clock.advance(end - flow.clock.now + dt.timedelta(minutes=1))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert not _on(tenant, DL, PRIYA), f"Priya kept on the list after {later}'s end"
