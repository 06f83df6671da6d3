"""sec37: the access view places an Inbox rule target printed by display name and DN on the DN, live.

Exchange prints a rule target inside the organisation as `"Display Name" [EX:<LegacyExchangeDN>]`. The
view placed it on the cached directory: by the alias the DN ends with, else by the display name. A list
made outside mailwarden since the cache was read, displayed as 'Tom Becker', to which billing@'s rule
redirects, was shown as Tom: Tom's reviewer was told he gets billing@'s mail, and the list (and whoever
is on it) was hidden. Now each DN is looked up live (`Get-Recipient -Identity <DN>` and
`-Filter "EmailAddresses -eq 'X500:<DN>'"`, sec40); a target the tenant could not place is shown as
printed and said, and asked about one person the answer is incomplete (unread_rules,
about=rule_target), never either way."""

from __future__ import annotations

import pytest

from mailwarden.access.grants import LiveGrant, UnreadRules, grants_held_by, grants_on_mailbox
from mailwarden.actions.base import ActionContext
from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator

pytestmark = pytest.mark.anyio

BILLING, TOM, ADMIN = "billing@acme.com", "tom.becker@acme.com", "grace.hopper@acme.com"
DESK = "frontdesk-new@acme.com"


def _rule_to_a_new_list_displayed_as_tom(tenant: TenantState) -> None:
    outside_cmdlet(
        tenant,
        ADMIN,
        "New-DistributionGroup",
        Name="frontdesk-new",
        DisplayName="Tom Becker",
        Alias="frontdesk-new",
    )
    outside_cmdlet(tenant, ADMIN, "New-InboxRule", Mailbox=BILLING, Name="to the desk", RedirectTo=[DESK])


def _rules(grants: list[LiveGrant]) -> list[LiveGrant]:
    return [g for g in grants if g.kind == "rule_forwarding"]


async def test_a_rule_to_a_list_displayed_as_a_colleague_names_the_list(
    ctx: ActionContext, tenant: TenantState
) -> None:
    _rule_to_a_new_list_displayed_as_tom(tenant)
    [shown] = _rules(await grants_on_mailbox(ctx, ctx.recipient(BILLING)))
    assert shown.holder_address == DESK, shown
    unread: list[UnreadRules] = []
    toms = _rules(await grants_held_by(ctx, ctx.recipient(TOM), unread=unread))
    assert [g.resource_address for g in toms] == [], toms
    assert unread == [], unread


async def test_a_rule_target_the_tenant_could_not_place_makes_the_answer_incomplete(
    ctx: ActionContext, tenant: TenantState, emulator: RunningEmulator
) -> None:
    _rule_to_a_new_list_displayed_as_tom(tenant)
    emulator.faults.fail_items("exchange", status=500, times=50, matching="/o=exchangelabs")
    [shown] = _rules(await grants_on_mailbox(ctx, ctx.recipient(BILLING)))
    assert shown.holder_address is None, shown
    assert "could not" in shown.holder, shown
    unread: list[UnreadRules] = []
    toms = _rules(await grants_held_by(ctx, ctx.recipient(TOM), unread=unread))
    assert toms == [], toms
    assert (BILLING, "rule_target") in [(u.mailbox_address, u.about) for u in unread], unread
