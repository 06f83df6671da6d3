"""sec65's own caveat: a take-back recorded (`TAKING_BACK`) by a run that died before its undo went out is
finished by the next run (`_finish_take_back`). That resume ran before the checks every other resumed step
passes, so a request that gave the same access since the kill (approved, and decided on the tenant as it
is then) had it taken away by the dead run's undo. A resumed take-back yields to a later decision on the
grant as a resumed write does (`later_change`, red team 48): the access is that request's."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import advance
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_rt64_killed_inside_the_take_back import killed_taking_priya_back
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


@pytest.mark.parametrize("alone", [False, True], ids=["bulk", "alone"])
async def test_a_resumed_take_back_leaves_the_access_a_later_request_gave(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    # Another request asks for Priya's membership for good (planned while she is off the list); it runs
    # after the kill and finds her on it: a decision on the grant (`decides_grant`).
    later = await _run(flow, [DistributionListMembership(change="add", group=DL, member=PRIYA)])
    first = await killed_taking_priya_back(flow, monkeypatch, alone=alone, undo_sent=False)
    assert _on(tenant, DL, PRIYA), "the process died before the take-back's undo went out"
    flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))  # the dead run's lease runs out
    given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
    assert [s.status for s in given.steps] == ["already"]

    done = await advance(flow.service, flow.ctx, TENANT, first, check=flow.check)
    priya = next(s for s in done.steps if s.step["member"] == PRIYA)
    assert _on(tenant, DL, PRIYA), f"the resumed take-back removed what {later} gave: {priya.outcome}"
    assert priya.status == "refused", priya.outcome
    assert later in str((priya.outcome or {}).get("message")), priya.outcome
    # Flagged with the mark (being taken back), then again as it is left (kept: red team 69 F4).
    flagged = flow.audit.records(request_id=first, event="step.refused_after_write")
    assert [((r.detail or {}).get("position"), (r.detail or {}).get("kept")) for r in flagged] == [
        (priya.position, False),
        (priya.position, True),
    ]
