"""Red team 30: an Inbox rule's target inside the organisation is printed by display name and
LegacyExchangeDN (`"Name" [EX:/o=.../cn=<hex>-<alias>]`). A display name is the owner's to choose (or a
synced attribute), not an identity: one that reads as someone else's address or alias must not make the
delegation report name that someone as the rule's target, nor hide the real one from "what can X reach".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.actions.delegation_report import delegation_report
from mailwarden.emulator.state import TenantState
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin

pytestmark = pytest.mark.anyio
Replicated = Callable[[], Awaitable[None]]

MARIA, TOM, BILLING = "maria.garcia@acme.com", "tom.becker@acme.com", "billing@acme.com"


def _rename(tenant: TenantState, address: str, display_name: str) -> None:
    with tenant.transaction():
        owner = tenant.address_owner(address)
        assert owner is not None
        owner.display_name = display_name


@pytest.mark.parametrize("crafted", [MARIA, "maria.garcia", "SMTP:maria.garcia@acme.com"])
async def test_a_rule_target_named_like_someone_else_is_still_its_target(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated, crafted: str
) -> None:
    """Tom's display name reads as Maria's address (or alias); Billing's rule redirects to Tom. The report
    said Maria gets Billing's mail and "what can Tom reach" missed it."""
    other = OtherAdmin(tenant)
    other.exchange("New-InboxRule", Mailbox=BILLING, Name="All to Tom", RedirectTo=[TOM])
    _rename(tenant, TOM, crafted)
    await replicated()
    fresh = await discovered_context(ctx.clients)
    billing = await delegation_report(fresh, mailbox=BILLING)
    rules = [(r["trustee_address"], r["detail"]) for r in billing.rows if r["right"] == "ForwardingRule"]
    assert [a for a, _ in rules] == [TOM], billing.rows
    tom = await delegation_report(fresh, trustee=TOM)
    assert [r["mailbox_address"] for r in tom.rows if r["right"] == "ForwardingRule"] == [BILLING], tom.rows
    maria = await delegation_report(fresh, trustee=MARIA)
    assert not [r for r in maria.rows if r["right"] == "ForwardingRule"], maria.rows


@pytest.mark.parametrize(
    ("target", "shown"),
    [("john@partnerfirm.example", "John Partner"), ("vera@vendorco.example", "Vera Vendor")],
)
async def test_a_rule_to_a_contact_or_guest_is_flagged_as_going_outside(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated, target: str, shown: str
) -> None:
    """Exchange prints a mail contact or a guest as an EX DN like a colleague; the mail still leaves the
    organisation (to john@partnerfirm.example, vera@vendorco.example). The report said nothing of it."""
    OtherAdmin(tenant).exchange("New-InboxRule", Mailbox=BILLING, Name="to partner", ForwardTo=[target])
    await replicated()
    billing = await delegation_report(ctx, mailbox=BILLING)
    [rule] = [r for r in billing.rows if r["right"] == "ForwardingRule"]
    assert rule["trustee_address"] == target, rule
    assert str(rule["detail"]).endswith("(outside the organisation)"), rule
    assert shown in str(rule["detail"]), rule


async def test_what_can_mike_reach_includes_a_rule_to_a_group_he_is_in(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """Maria's rule sends her mail to Finance Team, a group Mike is in: Mike reads it, through the group."""
    OtherAdmin(tenant).exchange(
        "New-InboxRule", Mailbox=MARIA, Name="to Finance", RedirectTo=["finance-team@acme.com"]
    )
    await replicated()
    mike = await delegation_report(ctx, trustee="mike.smith@acme.com")
    rules = [r for r in mike.rows if r["right"] == "ForwardingRule"]
    assert [r["mailbox_address"] for r in rules] == [MARIA], mike.rows
    assert "Finance Team" in str(rules[0].get("via")), rules
