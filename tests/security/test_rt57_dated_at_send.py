"""Red team 57 F4: a step is dated when its write went out, not when its record is written.

A removal whose reads lag waits for them (up to the verify bound) before its last record. A time-bound add
of the same person, run inside that wait, lands after the removal went out: the tenant's last word is the
add. Dated at the end of its wait, the removal read as the later decision, and the add's end was refused:
the person kept the list for good. Dated at its own send, the removal is the earlier one and the end runs.
Alone and in bulk, against the emulator over HTTP; the waits move the test's clock, nothing sleeps."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable

import pytest

import mailwarden.workflow.executor as executor
from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.grant_records import APPLIED_AT
from mailwarden.workflow.requests import advance, run_expiries
from tests.security.other_admin import OtherAdmin
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

INSIDE = dt.timedelta(seconds=20)
"""How long after the removal's send the time-bound add runs (well inside the verify bound)."""


def _waits(flow: Flow, meanwhile: Callable[[], Awaitable[None]]) -> Callable[[float], Awaitable[None]]:
    """A verify wait that moves the test's clock on by its length; the first one (the removal's, while the
    reads lag) runs `meanwhile` at INSIDE after the send. Waits of `meanwhile` itself only move the clock."""
    started: list[dt.datetime] = []

    async def wait(seconds: float) -> None:
        if not started:
            started.append(flow.clock.now)
            flow.clock.advance(INSIDE)
            await meanwhile()
            return
        flow.clock.advance(dt.timedelta(seconds=seconds))

    return wait


@pytest.mark.parametrize("alone", [True, False], ids=["alone", "bulk"])
async def test_a_removal_still_verifying_is_no_later_than_a_time_bound_add_landed_inside_its_wait(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    people = [TOM] if alone else [TOM, PRIYA]
    if alone:
        monkeypatch.setattr(executor, "_runs_together", lambda view, step: False)
    end = flow.clock.now + dt.timedelta(days=4)  # "until Friday"
    # Asked, and approved, while they were off the list; another admin added them since.
    timed = await _run(
        flow, [DistributionListMembership(change="add", group=DL, member=p, expires=end) for p in people]
    )
    other = OtherAdmin(tenant, settled=True)
    for who in people:
        other.exchange("Add-DistributionGroupMember", Identity=DL, Member=who)
    removal = await _run(
        flow, [DistributionListMembership(change="remove", group=DL, member=p) for p in people]
    )
    given: list[str] = []

    async def give() -> None:
        # The removal shows now: the add is sent, lands, and its reads show it at once.
        set_switch(tenant, "replication_lag_seconds", 0)
        done = await advance(flow.service, flow.ctx, TENANT, timed, check=flow.check)
        given.extend(s.status for s in done.steps)

    # The removal's first read back does not show it yet: it waits.
    set_switch(tenant, "replication_lag_seconds", 3600)
    flow.ctx = dataclasses.replace(
        flow.ctx, verify=VerifyWait(first=5.0, longest=20.0, bound=60.0, sleep=_waits(flow, give))
    )
    sent = flow.clock.now
    removed = await advance(flow.service, flow.ctx, TENANT, removal, check=flow.check)
    assert given == ["applied"] * len(people)  # the add landed inside the removal's wait
    assert all(_on(tenant, DL, p) for p in people)  # the tenant's last word: the add
    for step in removed.steps:
        assert (step.status, (step.outcome or {}).get("verification")) == ("applied", "unverified")

    flow.clock.now = end + dt.timedelta(minutes=10)
    ended = await run_expiries(flow.service, flow.ctx, TENANT)
    assert ended
    assert all(e.state.value == "completed" for e in ended), [
        [s.decision.reason for s in e.steps] for e in ended
    ]
    kept = [p for p in people if _on(tenant, DL, p)]
    assert kept == [], f"the end was refused as overtaken by the removal: {kept} kept the list for good"
    for step in flow.service.get(TENANT, removal).steps:
        assert (step.outcome or {})[APPLIED_AT] == sent.isoformat()  # its send, not the end of its wait
