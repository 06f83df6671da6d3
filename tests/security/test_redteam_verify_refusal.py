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
from mailwarden.actions.email_forwarding_internal import ACTION as FORWARDING
from mailwarden.actions.mailbox_delegation import ACTION as FULL_ACCESS
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Preflight, Refusal
from mailwarden.model.steps import CalendarShare, EmailForwardingInternal, MailboxDelegation
from tests.conftest import settle

pytestmark = pytest.mark.anyio

TEAM = "finance-team@acme.com"
VERA = "vera@vendorco.example"
RACHEL = "rachel.green@acme.com"
CHRIS, SARAH, TOM = "chris.lee@acme.com", "sarah@acme.com", "tom.becker@acme.com"


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


async def test_forwarding_to_a_target_that_began_forwarding_outside_is_refused_and_cleared(
    ctx: ActionContext, tenant: TenantState, replication_lag: int
) -> None:
    """Chris starts forwarding outside inside the lag, just before Sarah's mail is forwarded to him. Sarah
    forwarded nothing before: clearing it only takes away what the step set."""
    await ctx.clients.exchange.set_mailbox(CHRIS, ForwardingSmtpAddress="chris@gmail.example")  # not settled
    outcome = await execute(
        FORWARDING, ctx, EmailForwardingInternal(change="set", mailbox=SARAH, forward_to=CHRIS)
    )
    assert outcome.status == "refused", outcome.message
    assert "forwards to address outside the organisation chris@gmail.example" in outcome.message
    assert "did not show it" not in outcome.message
    if replication_lag:
        assert "took it back" in outcome.message, outcome.message
    settle(tenant)
    sarah = tenant.find(SARAH)
    assert sarah is not None
    assert (sarah.forwarding_address, sarah.forwarding_smtp_address) == (None, None)


async def test_forwarding_that_pointed_elsewhere_before_is_left_for_an_admin(
    ctx: ActionContext, tenant: TenantState, replication_lag: int
) -> None:
    """Sarah forwarded to Tom before: undoing would send her mail to Tom again (or clear his forwarding), so
    the write is left, flagged 'refused' for an admin, and says so; never 'did not show it yet'."""
    await ctx.clients.exchange.set_mailbox(SARAH, ForwardingAddress=TOM)
    settle(tenant)  # Tom's forwarding is Sarah's standing state, long before the step
    await ctx.clients.exchange.set_mailbox(CHRIS, ForwardingSmtpAddress="chris@gmail.example")  # not settled
    outcome = await execute(
        FORWARDING, ctx, EmailForwardingInternal(change="set", mailbox=SARAH, forward_to=CHRIS)
    )
    assert "forwards to address outside the organisation chris@gmail.example" in outcome.message
    assert "did not show it" not in outcome.message
    if not replication_lag:
        assert outcome.status == "refused", outcome.message
        return
    assert outcome.status == "applied", outcome.message
    assert outcome.verification == "refused", outcome
    assert outcome.refused_now is not None
    assert "An admin must decide" in outcome.message, outcome.message


async def test_one_read_that_fails_inside_the_check_never_takes_a_lawful_forwarding_back(
    ctx: ActionContext, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Red team 57 F1: a read that fails inside the check (a 500 on the target's Inbox rules, a sub-response
    missing from a $batch) comes back as a refusal, not an error. Once, right after the write, it must not
    undo a forwarding the tenant holds lawfully: only two reads in a row that refuse take it back."""
    real = FORWARDING.preflight
    calls = 0

    async def one_bad_read(ctx: ActionContext, step: EmailForwardingInternal) -> Preflight:
        nonlocal calls
        calls += 1
        if calls == 2:  # the first read after the write
            return Refusal(reason="could not read the Inbox rules of chris.lee@acme.com (500)")
        return await real(ctx, step)

    monkeypatch.setattr(FORWARDING, "preflight", one_bad_read)
    outcome = await execute(
        FORWARDING, ctx, EmailForwardingInternal(change="set", mailbox=SARAH, forward_to=CHRIS)
    )
    assert calls >= 3
    assert outcome.status == "applied", outcome.message
    assert "took it back" not in outcome.message
    settle(tenant)
    sarah = tenant.find(SARAH)
    assert sarah is not None
    chris = tenant.find(CHRIS)
    assert chris is not None
    assert sarah.forwarding_address == chris.id  # still forwarded to Chris
