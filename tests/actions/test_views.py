"""The read views on the Acme tenant, read live from the emulator over HTTPS."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from mailwarden.actions.base import ActionContext, View
from mailwarden.actions.views import VIEWS
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.errors import ConfigError
from mailwarden.model.steps import ACTIONS, parse_step
from mailwarden.testing import RunningEmulator
from tests.workflow.test_write_by_object_id import _move_address


async def run_view(ctx: ActionContext, action: str, **params: Any) -> View:
    step = parse_step({"action": action, **params})
    return await VIEWS[action].run(ctx, step)


def column(view: View, name: str) -> list[Any]:
    return [row[name] for row in view.rows]


def row_for(view: View, key: str, value: str) -> dict[str, Any]:
    return next(row for row in view.rows if row[key] == value)


def test_every_read_action_has_a_view() -> None:
    """Each read action of the plan catalog is served by a view of the same id (or, the access report, from
    the session: it reads mailwarden's records too)."""
    from mailwarden.access.answer import SESSION_READS

    assert set(VIEWS) | SESSION_READS == {a for a, spec in ACTIONS.items() if spec.kind == "read"}
    assert not set(VIEWS) & SESSION_READS


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_shared_mailboxes_are_listed_with_their_other_addresses_and_owners(ctx: ActionContext) -> None:
    """Every shared mailbox appears (rooms and people do not), with its aliases and accountable owner."""
    view = await run_view(ctx, "list_shared_mailboxes")
    assert len(view.rows) == 8
    assert "boardroom@acme.com" not in column(view, "address")
    support = row_for(view, "address", "support@acme.com")
    assert support["mailbox"] == "Support"
    assert support["other_addresses"] == ["helpdesk@acme.com"]
    assert support["owners"] == ["Sarah Connor (sarah@acme.com)"]


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_lists_show_every_group_kind_with_owners_joining_and_member_count(ctx: ActionContext) -> None:
    """Distribution lists, mail-enabled security groups and Microsoft 365 groups all appear, each with its
    kind, owners, join restriction and number of members."""
    view = await run_view(ctx, "list_distribution_lists")
    all_sales = row_for(view, "address", "all-sales@acme.com")
    assert all_sales["kind"] == "distribution list"
    assert all_sales["owners"] == ["Priya Patel (priya.patel@acme.com)"]
    assert all_sales["join_restriction"] == "Closed"
    assert all_sales["members"] == 9
    finance = row_for(view, "address", "finance-team@acme.com")
    assert (finance["kind"], finance["members"]) == ("mail-enabled security group", 3)
    phoenix = row_for(view, "address", "project-phoenix@acme.com")
    assert phoenix["kind"] == "Microsoft 365 group"
    assert phoenix["owners"] == ["David Chen (david.chen@acme.com)"]
    assert phoenix["members"] == 2
    assert phoenix["join_restriction"] == "Open"  # a public Microsoft 365 group
    atlas = row_for(view, "address", "project-atlas@acme.com")
    assert atlas["join_restriction"] == "Closed"  # a private one: its owners approve
    user_admins = row_for(view, "address", "user-admins@acme.com")  # role-assignable, no members yet (sec70)
    assert (user_admins["kind"], user_admins["members"]) == ("Microsoft 365 group", 0)
    assert len(view.rows) == 10


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_mailbox_permissions_show_who_has_full_access_to_support(ctx: ActionContext) -> None:
    """Support's Full Access holders are Chris Lee and Tom Becker; the mailbox's SELF entry is not shown."""
    view = await run_view(ctx, "view_mailbox_permissions", mailbox="helpdesk@acme.com")
    assert view.title == "Full Access to Support (support@acme.com)"
    assert column(view, "trustee") == ["Chris Lee (chris.lee@acme.com)", "Tom Becker (tom.becker@acme.com)"]
    assert set(column(view, "right")) == {"FullAccess"}


@pytest.mark.anyio
async def test_mailbox_permissions_are_read_live_not_from_the_directory(
    ctx: ActionContext, replicated: Callable[[], Awaitable[None]]
) -> None:
    """A grant made in the tenant after discovery shows in the next view."""
    await ctx.clients.exchange.add_mailbox_permission("billing@acme.com", "rachel.green@acme.com")
    await replicated()
    view = await run_view(ctx, "view_mailbox_permissions", mailbox="billing@acme.com")
    assert column(view, "trustee_address") == ["mike.smith@acme.com", "rachel.green@acme.com"]


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_mailbox_permissions_of_a_distribution_list_are_refused(ctx: ActionContext) -> None:
    """Asking for Full Access holders of a list is refused, saying what the list is and what to name."""
    with pytest.raises(
        ConfigError, match=r"all-sales \(all-sales@acme.com\) is a distribution list.*mailbox"
    ):
        await run_view(ctx, "view_mailbox_permissions", mailbox="all-sales@acme.com")


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_send_as_permissions_show_chris_lee_on_support(ctx: ActionContext) -> None:
    """Only Chris Lee may send as Support."""
    view = await run_view(ctx, "view_send_as_permissions", mailbox="support@acme.com")
    assert view.rows == [
        {
            "trustee": "Chris Lee (chris.lee@acme.com)",
            "trustee_address": "chris.lee@acme.com",
            "right": "SendAs",
        }
    ]


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_mailbox_details_show_delegates_and_counts_of_sales(ctx: ActionContext) -> None:
    """Sales shows John Miller as Send on Behalf delegate, two Full Access holders and one Send As."""
    view = await run_view(ctx, "view_mailbox_details", mailbox="sales@acme.com")
    facts = {row["field"]: row["value"] for row in view.rows}
    assert facts["kind"] == "shared mailbox"
    assert facts["send on behalf"] == ["John Miller (john@acme.com)"]
    assert facts["full access"] == "2: John Miller, Priya Patel"
    assert facts["send as"] == "1: Priya Patel"
    assert facts["owners"] == ["Priya Patel (priya.patel@acme.com)"]
    assert facts["forwarding"] is None


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_mailbox_details_show_a_persons_forwarding_and_manager(ctx: ActionContext) -> None:
    """Careers forwards to Maria Garcia keeping a copy; Mike Smith's manager is Olivia Martin."""
    careers = await run_view(ctx, "view_mailbox_details", mailbox="careers@acme.com")
    assert row_for(careers, "field", "forwarding")["value"] == (
        "to Maria Garcia (maria.garcia@acme.com), keeping a copy"
    )
    mike = await run_view(ctx, "view_mailbox_details", mailbox="msmith@acme.com")
    facts = {row["field"]: row["value"] for row in mike.rows}
    assert facts["kind"] == "user"
    assert facts["other addresses"] == ["msmith@acme.com"]
    assert facts["manager"] == "Olivia Martin (olivia.martin@acme.com)"
    assert facts["send as"] == "0"


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_members_of_a_distribution_list_come_from_exchange(
    ctx: ActionContext, emulator: RunningEmulator
) -> None:
    """all-sales lists its nine members, read with Exchange's Get-DistributionGroupMember."""
    graph_before = len(emulator.faults.requests("graph"))
    view = await run_view(ctx, "list_group_members", group="all-sales")
    assert len(view.rows) == 9
    assert row_for(view, "address", "pat.gone@acme.com")["member"] == "Former Employee"
    assert "john@acme.com" in column(view, "address")
    assert len(emulator.faults.requests("graph")) == graph_before


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_members_of_a_microsoft_365_group_come_from_graph(
    ctx: ActionContext, emulator: RunningEmulator
) -> None:
    """Project Phoenix's members, David Chen and Jane Doe, are read through Graph, not Exchange."""
    exchange_before = len(emulator.faults.requests("exchange"))
    view = await run_view(ctx, "list_group_members", group="project-phoenix@acme.com")
    assert view.rows == [
        {"member": "David Chen", "address": "david.chen@acme.com", "kind": "user"},
        {"member": "Jane Doe", "address": "jane.doe@acme.com", "kind": "user"},
    ]
    assert len(emulator.faults.requests("exchange")) == exchange_before
    assert any("/members" in r.path for r in emulator.faults.requests("graph"))


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_members_of_a_mailbox_are_refused(ctx: ActionContext) -> None:
    """A mailbox has no members; the view says so instead of returning an empty list."""
    with pytest.raises(ConfigError, match="shared mailbox, so it has no members"):
        await run_view(ctx, "list_group_members", group="support@acme.com")


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_calendar_permissions_show_maria_as_editor_of_olivias_calendar(ctx: ActionContext) -> None:
    """Olivia's calendar: everyone sees free/busy, Maria Garcia is an Editor."""
    view = await run_view(ctx, "view_calendar_permissions", owner="olivia.martin@acme.com")
    levels = {row["grantee"]: row["access"] for row in view.rows}
    assert levels == {
        "Default (everyone in the organisation)": "AvailabilityOnly",
        "Maria Garcia (maria.garcia@acme.com)": "Editor",
    }


@pytest.mark.anyio
async def test_calendar_grantee_sharing_a_display_name_is_named_by_address(
    ctx: ActionContext, replicated: Callable[[], Awaitable[None]]
) -> None:
    """Exchange names calendar grantees by display name; of two Alex Kims, the view names the right one."""
    folder = await ctx.clients.exchange.calendar_folder("olivia.martin@acme.com")
    await ctx.clients.exchange.add_folder_permission(folder, "alexander.kim@acme.co.uk", "Reviewer")
    await replicated()
    view = await run_view(ctx, "view_calendar_permissions", owner="olivia.martin@acme.com")
    alex = row_for(view, "grantee", "Alex Kim (alexander.kim@acme.co.uk)")
    assert (alex["access"], alex["sees"]) == ("Reviewer", "every detail, read-only")


@pytest.mark.anyio
@pytest.mark.parametrize(
    "action", ["view_mailbox_permissions", "view_send_as_permissions", "view_mailbox_details"]
)
async def test_a_view_bound_to_a_mailbox_reads_that_mailbox_after_its_address_moved(
    ctx: ActionContext, tenant: TenantState, action: str
) -> None:
    """A step approved for Sales (bound to its id) reads Sales, not the mailbox that took sales@ since:
    mailwarden's directory still shows the address on Sales, Exchange's reads already on Billing."""
    before = await run_view(ctx, action, mailbox="sales@acme.com")
    sales = ctx.recipient("sales@acme.com").recipient_id
    set_switch(tenant, "replication_lag_seconds", 0)  # the lag has passed; the directory is older
    _move_address(tenant, "sales@acme.com", "billing@acme.com")
    bound = dataclasses.replace(ctx, bound={"sales@acme.com": sales})
    after = await run_view(bound, action, mailbox="sales@acme.com")
    moved = {"primary address", "other addresses", "user principal name"}  # what the move changed on Sales
    assert [r for r in after.rows if r.get("field") not in moved] == [
        r for r in before.rows if r.get("field") not in moved
    ]
    assert "Mike Smith" not in str(after.rows)  # Billing's delegate
    unbound = await run_view(ctx, action, mailbox="sales@acme.com")
    assert "Mike Smith" in str(unbound.rows) or action == "view_send_as_permissions"
