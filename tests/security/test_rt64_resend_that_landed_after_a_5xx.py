"""Red team 64: sec62 keeps a write's date at its first try once a try may have been carried out (a 5xx, a
lost answer): "that try keeps its date". But the resend after it is sent too, and when the tenant answers it
as a fresh change (not "already so"), that resend is what put the access there, whatever the first try did:
a removal another request ran inside the backoff took the access away (the first try's doing or nobody's),
and the resend gave it back, after that removal. Dated at the first try, the removal reads as the later
decision and the add's end is refused as overtaken: kept for good (red team 60 F3, through a 503 instead of
a 429). Only a resend answered "already so" may be the first try's doing, and keep its time.

The emulator answers the first try 503 (fault injection); the backoff is stood for by the test's clock,
moved on and the removal run when the 503 is heard (as red team 60's proof does for the 429)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import mailwarden.workflow.executor as executor
from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import advance, run_expiries
from tests.security.other_admin import OtherAdmin
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_rt60_dated_at_the_send_that_landed import (
    ADD,
    BACKOFF,
    advanced_with_first_try_failing,
)
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


@pytest.mark.parametrize("alone", [True, False], ids=["alone", "bulk"])
async def test_a_time_bound_add_resent_after_a_503_and_taken_as_new_is_dated_at_its_resend_and_ends(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    if alone:
        monkeypatch.setattr(executor, "_runs_together", lambda view, step: False)
    people = [TOM] if alone else [TOM, PRIYA]
    end = flow.clock.now + dt.timedelta(days=4)
    timed = await _run(
        flow, [DistributionListMembership(change="add", group=DL, member=p, expires=end) for p in people]
    )
    other = OtherAdmin(tenant, settled=True)
    for who in people:
        other.exchange("Add-DistributionGroupMember", Identity=DL, Member=who)
    removal = await _run(
        flow, [DistributionListMembership(change="remove", group=DL, member=p) for p in people]
    )
    for who in people:  # taken off again: the adds are sent as asked, the removal answered "not a member"
        other.exchange("Remove-DistributionGroupMember", Identity=DL, Member=who, Confirm=False)
    removed: list[str] = []

    async def inside_the_backoff() -> None:
        flow.clock.advance(BACKOFF)
        done = await advance(flow.service, flow.ctx, TENANT, removal, check=flow.check)
        removed.extend(s.status for s in done.steps)
        flow.clock.advance(dt.timedelta(seconds=1))

    given = await advanced_with_first_try_failing(
        flow, emulator, monkeypatch, timed, people, alone=alone, status=503, then=inside_the_backoff
    )
    assert removed, "the removal ran inside the backoff"
    assert [s.status for s in given.steps] == ["applied"] * len(people), [s.outcome for s in given.steps]
    assert all(_on(tenant, DL, p) for p in people), "the resent adds, taken as new, landed after the removal"

    flow.clock.now = end + dt.timedelta(minutes=10)
    ended = await run_expiries(flow.service, flow.ctx, TENANT)
    reasons = {s.decision.reason for e in ended for s in e.steps}
    kept = [p for p in people if _on(tenant, DL, p)]
    assert kept == [], f"{kept} kept the list for good: {reasons}"


async def test_an_add_whose_first_try_landed_but_a_removal_ran_before_its_resend_is_dated_at_the_resend(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first try lands (its answer is lost); a removal runs before the client's resend and takes Tom
    off; the resend adds him afresh. The tenant's last word is the resend, after the removal."""
    monkeypatch.setattr(executor, "_runs_together", lambda view, step: False)
    end = flow.clock.now + dt.timedelta(days=4)
    timed = await _run(flow, [DistributionListMembership(change="add", group=DL, member=TOM, expires=end)])
    other = OtherAdmin(tenant, settled=True)
    other.exchange("Add-DistributionGroupMember", Identity=DL, Member=TOM)
    removal = await _run(flow, [DistributionListMembership(change="remove", group=DL, member=TOM)])
    other.exchange("Remove-DistributionGroupMember", Identity=DL, Member=TOM, Confirm=False)
    action = WRITE_ACTIONS["distribution_list_membership"]
    real = action.apply

    async def answer_lost(ctx: Any, step: Any) -> Any:
        if step.change == "add":
            emulator.faults.drop("exchange", times=1, after_processing=True)
        return await real(ctx, step)

    monkeypatch.setattr(action, "apply", answer_lost)
    http = flow.ctx.clients.exchange._http
    hooks = http.event_hooks
    adds: list[str] = []
    removed: list[str] = []

    async def before_the_resend(request: Any) -> None:
        if ADD not in request.content.decode():
            return
        adds.append("sent")
        if len(adds) == 2:  # the client's resend, after the lost answer's backoff
            assert _on(tenant, DL, TOM), "the first try landed"
            flow.clock.advance(BACKOFF)
            done = await advance(flow.service, flow.ctx, TENANT, removal, check=flow.check)
            removed.extend(s.status for s in done.steps)
            flow.clock.advance(dt.timedelta(seconds=1))

    # Before the client's own hooks: the removal runs inside the backoff, before the resend is on the wire.
    http.event_hooks = {**hooks, "request": [before_the_resend, *hooks.get("request", [])]}
    try:
        given = await advance(flow.service, flow.ctx, TENANT, timed, check=flow.check)
    finally:
        http.event_hooks = hooks
        monkeypatch.undo()
    assert removed == ["applied"], removed
    assert [s.status for s in given.steps] == ["applied"], [s.outcome for s in given.steps]
    assert _on(tenant, DL, TOM), "the resend added Tom again, after the removal"

    flow.clock.now = end + dt.timedelta(minutes=10)
    ended = await run_expiries(flow.service, flow.ctx, TENANT)
    reasons = {s.decision.reason for e in ended for s in e.steps}
    assert not _on(tenant, DL, TOM), f"kept the list for good: {reasons}"
