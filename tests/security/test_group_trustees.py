"""Attacks on a group as trustee: every way a group could carry mailbox access past the people it names.

A group stands for everyone in it, through nesting, as the tenant holds it when the step runs. Each test
builds its trap with the emulator's own write cmdlets (what another admin would do), then asks for Full
Access or Send As for the group: the step must be refused naming the member responsible, and the tenant
must stay as it was. The emulator itself must refuse what Exchange refuses.
"""

from __future__ import annotations

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.mailbox_delegation import ACTION as FULL_ACCESS
from mailwarden.actions.send_as import ACTION as SEND_AS
from mailwarden.emulator.state import TenantState
from mailwarden.errors import TenantError
from mailwarden.model.changes import Change
from mailwarden.model.steps import MailboxDelegation, SendAs
from mailwarden.policy import PolicyEngine
from tests.conftest import settle
from tests.policy.acme import address, org

pytestmark = pytest.mark.anyio

TEAM = "finance-team@acme.com"


def _grant(trustee: str = TEAM) -> MailboxDelegation:
    return MailboxDelegation(change="grant", mailbox="support@acme.com", trustee=trustee)


async def _refused(ctx: ActionContext, tenant: TenantState, step: MailboxDelegation | SendAs) -> str:
    """Run the step; assert it was refused and wrote nothing; return the reason."""
    journal = len(tenant.data.journal)
    action = FULL_ACCESS if isinstance(step, MailboxDelegation) else SEND_AS
    outcome = await execute(action, ctx, step)  # type: ignore[arg-type]
    assert outcome.status == "refused", outcome.message
    assert len(tenant.data.journal) == journal
    return outcome.message


async def _add(ctx: ActionContext, tenant: TenantState, group: str, member: str) -> None:
    """Another admin's trap, set a while before the step runs (settled: not inside the reads' lag)."""
    await ctx.clients.exchange.add_distribution_group_member(group, member)
    settle(tenant)


async def test_a_guest_in_the_group_is_refused_naming_her(ctx: ActionContext, tenant: TenantState) -> None:
    await _add(ctx, tenant, TEAM, "vera@vendorco.example")
    reason = await _refused(ctx, tenant, _grant())
    assert "the list Finance Team contains guest Vera Vendor (vera@vendorco.example)" in reason, reason


async def test_a_guest_two_lists_down_is_found_and_the_way_in_named(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """External-Contractors (holding the guest Vera) nested in Finance Team: Send As is refused too."""
    await _add(ctx, tenant, TEAM, "external-contractors@acme.com")
    reason = await _refused(ctx, tenant, SendAs(change="grant", mailbox="support@acme.com", trustee=TEAM))
    assert (
        "contains guest Vera Vendor (vera@vendorco.example) (via the nested list External-Contractors)"
        in (reason)
    ), reason


@pytest.mark.parametrize(
    ("member", "named"),
    [
        ("john@partnerfirm.example", "contact John Partner"),
        ("pat.gone@acme.com", "disabled account Former Employee (pat.gone@acme.com)"),
        ("support@acme.com", "shared mailbox Support (support@acme.com)"),
    ],
)
async def test_a_member_who_is_no_active_colleague_is_refused(
    ctx: ActionContext, tenant: TenantState, member: str, named: str
) -> None:
    """A contact, a disabled account or a shared mailbox in the group: refused, naming it."""
    await _add(ctx, tenant, TEAM, member)
    reason = await _refused(ctx, tenant, _grant())
    assert named in reason, reason


async def test_a_dynamic_list_inside_the_group_is_refused(ctx: ActionContext, tenant: TenantState) -> None:
    """A dynamic list's members are picked only when mail is sent: nobody can check who it stands for."""
    await ctx.clients.exchange.invoke(
        "New-DynamicDistributionGroup",
        {"Name": "Everyone", "RecipientFilter": "RecipientType -eq 'UserMailbox'"},
    )
    await _add(ctx, tenant, TEAM, "everyone@acme.com")
    reason = await _refused(ctx, tenant, _grant())
    assert "dynamic distribution list" in reason, reason


async def test_a_member_added_after_the_preview_counts(ctx: ActionContext, tenant: TenantState) -> None:
    """The group is read again when the step runs: a guest slipped in after the preview stops it."""
    assert isinstance(await FULL_ACCESS.preflight(ctx, _grant()), Change)
    await _add(ctx, tenant, TEAM, "vera@vendorco.example")
    reason = await _refused(ctx, tenant, _grant())
    assert "Vera Vendor" in reason


async def test_the_emulator_refuses_a_plain_list_as_exchange_does(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Sent straight to the admin API, a non-security list as -User or -Trustee fails with Exchange's own
    sentence; a mail-enabled security group is accepted."""
    exchange = ctx.clients.exchange
    for write in (exchange.add_mailbox_permission, exchange.add_recipient_permission):
        with pytest.raises(TenantError, match="is either not valid SMTP address, or there is no matching"):
            await write("support@acme.com", "all-sales@acme.com")
    await exchange.add_mailbox_permission("support@acme.com", TEAM)
    await exchange.add_recipient_permission("support@acme.com", TEAM)
    team = tenant.find(TEAM)
    support = tenant.find("support@acme.com")
    assert team is not None
    assert support is not None
    assert team.id in {g.trustee_id for g in support.full_access}


@pytest.mark.parametrize(
    ("requester", "mailbox", "outcome"),
    [("grace", "support", "allowed"), ("mike", "finance", "denied"), ("christine", "finance", "denied")],
)
def test_only_an_admin_may_give_a_group_access(requester: str, mailbox: str, outcome: str) -> None:
    """An employee, even the group's owner (Mike) or a member (Christine), may not grant it access."""
    for step in (
        MailboxDelegation(change="grant", mailbox=address(mailbox), trustee=TEAM),
        SendAs(change="grant", mailbox=address(mailbox), trustee=TEAM),
    ):
        assert PolicyEngine().decide(org("acme"), address(requester), step).outcome == outcome
