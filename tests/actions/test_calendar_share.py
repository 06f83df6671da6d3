"""Calendar sharing end to end: calendar_share against the emulated Acme tenant over HTTPS."""

from __future__ import annotations

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.calendar_share import ACTION
from mailwarden.emulator.state import TenantState
from mailwarden.errors import Rejected
from mailwarden.model.changes import Change
from mailwarden.model.steps import CalendarShare

pytestmark = pytest.mark.anyio


def _grant(owner: str, grantee: str, access: str) -> CalendarShare:
    return CalendarShare.model_validate(
        {"change": "grant", "owner": owner, "grantee": grantee, "access": access}
    )


def _revoke(owner: str, grantee: str) -> CalendarShare:
    return CalendarShare(change="revoke", owner=owner, grantee=grantee)


def _calendar(tenant: TenantState, owner: str) -> dict[str, list[str]]:
    """The owner's calendar entries in the tenant: grantee's primary address → access rights."""
    box = tenant.find(owner)
    assert box is not None
    return {
        tenant.recipients[e.user].primary_smtp: e.access_rights
        for e in box.calendar
        if e.user in tenant.recipients
    }


async def test_grant_then_revoke_shows_in_the_calendar_permissions(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """A reviewer grant adds a Reviewer entry on Sarah's calendar; the revoke removes it."""
    start = len(tenant.data.journal)

    granted = await execute(ACTION, ctx, _grant("sarah@acme.com", "john@acme.com", "reviewer"))
    assert granted.status == "applied", granted.message
    assert (
        granted.message
        == "John Miller will have Reviewer (read-only, all details) access to Sarah Connor's calendar."
    )
    assert _calendar(tenant, "sarah@acme.com") == {"john@acme.com": ["Reviewer"]}

    revoked = await execute(ACTION, ctx, _revoke("sarah@acme.com", "john@acme.com"))
    assert revoked.status == "applied", revoked.message
    assert _calendar(tenant, "sarah@acme.com") == {}
    assert [e.operation for e in tenant.data.journal[start:]] == [
        "Add-MailboxFolderPermission",
        "Remove-MailboxFolderPermission",
    ]


@pytest.mark.parametrize(
    ("access", "rights"),
    [("availability_only", "AvailabilityOnly"), ("limited_details", "LimitedDetails"), ("editor", "Editor")],
)
async def test_each_level_maps_to_its_exchange_role(
    ctx: ActionContext, tenant: TenantState, access: str, rights: str
) -> None:
    """Free/busy, limited details and editor become Exchange's AvailabilityOnly, LimitedDetails and Editor."""
    outcome = await execute(ACTION, ctx, _grant("jane.doe@acme.com", "mike.smith@acme.com", access))

    assert outcome.status == "applied", outcome.message
    assert _calendar(tenant, "jane.doe@acme.com") == {"mike.smith@acme.com": [rights]}


async def test_a_different_level_is_changed_and_the_preview_shows_the_old_one(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Ava has Reviewer on Priya's calendar; granting editor sets the entry, and before shows reviewer."""
    outcome = await execute(ACTION, ctx, _grant("priya.patel@acme.com", "ava.johnson@acme.com", "editor"))

    assert outcome.status == "applied", outcome.message
    assert isinstance(outcome.change, Change)
    assert (outcome.change.before, outcome.change.after) == ({"access": "reviewer"}, {"access": "editor"})
    assert any("replaces Ava Johnson's current Reviewer" in w for w in outcome.change.warnings)
    assert _calendar(tenant, "priya.patel@acme.com") == {"ava.johnson@acme.com": ["Editor"]}
    assert tenant.data.journal[-1].operation == "Set-MailboxFolderPermission"


@pytest.mark.reads_only
async def test_the_same_level_twice_says_already(ctx: ActionContext, tenant: TenantState) -> None:
    """Maria already has Editor on Olivia's calendar: nothing is written."""
    start = len(tenant.data.journal)

    outcome = await execute(ACTION, ctx, _grant("olivia.martin@acme.com", "maria.garcia@acme.com", "editor"))

    assert outcome.status == "already"
    assert outcome.message == (
        "Maria Garcia already has Editor (can create, change and delete events) access to "
        "Olivia Martin's calendar."
    )
    assert len(tenant.data.journal) == start


async def test_revoking_twice_says_already_the_second_time(ctx: ActionContext, tenant: TenantState) -> None:
    """After Maria's entry is removed, a second revoke changes nothing."""
    assert (
        await execute(ACTION, ctx, _revoke("olivia.martin@acme.com", "maria.garcia@acme.com"))
    ).status == "applied"
    start = len(tenant.data.journal)

    again = await execute(ACTION, ctx, _revoke("olivia.martin@acme.com", "maria.garcia@acme.com"))

    assert again.status == "already"
    assert again.message == "Maria Garcia already has no access to Olivia Martin's calendar."
    assert len(tenant.data.journal) == start


async def test_two_people_named_alex_kim_are_told_apart(ctx: ActionContext, tenant: TenantState) -> None:
    """An entry for one Alex Kim is not taken for the other, though Exchange prints both as 'Alex Kim'."""
    assert (
        await execute(ACTION, ctx, _grant("david.chen@acme.com", "alex.kim@acme.com", "reviewer"))
    ).status == ("applied")

    other = await ACTION.preflight(ctx, _grant("david.chen@acme.com", "alexander.kim@acme.co.uk", "reviewer"))
    assert isinstance(other, Change)
    assert (other.already, other.before) == (False, {"access": None})
    assert (
        await execute(ACTION, ctx, _grant("david.chen@acme.com", "alexander.kim@acme.co.uk", "editor"))
    ).status == ("applied")
    assert (
        await execute(ACTION, ctx, _revoke("david.chen@acme.com", "alex.kim@acme.com"))
    ).status == "applied"

    assert _calendar(tenant, "david.chen@acme.com") == {"alexander.kim@acme.co.uk": ["Editor"]}


async def test_a_localized_calendar_folder_is_found(ctx: ActionContext, tenant: TenantState) -> None:
    """A mailbox whose calendar is named 'Kalender' is shared through that folder."""
    box = tenant.find("sam.taylor@acme.co.uk")
    assert box is not None
    box.calendar_folder_name = "Kalender"

    outcome = await execute(
        ACTION, ctx, _grant("sam.taylor@acme.co.uk", "priya.patel@acme.com", "limited_details")
    )

    assert outcome.status == "applied", outcome.message
    assert _calendar(tenant, "sam.taylor@acme.co.uk") == {"priya.patel@acme.com": ["LimitedDetails"]}


@pytest.mark.reads_only
@pytest.mark.parametrize(
    ("step", "reason"),
    [
        (
            _grant("sarah@acme.com", "vera@vendorco.example", "reviewer"),
            "Vera Vendor (vera@vendorco.example) is outside",
        ),
        (
            _grant("sarah@acme.com", "john@partnerfirm.example", "reviewer"),
            "John Partner (john@partnerfirm.example) is out",
        ),
        (
            _grant("sarah@acme.com", "pat.gone@acme.com", "reviewer"),
            "Former Employee (pat.gone@acme.com) is a disabled",
        ),
        (
            _grant("sarah@acme.com", "support@acme.com", "reviewer"),
            "Support (support@acme.com) is a shared mailbox",
        ),
        (
            _grant("all-sales@acme.com", "john@acme.com", "reviewer"),
            "all-sales (all-sales@acme.com) is a distribution",
        ),
        (
            _grant("sarah@acme.com", "sarah@acme.com", "reviewer"),
            "Sarah Connor (sarah@acme.com) owns this calendar",
        ),
    ],
    ids=["guest", "contact", "disabled", "not-a-person", "owner-not-a-mailbox", "self"],
)
async def test_refusals_name_the_reason_and_change_nothing(
    ctx: ActionContext, tenant: TenantState, step: CalendarShare, reason: str
) -> None:
    """Outsiders, disabled accounts and non-people cannot be granted; the owner must be a mailbox."""
    start = len(tenant.data.journal)

    outcome = await execute(ACTION, ctx, step)

    assert outcome.status == "refused"
    assert outcome.message.startswith(reason), outcome.message
    assert len(tenant.data.journal) == start


@pytest.mark.parametrize(
    "step",
    [
        _grant("sarah@acme.com", "john@acme.com", "reviewer"),
        _grant("priya.patel@acme.com", "ava.johnson@acme.com", "availability_only"),
        _revoke("olivia.martin@acme.com", "maria.garcia@acme.com"),
    ],
    ids=["new-grant", "level-change", "revoke"],
)
async def test_revert_restores_the_calendar_permissions_exactly(
    ctx: ActionContext, tenant: TenantState, step: CalendarShare
) -> None:
    """Undo removes a new entry, or puts back the level the grantee had."""
    before = _calendar(tenant, step.owner)
    outcome = await execute(ACTION, ctx, step)
    assert outcome.status == "applied", outcome.message
    assert isinstance(outcome.change, Change)
    assert _calendar(tenant, step.owner) != before

    undo = ACTION.revert(step, outcome.change)
    assert undo is not None
    assert (await execute(ACTION, ctx, undo)).status == "applied"
    assert _calendar(tenant, step.owner) == before


@pytest.mark.parametrize(
    ("grantee", "refusal"),
    [
        ("all-sales@acme.com", "all-sales (all-sales@acme.com) is a distribution list"),
        ("project-phoenix@acme.com", "Project Phoenix (project-phoenix@acme.com) is a Microsoft 365 group"),
    ],
    ids=["distribution-list", "microsoft-365-group"],
)
async def test_a_group_grantee_is_refused_before_exchange_is_asked(
    ctx: ActionContext, tenant: TenantState, grantee: str, refusal: str
) -> None:
    """A list or a Microsoft 365 group is no grantee of a calendar share: the preview refuses it with the
    reason, and nothing changes (Exchange would refuse them too: they are no security principals)."""
    start = len(tenant.data.journal)

    outcome = await execute(ACTION, ctx, _grant("sarah@acme.com", grantee, "reviewer"))

    assert outcome.status == "refused"
    assert outcome.message == f"{refusal}; a grantee must be a person."
    assert _calendar(tenant, "sarah@acme.com") == {}
    assert len(tenant.data.journal) == start


async def test_exchange_refusing_a_list_as_grantee_reaches_the_client_as_a_clear_error(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Past the preview (a caller of the connector), Exchange's refusal of a distribution list arrives as a
    Rejected error quoting Exchange's sentence, not as a traceback, and the calendar is unchanged."""
    folder = await ctx.clients.exchange.calendar_folder("sarah@acme.com")

    with pytest.raises(Rejected) as refused:
        await ctx.clients.exchange.add_folder_permission(folder, "all-sales@acme.com", "Reviewer")

    assert 'The user "all-sales@acme.com" is either not valid SMTP address' in str(refused.value)
    assert _calendar(tenant, "sarah@acme.com") == {}


async def test_a_mail_enabled_security_group_is_shared_with_changed_and_revoked(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Exchange grants a mail-enabled security group folder permissions as it grants a mailbox: the preview
    says every member gets the access, the level is changed in place (Set, by the group's identity, the
    entry printing "Finance Team"), the revoke removes it, and each step is found done afterwards."""
    start = len(tenant.data.journal)
    grant = _grant("sarah@acme.com", "finance-team@acme.com", "reviewer")

    granted = await execute(ACTION, ctx, grant)
    assert granted.status == "applied", granted.message
    assert isinstance(granted.change, Change)
    assert (
        "Everyone in Finance Team, and whoever joins it later, gets this access." in granted.change.warnings
    )
    assert _calendar(tenant, "sarah@acme.com") == {"finance-team@acme.com": ["Reviewer"]}
    again = await ACTION.preflight(ctx, grant)
    assert isinstance(again, Change)
    assert again.already

    changed = await execute(ACTION, ctx, _grant("sarah@acme.com", "finance-team@acme.com", "editor"))
    assert changed.status == "applied", changed.message
    assert isinstance(changed.change, Change)
    assert changed.change.before == {"access": "reviewer"}
    assert _calendar(tenant, "sarah@acme.com") == {"finance-team@acme.com": ["Editor"]}

    revoked = await execute(ACTION, ctx, _revoke("sarah@acme.com", "finance-team@acme.com"))
    assert revoked.status == "applied", revoked.message
    assert _calendar(tenant, "sarah@acme.com") == {}
    assert [e.operation for e in tenant.data.journal[start:]] == [
        "Add-MailboxFolderPermission",
        "Set-MailboxFolderPermission",
        "Remove-MailboxFolderPermission",
    ]
