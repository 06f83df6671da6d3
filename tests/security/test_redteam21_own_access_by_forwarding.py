"""Red team 21: the `no-approving-access-for-oneself` forbid (redteam19) reads only whether the approver is
the forwarding target or inside it. Mail forwarded to a mailbox that forwards on reaches whoever that one
forwards to (directory/reach.py follows the same chain and tells the requester "reaches N"): Grace files
"forward Tom's mail to Maria", Maria's mailbox forwards to Mike, and Mike, the only other admin, is named to
approve the forwarding that puts Tom's mail in his own mailbox."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired, Denied
from mailwarden.model.steps import EmailForwardingInternal, Step
from mailwarden.workflow.requests import plan_steps
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE, MIKE, MARIA, TOM = (
    "grace.hopper@acme.com",
    "mike.smith@acme.com",
    "maria.garcia@acme.com",
    "tom.becker@acme.com",
)


async def _decided(flow: Flow, step: Step) -> ApprovalRequired | Denied:
    grace = flow.person(GRACE)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    assert isinstance(planned.decision, ApprovalRequired | Denied), planned.decision
    return planned.decision


async def test_the_forwarding_target_written_in_capitals_is_still_the_approver_himself(
    flow: Flow, tenant: TenantState
) -> None:
    OtherAdmin(tenant).add_role(MIKE)
    step = EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MIKE.upper())
    decision = await _decided(flow, step)
    assert not (isinstance(decision, ApprovalRequired) and MIKE in decision.approvers), decision


@pytest.mark.xfail(
    strict=True,
    reason="open (redteam21): the forbid sees the forwarding target only, not the mailboxes it forwards on "
    "to; the policy facts would need the live reach (directory/reach.py) of the target",
)
async def test_an_admin_does_not_approve_forwarding_that_reaches_him_through_another_mailbox(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant)
    other.add_role(MIKE)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=MIKE)
    decision = await _decided(flow, EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MARIA))
    assert not (isinstance(decision, ApprovalRequired) and MIKE in decision.approvers), decision


@pytest.mark.xfail(
    strict=True,
    reason="open (redteam21): the forbid does not know who holds Full Access to the forwarding target; Tom's "
    "mail forwarded to the Billing shared mailbox is read by Mike, who holds Full Access to it",
)
async def test_an_admin_does_not_approve_forwarding_to_a_shared_mailbox_he_reads(
    flow: Flow, tenant: TenantState
) -> None:
    OtherAdmin(tenant).add_role(MIKE)
    step = EmailForwardingInternal(change="set", mailbox=TOM, forward_to="billing@acme.com")
    decision = await _decided(flow, step)
    assert not (isinstance(decision, ApprovalRequired) and MIKE in decision.approvers), decision
