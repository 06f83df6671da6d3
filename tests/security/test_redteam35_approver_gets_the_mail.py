"""Red team 35: the only approver is someone the mail being handed over reaches through the new holder.

Maria's forwarding sends her mail to an address (ea-desk@, nobody holds it) or to the exec-assist list. Grace
(admin) asks for John's new primary address to be the desk, or for John to join the list: the change is
decided as access to Maria's mail and waits for a second admin, Ken, the only one. John's mailbox forwards
to Ken (or Ken holds Full Access on it): from the change on, Maria's mail reaches Ken, and Ken is the one
who approves it. "Nobody approves access given to themselves" is applied to the step's own target (Grace
asking for Ken's own address is refused: no one may approve it) but not to whom the target's mail goes on
to, which is the same hand-over; red team 34 found it for the readers of a shared mailbox given the address
(its strict xfail), and it holds for a person's mailbox, for a forwarding onward and for a list join too.

Fixed for an address change by security 28 (the readers of the recipient given the address never approve),
and for a list add by security 30 (the readers of the joining member never approve a join decided as
forwarded mail). Driven through the live decision against the emulator over HTTP."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired, Decision
from mailwarden.model.steps import ChangePrimaryAlias, DistributionListMembership
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec24_forwarded_to_group import EXEC, GRACE, JOHN, KEN, MARIA, _decide
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DESK = "ea-desk@acme.com"


def _ken_gets_johns_mail(other: OtherAdmin, how: str) -> None:
    if how == "forwarding":
        other.exchange("Set-Mailbox", Identity=JOHN, ForwardingSmtpAddress=KEN)
    elif how == "rule":
        other.exchange("New-InboxRule", Mailbox=JOHN, Name="to ken", RedirectTo=[KEN])
    elif how == "full-access":
        other.exchange("Add-MailboxPermission", Identity=JOHN, User=KEN, AccessRights=["FullAccess"])


async def _address_change(flow: Flow, tenant: TenantState, how: str) -> Decision:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    _ken_gets_johns_mail(other, how)
    step = ChangePrimaryAlias(change="set", recipient=JOHN, new_address=DESK, keep_old=True)
    return await _decide(flow, GRACE, step)


async def _list_join(flow: Flow, tenant: TenantState, how: str) -> Decision:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("New-DistributionGroup", Name="Exec assistants", Alias="exec-assist", Type="Distribution")
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=EXEC)
    _ken_gets_johns_mail(other, how)
    return await _decide(flow, GRACE, DistributionListMembership(change="add", group=EXEC, member=JOHN))


@pytest.mark.parametrize("change", ["address", "join"])
async def test_the_control_ken_approves_when_johns_mail_stays_with_john(
    flow: Flow, tenant: TenantState, change: str
) -> None:
    decide = _address_change if change == "address" else _list_join
    decision = await decide(flow, tenant, "none")
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == [KEN], decision
    assert "Maria Garcia" in decision.reason, decision.reason


@pytest.mark.parametrize("how", ["forwarding", "rule", "full-access"])
@pytest.mark.parametrize("change", ["address", "join"])
async def test_ken_never_approves_handing_marias_mail_to_a_mailbox_that_reaches_him(
    flow: Flow, tenant: TenantState, change: str, how: str
) -> None:
    decide = _address_change if change == "address" else _list_join
    decision = await decide(flow, tenant, how)
    assert not (isinstance(decision, ApprovalRequired) and KEN in decision.approvers), decision
