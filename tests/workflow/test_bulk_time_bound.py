"""Time-bound list adds in bulk ("add these people to All Hands for two weeks", issue 14): written in
`$batch`es as adds for good are, every step's end recorded as a step run alone records it, and the expiry
sweep ends each; a mixed request (members for good, members until an earlier or a later end, an end
passed, a grant for good over an end given since) ends every step as running them one by one does. On a
tenant with generated people, over HTTP; with --replication-lag, reads lag writes."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

import mailwarden.workflow.executor as executor
from mailwarden.actions import WRITE_ACTIONS
from mailwarden.audit import AuditLog
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.store.db import Store
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import undo
from mailwarden.workflow.service import EXECUTION_LEASE, RequestService
from tests.security.other_admin import OtherAdmin
from tests.security.test_kill_every_step import Killed, _dying
from tests.workflow.conftest import (
    ALL_HANDS,
    BULK_ADMIN,
    TENANT,
    Clock,
    Flow,
    advanced,
    all_hands_adds,
    all_hands_members,
    asked_and_run,
    confirmed,
    crowd_people,
    generated_tenant,
    lagging_crowd_ctx,
    round_trips,
    sweep_at,
)

pytestmark = pytest.mark.anyio

PEOPLE = 36


crowd, tenant = generated_tenant(PEOPLE)
ctx = lagging_crowd_ctx()


def _rule_scan(tenant: TenantState) -> int:
    """Exchange round trips of one scan for mail forwarded to a list (tests/workflow/test_bulk.py)."""
    with tenant.transaction():
        boxes = sum(1 for r in tenant.recipients.values() if r.kind.endswith("Mailbox"))
    return 1 + math.ceil(boxes / 10)


def _steps_ended(ended: list[RequestView]) -> int:
    """How many steps the sweep's completed expiries ended (the due steps of a request end in one)."""
    return sum(e.step_count for e in ended if e.state is RequestState.COMPLETED)


async def test_a_time_bound_bulk_add_is_written_in_batches_with_every_end_and_the_sweep_ends_them_all(
    flow: Flow, tenant: TenantState, crowd: RunningEmulator
) -> None:
    """36 people added for two weeks: the adds go in Exchange `$batch`es of 10 with one membership read
    before and one to verify, as adds for good do; each step is applied with its end; the sweep after two
    weeks removes every one of them, and nothing before."""
    people = crowd_people(PEOPLE)
    until = flow.clock.now + dt.timedelta(days=14)
    view = await confirmed(flow, all_hands_adds(people, until))
    crowd.faults.reset()
    view = await advanced(flow, view)

    assert view.state is RequestState.COMPLETED, view.status_counts
    assert view.status_counts == {"applied": PEOPLE}
    assert set(people) <= all_hands_members(tenant)
    exchange = round_trips(crowd, "exchange")
    batches = [r for r in exchange if r.path.endswith("/$batch")]
    # As tests/workflow/test_bulk.py bounds adds for good: the live facts (one batch), the Inbox rules of the
    # scan for mail forwarded to the list, who holds the steps' addresses now, and the writes in batches of
    # 10; the rest are reads (the mailbox listing, the membership before the writes and to verify them,
    # again while reads lag). One step at a time would send an add, and read the list, once a step.
    writes = math.ceil(PEOPLE / 10)
    assert len(batches) <= writes + 1 + math.ceil((PEOPLE + 1) / 200) + _rule_scan(tenant) - 1, len(batches)
    assert len(exchange) - len(batches) < PEOPLE / 3, len(exchange) - len(batches)
    steps = flow.service.get(TENANT, view.request_id).every_step()
    assert {s.expires for s in steps} == {until}, "every step's end recorded"

    assert await sweep_at(flow, until - dt.timedelta(hours=1)) == [], "nothing ends before its time"
    [ended] = await sweep_at(flow, until + dt.timedelta(minutes=1))  # the due steps end as one expiry
    assert ended.step_count == PEOPLE
    assert ended.state is RequestState.COMPLETED
    assert ended.parent_request_id == view.request_id
    assert not set(people) & all_hands_members(tenant), "the sweep left someone on the list past the end"
    assert await sweep_at(flow, until + dt.timedelta(days=1)) == [], "an end runs once"


# ---- a mixed request, run together and one by one ------------------------------------------------------

# Two of each kind (four new): more of a kind take the same path, and each costs the one-by-one run a
# step's reads and writes.
FOR_GOOD = crowd_people(2, 0)
"""On the list for good (added outside mailwarden): a time-bound add is already so, and ends nothing."""
EARLIER = crowd_people(2, 2)
"""On the list for three days through mailwarden: the two-week add extends it (previewed as such)."""
LATER = crowd_people(2, 4)
"""On the list for a month through mailwarden: the two-week add is already so, and the month's end holds."""
PASSED = crowd_people(2, 6)
"""Asked until an hour after the request was filed, run two hours after: refused, never added."""
OVER = crowd_people(2, 8)
"""Asked for good; a three-day add of them was run after this request was planned: it makes them
permanent (the later decision), so the three days' end takes nothing."""
NEW = crowd_people(4, 10)
"""Added for two weeks."""


async def _mixed(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> dict[str, Any]:
    """The mixed request from the same start, and what each step ended as: its status, its message unless
    applied, the end it moved, its end on record; then who is on the list after each sweep."""
    start = flow.clock.now
    other = OtherAdmin(tenant)
    for person in FOR_GOOD:
        other.exchange("Add-DistributionGroupMember", Identity=ALL_HANDS, Member=person)
    await replicated()  # long before the request
    await asked_and_run(
        flow,
        all_hands_adds(EARLIER, start + dt.timedelta(days=3))
        + all_hands_adds(LATER, start + dt.timedelta(days=30)),
    )
    await replicated()
    two_weeks = start + dt.timedelta(days=14)
    steps = [
        *all_hands_adds(FOR_GOOD, two_weeks),
        *all_hands_adds(EARLIER, two_weeks),
        *all_hands_adds(LATER, two_weeks),
        *all_hands_adds(PASSED, start + dt.timedelta(hours=1)),
        *all_hands_adds(OVER, None),
        *all_hands_adds(NEW, two_weeks),
    ]
    mixed = await confirmed(flow, steps)
    over = await asked_and_run(flow, all_hands_adds(OVER, start + dt.timedelta(days=3)))
    assert over.status_counts == {"applied": len(OVER)}, over.status_counts
    await replicated()
    flow.clock.advance(dt.timedelta(hours=2))
    ran = await advanced(flow, mixed)
    assert ran.state is RequestState.PARTIALLY_FAILED, ran.status_counts  # the passed ends are refused
    steps_run = flow.service.get(TENANT, mixed.request_id).every_step()
    outcome = {
        s.step["member"]: (
            s.status,
            None if s.status == "applied" else (s.outcome or {}).get("message"),
            bool((s.outcome or {}).get("extends")),
            s.expires,
        )
        for s in steps_run
    }
    swept = {}
    for days in (4, 15, 31):
        ended = await sweep_at(flow, start + dt.timedelta(days=days))
        swept[days] = (_steps_ended(ended), sorted(all_hands_members(tenant) & {*crowd_people(PEOPLE)}))
    return {"steps": outcome, "swept": swept}


async def test_a_mixed_time_bound_bulk_request_ends_every_step_as_running_them_one_by_one_does(
    flow: Flow,
    tenant: TenantState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    """Members for good, members until an earlier or a later end, ends passed, a grant for good over an end
    given since it was planned, and plain adds: in one bulk run each step ends as it does run alone, and the
    sweeps take away the same people at the same times."""
    with tenant.snapshot(), Store(f"sqlite:///{tmp_path / 'alone.db'}") as store:
        TenantRegistry(store).add(
            TenantRecord(
                tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c"
            )
        )
        clock = Clock()
        audit = AuditLog(store, tmp_path / "alone")
        alone_flow = Flow(
            service=RequestService(store, audit, clock=clock), ctx=flow.ctx, clock=clock, audit=audit
        )
        with monkeypatch.context() as one_by_one:
            one_by_one.setattr(executor, "_runs_together", lambda view, step: False)
            alone = await _mixed(alone_flow, tenant, replicated)
    together = await _mixed(flow, tenant, replicated)

    assert together == alone
    steps = together["steps"]
    two_weeks = Clock().now + dt.timedelta(days=14)  # both runs started at a fresh clock's time
    for person in FOR_GOOD + LATER:
        assert steps[person][0] == "already", steps[person]
    for person in EARLIER + OVER:
        assert steps[person][:3] == ("applied", None, True), steps[person]
    for person in PASSED:
        status, message, _, _ = steps[person]
        assert status == "refused"
        assert "has passed" in message
    for person in NEW + EARLIER:
        assert steps[person][3] == two_weeks
    assert steps[OVER[0]][3] is None
    # Day 4: the three days' ends were moved (EARLIER) or taken over for good (OVER): nobody leaves.
    assert together["swept"][4] == (0, sorted({*FOR_GOOD, *EARLIER, *LATER, *OVER, *NEW}))
    # Day 15: the two weeks' adds end; the month's, the ones for good and the permanent ones stay.
    assert together["swept"][15] == (len(NEW) + len(EARLIER), sorted({*FOR_GOOD, *LATER, *OVER}))
    assert together["swept"][31] == (len(LATER), sorted({*FOR_GOOD, *OVER}))


# ---- a run killed in the middle and taken over ---------------------------------------------------------

KILL_POINTS = [
    ("claim", 1, "after"),
    *[("begin_steps", n, w) for n in (1, 2) for w in ("before", "after")],
    *[("apply_many", n, w) for n in (1, 2) for w in ("before", "after")],
    *[("record_steps", n, "after") for n in (2, 3, 5)],
]


def _added(tenant: TenantState, since: int) -> list[str]:
    group = tenant.find(ALL_HANDS)
    assert group is not None
    with tenant.transaction():
        return [
            str(e.detail.get("member"))
            for e in tenant.data.journal[since:]
            if e.operation == "Add-DistributionGroupMember" and e.target in (ALL_HANDS, group.id)
        ]


@pytest.mark.parametrize(
    ("target", "nth", "when"), KILL_POINTS, ids=[f"{t}{n}-{w}" for t, n, w in KILL_POINTS]
)
async def test_a_time_bound_bulk_add_killed_anywhere_is_taken_over_with_no_add_twice_and_every_end(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    nth: int,
    when: str,
) -> None:
    """Eight people for two weeks, in chunks of four (the second decided while the first is written), the run
    killed at a mark, a write or a record: the run that takes it over adds nobody twice, every step is
    applied with its end, and the sweep removes them all."""
    people = crowd_people(8)
    until = flow.clock.now + dt.timedelta(days=14)
    view = await confirmed(flow, all_hands_adds(people, until))
    flow.service.run_chunk = 4
    journal = len(tenant.data.journal)
    with monkeypatch.context() as dying:
        if target == "apply_many":
            action = WRITE_ACTIONS["distribution_list_membership"]
            real_apply = action.apply_many  # type: ignore[attr-defined]
            dying.setattr(action, "apply_many", _dying(real_apply, nth, when, is_async=True))
        else:
            dying.setattr(
                flow.service, target, _dying(getattr(flow.service, target), nth, when, is_async=False)
            )
        with pytest.raises(Killed):
            await advanced(flow, view)

    during = await advanced(flow, view)  # the dead run still holds its lease: nothing is done
    assert during.state in (RequestState.EXECUTING, RequestState.APPROVED)
    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))
    done = await advanced(flow, view)

    assert done.state is RequestState.COMPLETED, done.status_counts
    assert done.status_counts == {"applied": len(people)}
    added = _added(tenant, journal)
    assert sorted(added) == sorted(people), "someone added twice, or not at all"
    assert set(people) <= all_hands_members(tenant)
    assert {s.expires for s in flow.service.get(TENANT, view.request_id).every_step()} == {until}
    ended = await sweep_at(flow, until + dt.timedelta(minutes=1))
    assert _steps_ended(ended) == len(people)
    assert not set(people) & all_hands_members(tenant)


# ---- an undo's old end put back, after steps of the same list run together ----------------------------


async def test_undoing_a_bulk_request_with_an_extension_puts_the_old_end_back_after_the_removals(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """One person on the list for three days, then a bulk request adds two people for good and makes that
    one permanent; its undo removes the two (together) and puts the three days' end back (alone, after
    them: restore_end, never a grant judged in the bulk run, on whichever page it comes), so the sweep
    then removes the third too."""
    kept, *added = crowd_people(3)
    start = flow.clock.now
    three_days = start + dt.timedelta(days=3)
    first = await asked_and_run(flow, all_hands_adds([kept], three_days))
    assert first.status_counts == {"applied": 1}
    await replicated()
    bulk = await asked_and_run(flow, all_hands_adds([*added, kept], None))
    assert bulk.status_counts == {"applied": 3}, bulk.status_counts
    assert (bulk.steps[2].outcome or {}).get("extends"), bulk.steps[2].outcome
    await replicated()

    reverting = await undo(
        flow.service,
        flow.ctx,
        TENANT,
        bulk.request_id,
        flow.actor(BULK_ADMIN),
        flow.person(BULK_ADMIN),
        flow.decide,
    )
    assert [s.step["change"] for s in reverting.steps] == ["remove", "remove", "add"]
    if reverting.state is RequestState.NEEDS_CONFIRMATION:
        flow.service.confirm(TENANT, reverting.request_id, flow.actor(BULK_ADMIN))
    flow.service.run_chunk = 2  # the removals fill the first page: the end put back comes on the next
    reverting = await advanced(flow, reverting)

    run = flow.service.get(TENANT, reverting.request_id).every_step()
    assert [s.status for s in run] == ["applied"] * 3, [s.outcome for s in run]
    assert (run[2].outcome or {}).get("restores"), run[2].outcome
    assert not set(added) & all_hands_members(tenant)
    assert kept in all_hands_members(tenant), "the undo kept the access until its old end"
    [ended] = await sweep_at(flow, three_days + dt.timedelta(minutes=1))
    assert ended.parent_request_id == reverting.request_id  # the end is on the undo's step now
    assert kept not in all_hands_members(tenant), "the old end put back was not kept"


# ---- a retry of adds whose every answer was lost ------------------------------------------------------


async def test_a_retried_time_bound_bulk_add_whose_answers_were_lost_yields_to_a_later_decision(
    flow: Flow,
    tenant: TenantState,
    crowd: RunningEmulator,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    """Two people added for a day: Exchange answers each add 500 (carried out or not, nobody can tell), so
    both steps fail with the change they were sent to make. An hour later one of them is added for good
    through mailwarden. Retried, that one yields to the later decision (refused, as a step run
    alone is: red team 48), the other is applied; the day's end removes only the other."""
    later, other = crowd_people(2)
    until = flow.clock.now + dt.timedelta(days=1)
    view = await confirmed(flow, all_hands_adds([later, other], until))
    for person in (later, other):
        crowd.faults.fail_items("exchange", 500, matching=f'"member": "{flow.person(person).recipient_id}"')
    failed = await advanced(flow, view)
    crowd.faults.reset()
    assert failed.status_counts == {"failed": 2}, failed.status_counts
    assert all((s.outcome or {}).get("change") for s in failed.steps), "sent: the change kept for a retry"
    await replicated()

    flow.clock.advance(dt.timedelta(hours=1))
    assert (await asked_and_run(flow, all_hands_adds([later], None))).status_counts == {"applied": 1}
    await replicated()

    flow.service.reopen_failed(TENANT, view.request_id, flow.actor(BULK_ADMIN))
    retried = {
        s.step["member"]: s for s in flow.service.get(TENANT, (await advanced(flow, view)).request_id).steps
    }
    assert retried[later].status == "refused", retried[later].outcome
    assert "superseded" in (retried[later].outcome or {})["message"]
    assert retried[other].status == "applied", retried[other].outcome

    await sweep_at(flow, until + dt.timedelta(minutes=1))
    assert later in all_hands_members(tenant), "the day's end took the access given for good since"
    assert other not in all_hands_members(tenant), "the retried add was not ended"
