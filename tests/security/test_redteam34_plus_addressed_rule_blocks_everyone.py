"""Red team 34: one Inbox rule to a plus address made every address change in the tenant "unknown".

Exchange Online delivers mail sent to `ken.adams+news@acme.com`, an address nobody holds as such, to Ken
(plus addressing, on by default). The scan of forwarded mail (workflow/list_rights.py) placed such a target
on nobody and asked Exchange for it by identity, which finds nothing; a target it cannot place may be any
list, so the whole scan was unknown, and every decision reading it the worst case. Any employee can make a
rule to a plus address in Outlook: from then on no employee could change their primary address to a free
address nobody forwards to, nor join a list the scan reads, and an admin's needed a second admin. Fixed: a
plus-addressed target is placed on the holder of the address without its tag (and on an address being
given, which then names the mail it hands over rather than "could not be established")."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired, Denied
from mailwarden.model.steps import ChangePrimaryAlias
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec24_forwarded_to_group import GRACE, JOHN, KEN, MARIA, _decide
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DESK = "ea-desk@acme.com"


def _take(address: str) -> ChangePrimaryAlias:
    return ChangePrimaryAlias(change="set", recipient=JOHN, new_address=address, keep_old=True)


@pytest.mark.parametrize("how", ["rule", "forwarding"])
async def test_a_plus_addressed_target_leaves_an_unrelated_address_change_to_an_admin(
    flow: Flow, tenant: TenantState, how: str
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    if how == "rule":
        other.exchange("New-InboxRule", Mailbox=MARIA, Name="news", ForwardTo=["ken.adams+news@acme.com"])
    else:
        other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress="ken.adams+news@acme.com")
    decision = await _decide(flow, JOHN, _take("jm@acme.com"))
    assert isinstance(decision, ApprovalRequired), decision
    assert "could not be established" not in decision.reason, decision.reason


async def test_the_plus_addressed_desk_still_hands_over_marias_mail_and_says_so(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="desk", RedirectTo=["EA-Desk+Boss@acme.com"])
    assert isinstance(await _decide(flow, JOHN, _take(DESK)), Denied)
    grace = await _decide(flow, GRACE, _take(DESK))
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [KEN], grace
    assert "Maria Garcia (maria.garcia@acme.com)" in grace.reason, grace.reason
