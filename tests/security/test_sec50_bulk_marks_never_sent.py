"""A bulk run that died after marking its steps `applying` and before any `$batch` went out sent nothing:
the run taking it over treats the marks as never made (red team 51 F5, for Exchange lists and Microsoft 365
groups, inside the replication lag and out of it).

Grace adds Tom Becker and Priya Patel to a group; the run marks both and dies before `apply_many`; another
admin adds Tom meanwhile. Whether the next run reads Tom on the group (no lag: "already" by the read) or not
(inside the lag: the tenant answers "already a member" to its first send), Tom's step is "already", so the
request's undo takes away Priya only. Driven against the emulator over HTTP."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.grant_records import NOT_SENT, SENT_AT
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
TOM, PRIYA = "tom.becker@acme.com", "priya.patel@acme.com"
GROUPS = ["contractors@acme.com", "project-phoenix@acme.com"]  # Exchange $batch; Graph members@odata.bind


def _on(tenant: TenantState, group_address: str, who: str) -> bool:
    other = OtherAdmin(tenant)
    group = tenant.get(other.id_of(group_address))
    assert group is not None
    return other.id_of(who) in group.members


def _add_outside(tenant: TenantState, group: str, who: str) -> None:
    other = OtherAdmin(tenant)
    if group.startswith("contractors"):
        other.exchange("Add-DistributionGroupMember", Identity=group, Member=who)
    else:
        other.graph(
            "POST",
            f"/groups/{other.id_of(group)}/members/$ref",
            json={"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{other.id_of(who)}"},
        )


@pytest.mark.parametrize("lag", [3600, 0], ids=["in the lag", "no lag"])
@pytest.mark.parametrize("group", GROUPS)
async def test_a_bulk_add_marked_but_never_sent_is_taken_over_as_never_marked(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, group: str, lag: int
) -> None:
    assert not _on(tenant, group, TOM)
    assert not _on(tenant, group, PRIYA)
    steps = [DistributionListMembership(change="add", group=group, member=p) for p in (TOM, PRIYA)]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    set_switch(tenant, "replication_lag_seconds", lag)
    action = WRITE_ACTIONS["distribution_list_membership"]
    monkeypatch.setattr(action, "apply_many", _dying(action.apply_many, 1, "before", is_async=True))
    with pytest.raises(Killed):
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    monkeypatch.undo()
    marks = [s.outcome or {} for s in flow.service.get(TENANT, view.request_id).steps]
    assert all(m.get(NOT_SENT) and SENT_AT not in m for m in marks), marks

    _add_outside(tenant, group, TOM)
    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert done.state is RequestState.COMPLETED, done.state
    statuses = {s.step["member"]: s.status for s in done.steps}
    assert statuses == {TOM: "already", PRIYA: "applied"}, done.steps

    set_switch(tenant, "replication_lag_seconds", 0)
    flow.clock.advance(dt.timedelta(minutes=5))
    undoing = await _undo(flow, view.request_id, who=ADMIN)
    if undoing.state is RequestState.APPROVED:
        await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)
    assert not _on(tenant, group, PRIYA), "the request's own add is undone"
    assert _on(tenant, group, TOM), "the undo took away the other admin's add"


async def test_a_bulk_write_is_marked_sent_before_its_batch_goes_out(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run dies as the `$batch` goes on the wire: the marks already say it may have been sent (`SENT_AT`,
    no `NOT_SENT`), so a next run reads the adds it finds as this request's (red team 48's reading)."""
    group = GROUPS[0]
    steps = [DistributionListMembership(change="add", group=group, member=p) for p in (TOM, PRIYA)]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    exchange = type(flow.ctx.clients.exchange)
    real_post = exchange._post

    async def dies_on_the_wire(self: object, url: str, *args: object, **kwargs: object) -> object:
        hook = kwargs.get("before_send")
        if callable(hook):  # the writes' $batch (reads go without one)
            hook(False)  # a first try going out
            raise Killed
        return await real_post(self, url, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(exchange, "_post", dies_on_the_wire)
    with pytest.raises(Killed):
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    monkeypatch.undo()
    marks = [s.outcome or {} for s in flow.service.get(TENANT, view.request_id).steps]
    assert all(SENT_AT in m and NOT_SENT not in m for m in marks), marks
