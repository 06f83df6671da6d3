"""Red team 34: a new list's member approves the list that hands him someone's forwarded mail.

Maria's forwarding sends her mail to `ea-desk@acme.com`, an address nobody holds. Grace (admin) asks for a new
list at that address with Ken (the other admin) as its only member: the create is decided as access to Maria's
mail (security 26) and waits for a second admin, and that second admin is Ken, who gets the mail. For a
primary address change the one getting the address never approves it (`no-approving-forwarded-mail-for-
oneself`), for a join of a list her mail goes to the member never approves it; a new list's members are those
who get it here, so none of them may approve it either."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from mailwarden.model.steps import DistributionListLifecycle
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec24_forwarded_to_group import GRACE, JOHN, KEN, MARIA, _decide
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DESK = "ea-desk@acme.com"


def _create(*members: str) -> DistributionListLifecycle:
    return DistributionListLifecycle(change="create", group=DESK, display_name="EA desk", members=members)


async def test_the_control_a_new_list_nobody_forwards_to_with_ken_on_it_is_allowed(
    flow: Flow, tenant: TenantState
) -> None:
    OtherAdmin(tenant, settled=True).add_role(KEN)
    decision = await _decide(flow, GRACE, _create(KEN))
    assert isinstance(decision, Allowed), decision


async def test_the_control_ken_approves_a_new_list_taking_marias_mail_that_he_is_not_on(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    decision = await _decide(flow, GRACE, _create(JOHN))
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == [KEN], decision


async def test_a_member_of_the_new_list_never_approves_it(flow: Flow, tenant: TenantState) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    decision = await _decide(flow, GRACE, _create(JOHN, KEN))
    # Ken is the only other admin and he would read Maria's mail: nobody is left to approve it.
    assert isinstance(decision, Denied), decision


async def test_the_same_through_an_inbox_rule(flow: Flow, tenant: TenantState) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to the desk", ForwardAsAttachmentTo=[DESK])
    decision = await _decide(flow, GRACE, _create(KEN))
    assert not (isinstance(decision, ApprovalRequired) and KEN in decision.approvers), decision
