"""Attacks on "internal" forwarding: every way mail forwarded to a recipient inside could still leave.

Each test builds its trap through the emulator's own write APIs (the cmdlets and Graph calls another
admin would use), then asks mailwarden to forward a mailbox into it. Forwarding must be refused with a
reason that names the member responsible, and the tenant must stay as it was.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.email_forwarding_internal import ACTION
from mailwarden.directory.reach import mail_reach
from mailwarden.emulator.state import Recipient as EmulatedRecipient
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import EmailForwardingInternal
from tests.conftest import discovered_context
from tests.security._flow import approved_forwarding

pytestmark = pytest.mark.anyio

Replicated = Callable[[], Awaitable[None]]
"""Waits until reads show the setup's writes: the trap stands for a tenant as another admin left it long
before the forwarding is asked for (under --replication-lag it would still be lagging)."""


def _set(mailbox: str, forward_to: str) -> EmailForwardingInternal:
    return EmailForwardingInternal(change="set", mailbox=mailbox, forward_to=forward_to)


def _forwarding(tenant: TenantState, mailbox: str) -> tuple[Any, ...]:
    box = tenant.find(mailbox)
    assert box is not None
    return (box.forwarding_address, box.forwarding_smtp_address, box.deliver_to_mailbox_and_forward)


async def _refused(ctx: ActionContext, tenant: TenantState, mailbox: str, forward_to: str) -> str:
    """Run the step; assert it was refused and changed nothing; return the reason."""
    before = _forwarding(tenant, mailbox)
    journal = len(tenant.data.journal)
    outcome = await execute(ACTION, ctx, _set(mailbox, forward_to))
    assert outcome.status == "refused", outcome.message
    assert _forwarding(tenant, mailbox) == before
    assert len(tenant.data.journal) == journal
    return outcome.message


async def _new_list(ctx: ActionContext, name: str, members: list[str]) -> None:
    await ctx.clients.exchange.new_distribution_group(name, members=members)


async def test_a_list_with_a_guest_member_is_refused_naming_the_guest(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """External-Contractors holds the guest Vera: forwarding to the 'internal' list is refused, naming her."""
    reason = await _refused(ctx, tenant, "sarah@acme.com", "external-contractors@acme.com")

    assert "the list External-Contractors contains guest Vera Vendor (vera@vendorco.example)" in reason


async def test_a_guest_in_a_nested_list_is_refused_naming_the_way_in(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """A guest two lists down is found, and the refusal says through which nested list."""
    await ctx.clients.exchange.add_distribution_group_member("contractors@acme.com", "vera@vendorco.example")
    await _new_list(ctx, "FieldOps", ["tom.becker@acme.com", "contractors@acme.com"])
    await replicated()
    ctx = await discovered_context(ctx.clients)

    reason = await _refused(ctx, tenant, "sarah@acme.com", "fieldops@acme.com")

    assert (
        "the list FieldOps contains guest Vera Vendor (vera@vendorco.example) "
        "(via the nested list Contractors)" in reason
    ), reason


async def test_a_dynamic_list_directly_or_nested_is_refused(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """A dynamic list's members are picked only when mail is sent, so it cannot be checked: refused."""
    await ctx.clients.exchange.invoke(
        "New-DynamicDistributionGroup", {"Name": "Everyone", "IncludedRecipients": ["AllRecipients"]}
    )
    await _new_list(ctx, "Announcements", ["jane.doe@acme.com", "everyone@acme.com"])
    await replicated()
    ctx = await discovered_context(ctx.clients)

    nested = await _refused(ctx, tenant, "sarah@acme.com", "announcements@acme.com")
    direct = await _refused(ctx, tenant, "sarah@acme.com", "everyone@acme.com")

    assert "the list Announcements contains dynamic distribution list Everyone (everyone@acme.com)" in nested
    assert "dynamic distribution list" in direct, direct


async def test_a_target_that_forwards_outside_is_refused(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """Chris forwards by SMTP to an outside address: forwarding Sarah's mail to Chris would leak it."""
    await ctx.clients.exchange.set_mailbox("chris.lee@acme.com", ForwardingSmtpAddress="chris@gmail.example")
    await replicated()

    reason = await _refused(ctx, tenant, "sarah@acme.com", "chris.lee@acme.com")

    assert (
        "the mailbox Chris Lee (chris.lee@acme.com) forwards to address outside the organisation "
        "chris@gmail.example" in reason
    ), reason


async def test_a_list_member_that_forwards_to_a_contact_is_refused(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """A member of a clean list forwards to a contact: the chain through the list is followed and named."""
    await ctx.clients.exchange.set_mailbox(
        "tom.becker@acme.com", ForwardingAddress="john@partnerfirm.example"
    )
    await _new_list(ctx, "SupportCrew", ["chris.lee@acme.com", "tom.becker@acme.com"])
    await replicated()
    ctx = await discovered_context(ctx.clients)

    reason = await _refused(ctx, tenant, "sarah@acme.com", "supportcrew@acme.com")

    assert "the list SupportCrew reaches contact John Partner (john@partnerfirm.example)" in reason, reason
    assert "via the mailbox Tom Becker (tom.becker@acme.com), which forwards there" in reason, reason


async def test_a_contact_in_a_list_is_refused(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """A contact added to a list makes the list a way outside."""
    await ctx.clients.exchange.add_distribution_group_member("marketing@acme.com", "john@partnerfirm.example")
    await replicated()
    reason = await _refused(ctx, tenant, "sarah@acme.com", "marketing@acme.com")

    assert "contains contact John Partner (john@partnerfirm.example)" in reason, reason


async def test_a_mail_user_is_refused_directly_and_in_a_list(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """A mail user has an address in the tenant's domain but its mail goes outside: Graph calls it a member
    user, Exchange tells the truth, and forwarding to it (or to a list holding it) is refused."""
    with tenant.transaction():
        tenant.add_recipient(
            EmulatedRecipient(
                id="5b1f3c1e-7d0c-4f55-9f5e-0c7f4d3a2b10",
                kind="MailUser",
                display_name="Casey Consultant",
                alias="casey",
                primary_smtp="casey@acme.com",
                email_addresses=["SMTP:casey@acme.com"],
                external_address="casey@consultancy.example",
                user_principal_name="casey@acme.com",
            )
        )
    await _new_list(ctx, "Advisers", ["olivia.martin@acme.com", "casey@acme.com"])
    await replicated()
    ctx = await discovered_context(ctx.clients)

    direct = await _refused(ctx, tenant, "sarah@acme.com", "casey@acme.com")
    listed = await _refused(ctx, tenant, "sarah@acme.com", "advisers@acme.com")

    assert "Casey Consultant (casey@acme.com) is a mail user" in direct, direct
    assert (
        "contains mail user Casey Consultant (casey@acme.com), whose mail goes on to an outside address"
        in listed
    ), listed


async def test_a_disabled_account_in_a_list_is_refused(ctx: ActionContext, tenant: TenantState) -> None:
    """all-sales still holds a former employee's disabled account: nobody reads what lands there."""
    reason = await _refused(ctx, tenant, "sarah@acme.com", "all-sales@acme.com")

    assert "contains disabled account Former Employee (pat.gone@acme.com)" in reason, reason


async def test_a_forwarding_loop_is_refused(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """Chris forwards to Tom, who forwards to Sarah: forwarding Sarah to Chris would close a loop."""
    await ctx.clients.exchange.set_mailbox("chris.lee@acme.com", ForwardingAddress="tom.becker@acme.com")
    await ctx.clients.exchange.set_mailbox("tom.becker@acme.com", ForwardingAddress="sarah@acme.com")
    await replicated()

    reason = await _refused(ctx, tenant, "sarah@acme.com", "chris.lee@acme.com")

    assert "leads back to Sarah Connor (sarah@acme.com), so mail would go round in a loop" in reason, reason


async def test_nested_lists_that_contain_each_other_are_walked_once(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """Two lists nested in each other end the walk (no endless expansion) and, all inside, are allowed."""
    await _new_list(ctx, "LoopA", ["chris.lee@acme.com"])
    await _new_list(ctx, "LoopB", ["tom.becker@acme.com", "loopa@acme.com"])
    await ctx.clients.exchange.add_distribution_group_member("loopa@acme.com", "loopb@acme.com")
    await replicated()
    ctx = await discovered_context(ctx.clients)

    change = await ACTION.preflight(ctx, _set("sarah@acme.com", "loopa@acme.com"))

    assert isinstance(change, Change), change
    assert "Forwarded mail reaches 2 mailboxes through LoopA (nested lists and forwarding included)." in (
        change.warnings
    )


async def test_a_guest_in_a_microsoft_365_group_is_refused(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """Members of a Microsoft 365 group are read through Graph: a guest added there is found."""
    vera = "6202e8d4-bb25-50b8-a281-4c02cd470ad4"
    phoenix = "df11c4aa-8c17-5f71-8678-139e799a0414"
    assert isinstance(await ACTION.preflight(ctx, _set("sarah@acme.com", "project-phoenix@acme.com")), Change)
    await ctx.clients.graph.add_group_member(phoenix, vera)
    await replicated()

    reason = await _refused(ctx, tenant, "sarah@acme.com", "project-phoenix@acme.com")

    assert "the Microsoft 365 group Project Phoenix contains guest Vera Vendor" in reason, reason


async def test_the_walk_is_bounded_with_a_clear_refusal(ctx: ActionContext) -> None:
    """Past its bound the walk stops and says so, rather than reading an unbounded tree."""
    reach = await mail_reach(ctx.clients, "all-hands@acme.com", limit=3)

    assert reach.blocked is not None
    assert "reaches more than 3 recipients, more than mailwarden checks" in reach.blocked.sentence()


async def test_a_guest_added_after_approval_stops_the_forwarding(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """Sarah's manager approves forwarding to a clean list; a guest joins it; the step does not run."""
    await _new_list(ctx, "NightShift", ["chris.lee@acme.com", "tom.becker@acme.com"])
    await replicated()
    ctx = await discovered_context(ctx.clients)
    async with approved_forwarding(ctx, "sarah@acme.com", "nightshift@acme.com") as run:
        await ctx.clients.exchange.add_distribution_group_member(
            "nightshift@acme.com", "vera@vendorco.example"
        )
        await replicated()
        view = await run()

    assert view.state is RequestState.FAILED, view.state
    step = view.steps[0]
    assert step.status == "refused"
    # Sarah may not view the list, so her request says it is refused without naming who blocks it.
    assert "now reaches a recipient outside the organisation" in str((step.outcome or {}).get("message"))
    assert "vera" not in str(step.outcome).lower()
    assert _forwarding(tenant, "sarah@acme.com") == (None, None, False)
