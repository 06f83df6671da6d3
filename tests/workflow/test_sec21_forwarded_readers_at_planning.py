"""Security leftover 21: routing named, as a possible approver of a forwarding, an admin who reads the
forwarded mail (a mailbox that forwards on to him, or one he holds Full Access to). He was refused when he
approved (workflow/forwarded_readers.py), but as the only other admin he stayed named and the request
waited for ever. The plan now reads the same facts and leaves such readers out; when nobody is left, the
step is denied with that reason."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import DecisionChanged
from mailwarden.model.decisions import ApprovalRequired, Decision, Denied
from mailwarden.model.steps import EmailForwardingInternal, Step
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import plan_steps
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
Replicated = Callable[[], Awaitable[None]]

GRACE, MIKE, MARIA, TOM = (
    "grace.hopper@acme.com",
    "mike.smith@acme.com",
    "maria.garcia@acme.com",
    "tom.becker@acme.com",
)
TO_BILLING = EmailForwardingInternal(change="set", mailbox=TOM, forward_to="billing@acme.com")
"""Tom's mail to the Billing shared mailbox, which Mike reads (Full Access in the seed)."""


async def _decided(flow: Flow, step: Step) -> Decision:
    grace = flow.person(GRACE)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    return planned.decision


async def test_the_only_other_admin_who_reads_the_target_is_not_named_and_the_step_is_denied(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    OtherAdmin(tenant).add_role(MIKE)
    await replicated()  # the setup stands for a state reached long before
    decision = await _decided(flow, TO_BILLING)
    assert isinstance(decision, Denied), decision
    assert MIKE in decision.reason, decision
    assert "reads the mail this forwarding sends on" in decision.reason, decision


async def test_a_reader_through_a_forwarding_chain_is_left_out_too(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    other = OtherAdmin(tenant)
    other.add_role(MIKE)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=MIKE)
    await replicated()  # the setup stands for a state reached long before
    decision = await _decided(flow, EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MARIA))
    assert isinstance(decision, Denied), decision
    assert MIKE in decision.reason


async def test_another_admin_who_does_not_read_it_is_the_approver(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    other = OtherAdmin(tenant)
    other.add_role(MIKE)
    other.add_role(MARIA)
    await replicated()  # the setup stands for a state reached long before
    decision = await _decided(flow, TO_BILLING)
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE not in decision.approvers, decision
    assert MARIA in decision.approvers, decision


async def test_becoming_a_reader_after_planning_stops_the_request_at_confirmation(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    """The same facts are read again when the requester confirms: Mike, named when Grace planned, takes
    Full Access to Maria's mailbox (the target) before she confirms; nobody is left, so the request stops."""
    other = OtherAdmin(tenant)
    other.add_role(MIKE)
    step = EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MARIA)
    grace = flow.person(GRACE)
    await replicated()  # the setup stands for a state reached long before
    planned = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    assert isinstance(planned[0].decision, ApprovalRequired)
    assert MIKE in planned[0].decision.approvers
    view = flow.service.submit(TENANT, flow.actor(GRACE), planned)
    other.exchange("Add-MailboxPermission", Identity=MARIA, User=MIKE, AccessRights=["FullAccess"])
    await replicated()
    with pytest.raises(DecisionChanged):
        await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))


async def test_ones_own_mail_is_still_the_others_to_approve(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    """Forwarding one's own mailbox is its owner's to give (the approval-time rule skips it too): Grace
    forwarding her own mail to Billing still has Mike, who reads Billing, among her approvers."""
    OtherAdmin(tenant).add_role(MIKE)
    await replicated()  # the setup stands for a state reached long before
    decision = await _decided(
        flow, EmailForwardingInternal(change="set", mailbox=GRACE, forward_to="billing@acme.com")
    )
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE in decision.approvers, decision


async def test_a_reader_through_a_group_with_full_access_is_left_out(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    """Billing's Full Access held by the Finance Team security group, of which Mike is a member."""
    other = OtherAdmin(tenant)
    other.add_role(MIKE)
    other.exchange(
        "Remove-MailboxPermission", Identity="billing@acme.com", User=MIKE, AccessRights=["FullAccess"]
    )
    other.exchange(
        "Add-MailboxPermission",
        Identity="billing@acme.com",
        User="finance-team@acme.com",
        AccessRights=["FullAccess"],
    )
    await replicated()  # the setup stands for a state reached long before
    decision = await _decided(flow, TO_BILLING)
    assert isinstance(decision, Denied), decision
    assert MIKE in decision.reason, decision
