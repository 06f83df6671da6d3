"""Red team 44, the bulk form of the killed revoke of nothing (sec39's bulk_run recovery): Grace asks to
take Tom Becker and Priya Patel off Contractors; neither was ever on it, so both removals read "already" and
are sent all the same in one $batch (marked `applying` with READ_AS_ALREADY and the change a removal makes:
before, a member). The run dies after the mark and before the $batch. The run that takes over sends it
again, the tenant answers MemberNotFound for both, and both are recorded applied "as marked": Tom and Priya
are recorded as removed members. Undoing the request then puts two people on Contractors who were never
on it.

The control: the same removals, not killed, are recorded "already" and leave nothing to undo. Driven
against the emulator over HTTP, as sec39's bulk test."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.changes import Change
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import advance, plan_steps
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.security.other_admin import OtherAdmin
from tests.security.test_kill_every_step import Killed, _dying
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_redteam12_undo_over_an_end import _undo

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN, CONTRACTORS = "grace.hopper@acme.com", "contractors@acme.com"
NEVER = ("tom.becker@acme.com", "priya.patel@acme.com")


def _members(tenant: TenantState) -> set[str]:
    other = OtherAdmin(tenant)
    group = tenant.get(other.id_of(CONTRACTORS))
    assert group is not None
    return {p for p in NEVER if other.id_of(p) in group.members}


async def _removals_of_nobody(flow: Flow, tenant: TenantState) -> str:
    assert not _members(tenant), "the seed has on the list whom the test takes off"
    steps = [DistributionListMembership(change="remove", group=CONTRACTORS, member=p) for p in NEVER]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    assert all(isinstance(p.preview, Change) and p.preview.already for p in planned), planned
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    return view.request_id


async def _undone(flow: Flow, request_id: str) -> None:
    undoing = await _undo(flow, request_id, who=ADMIN)
    if undoing.state is RequestState.APPROVED:
        await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)


async def test_control_removals_of_nobody_not_killed_leave_nothing_to_undo(
    flow: Flow, tenant: TenantState
) -> None:
    request_id = await _removals_of_nobody(flow, tenant)
    done = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.check)
    assert done.state is RequestState.COMPLETED, done.state
    assert {s.status for s in done.steps} == {"already"}, done.steps
    with pytest.raises(NotPermitted):
        await _undone(flow, request_id)
    assert not _members(tenant)


async def test_killed_removals_of_nobody_do_not_undo_into_adds(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = await _removals_of_nobody(flow, tenant)
    action = WRITE_ACTIONS["distribution_list_membership"]
    monkeypatch.setattr(action, "apply_many", _dying(action.apply_many, 1, "before", is_async=True))
    with pytest.raises(Killed):
        await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.check)
    monkeypatch.undo()
    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))  # the dead run's lease runs out
    done = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.check)
    assert done.state is RequestState.COMPLETED, done.state
    assert not _members(tenant)
    with contextlib.suppress(NotPermitted):  # nothing to undo: the fix
        await _undone(flow, request_id)
    assert not _members(tenant), "undoing removals of nobody put them on Contractors"
