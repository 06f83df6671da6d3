"""Red team 48: a bulk add whose run dies after its `$batch` was carried out, taken over inside the lag.

Grace asks to add Tom Becker and Priya Patel to Contractors (or the Microsoft 365 group Project Phoenix).
The run marks both `applying`, sends one `$batch`, Exchange (Graph) carries it out, and the run dies before
recording anything. The run that takes the request over reads the list inside the replication lag: neither
shows, so both adds are sent again, and the tenant answers "already a member" to this run's first send.

Since sec46, bulk_run reads an "already" answered to its own first send as another admin's doing
(`actions.base.ours` with the per-item resend flag) and records the step "already", even for a step a dead
run had marked `applying`, whose write may be (here is) the dead run's own. A single step settles that case
as ours (`executor._run_step`'s `resent`: sec39, red team 45); the bulk path does not. Recorded "already",
the request's undo leaves both on the list, as would (for a list add) any later undo or review of it.

Driven against the emulator over HTTP, with its replication lag switched on."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.errors import NotPermitted, Transient
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import advance, plan_steps
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.security.conftest import quick_retries
from tests.security.other_admin import OtherAdmin
from tests.security.test_kill_every_step import Killed, _dying
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_redteam12_undo_over_an_end import _undo

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN = "grace.hopper@acme.com"
ADDED = ("tom.becker@acme.com", "priya.patel@acme.com")
GROUPS = ["contractors@acme.com", "project-phoenix@acme.com"]  # Exchange $batch; Graph members@odata.bind
LAG = 3600  # longer than the test: reads show none of the writes made while it is on


def _members(tenant: TenantState, group_address: str) -> set[str]:
    other = OtherAdmin(tenant)
    group = tenant.get(other.id_of(group_address))
    assert group is not None
    return {p for p in ADDED if other.id_of(p) in group.members}


@pytest.mark.parametrize("group", GROUPS)
async def test_a_killed_bulk_add_taken_over_in_the_lag_is_undone(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, group: str
) -> None:
    assert not _members(tenant, group), "the seed has on the list whom the test adds"
    steps = [DistributionListMembership(change="add", group=group, member=p) for p in ADDED]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    set_switch(tenant, "replication_lag_seconds", LAG)
    action = WRITE_ACTIONS["distribution_list_membership"]
    # The $batch is carried out, then the run dies before recording its answers.
    monkeypatch.setattr(action, "apply_many", _dying(action.apply_many, 1, "after", is_async=True))
    with pytest.raises(Killed):
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    monkeypatch.undo()
    assert _members(tenant, group) == set(ADDED)  # the dead run's adds landed
    assert {s.status for s in flow.service.get(TENANT, view.request_id).steps} == {"applying"}

    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))  # the dead run's lease runs out
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert done.state is RequestState.COMPLETED, done.state
    set_switch(tenant, "replication_lag_seconds", 0)
    flow.clock.advance(dt.timedelta(minutes=5))
    with contextlib.suppress(NotPermitted):  # nothing to undo: the finding
        undoing = await _undo(flow, view.request_id, who=ADMIN)
        if undoing.state is RequestState.APPROVED:
            await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)
    statuses = {s.step["member"]: s.status for s in done.steps}
    assert not _members(tenant, group), f"the undo left the dead run's adds on the list ({statuses})"


async def test_a_bulk_add_whose_batch_answers_were_all_lost_is_undone(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No process dies: Exchange carries out the $batch and every answer to it (and to its resends) is
    lost. The connector's Transient ('Exchange did not answer $batch') comes out of `apply_many` and out of
    the run (a single write's becomes a failed step), which leaves both steps `applying`; the next run,
    once the lease runs out and still inside the lag of the adds, meets the first-send rule as above."""
    group = GROUPS[0]
    steps = [DistributionListMembership(change="add", group=group, member=p) for p in ADDED]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    set_switch(tenant, "replication_lag_seconds", LAG)
    action = WRITE_ACTIONS["distribution_list_membership"]
    real = action.apply_many

    async def answers_lost(*args: Any, **kwargs: Any) -> Any:
        emulator.faults.drop("exchange", times=200, after_processing=True)
        try:
            return await real(*args, **kwargs)
        finally:
            emulator.faults.reset()

    monkeypatch.setattr(action, "apply_many", answers_lost)
    quick_retries(flow.ctx.clients, monkeypatch)
    with pytest.raises(Transient):
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    monkeypatch.undo()
    assert _members(tenant, group) == set(ADDED)  # carried out, every answer lost
    assert {s.status for s in flow.service.get(TENANT, view.request_id).steps} == {"applying"}

    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    set_switch(tenant, "replication_lag_seconds", 0)
    flow.clock.advance(dt.timedelta(minutes=5))
    with contextlib.suppress(NotPermitted):  # nothing to undo: the finding
        undoing = await _undo(flow, view.request_id, who=ADMIN)
        if undoing.state is RequestState.APPROVED:
            await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)
    statuses = {s.step["member"]: s.status for s in done.steps}
    assert not _members(tenant, group), f"the undo left the adds on the list ({statuses})"
