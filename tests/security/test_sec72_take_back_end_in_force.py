"""sec72: a take-back asks whether the later decision it would leave the write to has ended, and read the
step's own `expires`: an end the scheduler refused and took off the step (the access stays, for good) still
counted as passed, so the take-back of the earlier refused write revoked the access that end left.

Jane's Reviewer share with Tom, for good, lands and is refused by the check after the write; the run dies in
the wait. Inside the lease Editor until tomorrow is given (the check allows it). Someone then makes Tom an
Owner outside mailwarden; at tomorrow's end the scheduler reads Owner, not the Editor it would end, and
refuses to end it (its end taken off the step). The takeover of the Reviewer write must leave that access
as the later request and the scheduler left it, not revoke it.

Driven against the emulator over HTTP, killed as the rt72 tests kill."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import CalendarShare
from mailwarden.workflow.requests import advance, run_expiries
from tests.security import take_back_kit as kit
from tests.security.test_rt72_take_back_lower_level import _refusing_reviewer, _reviewer_killed_in_the_wait
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import JANE, TOM, _calendar

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


@pytest.mark.xfail(
    strict=True,
    reason="sec72's end-in-force read was reverted (red team 74 F4: a refused end read as 'for good' kept "
    "access past every approved end): an Owner share given outside after a later refused end is revoked",
)
async def test_a_take_back_does_not_revoke_what_a_refused_end_left(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await kit.filed(flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer")])
    await _reviewer_killed_in_the_wait(flow, tenant, monkeypatch, first)
    end = flow.clock.now + dt.timedelta(days=1)
    with monkeypatch.context() as m:
        _refusing_reviewer(m)
        later = await kit.filed(
            flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="editor", expires=end)]
        )
        flow.clock.advance(dt.timedelta(minutes=1))
        given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
    assert [s.status for s in given.steps] == ["applied"], given.steps
    assert _calendar(tenant, JANE).get(TOM) == ["Editor"]

    exchange = flow.ctx.clients.exchange
    folder = await exchange.calendar_folder(JANE)
    await exchange.set_folder_permission(folder, TOM, ["Owner"])
    flow.clock.advance(end - flow.clock.now + dt.timedelta(minutes=1))
    await run_expiries(flow.service, flow.ctx, TENANT)
    (held,) = flow.service.get(TENANT, later).steps
    assert held.expires is None, f"the scheduler was to refuse {later}'s end: {held}"
    assert _calendar(tenant, JANE).get(TOM) == ["Owner"]

    await kit.taken_over(flow, monkeypatch, first, _refusing_reviewer)
    (step,) = flow.service.get(TENANT, first).steps
    assert _calendar(tenant, JANE).get(TOM) == ["Owner"], (
        f"the take-back of {first} revoked the access {later}'s refused end left: {step.outcome}"
    )
