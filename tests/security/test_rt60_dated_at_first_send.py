"""Red team 60 F3: sec58 dates a write at its FIRST send (executor `sending`; bulk `going_out` keeps the
first time a position went out), but a send the tenant throttled (429, retried by the client after
Retry-After) or that never reached it changed nothing: the write that lands is a later resend. A removal
another request runs inside that backoff lands before the time-bound add does, so the tenant's last word is
the add; dated at the first try, the add reads as the EARLIER decision, the removal as the later one, and the
add's end is refused as overtaken ("the access is now that request's"): the person keeps the list for good.
Red team 57 F4 the other way round.

Here the add's write is held, after it was marked sent, for the client's backoff (20 s on the test's clock),
and the removal runs inside it. Fixed: the write is dated at the try that goes on the wire and may land (the
clients tell each try up to one that may have been carried out: connectors/on_wire.py `Heard`), and the
add's end runs. test_rt60_dated_at_the_send_that_landed throttles the first try on the wire."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import mailwarden.workflow.executor as executor
from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import advance, run_expiries
from tests.security.other_admin import OtherAdmin
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

BACKOFF = dt.timedelta(seconds=20)
"""How long the client held the add after its first (throttled) try."""


async def test_a_time_bound_add_that_landed_after_a_throttled_first_try_still_ends(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(executor, "_runs_together", lambda view, step: False)
    end = flow.clock.now + dt.timedelta(days=4)
    timed = await _run(flow, [DistributionListMembership(change="add", group=DL, member=TOM, expires=end)])
    # Another admin added Tom since: the removal asked now has something to remove.
    OtherAdmin(tenant, settled=True).exchange("Add-DistributionGroupMember", Identity=DL, Member=TOM)
    removal = await _run(flow, [DistributionListMembership(change="remove", group=DL, member=TOM)])

    action = WRITE_ACTIONS["distribution_list_membership"]
    real_apply = action.apply
    removed: list[str] = []

    async def throttled(ctx: Any, step: Any) -> Any:
        if step.change == "add" and not removed:
            # The first try was answered 429; while the client waits out Retry-After, the removal runs.
            flow.clock.advance(BACKOFF)
            done = await advance(flow.service, flow.ctx, TENANT, removal, check=flow.check)
            removed.extend(s.status for s in done.steps)
            assert not _on(tenant, DL, TOM)
        return await real_apply(ctx, step)  # the resend lands: the tenant's last word is the add

    monkeypatch.setattr(action, "apply", throttled)
    given = await advance(flow.service, flow.ctx, TENANT, timed, check=flow.check)
    monkeypatch.undo()
    assert removed == ["applied"], removed
    assert [s.status for s in given.steps] == ["applied"], given.steps[0].outcome
    assert _on(tenant, DL, TOM), "the add landed after the removal"

    flow.clock.now = end + dt.timedelta(minutes=10)
    ended = await run_expiries(flow.service, flow.ctx, TENANT)
    reasons = [[s.decision.reason for s in e.steps] for e in ended]
    assert not _on(tenant, DL, TOM), f"the add's end was refused as overtaken by the removal: {reasons}"


async def test_a_bulk_time_bound_add_resent_after_a_throttled_batch_still_ends(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [TOM, PRIYA]
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
    for who in people:  # and took them off again: the adds are sent as asked
        other.exchange("Remove-DistributionGroupMember", Identity=DL, Member=who, Confirm=False)

    action = WRITE_ACTIONS["distribution_list_membership"]
    real_apply_many = action.apply_many
    removed: list[str] = []

    async def throttled(ctx: Any, steps: Any, going_out: Any) -> Any:
        if all(s.change == "add" for s in steps) and not removed:
            # The first $batch went out and every sub-request was answered 429; while the client waits out
            # Retry-After, the removal runs; then the resend lands.
            going_out(range(len(steps)), False)
            flow.clock.advance(BACKOFF)
            done = await advance(flow.service, flow.ctx, TENANT, removal, check=flow.check)
            removed.extend(s.status for s in done.steps)
        return await real_apply_many(ctx, steps, going_out)

    monkeypatch.setattr(action, "apply_many", throttled)
    given = await advance(flow.service, flow.ctx, TENANT, timed, check=flow.check)
    monkeypatch.undo()
    # Read as nothing to remove, sent anyway, answered "not a member": a decision for good ("already").
    assert removed, "the removal ran inside the backoff"
    assert set(removed) <= {"applied", "already"}, removed
    assert [s.status for s in given.steps] == ["applied"] * len(people)
    assert all(_on(tenant, DL, p) for p in people), "the adds landed after the removal"

    flow.clock.now = end + dt.timedelta(minutes=10)
    ended = await run_expiries(flow.service, flow.ctx, TENANT)
    reasons = {s.decision.reason for e in ended for s in e.steps}
    kept = [p for p in people if _on(tenant, DL, p)]
    assert kept == [], f"{kept} kept the list for good: {reasons}"
