"""Group membership end to end: distribution_list_membership against the emulated Acme tenant over HTTPS."""

from __future__ import annotations

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.distribution_list_membership import ACTION
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change
from mailwarden.model.steps import DistributionListMembership
from mailwarden.testing import RunningEmulator
from tests.conftest import discovered_context

pytestmark = pytest.mark.anyio


def _members(tenant: TenantState, group: str) -> set[str]:
    """The group's members in the tenant, by primary address."""
    found = tenant.find(group)
    assert found is not None
    return {tenant.recipients[i].primary_smtp for i in found.members}


def _step(change: str, group: str, member: str) -> DistributionListMembership:
    return DistributionListMembership.model_validate({"change": change, "group": group, "member": member})


def _writes(tenant: TenantState, since: int) -> list[tuple[str, str]]:
    """(api, operation) of every change the tenant journalled after position `since`."""
    return [(e.api, e.operation) for e in tenant.data.journal[since:]]


async def test_distribution_list_member_is_added_and_removed_through_exchange(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Adding and removing a member of all-sales changes its members through Exchange's cmdlets."""
    start = len(tenant.data.journal)

    added = await execute(ACTION, ctx, _step("add", "all-sales@acme.com", "sarah@acme.com"))
    assert added.status == "applied", added.message
    assert added.message == "Sarah Connor will be added to all-sales (all-sales@acme.com)."
    assert "sarah@acme.com" in _members(tenant, "all-sales@acme.com")

    removed = await execute(ACTION, ctx, _step("remove", "all-sales@acme.com", "sarah@acme.com"))
    assert removed.status == "applied", removed.message
    assert "sarah@acme.com" not in _members(tenant, "all-sales@acme.com")
    assert _writes(tenant, start) == [
        ("exchange", "Add-DistributionGroupMember"),
        ("exchange", "Remove-DistributionGroupMember"),
    ]


async def test_mail_enabled_security_group_membership_changes_through_exchange(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Finance Team is a mail-enabled security group: Graph cannot change it, Exchange does."""
    start = len(tenant.data.journal)

    removed = await execute(ACTION, ctx, _step("remove", "finance-team@acme.com", "rachel.green@acme.com"))

    assert removed.status == "applied", removed.message
    assert _members(tenant, "finance-team@acme.com") == {"mike.smith@acme.com", "christine.lee@acme.com"}
    assert _writes(tenant, start) == [("exchange", "Remove-DistributionGroupMember")]


async def test_microsoft_365_group_membership_changes_through_graph(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Project Phoenix is a Microsoft 365 group: its members are added and removed through Graph."""
    start = len(tenant.data.journal)

    added = await execute(ACTION, ctx, _step("add", "project-phoenix@acme.com", "john@acme.com"))
    assert added.status == "applied", added.message
    assert "john@acme.com" in _members(tenant, "project-phoenix@acme.com")
    removed = await execute(ACTION, ctx, _step("remove", "project-phoenix@acme.com", "jane.doe@acme.com"))
    assert removed.status == "applied", removed.message

    assert _members(tenant, "project-phoenix@acme.com") == {"david.chen@acme.com", "john@acme.com"}
    assert _writes(tenant, start) == [("graph", "AddGroupMember"), ("graph", "RemoveGroupMember")]


@pytest.mark.reads_only
@pytest.mark.parametrize(
    ("group", "change", "member"),
    [
        ("all-sales@acme.com", "add", "john@acme.com"),
        ("marketing@acme.com", "remove", "john@acme.com"),
        ("project-phoenix@acme.com", "add", "jane.doe@acme.com"),
    ],
)
async def test_the_same_step_twice_says_already_and_writes_nothing(
    ctx: ActionContext, tenant: TenantState, group: str, change: str, member: str
) -> None:
    """A member who is already in (or already out of) the group is reported as already so, with no write."""
    start = len(tenant.data.journal)

    outcome = await execute(ACTION, ctx, _step(change, group, member))

    assert outcome.status == "already"
    assert "already" in outcome.message
    assert len(tenant.data.journal) == start


async def test_adding_twice_adds_once(ctx: ActionContext, tenant: TenantState) -> None:
    """The second identical add changes nothing and says so."""
    first = await execute(ACTION, ctx, _step("add", "contractors@acme.com", "david.chen@acme.com"))
    start = len(tenant.data.journal)
    second = await execute(ACTION, ctx, _step("add", "contractors@acme.com", "david.chen@acme.com"))

    assert (first.status, second.status) == ("applied", "already")
    assert second.message == "David Chen is already a member of Contractors (contractors@acme.com)."
    assert len(tenant.data.journal) == start


@pytest.mark.reads_only
@pytest.mark.parametrize(
    ("member", "reason"),
    [
        ("vera@vendorco.example", "Vera Vendor (vera@vendorco.example) is outside the organisation (guest)"),
        ("john@partnerfirm.example", "John Partner (john@partnerfirm.example) is outside the organisation"),
        ("pat.gone@acme.com", "Former Employee (pat.gone@acme.com) is a disabled account"),
    ],
)
async def test_an_outsider_or_disabled_account_cannot_be_added(
    ctx: ActionContext, tenant: TenantState, member: str, reason: str
) -> None:
    """Guests, contacts and disabled accounts are refused as new members, with the reason."""
    outcome = await execute(ACTION, ctx, _step("add", "marketing@acme.com", member))

    assert outcome.status == "refused"
    assert outcome.message.startswith(reason)
    assert _members(tenant, "marketing@acme.com") == {"jane.doe@acme.com"}


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        (
            "finance-team@acme.com",
            "Finance Team (finance-team@acme.com) is a mail-enabled security group; a member must be",
        ),
        ("all-sales@acme.com", "all-sales (all-sales@acme.com) is a distribution list; a member must be"),
    ],
)
async def test_a_group_is_never_sent_to_graph_as_a_microsoft_365_groups_member(
    ctx: ActionContext, tenant: TenantState, member: str, reason: str
) -> None:
    """Graph refuses a group as a member of a Microsoft 365 group (group-post-members; the emulator now
    does too): the step is refused with the reason before any write, not sent to fail in the tenant."""
    start = len(tenant.data.journal)
    before = _members(tenant, "project-phoenix@acme.com")
    outcome = await execute(ACTION, ctx, _step("add", "project-phoenix@acme.com", member))

    assert outcome.status == "refused"
    assert outcome.message.startswith(reason), outcome.message
    assert _members(tenant, "project-phoenix@acme.com") == before
    assert _writes(tenant, start) == []


@pytest.mark.parametrize(
    ("change", "member"), [("add", "sarah@acme.com"), ("remove", "emma.wilson@acme.com")]
)
async def test_a_list_synchronized_from_on_premises_is_refused_before_approval(
    ctx: ActionContext, tenant: TenantState, change: str, member: str
) -> None:
    """In a hybrid tenant a list synced from on-premises AD is changed there: Exchange Online refuses
    Add-/Remove-DistributionGroupMember on it (the emulator now does too). Discovery reads Graph's
    onPremisesSyncEnabled, and the step is refused with that reason before any write, instead of a
    preview saying it will happen and the approved change failing."""
    with tenant.transaction():
        found = tenant.find("all-sales@acme.com")
        assert found is not None
        found.dir_synced = True
    synced = await discovered_context(ctx.clients)
    assert synced.directory.get(found.id).synced  # type: ignore[union-attr]
    start = len(tenant.data.journal)
    before = _members(tenant, "all-sales@acme.com")

    outcome = await execute(ACTION, synced, _step(change, "all-sales@acme.com", member))

    assert outcome.status == "refused", outcome.message
    assert "synchronized from the on-premises Active Directory" in outcome.message
    assert _members(tenant, "all-sales@acme.com") == before
    assert _writes(tenant, start) == []
    # A list made in the cloud is unaffected.
    made = await execute(ACTION, synced, _step("add", "marketing@acme.com", "sarah@acme.com"))
    assert made.status == "applied", made.message


async def test_a_guest_already_in_a_list_can_be_removed(ctx: ActionContext, tenant: TenantState) -> None:
    """Cleaning an outsider out of External-Contractors is allowed."""
    outcome = await execute(
        ACTION, ctx, _step("remove", "external-contractors@acme.com", "vera@vendorco.example")
    )

    assert outcome.status == "applied", outcome.message
    assert _members(tenant, "external-contractors@acme.com") == set()


@pytest.mark.reads_only
async def test_a_mailbox_is_not_a_group(ctx: ActionContext) -> None:
    """Asking to add a member to a shared mailbox is refused: it has no members."""
    outcome = await execute(ACTION, ctx, _step("add", "support@acme.com", "john@acme.com"))

    assert outcome.status == "refused"
    assert outcome.message.startswith("Support (support@acme.com) is a shared mailbox, not a group")


@pytest.mark.parametrize(
    ("group", "change", "member"),
    [
        ("all-sales@acme.com", "add", "grace.hopper@acme.com"),
        ("all-sales@acme.com", "remove", "emma.wilson@acme.com"),
        ("project-phoenix@acme.com", "remove", "david.chen@acme.com"),
    ],
)
async def test_revert_restores_the_members_exactly(
    ctx: ActionContext, tenant: TenantState, group: str, change: str, member: str
) -> None:
    """Undoing an add or a remove leaves the group with exactly the members it had."""
    before = _members(tenant, group)
    step = _step(change, group, member)
    outcome = await execute(ACTION, ctx, step)
    assert outcome.status == "applied", outcome.message
    assert isinstance(outcome.change, Change)
    assert _members(tenant, group) != before

    undo = ACTION.revert(step, outcome.change)
    assert undo is not None
    assert (await execute(ACTION, ctx, undo)).status == "applied"
    assert _members(tenant, group) == before


@pytest.mark.reads_only
async def test_nothing_to_revert_when_nothing_changed(ctx: ActionContext) -> None:
    """A step that was already so has no undo."""
    step = _step("add", "all-sales@acme.com", "john@acme.com")
    preview = await ACTION.preflight(ctx, step)
    assert isinstance(preview, Change)
    assert ACTION.revert(step, preview) is None


@pytest.mark.parametrize(("change", "member"), [("add", "john@acme.com"), ("remove", "jane.doe@acme.com")])
async def test_a_group_that_holds_a_directory_role_is_refused_with_why(
    ctx: ActionContext, tenant: TenantState, change: str, member: str
) -> None:
    """A Microsoft 365 group holding an Entra role is role-assignable: Graph changes its members only for an
    app that also holds RoleManagement.ReadWrite.Directory, which mailwarden never asks for. The step fails
    saying so (and who can do it), not that the app lacks the group permission it has."""
    from mailwarden.emulator.state import GLOBAL_ADMIN_ROLE_TEMPLATE

    phoenix = tenant.find("project-phoenix@acme.com")
    assert phoenix is not None
    tenant.data.user_directory_roles[phoenix.id] = [GLOBAL_ADMIN_ROLE_TEMPLATE]
    before = _members(tenant, "project-phoenix@acme.com")

    outcome = await execute(ACTION, ctx, _step(change, "project-phoenix@acme.com", member))

    assert outcome.status in ("failed", "refused"), outcome
    assert "role-assignable" in outcome.message
    assert "RoleManagement.ReadWrite.Directory" in outcome.message
    assert _members(tenant, "project-phoenix@acme.com") == before


async def test_many_at_once_a_role_holding_group_fails_with_why_and_the_others_are_made(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """The bulk path (`apply_many`: a members@odata.bind PATCH, DELETEs in a `$batch`) says the same for a
    role-holding group, and an ordinary Microsoft 365 group's and a list's members are changed as asked."""
    from mailwarden.emulator.state import GLOBAL_ADMIN_ROLE_TEMPLATE

    phoenix = tenant.find("project-phoenix@acme.com")
    assert phoenix is not None
    tenant.data.user_directory_roles[phoenix.id] = [GLOBAL_ADMIN_ROLE_TEMPLATE]
    steps = [
        _step("add", "project-phoenix@acme.com", "john@acme.com"),
        _step("remove", "project-phoenix@acme.com", "jane.doe@acme.com"),
        _step("add", "all-sales@acme.com", "grace.hopper@acme.com"),
    ]
    results = await ACTION.apply_many(ctx, steps)
    for refused in results[:2]:
        assert refused is not None
        assert "role-assignable" in str(refused)
    assert results[2] is None
    assert "grace.hopper@acme.com" in _members(tenant, "all-sales@acme.com")
    assert _members(tenant, "project-phoenix@acme.com") == {"david.chen@acme.com", "jane.doe@acme.com"}


async def test_many_adds_to_a_role_holding_group_are_refused_once_not_sent_again_alone(
    ctx: ActionContext, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """A members@odata.bind PATCH refused to the app (403: the group is role-assignable) is no bind's refusal:
    each add is refused with why, and none is sent again alone (split, 20 adds a PATCH would each be refused
    the same way, spending the tenant's Graph budget for nothing)."""
    from mailwarden.emulator.state import GLOBAL_ADMIN_ROLE_TEMPLATE

    phoenix = tenant.find("project-phoenix@acme.com")
    assert phoenix is not None
    tenant.data.user_directory_roles[phoenix.id] = [GLOBAL_ADMIN_ROLE_TEMPLATE]
    steps = [
        _step("add", "project-phoenix@acme.com", who) for who in ("john@acme.com", "grace.hopper@acme.com")
    ]
    before = len(emulator.faults.requests("graph"))
    results = await ACTION.apply_many(ctx, steps)
    for refused in results:
        assert refused is not None
        assert "role-assignable" in str(refused)
    sent = emulator.faults.requests("graph")[before:]
    assert not [r for r in sent if r.method == "POST" and r.path.endswith("/members/$ref")], sent
    assert _members(tenant, "project-phoenix@acme.com") == {"david.chen@acme.com", "jane.doe@acme.com"}
