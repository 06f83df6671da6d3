"""sec40: Full Access and Send As holders Exchange prints by Name are placed live, on the Name alone.

Get-MailboxPermission and Get-RecipientPermission print a user trustee by UPN but a group (any trustee
without one) by its Name. The access view, the delegation report and the policy's `delegates_of` placed
that Name on the cached directory with `identify` (alias, then display name). A security group made
outside mailwarden since the cache was read, named 'tom.becker' (Tom Becker's alias), given Full Access
and Send As on billing@: Tom was shown holding both, counted as billing@'s delegate (so he could view it),
and the group (and its members) hidden. Now each such Name is looked up with one `Get-Recipient -Filter
"Name -eq ..."` per ten Names; a Name the tenant could not place is shown as printed and said (asked about
one person: unknown, `about` full_access / send_as), never dropped, never guessed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.access.grants import UnreadRules, grants_held_by, grants_on_mailbox
from mailwarden.actions.base import ActionContext
from mailwarden.actions.delegation_report import delegation_report
from mailwarden.actions.views import (
    delegates_of,
    view_mailbox_details,
    view_mailbox_permissions,
    view_send_as_permissions,
)
from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import ViewMailboxDetails, ViewMailboxPermissions, ViewSendAsPermissions
from mailwarden.testing import RunningEmulator
from tests.actions.test_delegation_report import grants
from tests.drift.test_sec34_forwarding_name import TOM_ID, _name

pytestmark = pytest.mark.anyio
Replicated = Callable[[], Awaitable[None]]

BILLING, TOM, ADMIN = "billing@acme.com", "tom.becker@acme.com", "grace.hopper@acme.com"
TEAM = "billing-team@acme.com"


def team_named_like_tom(tenant: TenantState) -> None:
    """A security group made since the directory was read whose Name is Tom's alias, 'tom.becker' (Tom's
    own Name is his directory id, as for a mailbox made since MC365786)."""
    _name(tenant, (TOM, TOM_ID))
    outside_cmdlet(
        tenant,
        ADMIN,
        "New-DistributionGroup",
        Name="billing-team",
        DisplayName="Billing team",
        Alias="billing-team",
        PrimarySmtpAddress=TEAM,
        Type="Security",
    )
    _name(tenant, (TEAM, "tom.becker"))


def _group_named_like_tom(tenant: TenantState) -> None:
    """That group holding Full Access and Send As on billing@ (Exchange prints it as 'tom.becker' in both)."""
    team_named_like_tom(tenant)
    outside_cmdlet(
        tenant, ADMIN, "Add-MailboxPermission", Identity=BILLING, User=TEAM, AccessRights=["FullAccess"]
    )
    outside_cmdlet(
        tenant, ADMIN, "Add-RecipientPermission", Identity=BILLING, Trustee=TEAM, AccessRights=["SendAs"]
    )


async def test_the_access_view_names_the_group_not_the_colleague_whose_alias_it_is(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    _group_named_like_tom(tenant)
    await replicated()
    held = {(g.kind, g.holder_address) for g in await grants_on_mailbox(ctx, ctx.recipient(BILLING))}
    assert {("full_access", TEAM), ("send_as", TEAM)} <= held, held
    assert not {("full_access", TOM), ("send_as", TOM)} & held, held
    unread: list[UnreadRules] = []
    toms = await grants_held_by(ctx, ctx.recipient(TOM), unread=unread)
    assert [g for g in toms if g.resource_address == BILLING] == [], toms
    assert unread == [], unread


async def test_the_delegation_report_names_the_group(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    _group_named_like_tom(tenant)
    await replicated()
    on_billing = grants(await delegation_report(ctx, mailbox=BILLING))
    assert {(BILLING, TEAM, "FullAccess"), (BILLING, TEAM, "SendAs")} <= on_billing, on_billing
    assert not {(BILLING, TOM, "FullAccess"), (BILLING, TOM, "SendAs")} & on_billing, on_billing
    toms = grants(await delegation_report(ctx, trustee=TOM))
    assert not [g for g in toms if g[0] == BILLING], toms


async def test_tom_is_no_delegate_of_billing_for_the_groups_right(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """The policy's 'an employee may view a mailbox they are a delegate of' (delegates_of, read live)."""
    _group_named_like_tom(tenant)
    await replicated()
    delegates = await delegates_of(ctx, ctx.recipient(BILLING))
    assert ctx.recipient(TOM).recipient_id not in delegates, delegates


async def test_a_holder_the_tenant_could_not_place_is_said_never_dropped_nor_guessed(
    ctx: ActionContext, tenant: TenantState, emulator: RunningEmulator, replicated: Replicated
) -> None:
    _group_named_like_tom(tenant)
    await replicated()
    emulator.faults.fail_items("exchange", status=500, times=200, matching="name -eq")
    shown = [g for g in await grants_on_mailbox(ctx, ctx.recipient(BILLING)) if g.kind == "full_access"]
    assert TOM not in [g.holder_address for g in shown], shown
    assert any("tom.becker" in g.holder and "could not" in g.holder for g in shown), shown
    unread: list[UnreadRules] = []
    toms = await grants_held_by(ctx, ctx.recipient(TOM), unread=unread)
    assert [g for g in toms if g.resource_address == BILLING] == [], toms
    abouts = {(u.mailbox_address, u.about) for u in unread}
    assert {(BILLING, "full_access"), (BILLING, "send_as")} <= abouts, unread
    view = await delegation_report(ctx, mailbox=BILLING)
    assert (BILLING, TOM, "FullAccess") not in grants(view), view.rows
    assert any("tom.becker" in n and "could not" in n for n in view.notes or []), view.notes
    assert ctx.recipient(TOM).recipient_id not in await delegates_of(ctx, ctx.recipient(BILLING))


async def test_the_permission_views_and_mailbox_details_name_the_group(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    _group_named_like_tom(tenant)
    await replicated()
    full = await view_mailbox_permissions(ctx, ViewMailboxPermissions(mailbox=BILLING))
    send = await view_send_as_permissions(ctx, ViewSendAsPermissions(mailbox=BILLING))
    for view in (full, send):
        addresses = [row["trustee_address"] for row in view.rows]
        assert TEAM in addresses, view.rows
        assert TOM not in addresses, view.rows
    details = await view_mailbox_details(ctx, ViewMailboxDetails(mailbox=BILLING))
    facts = {str(row["field"]): str(row["value"]) for row in details.rows}
    assert TEAM in facts["full access"], facts
    assert TEAM in facts["send as"], facts
    assert "Tom Becker" not in facts["full access"] + facts["send as"], facts
