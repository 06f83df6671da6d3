"""Red team 34: the reader of a shared mailbox approves giving it an address that receives Maria's mail.

Maria's forwarding sends her mail to `ea-desk@acme.com`, an address nobody holds. Ken (admin) holds Full
Access on the shared mailbox support@. Grace (admin) asks for support's new primary address to be the desk:
the change is decided as access to Maria's mail (security 26) and waits for a second admin, and the only
one it names is Ken, who reads support's mail and so gets Maria's. A forwarding set to a mailbox Ken reads
is never his to approve (workflow/forwarded_readers.py); the address change that hands over the same mail
should not be either: the readers of the recipient given the address are left out of its approvers (here
nobody is left, so it is refused).

Fixed (security 28): `read_forward_readers` reads the readers of the recipient given an address as it reads a
forwarding's, and routing leaves them out of an address change that hands over forwarded mail."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import DecisionChanged, NotPermitted
from mailwarden.model.decisions import ApprovalRequired, Denied
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import ChangePrimaryAlias
from mailwarden.testing import RunningEmulator
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec24_forwarded_to_group import GRACE, JOHN, KEN, MARIA, _decide
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DESK = "ea-desk@acme.com"
SUPPORT = "support@acme.com"


def _give_support(address: str) -> ChangePrimaryAlias:
    return ChangePrimaryAlias(change="set", recipient=SUPPORT, new_address=address, keep_old=True)


async def test_the_control_ken_approves_it_when_he_does_not_read_support(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    decision = await _decide(flow, GRACE, _give_support(DESK))
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == [KEN], decision
    assert "hands that mail over to Support" in decision.reason, decision.reason


async def test_a_reader_of_the_shared_mailbox_never_approves_giving_it_marias_mail(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=SUPPORT, User=KEN, AccessRights=["FullAccess"])
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    decision = await _decide(flow, GRACE, _give_support(DESK))
    assert not (isinstance(decision, ApprovalRequired) and KEN in decision.approvers), decision


async def test_a_member_of_a_group_holding_full_access_never_approves_it(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("New-DistributionGroup", Name="Support readers", Alias="support-readers", Type="Security")
    other.exchange("Add-DistributionGroupMember", Identity="support-readers@acme.com", Member=KEN)
    other.exchange(
        "Add-MailboxPermission",
        Identity=SUPPORT,
        User="support-readers@acme.com",
        AccessRights=["FullAccess"],
    )
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to the desk", RedirectTo=[DESK])
    decision = await _decide(flow, GRACE, _give_support(DESK))
    assert not (isinstance(decision, ApprovalRequired) and KEN in decision.approvers), decision


async def test_a_delegate_of_a_persons_mailbox_never_approves_giving_it_marias_mail(
    flow: Flow, tenant: TenantState
) -> None:
    """The same for a person's mailbox: Ken, who holds Full Access on John's, reads what John is given."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=JOHN, User=KEN, AccessRights=["FullAccess"])
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    step = ChangePrimaryAlias(change="set", recipient=JOHN, new_address=DESK, keep_old=True)
    decision = await _decide(flow, GRACE, step)
    assert not (isinstance(decision, ApprovalRequired) and KEN in decision.approvers), decision


async def test_full_access_given_after_he_was_named_refuses_his_approval(
    flow: Flow, tenant: TenantState
) -> None:
    """Ken is named while he does not read support@; he is given Full Access on it before he approves: the
    approval, decided again on the readers read at that moment, is refused and recorded as nothing."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace, step = flow.person(GRACE), _give_support(DESK)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    assert isinstance(planned.decision, ApprovalRequired), planned.decision
    assert planned.decision.approvers == [KEN], planned.decision
    view = flow.service.submit(TENANT, flow.actor(GRACE), [planned])
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view.state
    other.exchange("Add-MailboxPermission", Identity=SUPPORT, User=KEN, AccessRights=["FullAccess"])
    with pytest.raises((NotPermitted, DecisionChanged)):
        await live_policy.verdict(
            flow.service, flow.live, TENANT, view.request_id, flow.person(KEN), "approve"
        )
    assert flow.service.get(TENANT, view.request_id).state is not RequestState.APPROVED


async def test_unreadable_rules_of_the_mailbox_given_the_address_leave_nobody_to_approve(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """support@'s own Inbox rules cannot be read: they may send what it receives to anyone, Ken included, so
    everyone counts as a reader of Maria's mail there (the worst case, as for a forwarding) and the change
    is refused, saying why, rather than named to Ken."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    support = other.id_of(SUPPORT)
    emulator.faults.fail_items("exchange", status=403, times=50, matching=f'"mailbox": "{support}"')
    decision = await _decide(flow, GRACE, _give_support(DESK))
    assert isinstance(decision, Denied), decision
    assert "whose Inbox rules could not be read" in decision.reason, decision.reason
