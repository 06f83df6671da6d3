"""Red team 79's note: a request is decided again for its requester by object id, never for whoever holds the
address they filed under now.

A request stores its requester's object id and the address used at filing. The decisions made again at
confirmation, at approval or denial and right before each step runs looked the requester up by that
address. Addresses move: an admin changes Grace's primary address and gives the freed one to Ava (here as a
secondary address, as `_move_address` gives it). Every re-decision of Grace's request was then made for Ava
(no admin: Grace's admin request stopped as Ava's), Ava approving was taken for the requester, Grace at her
new address was re-decided as a stranger before the service refused her, and a requester removed from the
tenant had her request decided for the holder of her old address. Driven through the live policy against the
emulator, each address moved (and settled) before the step it attacks, the directory read again.
"""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import DecisionChanged, NotPermitted
from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import MailboxDelegation, Step
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import plan_steps
from mailwarden.workflow.service import Actor
from tests.conftest import settle
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec25_forwarded_unplaced_and_chains import _read_directory
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow, advanced
from tests.workflow.test_write_by_object_id import _move_address

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE, AVA, MARIA, MIKE, TOM = (
    "grace.hopper@acme.com",
    "ava.johnson@acme.com",
    "maria.garcia@acme.com",
    "mike.smith@acme.com",
    "tom.becker@acme.com",
)
BILLING = "billing@acme.com"
GRACE_NOW = "grace.hopper-old@acme.com"
"""Grace's address once hers is moved (`_move_address` keeps `<name>-old@`)."""

BILLING_FOR_TOM = MailboxDelegation(change="grant", mailbox=BILLING, trustee=TOM)
"""An admin's change to a shared mailbox: allowed once Grace confirms; denied to Ava, no admin."""
MIKE_ON_TOMS = MailboxDelegation(change="grant", mailbox=TOM, trustee=MIKE)
"""Access to a person's mailbox: a second admin approves Grace's request."""


async def _filed(flow: Flow, who: str, step: Step) -> tuple[RequestView, Actor]:
    """`who`'s request of `step`, filed (not confirmed), and `who` as the service knows them."""
    person = flow.person(who)
    planned = await plan_steps(flow.ctx, person, [step], await flow.live.decider(person, [step]))
    return flow.service.submit(TENANT, flow.actor(who), planned), flow.actor(who)


async def _confirmed(flow: Flow, who: str, step: Step) -> tuple[RequestView, Actor]:
    view, actor = await _filed(flow, who, step)
    return await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, actor), actor


async def _moved(flow: Flow, tenant: TenantState, address: str, to: str = AVA) -> None:
    """`address` leaves its holder for `to` (settled), and the directory is read again."""
    _move_address(tenant, address, to)
    settle(tenant)
    await _read_directory(flow)


def _admin(tenant: TenantState, address: str) -> None:
    OtherAdmin(tenant, settled=True).add_role(address)


async def _waiting_on(flow: Flow, tenant: TenantState, admin: str) -> RequestView:
    """Grace's request for Mike's access to Tom's mailbox, confirmed and waiting on `admin` (made a second
    admin); then grace.hopper@ is moved to Ava."""
    _admin(tenant, admin)
    view, _ = await _confirmed(flow, GRACE, MIKE_ON_TOMS)
    assert isinstance(view.steps[0].decision, ApprovalRequired), view.steps[0]
    assert view.pending_approvers() == [admin], view
    await _moved(flow, tenant, GRACE)
    return view


async def _approve(flow: Flow, view: RequestView, approver: str) -> RequestView:
    return await live_policy.verdict(
        flow.service, flow.live, TENANT, view.request_id, flow.person(approver), "approve"
    )


# ---- (1) confirmation, approval and the run decide for the requester ----------------------------------


async def test_confirmation_decides_for_the_requester_not_for_who_holds_her_address(
    flow: Flow, tenant: TenantState
) -> None:
    view, grace = await _filed(flow, GRACE, BILLING_FOR_TOM)
    await _moved(flow, tenant, GRACE)  # Ava, no admin, holds grace.hopper@ now
    confirmed = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, grace)
    assert confirmed.state is RequestState.APPROVED, confirmed.state  # Grace's, an admin's: it goes on


@pytest.mark.parametrize("admin", [MARIA, AVA])
async def test_an_approval_decides_for_the_requester_not_for_who_holds_her_address(
    flow: Flow, tenant: TenantState, admin: str
) -> None:
    """The second admin approves Grace's request after grace.hopper@ went to Ava. Ava herself (the second
    admin, given the address) is a stranger to the request: her approval is judged for Grace, not refused
    as if the request were her own (nor re-routed to Grace, as the request decided for Ava was)."""
    view = await _waiting_on(flow, tenant, admin)
    approved = await _approve(flow, view, admin)
    assert approved.state is RequestState.APPROVED, approved.state


async def test_the_run_decides_for_the_requester_not_for_who_holds_her_address(
    flow: Flow, tenant: TenantState
) -> None:
    view, _ = await _confirmed(flow, GRACE, BILLING_FOR_TOM)
    assert view.state is RequestState.APPROVED, view.state
    await _moved(flow, tenant, GRACE)
    ran = await advanced(flow, view)
    assert ran.steps[0].status == "applied", ran.steps[0]


@pytest.mark.parametrize("moved_before", ["confirm", "approve"])
async def test_a_self_service_request_is_decided_for_its_requester_once_his_address_is_anothers(
    flow: Flow, tenant: TenantState, moved_before: str
) -> None:
    """Tom asks for Full Access to Billing for himself (Mike, its owner, approves); his address then goes to
    Ava. Decided for Tom, the step now names Ava: someone else's access, which he may not ask for, so the
    request stops; decided for Ava (before), it went on as her own request for herself."""
    mine = MailboxDelegation(change="grant", mailbox=BILLING, trustee=TOM)
    if moved_before == "confirm":
        view, tom = await _filed(flow, TOM, mine)
        await _moved(flow, tenant, TOM)
        with pytest.raises(DecisionChanged, match="only ask for mailbox access and list membership for you"):
            await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, tom)
    else:
        view, _ = await _confirmed(flow, TOM, mine)
        assert view.pending_approvers() == [MIKE], view
        await _moved(flow, tenant, TOM)
        with pytest.raises(DecisionChanged, match="only ask for mailbox access and list membership for you"):
            await _approve(flow, view, MIKE)
    assert flow.service.state_of(TENANT, view.request_id) is RequestState.DENIED


# ---- (2) who approves: the requester by object id, the holder of her address a stranger -------------------


async def test_the_requester_under_her_new_address_does_not_approve_her_own_request(
    flow: Flow, tenant: TenantState
) -> None:
    view = await _waiting_on(flow, tenant, MARIA)
    with pytest.raises(NotPermitted, match="never approves or denies their own request"):
        await _approve(flow, view, GRACE_NOW)
    # Refused as its requester, with nothing decided again for Ava first (which stopped the request).
    after = flow.service.get(TENANT, view.request_id)
    assert after.state is RequestState.PENDING_APPROVAL, after.state
    assert after.steps[0].decision == view.steps[0].decision


async def test_who_holds_the_requesters_address_and_decides_nothing_neither_approves_nor_stops_it(
    flow: Flow, tenant: TenantState
) -> None:
    view = await _waiting_on(flow, tenant, MARIA)
    with pytest.raises(NotPermitted, match="is not an approver"):
        await _approve(flow, view, AVA)
    assert flow.service.state_of(TENANT, view.request_id) is RequestState.PENDING_APPROVAL


# ---- (3) a requester the tenant no longer holds -----------------------------------------------------------


async def _grace_removed_and_her_address_given_to_ava(flow: Flow, tenant: TenantState) -> None:
    """Grace deleted; grace.hopper@ given to Ava, made an admin (for whom the request would go on)."""
    other = OtherAdmin(tenant, settled=True)
    grace, ava = other.id_of(GRACE), other.id_of(AVA)
    with tenant.transaction():
        tenant.remove_recipient(grace)
    other.exchange("Set-Mailbox", Identity=ava, EmailAddresses=[f"SMTP:{AVA}", f"smtp:{GRACE}"])
    other.add_role(AVA)
    await _read_directory(flow)


async def test_a_requester_removed_from_the_tenant_has_her_request_stopped_at_confirmation(
    flow: Flow, tenant: TenantState
) -> None:
    view, grace = await _filed(flow, GRACE, BILLING_FOR_TOM)
    await _grace_removed_and_her_address_given_to_ava(flow, tenant)
    with pytest.raises(DecisionChanged, match="no longer in the tenant"):
        await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, grace)
    assert flow.service.state_of(TENANT, view.request_id) is RequestState.DENIED


async def test_a_requester_removed_from_the_tenant_has_her_step_refused_before_it_runs(
    flow: Flow, tenant: TenantState
) -> None:
    view, _ = await _confirmed(flow, GRACE, BILLING_FOR_TOM)
    await _grace_removed_and_her_address_given_to_ava(flow, tenant)
    ran = await advanced(flow, view)
    step = ran.steps[0]
    assert step.status == "refused", step
    assert "no longer in the tenant" in str(step.outcome), step.outcome
