"""Red team 30 on security leftover 23 (Inbox rules count where forwarded mail goes): the rule's target is
a group the approver is in, a shared mailbox the approver reads, a rule that loops the mail back, a rule
made between planning and approval to a group the approver is in. In each, the approver must not approve
mail that reaches them, and a loop is a clear refusal, never a traceback.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.email_forwarding_internal import ACTION
from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.decisions import ApprovalRequired, Decision
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import EmailForwardingInternal, Step
from mailwarden.workflow import live_policy
from mailwarden.workflow.live_policy import verdict
from mailwarden.workflow.requests import plan_steps
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
Replicated = Callable[[], Awaitable[None]]

GRACE, MIKE, MARIA, TOM, KEN = (
    "grace.hopper@acme.com",
    "mike.smith@acme.com",
    "maria.garcia@acme.com",
    "tom.becker@acme.com",
    "ken.adams@acme.com",
)
TEAM = "finance-team@acme.com"  # a mail-enabled security group Mike is in
TO_MARIA = EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MARIA)


@pytest.fixture
def admins(tenant: TenantState) -> OtherAdmin:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(MIKE)
    other.add_role(KEN)
    return other


def _rule(other: OtherAdmin, mailbox: str, name: str, **targets: object) -> None:
    other.exchange("New-InboxRule", Mailbox=mailbox, Name=name, **targets)


async def _decided(flow: Flow, step: Step = TO_MARIA) -> Decision:
    grace = flow.person(GRACE)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    return planned.decision


async def test_a_rule_to_a_group_the_approver_is_in_leaves_him_out(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    _rule(admins, MARIA, "to Finance", RedirectTo=[TEAM])
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE not in decision.approvers, decision
    assert KEN in decision.approvers, decision


async def test_a_rule_to_a_shared_mailbox_the_approver_reads_leaves_him_out(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    admins.exchange(
        "Add-MailboxPermission", Identity="support@acme.com", User=KEN, AccessRights=["FullAccess"]
    )
    _rule(admins, MARIA, "to Support", ForwardTo=["support@acme.com"])
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    assert KEN not in decision.approvers, decision
    assert MIKE in decision.approvers, decision


async def test_a_rule_made_after_planning_to_the_approvers_group_refuses_him(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    await replicated()
    grace = flow.person(GRACE)
    planned = await plan_steps(flow.ctx, grace, [TO_MARIA], await flow.live.decider(grace, [TO_MARIA]))
    view = flow.service.submit(TENANT, flow.actor(GRACE), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view
    assert MIKE in view.pending_approvers(), view
    _rule(admins, MARIA, "to Finance", ForwardAsAttachmentTo=[TEAM])
    await replicated()
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(MIKE), "approve", "ok")
    assert flow.service.get(TENANT, view.request_id).state is RequestState.PENDING_APPROVAL


async def test_a_rule_that_sends_the_mail_back_is_a_clear_refusal(
    ctx: ActionContext, tenant: TenantState, admins: OtherAdmin, replicated: Replicated
) -> None:
    """Tom's mail to Maria, whose rule sends it back to Tom: a loop Exchange would bounce between them."""
    _rule(admins, MARIA, "back to Tom", RedirectTo=[TOM])
    await replicated()
    outcome = await execute(ACTION, ctx, TO_MARIA)
    assert outcome.status == "refused", outcome.message
    assert "Traceback" not in outcome.message
    assert "loop" in outcome.message.lower(), outcome.message
    tom = tenant.find(TOM)
    assert tom is not None
    assert tom.forwarding_address is None


@pytest.mark.parametrize("target", ["john@partnerfirm.example", "vera@vendorco.example"])
async def test_forwarding_into_a_mailbox_whose_rule_sends_to_a_contact_or_guest_is_refused(
    ctx: ActionContext, tenant: TenantState, admins: OtherAdmin, replicated: Replicated, target: str
) -> None:
    """The contact or guest is printed by DN (like a colleague), yet the mail leaves the organisation."""
    _rule(admins, MARIA, "to partner", ForwardTo=[target])
    await replicated()
    outcome = await execute(ACTION, ctx, TO_MARIA)
    assert outcome.status == "refused", outcome.message
    assert target in outcome.message, outcome.message
    tom = tenant.find(TOM)
    assert tom is not None
    assert tom.forwarding_address is None


async def test_two_rules_sending_mail_to_each_other_end_with_an_answer(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    """Maria's rule to Sarah, Sarah's back to Maria, Sarah's also to Mike: the walk ends, and Mike, who reads
    the mail through the ring, is not named."""
    _rule(admins, MARIA, "to Sarah", ForwardTo=["sarah@acme.com"])
    _rule(admins, "sarah@acme.com", "back", RedirectTo=[MARIA, MIKE])
    await replicated()
    decision = await _decided(flow)
    assert MIKE not in getattr(decision, "approvers", ()), decision


async def test_a_ring_made_after_planning_refuses_the_approver_it_reaches(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    await replicated()
    grace = flow.person(GRACE)
    planned = await plan_steps(flow.ctx, grace, [TO_MARIA], await flow.live.decider(grace, [TO_MARIA]))
    view = flow.service.submit(TENANT, flow.actor(GRACE), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert MIKE in view.pending_approvers(), view
    _rule(admins, MARIA, "to Sarah", ForwardTo=["sarah@acme.com"])
    _rule(admins, "sarah@acme.com", "back", RedirectTo=[MARIA, MIKE])
    await replicated()
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(MIKE), "approve", "ok")
    # Nobody may approve it now (the walk stopped at the ring): it is denied, never approved by Mike.
    assert flow.service.get(TENANT, view.request_id).state is not RequestState.APPROVED
