"""sec40: the delegation report and the mailbox details place an Inbox rule target printed by DN live.

Both placed `"Display Name" [EX:<LegacyExchangeDN>]` on the cached directory (the alias the DN ends with,
else the display name), where the access view looks it up live since sec37: billing@'s rule redirecting
to a list made outside since the cache was read, displayed as 'Tom Becker', was reported as Tom's (and
listed as what Tom can reach), and the mailbox details said billing@'s mail goes to Tom. Now they place it
as the access view does (actions/rule_targets.py); a target the tenant could not place is shown as printed
and said (the report: a failure; the details: "could not place"), never the cache's guess."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.actions.delegation_report import delegation_report
from mailwarden.actions.views import view_mailbox_details
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import ViewMailboxDetails
from mailwarden.testing import RunningEmulator
from tests.access.test_sec37_rule_target_exact import BILLING, DESK, TOM, _rule_to_a_new_list_displayed_as_tom
from tests.actions.test_delegation_report import grants

pytestmark = pytest.mark.anyio
Replicated = Callable[[], Awaitable[None]]


async def _rules_shown(ctx: ActionContext) -> str:
    view = await view_mailbox_details(ctx, ViewMailboxDetails(mailbox=BILLING))
    return str({str(row["field"]): row["value"] for row in view.rows}["inbox rules that forward"])


async def test_the_report_and_the_details_name_the_list_not_the_colleague(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    _rule_to_a_new_list_displayed_as_tom(tenant)
    await replicated()
    on_billing = grants(await delegation_report(ctx, mailbox=BILLING))
    assert (BILLING, DESK, "ForwardingRule") in on_billing, on_billing
    assert (BILLING, TOM, "ForwardingRule") not in on_billing, on_billing
    toms = grants(await delegation_report(ctx, trustee=TOM))
    assert not [g for g in toms if g[0] == BILLING], toms
    shown = await _rules_shown(ctx)
    assert DESK in shown, shown
    assert TOM not in shown, shown


async def test_a_target_the_tenant_could_not_place_is_said(
    ctx: ActionContext, tenant: TenantState, emulator: RunningEmulator, replicated: Replicated
) -> None:
    _rule_to_a_new_list_displayed_as_tom(tenant)
    await replicated()
    emulator.faults.fail_items("exchange", status=500, times=200, matching="/o=exchangelabs")
    view = await delegation_report(ctx, mailbox=BILLING)
    assert (BILLING, TOM, "ForwardingRule") not in grants(view), view.rows
    assert any("could not place" in n for n in view.notes or []), view.notes
    shown = await _rules_shown(ctx)
    assert TOM not in shown, shown
    assert "could not place" in shown, shown
