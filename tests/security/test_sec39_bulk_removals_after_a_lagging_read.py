"""Bulk removals are sent for members a lagging read does not show yet (sec39).

Another admin adds Tom Becker and David Chen to Contractors, and at once an admin asks to take them (and
Priya Patel, never added) off it again. Exchange's reads lag its writes: the preview's and the run's reads
show none of them, so each removal reads "already so". Run in bulk ($batch), those removals used to be
recorded "already" unsent and the two people added a second ago stayed on the list. Each removal is now sent;
the tenant's MemberNotFound answer alone makes a step "already" (Priya's), and the people taken off are
recorded as removed, so an undo puts them back.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.changes import Change
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership, parse_step
from mailwarden.workflow.requests import advance, plan_steps, submit
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.security.other_admin import OtherAdmin
from tests.security.test_kill_every_step import Killed, _dying
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN, CONTRACTORS = "grace.hopper@acme.com", "contractors@acme.com"
ADDED = ("tom.becker@acme.com", "david.chen@acme.com")
NEVER = "priya.patel@acme.com"
# Longer than any test takes on a loaded machine: at 2 s, a run that started more than 2 s after the adds
# (a busy CI worker) read them replicated, and the lagging read this file is about never happened.
LAG = 60


def _members(tenant: TenantState, other: OtherAdmin) -> set[str]:
    group = tenant.get(other.id_of(CONTRACTORS))
    assert group is not None
    return {p for p in (*ADDED, NEVER) if other.id_of(p) in group.members}


async def test_bulk_removals_a_lagging_read_calls_already_are_sent_and_the_tenant_answers(
    flow: Flow, tenant: TenantState, replication_lag: int
) -> None:
    other = OtherAdmin(tenant)
    assert not _members(tenant, other), "the seed has on the list whom the test adds"
    set_switch(tenant, "replication_lag_seconds", max(replication_lag, LAG))  # reads lag writes
    for person in ADDED:  # in the admin center, a second before the removals are asked for
        other.exchange("Add-DistributionGroupMember", Identity=CONTRACTORS, Member=person)
    assert _members(tenant, other) == set(ADDED)
    steps = [
        DistributionListMembership(change="remove", group=CONTRACTORS, member=p) for p in (*ADDED, NEVER)
    ]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    assert all(isinstance(p.preview, Change) and p.preview.already for p in planned), planned

    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check
    )

    assert not _members(tenant, other), "people added a second ago survived the removals asked for"
    assert view.state is RequestState.COMPLETED, view.state
    status = {s.step["member"]: s.status for s in view.steps}
    assert status == {ADDED[0]: "applied", ADDED[1]: "applied", NEVER: "already"}, view.steps
    for s in view.steps[:2]:
        assert (s.outcome or {}).get("before") == {"member": True}, s.outcome  # an undo adds them back


@pytest.mark.parametrize("when", ["after", "before"], ids=["died-after-the-batch", "died-before-the-batch"])
async def test_bulk_removals_sent_on_a_lagging_read_and_killed_are_recorded_as_the_tenant_answers(
    flow: Flow, tenant: TenantState, replication_lag: int, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """The run dies right after its $batch of removals (before recording them) or right before it (marked
    applying, nothing sent). The run taking over used to record them from a read that lags: applied as
    "already not a member", with no undo, and, when nothing had been sent, the people added stayed on. Now
    it sends them again: removed when nothing had been sent (with their undo), "already" when the tenant
    says so (whose removal landed, no answer tells; read toward less access)."""
    other = OtherAdmin(tenant)
    set_switch(tenant, "replication_lag_seconds", max(replication_lag, LAG))
    for person in ADDED:
        other.exchange("Add-DistributionGroupMember", Identity=CONTRACTORS, Member=person)
    steps = [DistributionListMembership(change="remove", group=CONTRACTORS, member=p) for p in ADDED]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))

    action = WRITE_ACTIONS["distribution_list_membership"]
    monkeypatch.setattr(action, "apply_many", _dying(action.apply_many, 1, when, is_async=True))
    with pytest.raises(Killed):
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    monkeypatch.undo()
    assert _members(tenant, other) == (set() if when == "after" else set(ADDED))
    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))  # the dead run's lease runs out
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)

    assert not _members(tenant, other), "people added a second ago survived the removals asked for"
    assert done.state is RequestState.COMPLETED, done.state
    if when == "after":
        # The resend met the dead run's own removals (or another admin's: no answer tells): "already", so no
        # undo of the request adds them back (red team 44, sec42's rule for one step).
        assert all(s.status == "already" for s in done.steps), done.steps
        return
    for s in done.steps:
        assert s.status == "applied", s
        change = Change.model_validate((s.outcome or {}).get("change"))
        assert not change.already, s.outcome  # the change made, not the lagging read's "nothing to do"
        assert action.revert(parse_step(s.step), change) is not None, "the recovered removal has no undo"
