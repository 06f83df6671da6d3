"""Red team 34: the reader of a shared mailbox approves giving it an address that receives Maria's mail.

Maria's forwarding sends her mail to `ea-desk@acme.com`, an address nobody holds. Ken (admin) holds Full
Access on the shared mailbox support@. Grace (admin) asks for support's new primary address to be the desk:
the change is decided as access to Maria's mail (security 26) and waits for a second admin, and the only
one it names is Ken, who reads support's mail and so gets Maria's. A forwarding set to a mailbox Ken reads
is never his to approve (workflow/forwarded_readers.py); the address change that hands over the same mail
should not be either: the readers of the recipient given the address are left out of its approvers (here
nobody is left, so it is refused).

Not fixed (strict xfail): the readers of the recipient are not read for an address change
(`read_forward_readers` reads them only for a forwarding being set), so routing cannot leave them out."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.steps import ChangePrimaryAlias
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec24_forwarded_to_group import GRACE, KEN, MARIA, _decide
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DESK = "ea-desk@acme.com"
SUPPORT = "support@acme.com"


def _give_support(address: str) -> ChangePrimaryAlias:
    return ChangePrimaryAlias(change="set", recipient=SUPPORT, new_address=address, keep_old=True)


async def test_the_control_ken_approves_it_when_he_does_not_read_support(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    decision = await _decide(flow, GRACE, _give_support(DESK))
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == [KEN], decision
    assert "hands that mail over to Support" in decision.reason, decision.reason


@pytest.mark.xfail(
    strict=True, reason="red team 34: readers of the recipient given the address may approve it"
)
async def test_a_reader_of_the_shared_mailbox_never_approves_giving_it_marias_mail(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=SUPPORT, User=KEN, AccessRights=["FullAccess"])
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    decision = await _decide(flow, GRACE, _give_support(DESK))
    assert not (isinstance(decision, ApprovalRequired) and KEN in decision.approvers), decision
