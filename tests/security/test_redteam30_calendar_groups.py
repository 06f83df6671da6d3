"""Red team 30: a calendar shared with a mail-enabled security group (emu5) is shared with everyone in it,
through nesting. An employee shares their own calendar with no approval, and only with an enabled person
of the organisation (access-only-for-active-colleagues); a group must not carry the calendar past that
rule to a guest, a disabled account or a shared mailbox inside it (as a group trustee of Full Access may
not: test_group_trustees.py). The group is read when the step runs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.calendar_share import ACTION
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change
from mailwarden.model.recipients import RecipientKind
from mailwarden.model.steps import CalendarShare
from tests.conftest import discovered_context, settle
from tests.security.other_admin import OtherAdmin

pytestmark = pytest.mark.anyio

TEAM = "finance-team@acme.com"
RACHEL = "rachel.green@acme.com"
JANE, AVA, KEN = "jane.doe@acme.com", "ava.johnson@acme.com", "ken.adams@acme.com"
Replicated = Callable[[], Awaitable[None]]


def _share(access: str = "editor") -> CalendarShare:
    return CalendarShare(change="grant", owner=RACHEL, grantee=TEAM, access=access)  # type: ignore[arg-type]


async def _refused(ctx: ActionContext, tenant: TenantState, step: CalendarShare) -> str:
    journal = len(tenant.data.journal)
    outcome = await execute(ACTION, ctx, step)
    assert outcome.status == "refused", outcome.message
    assert len(tenant.data.journal) == journal
    return outcome.message


async def test_a_group_of_colleagues_may_have_the_calendar(ctx: ActionContext) -> None:
    preview = await ACTION.preflight(ctx, _share("reviewer"))
    assert isinstance(preview, Change), preview
    assert any("Everyone in Finance Team" in w for w in preview.warnings), preview.warnings


@pytest.mark.parametrize(
    ("member", "named"),
    [
        ("vera@vendorco.example", "guest Vera Vendor"),
        ("external-contractors@acme.com", "Vera Vendor (vera@vendorco.example) (via the nested list"),
        ("pat.gone@acme.com", "pat.gone@acme.com"),
    ],
)
async def test_a_guest_in_the_group_does_not_get_the_calendar(
    ctx: ActionContext, tenant: TenantState, member: str, named: str
) -> None:
    await ctx.clients.exchange.add_distribution_group_member(TEAM, member)
    settle(tenant)  # put in the group a while before the share runs, not inside the reads' lag
    reason = await _refused(ctx, tenant, _share())
    assert named in reason, reason


async def test_a_shared_mailbox_in_the_group_does_not_get_the_calendar(
    ctx: ActionContext, tenant: TenantState
) -> None:
    await ctx.clients.exchange.add_distribution_group_member(TEAM, "support@acme.com")
    settle(tenant)  # put in the group a while before the share runs, not inside the reads' lag
    reason = await _refused(ctx, tenant, _share("reviewer"))
    assert "support@acme.com" in reason, reason


async def test_a_group_named_as_a_person_is_not_taken_for_her(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """A security group whose display name is 'Ava Johnson' holds Editor on Jane's calendar. Revoking the
    person Ava's share (she has none) must not remove the group's, and granting her Reviewer gives her an
    entry of her own, leaving the group's Editor as it was."""
    other = OtherAdmin(tenant)
    other.exchange(
        "New-DistributionGroup", Name="Ava Twin", DisplayName="Ava Johnson", Type="Security", Members=[KEN]
    )
    await replicated()
    fresh = await discovered_context(ctx.clients)
    twin = next(
        r for r in fresh.directory.named("Ava Johnson") if r.kind is RecipientKind.MAIL_ENABLED_SECURITY
    )
    shared = await execute(
        ACTION,
        fresh,
        CalendarShare(change="grant", owner=JANE, grantee=twin.primary_address, access="editor"),
    )
    assert shared.status == "applied", shared.message
    await replicated()
    fresh = await discovered_context(ctx.clients)

    def entries() -> dict[str, list[str]]:
        rows = other.exchange("Get-MailboxFolderPermission", Identity=f"{JANE}:\\Calendar")["value"]
        return {str(r["User"]): list(r["AccessRights"]) for r in rows}

    revoke = await execute(ACTION, fresh, CalendarShare(change="revoke", owner=JANE, grantee=AVA))
    assert revoke.status == "already", revoke.message
    await replicated()
    assert entries().get("Ava Johnson") == ["Editor"], entries()
    grant = await execute(
        ACTION, fresh, CalendarShare(change="grant", owner=JANE, grantee=AVA, access="reviewer")
    )
    assert grant.status == "applied", grant.message
    await replicated()
    rows = other.exchange("Get-MailboxFolderPermission", Identity=f"{JANE}:\\Calendar")["value"]
    rights = sorted(tuple(r["AccessRights"]) for r in rows if r["User"] == "Ava Johnson")
    assert rights == [("Editor",), ("Reviewer",)], rows
