"""Red team 43: sec36's "the write is sent, only its answer says already" is not in the many-step run.

sec36 (f36aa73, 1601652) made the executor send an approved step's write whatever its lagging pre-check
reads, so that a change made outside seconds before the run is still undone; the remove's
MemberNotFoundException is the only "already". A request whose steps are two or more list changes in a
row is run by workflow/bulk_run.py instead (read with preflight_many and written a chunk at a time), whose
`_settle` still records "already" from the pre-check read and sends nothing. Grace files "take Tom Becker
and Jane Doe off Contractors" while both are on it. Another admin then takes Tom off (the reads show that)
and, seconds before the run, puts him back (the reads do not show it yet). The run records Tom's step
"already" and never sends Remove-DistributionGroupMember: Tom stays on the list while the request says he
is off. The same request for Tom alone (the one-step path) takes him off (the control). Driven against the
emulator over HTTP, the lag set with the replication_lag_seconds switch."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import DistributionListMembership, Step
from mailwarden.workflow.requests import advance, plan_steps
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_write_by_object_id import ADMIN

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
Replicated = Callable[[], Awaitable[None]]

LIST, TOM, JANE = "contractors@acme.com", "tom.becker@acme.com", "jane.doe@acme.com"


def _member(tenant: TenantState, other: OtherAdmin, who: str) -> bool:
    group = tenant.get(other.id_of(LIST))
    assert group is not None
    return other.id_of(who) in group.members


async def _filed(flow: Flow, tenant: TenantState, replicated: Replicated, *members: str) -> RequestView:
    other = OtherAdmin(tenant)
    for who in members:
        if not _member(tenant, other, who):
            other.exchange("Add-DistributionGroupMember", Identity=LIST, Member=who)
    await replicated()  # on the list in every read (under --replication-lag too) when Grace files
    grace = flow.person(ADMIN)
    steps: list[Step] = [DistributionListMembership(change="remove", group=LIST, member=m) for m in members]
    planned = await plan_steps(flow.ctx, grace, steps, await flow.live.decider(grace, steps))
    assert not any(getattr(p.preview, "already", False) for p in planned), planned
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    assert view.state is RequestState.NEEDS_CONFIRMATION, view.state
    return flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))  # runs on the next advance


async def _put_back_inside_the_lag_then_run(
    flow: Flow, tenant: TenantState, view: RequestView
) -> RequestView:
    other = OtherAdmin(tenant)
    set_switch(tenant, "replication_lag_seconds", 0)
    other.exchange("Remove-DistributionGroupMember", Identity=LIST, Member=TOM)  # in the reads at once
    set_switch(tenant, "replication_lag_seconds", 3600)
    other.exchange("Add-DistributionGroupMember", Identity=LIST, Member=TOM)  # in no read while the test runs
    assert _member(tenant, other, TOM)
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.01, longest=0.01, bound=0.03))
    return await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)


async def test_the_control_one_step_takes_tom_off_again(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    view = await _filed(flow, tenant, replicated, TOM)
    done = await _put_back_inside_the_lag_then_run(flow, tenant, view)
    assert not _member(tenant, OtherAdmin(tenant), TOM), done.steps


async def test_two_removals_take_tom_off_again(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    view = await _filed(flow, tenant, replicated, TOM, JANE)
    done = await _put_back_inside_the_lag_then_run(flow, tenant, view)
    other = OtherAdmin(tenant)
    assert not _member(tenant, other, JANE), done.steps
    assert not _member(tenant, other, TOM), [(s.step["member"], s.status) for s in done.steps]
