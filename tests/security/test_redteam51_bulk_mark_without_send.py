"""Red team 51: a bulk add whose run died after marking its steps `applying` and before sending anything,
taken over after another admin added the same person inside the replication lag.

Grace asks to add Tom Becker and Priya Patel to Contractors. The run marks both `applying` and dies before
`apply_many` sends (the mark is one transaction, the send another await later: a restart, an OOM kill or a
deploy in between). Another admin then adds Tom in the Exchange admin center. The run that takes over reads
the list inside the lag (Tom not shown), sends both adds, and the tenant answers "already a member" for Tom
to this run's first send. `bulk_run._resumed` reads that answer as the dead run's doing, so Tom is recorded
applied by this request and its undo removes him: the other admin's add is taken away. (A read that is not
lagging settles the same step "applied by" the dead run: the `applying` mark alone cannot tell a dead run
that sent from one that did not; a mark of "sent" after the send, or the $batch's client request ids, would.)
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.errors import NotPermitted
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

ADMIN = "grace.hopper@acme.com"
GROUP = "contractors@acme.com"
TOM, PRIYA = "tom.becker@acme.com", "priya.patel@acme.com"
LAG = 3600


def _on_list(tenant: TenantState, who: str) -> bool:
    other = OtherAdmin(tenant)
    group = tenant.get(other.id_of(GROUP))
    assert group is not None
    return other.id_of(who) in group.members


async def test_an_add_another_admin_made_after_a_run_died_before_sending_is_not_undone(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not _on_list(tenant, TOM)
    assert not _on_list(tenant, PRIYA)
    steps = [DistributionListMembership(change="add", group=GROUP, member=p) for p in (TOM, PRIYA)]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    set_switch(tenant, "replication_lag_seconds", LAG)
    action = WRITE_ACTIONS["distribution_list_membership"]
    monkeypatch.setattr(action, "apply_many", _dying(action.apply_many, 1, "before", is_async=True))
    with pytest.raises(Killed):
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    monkeypatch.undo()
    assert not _on_list(tenant, TOM), "the dead run sent nothing"
    assert {s.status for s in flow.service.get(TENANT, view.request_id).steps} == {"applying"}

    OtherAdmin(tenant).exchange("Add-DistributionGroupMember", Identity=GROUP, Member=TOM)
    assert _on_list(tenant, TOM)

    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert done.state is RequestState.COMPLETED, done.state
    set_switch(tenant, "replication_lag_seconds", 0)
    flow.clock.advance(dt.timedelta(minutes=5))
    with contextlib.suppress(NotPermitted):
        undoing = await _undo(flow, view.request_id, who=ADMIN)
        if undoing.state is RequestState.APPROVED:
            await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)
    statuses = {s.step["member"]: s.status for s in done.steps}
    assert not _on_list(tenant, PRIYA), "the request's own add is undone"
    assert _on_list(tenant, TOM), f"the undo took away the other admin's add of Tom ({statuses})"
