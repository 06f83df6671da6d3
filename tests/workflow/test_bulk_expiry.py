"""The sweep ends time-bound steps in bulk (issue 14): the due steps of one request end as one expiry
request with a step for each, run on the bulk path (one read of the list, removals in Exchange `$batch`es
of 10, one verifying read), where one expiry request per step sent a read and a write for each person.
Every check of a step's end still holds for each step: one given again for good by a later request is
refused alone (audited, never due again) and stays; one whose address moved is taken from the person it
was given to; a sweep killed in the middle of the removals is finished by the next with nothing sent
twice. On a tenant with generated people, over HTTP; with --replication-lag, reads lag writes."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import DistributionListMembership
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.security.test_kill_every_step import Killed, _dying
from tests.workflow.conftest import (
    ALL_HANDS,
    TENANT,
    Flow,
    all_hands_adds,
    all_hands_members,
    all_hands_removals,
    asked_and_run,
    crowd_people,
    generated_tenant,
    lagging_crowd_ctx,
    round_trips,
    sweep_at,
)

pytestmark = pytest.mark.anyio

PEOPLE = 40


crowd, tenant = generated_tenant(PEOPLE + 4)
ctx = lagging_crowd_ctx()


def _expiries(flow: Flow, ended: list[RequestView], state: RequestState) -> list[RequestView]:
    return [flow.service.get(TENANT, e.request_id) for e in ended if e.state is state]


async def test_forty_people_added_for_two_weeks_leave_in_one_bulk_expiry_at_the_round_trip_minimum(
    flow: Flow, tenant: TenantState, crowd: RunningEmulator, replication_lag: int
) -> None:
    """40 people added to a list for 14 days in one request; past the end, one sweep files one expiry of 40
    removals that goes out in Exchange `$batch`es of 10, with a read of the list before and one to verify
    (an expiry per step sent a read and a write each: 80 round trips). Every one leaves the list, each
    grant's step is marked taken back by that expiry, and the audit has each removal."""
    people = crowd_people(PEOPLE)
    until = flow.clock.now + dt.timedelta(days=14)
    added = await asked_and_run(flow, all_hands_adds(people, until))
    assert added.status_counts == {"applied": PEOPLE}, added.status_counts

    crowd.faults.reset()
    ended = await sweep_at(flow, until + dt.timedelta(minutes=1))

    [expiry] = ended
    assert expiry.state is RequestState.COMPLETED, expiry.status_counts
    assert expiry.parent_request_id == added.request_id
    exchange = round_trips(crowd, "exchange")
    batches = [r for r in exchange if r.path.endswith("/$batch")]
    graph = round_trips(crowd, "graph")
    writes = math.ceil(PEOPLE / 10)
    # The writes in `$batch`es of 10 and who holds the steps' addresses now (one filter of up to 200 in a
    # `$batch`); the list's membership read by the sweep (the ends' previews), by the run before its writes,
    # and once to verify them, again while reads lag (the verification's bounded backoff).
    assert len(batches) <= writes + 1, [r.path for r in exchange]
    reads = len(exchange) - len(batches) + len(graph)
    assert reads <= (3 if not replication_lag else 3 + 6), [r.path for r in exchange + graph]
    assert not set(people) & all_hands_members(tenant), "the sweep left someone on the list past the end"
    steps = flow.service.get(TENANT, added.request_id).every_step()
    assert {s.reverted_by for s in steps} == {expiry.request_id}
    run = flow.service.get(TENANT, expiry.request_id).every_step()
    assert sorted(str(s.step["member"]) for s in run) == sorted(people)
    assert {s.status for s in run} == {"applied"}
    applied = [r for r in flow.audit.records(request_id=expiry.request_id) if r.event == "step.applied"]
    assert {(r.detail or {}).get("position") for r in applied} == set(range(PEOPLE)), "a removal unaudited"
    assert {r.actor for r in applied} == {"scheduler"}
    assert await sweep_at(flow, until + dt.timedelta(days=1)) == [], "an end runs once"


async def test_each_step_of_a_bulk_expiry_keeps_its_own_checks(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """Of 40 people added for two weeks, one is taken off and given the list again for good by later
    requests, and one's address moves. The sweep refuses the end of the first alone (a denied expiry,
    audited; its step never due again) and leaves them on the list; it takes the second off by the object
    the step was approved for; the other 38 leave in the one bulk expiry."""
    people = crowd_people(PEOPLE)
    kept, moved = people[0], people[1]
    until = flow.clock.now + dt.timedelta(days=14)
    added = await asked_and_run(flow, all_hands_adds(people, until))
    assert added.status_counts == {"applied": PEOPLE}, added.status_counts
    await replicated()

    flow.clock.advance(dt.timedelta(days=1))
    taken = await asked_and_run(
        flow, [DistributionListMembership(change="remove", group=ALL_HANDS, member=kept)]
    )
    assert taken.status_counts == {"applied": 1}, taken.status_counts
    await replicated()
    flow.clock.advance(dt.timedelta(hours=1))
    again = await asked_and_run(flow, all_hands_adds([kept], None))
    assert again.status_counts == {"applied": 1}, again.status_counts
    await replicated()

    other = OtherAdmin(tenant)
    moved_id = other.id_of(moved)
    other.exchange("Set-Mailbox", Identity=moved_id, WindowsEmailAddress="moved.person@acme.com")
    flow.ctx = await discovered_context(flow.ctx.clients)
    await replicated()

    ended = await sweep_at(flow, until + dt.timedelta(minutes=1))

    [refused] = _expiries(flow, ended, RequestState.DENIED)
    assert "changed this access" in str(refused.steps[0].decision.reason)
    assert refused.steps[0].step["member"] == kept
    [expiry] = _expiries(flow, ended, RequestState.COMPLETED)
    assert expiry.step_count == PEOPLE - 1
    assert kept in all_hands_members(tenant), "the end took away what a later request gave for good"
    with tenant.transaction():
        group = tenant.find(ALL_HANDS)
        assert group is not None
        assert moved_id not in group.members, "the person whose address moved was left on the list"
    assert not set(people[2:]) & all_hands_members(tenant)
    steps = {s.step["member"]: s for s in flow.service.get(TENANT, added.request_id).every_step()}
    assert steps[kept].expires is None, "refused: never due again"
    assert steps[kept].reverted_by is None
    assert {steps[p].reverted_by for p in people[1:]} == {expiry.request_id}
    assert [r.event for r in flow.audit.records(request_id=refused.request_id)][-1] == "request.denied"
    assert await sweep_at(flow, until + dt.timedelta(days=1)) == [], "an end runs once"


KILL_POINTS = [("apply_many", 1, "after"), ("apply_many", 2, "before"), ("record_steps", 2, "after")]


@pytest.mark.parametrize(
    ("target", "nth", "when"), KILL_POINTS, ids=[f"{t}{n}-{w}" for t, n, w in KILL_POINTS]
)
async def test_a_bulk_expiry_killed_mid_batch_is_finished_by_the_next_sweep_with_nothing_sent_twice(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, target: str, nth: int, when: str
) -> None:
    """16 people's ends, four to a page, the sweep killed after the first page's removals went out, before
    the second's, or after recording a page: while its run's lease holds the next sweep files nothing more;
    after, it takes the dead expiry over (its sent removals settled by a read) and ends the rest, each
    person sent one removal, every step marked taken back."""
    people = crowd_people(16)
    until = flow.clock.now + dt.timedelta(days=14)
    added = await asked_and_run(flow, all_hands_adds(people, until))
    assert added.status_counts == {"applied": len(people)}, added.status_counts
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
            await sweep_at(flow, until + dt.timedelta(minutes=1))

    assert await sweep_at(flow, until + dt.timedelta(minutes=2)) == [], (
        "filed again while the dead run held it"
    )
    ended = await sweep_at(flow, until + dt.timedelta(minutes=2) + EXECUTION_LEASE)

    assert [e.state for e in ended] == [RequestState.COMPLETED], [e.status_counts for e in ended]
    removed = all_hands_removals(tenant, journal)
    assert len(removed) == len(set(removed)) == len(people), "a removal sent twice, or not at all"
    assert not set(people) & all_hands_members(tenant)
    steps = flow.service.get(TENANT, added.request_id).every_step()
    assert {s.reverted_by for s in steps} == {ended[0].request_id}
    assert await sweep_at(flow, until + dt.timedelta(days=1)) == [], "an end runs once"
