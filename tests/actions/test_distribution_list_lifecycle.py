"""Creating and deleting lists end to end: distribution_list_lifecycle against the emulated Acme tenant."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.distribution_list_lifecycle import ACTION
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change
from mailwarden.model.steps import DistributionListLifecycle

pytestmark = pytest.mark.anyio


def _create(group: str, *members: str, display_name: str | None = None) -> DistributionListLifecycle:
    return DistributionListLifecycle(change="create", group=group, display_name=display_name, members=members)


def _delete(group: str) -> DistributionListLifecycle:
    return DistributionListLifecycle(change="delete", group=group)


def _members(tenant: TenantState, group: str) -> set[str]:
    found = tenant.find(group)
    assert found is not None
    return {tenant.recipients[i].primary_smtp for i in found.members}


async def test_create_makes_a_distribution_list_with_its_members(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """A new list exists in the tenant with its display name, address and members, made by Exchange."""
    start = len(tenant.data.journal)
    step = _create("launch-team@acme.com", "jane.doe@acme.com", "john@acme.com", display_name="Launch Team")

    outcome = await execute(ACTION, ctx, step)

    assert outcome.status == "applied", outcome.message
    assert (
        outcome.message
        == "A distribution list 'Launch Team' (launch-team@acme.com) will be created with 2 members."
    )
    made = tenant.find("launch-team@acme.com")
    assert made is not None
    assert (made.kind, made.display_name, made.email_addresses) == (
        "MailUniversalDistributionGroup",
        "Launch Team",
        # with the address Exchange Online gives every new list in the tenant's initial domain
        ["SMTP:launch-team@acme.com", "smtp:launch-team@acmecorp.onmicrosoft.com"],
    )
    assert _members(tenant, "launch-team@acme.com") == {"jane.doe@acme.com", "john@acme.com"}
    assert [(e.api, e.operation) for e in tenant.data.journal[start:]] == [
        ("exchange", "New-DistributionGroup")
    ]


async def test_creating_twice_says_already_and_makes_one_list(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """The second identical create finds the list there and writes nothing."""
    step = _create("launch-team@acme.com", "jane.doe@acme.com")
    assert (await execute(ACTION, ctx, step)).status == "applied"
    start = len(tenant.data.journal)

    again = await execute(ACTION, ctx, step)

    assert again.status == "already"
    assert again.message == "The distribution list launch-team@acme.com already exists."
    assert len(tenant.data.journal) == start


@pytest.mark.reads_only
@pytest.mark.parametrize(
    ("step", "reason"),
    [
        (
            _create("team@newacme.com"),
            "team@newacme.com cannot be used: the domain newacme.com is not verified",
        ),
        (_create("helpdesk@acme.com"), "helpdesk@acme.com is already used by Support (support@acme.com)"),
        (
            _create("john.miller@acme.com"),
            "john.miller@acme.com is already used by John Miller (john@acme.com)",
        ),
        (
            _create("all-sales@acme.co.uk", "vera@vendorco.example"),
            "Vera Vendor (vera@vendorco.example) is outside",
        ),
        (
            _create("all-sales@acme.co.uk", "pat.gone@acme.com"),
            "Former Employee (pat.gone@acme.com) is a disabled",
        ),
        (_create("Launch Team"), "'Launch Team' is not an email address"),
    ],
    ids=[
        "unverified-domain",
        "shared-mailbox-secondary",
        "user-secondary",
        "guest-member",
        "disabled",
        "no-address",
    ],
)
async def test_create_is_refused_with_the_reason(
    ctx: ActionContext, tenant: TenantState, step: DistributionListLifecycle, reason: str
) -> None:
    """An unverified domain, a taken address or a member outside the organisation stops the create."""
    start = len(tenant.data.journal)

    outcome = await execute(ACTION, ctx, step)

    assert outcome.status == "refused"
    assert outcome.message.startswith(reason), outcome.message
    assert len(tenant.data.journal) == start


async def test_delete_removes_the_list_and_twice_says_already(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Deleting Marketing takes it out of the tenant; deleting it again changes nothing."""
    deleted = await execute(ACTION, ctx, _delete("marketing@acme.com"))
    assert deleted.status == "applied", deleted.message
    assert deleted.message.startswith("The distribution list Marketing (marketing@acme.com) will be deleted")
    assert tenant.find("marketing@acme.com") is None

    again = await execute(ACTION, ctx, _delete("marketing@acme.com"))
    assert again.status == "already"
    assert "nothing to delete" in again.message


async def test_delete_is_refused_while_a_mailbox_forwards_to_the_list(
    ctx: ActionContext, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """A list some mailbox forwards to stays, and the refusal names the mailbox."""
    await ctx.clients.exchange.set_mailbox("careers@acme.com", ForwardingAddress="all-hands@acme.com")
    await replicated()

    outcome = await execute(ACTION, ctx, _delete("all-hands@acme.com"))

    assert outcome.status == "refused"
    assert outcome.message.startswith(
        "All Hands (all-hands@acme.com) cannot be deleted: Careers (careers@acme.com) forwards mail to it"
    )
    assert tenant.find("all-hands@acme.com") is not None


async def test_delete_of_a_list_synchronized_from_on_premises_is_refused(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """A list synced from on-premises AD (IsDirSynced) is deleted there: Exchange Online refuses
    Remove-DistributionGroup on it, so the step is refused with that reason before approval, not
    previewed as a deletion that then fails."""
    with tenant.transaction():
        found = tenant.find("marketing@acme.com")
        assert found is not None
        found.dir_synced = True
    start = len(tenant.data.journal)

    outcome = await execute(ACTION, ctx, _delete("marketing@acme.com"))

    assert outcome.status == "refused", outcome.message
    assert outcome.message.startswith(
        "Marketing (marketing@acme.com) is synchronized from the on-premises Active Directory"
    )
    assert tenant.find("marketing@acme.com") is not None
    assert [e.operation for e in tenant.data.journal[start:]] == []


@pytest.mark.reads_only
@pytest.mark.parametrize(
    ("group", "reason"),
    [
        ("project-phoenix@acme.com", "Project Phoenix (project-phoenix@acme.com) is a Microsoft 365 group"),
        ("support@acme.com", "Support (support@acme.com) is a shared mailbox"),
        ("john@acme.com", "John Miller (john@acme.com) is a user mailbox"),
    ],
)
async def test_only_lists_can_be_deleted(
    ctx: ActionContext, tenant: TenantState, group: str, reason: str
) -> None:
    """Deleting a Microsoft 365 group or a mailbox is refused with what it is."""
    outcome = await execute(ACTION, ctx, _delete(group))

    assert outcome.status == "refused"
    assert outcome.message.startswith(reason), outcome.message
    assert tenant.find(group) is not None


async def test_mail_enabled_security_group_can_be_deleted(ctx: ActionContext, tenant: TenantState) -> None:
    """Finance Team (mail-enabled security) is deletable; the preview names its kind."""
    outcome = await execute(ACTION, ctx, _delete("finance-team@acme.com"))

    assert outcome.status == "applied", outcome.message
    assert outcome.message.startswith("The mail-enabled security group Finance Team")
    assert tenant.find("finance-team@acme.com") is None


async def test_revert_of_delete_recreates_the_list_under_a_new_id(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Undoing a deletion brings back the list's name, address and members; only its id is new."""
    old = tenant.find("contractors@acme.com")
    assert old is not None
    before_members = _members(tenant, "contractors@acme.com")
    step = _delete("contractors@acme.com")
    outcome = await execute(ACTION, ctx, step)
    assert outcome.status == "applied", outcome.message
    assert isinstance(outcome.change, Change)
    assert any("new id" in w for w in outcome.change.warnings)

    undo = ACTION.revert(step, outcome.change)
    assert undo == _create(
        "contractors@acme.com",
        "lucas.rossi@acme.com",
        "mia.novak@acme.com",
        "ethan.park@acme.com",
        display_name="Contractors",
    )
    assert (await execute(ACTION, ctx, undo)).status == "applied"

    back = tenant.find("contractors@acme.com")
    assert back is not None
    assert (back.display_name, back.alias, back.primary_smtp) == (
        old.display_name,
        old.alias,
        old.primary_smtp,
    )
    # Every address it had, and the one Exchange gives a new list in the initial domain (the seeded list
    # was made without it; the emulator gives it to lists made since, as Exchange does).
    assert set(back.email_addresses) - set(old.email_addresses) <= {
        "smtp:contractors@acmecorp.onmicrosoft.com"
    }
    assert set(old.email_addresses) <= set(back.email_addresses)
    assert _members(tenant, "contractors@acme.com") == before_members
    assert back.id != old.id


@pytest.mark.reads_only
async def test_delete_preview_names_members_an_undo_cannot_add_back(ctx: ActionContext) -> None:
    """all-sales holds a disabled account: the preview says an undo would not re-add it; the undo omits it."""
    step = _delete("all-sales@acme.com")
    preview = await ACTION.preflight(ctx, step)

    assert isinstance(preview, Change)
    assert any(w.startswith("Undo would not re-add pat.gone@acme.com") for w in preview.warnings)
    undo = ACTION.revert(step, preview)
    assert undo is not None
    assert "pat.gone@acme.com" not in undo.members
    assert len(undo.members) == 8


async def test_revert_of_create_deletes_the_new_list(ctx: ActionContext, tenant: TenantState) -> None:
    """Undoing a create deletes the list it made."""
    step = _create("launch-team@acme.com", "jane.doe@acme.com")
    outcome = await execute(ACTION, ctx, step)
    assert isinstance(outcome.change, Change)

    undo = ACTION.revert(step, outcome.change)

    assert undo == _delete("launch-team@acme.com")
    assert (await execute(ACTION, ctx, undo)).status == "applied"
    assert tenant.find("launch-team@acme.com") is None
