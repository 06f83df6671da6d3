"""A revoke asked for seconds after a grant is never closed on a lagging read's "already" (sec39).

Exchange Online's reads lag its writes. Another admin grants Mike Smith Send As on Sales (or puts Tom Becker
on Contractors) in the admin center, and at once an admin asks mailwarden to take it away again. The preview's
read does not show the grant yet, so every step previews "already so": the request used to be closed at
submission with nothing written, and the right granted a second ago survived the revoke asked for. A step
that takes access away is now sent all the same, and only the tenant's answer to it says "already".
A grant that reads "already so" still closes at submission (nothing widened), shown as read, lag and all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.changes import Change
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership, SendAs, Step
from mailwarden.workflow import submission
from mailwarden.workflow.requests import plan_steps, submit
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN, MIKE, TOM = "grace.hopper@acme.com", "mike.smith@acme.com", "tom.becker@acme.com"
SALES, CONTRACTORS = "sales@acme.com", "contractors@acme.com"


def _send_as(tenant: TenantState, other: OtherAdmin) -> bool:
    box = tenant.get(other.id_of(SALES))
    assert box is not None
    return other.id_of(MIKE) in box.send_as


def _member(tenant: TenantState, other: OtherAdmin) -> bool:
    group = tenant.get(other.id_of(CONTRACTORS))
    assert group is not None
    return other.id_of(TOM) in group.members


# (the step taking it away, the outside write granting it, whether the tenant holds it now)
CASES: dict[str, tuple[Step, Callable[[OtherAdmin], Any], Callable[[TenantState, OtherAdmin], bool]]] = {
    "send-as": (
        SendAs(change="revoke", mailbox=SALES, trustee=MIKE),
        lambda o: o.exchange(
            "Add-RecipientPermission", Identity=SALES, Trustee=MIKE, AccessRights=["SendAs"]
        ),
        _send_as,
    ),
    "list-member": (
        DistributionListMembership(change="remove", group=CONTRACTORS, member=TOM),
        lambda o: o.exchange("Add-DistributionGroupMember", Identity=CONTRACTORS, Member=TOM),
        _member,
    ),
}


@pytest.mark.parametrize("granted", [True, False], ids=["granted-a-second-ago", "never-granted"])
@pytest.mark.parametrize("case", sorted(CASES))
async def test_a_revoke_whose_every_step_reads_already_is_still_sent(
    flow: Flow, tenant: TenantState, replication_lag: int, case: str, granted: bool
) -> None:
    step, grant, holds = CASES[case]
    other = OtherAdmin(tenant)
    assert not holds(tenant, other), "the seed already holds what the test grants"
    set_switch(tenant, "replication_lag_seconds", max(replication_lag, 2))  # reads lag writes
    if granted:
        grant(other)  # in the admin center, a second before the revoke is asked for
        assert holds(tenant, other)
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, [step], await flow.live.decider(requester, [step]))
    preview = planned[0].preview
    assert isinstance(preview, Change), preview
    assert preview.already, preview  # the lagging read: nothing to take away

    assert submission.awaits_confirmation(planned), "a revoke read as 'already' was closed unasked"
    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check
    )

    assert not holds(tenant, other), "the right granted a second ago survived the revoke asked for"
    assert view.state is RequestState.COMPLETED, view.state
    done = view.steps[0]
    if granted:
        assert done.status == "applied", done  # taken away, not "already"
    else:
        assert done.status == "already", done  # Exchange's own answer: there was nothing to take away


async def test_a_grant_read_as_already_closes_at_submission_shown_as_read(
    flow: Flow, tenant: TenantState, replication_lag: int
) -> None:
    """Nothing is widened by closing it, so it still closes unwritten; the preview says it is as read."""
    other = OtherAdmin(tenant)
    set_switch(tenant, "replication_lag_seconds", 0)
    other.exchange("Add-RecipientPermission", Identity=SALES, Trustee=MIKE, AccessRights=["SendAs"])
    set_switch(tenant, "replication_lag_seconds", max(replication_lag, 2))  # in the reads already
    step = SendAs(change="grant", mailbox=SALES, trustee=MIKE)
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, [step], await flow.live.decider(requester, [step]))
    preview = planned[0].preview
    assert isinstance(preview, Change), preview
    assert preview.already, preview
    assert not submission.awaits_confirmation(planned)
    writes = tenant.generation

    view = await submit(flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True)

    assert view.state is RequestState.COMPLETED, view.state
    assert view.steps[0].status == "already", view.steps[0]
    assert tenant.generation == writes, "a grant read as already so was written"
