"""Red team 21: the `no-approving-access-for-oneself` forbid (redteam19) reads only whether the approver is
the forwarding target or inside it. Mail forwarded to a mailbox that forwards on reaches whoever that one
forwards to (directory/reach.py follows the same chain and tells the requester "reaches N"): Grace files
"forward Tom's mail to Maria", Maria's mailbox forwards to Mike, and Mike, the only other admin, is named to
approve the forwarding that puts Tom's mail in his own mailbox. Likewise mail forwarded to the Billing
shared mailbox, which Mike reads (Full Access). Refused when he approves, read live then; and since security
leftover 21 left out of the approvers at planning too (tests/workflow/test_sec21_*): the plan is denied,
nobody being left, and a reader he became after confirming stops the request when he approves."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import DecisionChanged, NotPermitted
from mailwarden.model.decisions import ApprovalRequired, Denied
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import EmailForwardingInternal, Step
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import plan_steps
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

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


@pytest.mark.parametrize("target", [MIKE.upper(), "msmith@acme.com", "MSmith@ACME.com"])
async def test_the_forwarding_target_by_another_address_is_still_the_approver_himself(
    flow: Flow, tenant: TenantState, target: str
) -> None:
    OtherAdmin(tenant, settled=True).add_role(MIKE)
    step = EmailForwardingInternal(change="set", mailbox=TOM, forward_to=target)
    decision = await _decided(flow, step)
    assert not (isinstance(decision, ApprovalRequired) and MIKE in decision.approvers), decision


async def _refused_to_mike(flow: Flow, step: Step, reader: Callable[[], object]) -> None:
    """Once Mike reads where the mail goes (`reader` makes him one), the plan leaves him out and, as the
    only other admin, nobody is left: denied. Made a reader only after Grace confirmed (named then), he is
    refused when he approves, and the request is not approved."""
    grace = flow.person(GRACE)
    planned = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    view = flow.service.submit(TENANT, flow.actor(GRACE), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view
    reader()
    with pytest.raises((NotPermitted, DecisionChanged), match="access given to themselves"):
        await live_policy.verdict(
            flow.service, flow.live, TENANT, view.request_id, flow.person(MIKE), "approve"
        )
    assert flow.service.get(TENANT, view.request_id).state is not RequestState.APPROVED
    [again] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    assert isinstance(again.decision, Denied), again.decision
    assert MIKE in again.decision.reason, again.decision


async def test_an_admin_does_not_approve_forwarding_that_reaches_him_through_another_mailbox(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(MIKE)
    await _refused_to_mike(
        flow,
        EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MARIA),
        lambda: other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=MIKE),
    )


async def test_an_admin_does_not_approve_forwarding_to_a_shared_mailbox_he_reads(
    flow: Flow, tenant: TenantState
) -> None:
    """Mike takes Full Access to the Billing shared mailbox: Tom's mail forwarded there is his to read."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(MIKE)
    other.exchange(
        "Remove-MailboxPermission", Identity="billing@acme.com", User=MIKE, AccessRights=["FullAccess"]
    )
    await _refused_to_mike(
        flow,
        EmailForwardingInternal(change="set", mailbox=TOM, forward_to="billing@acme.com"),
        lambda: other.exchange(
            "Add-MailboxPermission", Identity="billing@acme.com", User=MIKE, AccessRights=["FullAccess"]
        ),
    )


async def test_an_admin_does_not_approve_forwarding_to_a_colleague_whose_mailbox_he_reads(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(MIKE)
    await _refused_to_mike(
        flow,
        EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MARIA),
        lambda: other.exchange(
            "Add-MailboxPermission", Identity=MARIA, User=MIKE, AccessRights=["FullAccess"]
        ),
    )


async def test_another_admin_still_approves_it(flow: Flow, tenant: TenantState) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(MIKE)
    other.add_role(MARIA)
    step = EmailForwardingInternal(change="set", mailbox=TOM, forward_to="billing@acme.com")
    grace = flow.person(GRACE)
    planned = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    view = flow.service.submit(TENANT, flow.actor(GRACE), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    approved = await live_policy.verdict(
        flow.service, flow.live, TENANT, view.request_id, flow.person(MARIA), "approve"
    )
    assert approved.state is RequestState.APPROVED, approved
