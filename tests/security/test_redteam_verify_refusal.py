"""Red team sec55/sec56: a guest put in a group inside the reads' lag, just before mailwarden grants that
group Full Access or shares a calendar with it. The read before the write does not see her yet, so the
write goes out; the read that verifies it sees her, and the check refuses the step. That must not end as
"applied, the tenant did not show it yet": the tenant holds the grant, and the policy refuses it now. The
grant is taken back at once (it only gave) and the step says plainly why.

Without the lag the guest is seen before the write, and the step is refused with nothing written: the same
end state, which is what both runs assert."""

from __future__ import annotations

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.calendar_share import ACTION as CALENDAR
from mailwarden.actions.mailbox_delegation import ACTION as FULL_ACCESS
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import CalendarShare, MailboxDelegation
from tests.conftest import settle

pytestmark = pytest.mark.anyio

TEAM = "finance-team@acme.com"
VERA = "vera@vendorco.example"
RACHEL = "rachel.green@acme.com"


async def test_full_access_reaching_a_guest_through_the_group_is_refused_and_not_kept(
    ctx: ActionContext, tenant: TenantState, replication_lag: int
) -> None:
    await ctx.clients.exchange.add_distribution_group_member(TEAM, VERA)  # inside the lag: not settled
    outcome = await execute(
        FULL_ACCESS, ctx, MailboxDelegation(change="grant", mailbox="support@acme.com", trustee=TEAM)
    )
    assert outcome.status == "refused", outcome.message
    assert "contains guest Vera Vendor (vera@vendorco.example)" in outcome.message, outcome.message
    assert "did not show it" not in outcome.message
    if replication_lag:
        assert "took it back" in outcome.message, outcome.message
    settle(tenant)
    support, team = tenant.find("support@acme.com"), tenant.find(TEAM)
    assert support is not None
    assert team is not None
    assert team.id not in {g.trustee_id for g in support.full_access}


async def test_a_calendar_shared_with_a_group_holding_a_guest_is_refused_and_not_kept(
    ctx: ActionContext, tenant: TenantState, replication_lag: int
) -> None:
    await ctx.clients.exchange.add_distribution_group_member(TEAM, VERA)  # inside the lag: not settled
    outcome = await execute(
        CALENDAR, ctx, CalendarShare(change="grant", owner=RACHEL, grantee=TEAM, access="editor")
    )
    assert outcome.status == "refused", outcome.message
    assert "guest Vera Vendor" in outcome.message, outcome.message
    assert "did not show it" not in outcome.message
    if replication_lag:
        assert "took it back" in outcome.message, outcome.message
    settle(tenant)
    rows = await ctx.clients.exchange.invoke(
        "Get-MailboxFolderPermission", {"Identity": f"{RACHEL}:\\Calendar"}
    )
    assert all(r["User"] != "Finance Team" for r in rows), rows
