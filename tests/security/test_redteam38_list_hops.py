"""Red team 38 on the forwarded-mail scan's new hops (dynamic lists, Microsoft 365 groups read live).

Each test is an attempt; the ones that hold are kept as regression tests, a finding is a strict xfail
with its severity.
"""

from __future__ import annotations

import uuid

import pytest

from mailwarden.emulator.state import Recipient, TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from mailwarden.testing import RunningEmulator
from tests.security import forwarding_setup as fw
from tests.security.conftest import quick_retries
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

MARIA = "maria.garcia@acme.com"
TEAM = "tomsteam@acme.com"


async def test_a_dynamic_list_nested_in_a_cached_list_is_followed(flow: Flow, tenant: TenantState) -> None:
    """Maria forwards to the relay list (cached); Desk, a dynamic list picking info@, is a member of relay;
    info@'s rule redirects to exec-assist. Maria -> relay -> Desk -> info@ -> exec-assist: John's join is
    refused (a person's mail), Grace's goes to Ken naming Maria."""
    other = fw.open_exec_assist(tenant)
    fw.make_relay_list(other)
    fw.make_desk_picking_info(other)
    other.exchange("Add-DistributionGroupMember", Identity=fw.RELAY, Member=fw.DESK)
    fw.info_redirects_to_exec_assist(other)
    fw.maria_forwards_to(other, fw.RELAY)
    await fw.read_directory(flow)
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john
    grace = await fw.graces_join(flow, read_again=False)
    assert isinstance(grace, ApprovalRequired), grace
    assert "Maria" in grace.reason, grace.reason


async def test_a_dynamic_list_added_to_a_cached_list_since_is_followed(
    flow: Flow, tenant: TenantState
) -> None:
    """As above, Desk added to relay after the directory was read."""
    other = fw.open_exec_assist(tenant)
    fw.make_relay_list(other)
    fw.info_redirects_to_exec_assist(other)
    fw.maria_forwards_to(other, fw.RELAY)
    await fw.read_directory(flow)
    fw.make_desk_picking_info(other)
    other.exchange("Add-DistributionGroupMember", Identity=fw.RELAY, Member=fw.DESK)
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john


async def test_a_dynamic_list_of_groups_reaching_a_microsoft_365_group_is_followed(
    flow: Flow, tenant: TenantState
) -> None:
    """Maria's rule redirects to Groups, a dynamic list of every mail group (MailGroups), which picks
    Project Phoenix (a Microsoft 365 group, cached); info@ is added to Phoenix since; info@ redirects to
    exec-assist. Maria -> Groups -> Phoenix -> info@ -> exec-assist."""
    other = fw.open_exec_assist(tenant)
    other.exchange("New-DynamicDistributionGroup", Name="Groups", IncludedRecipients=["MailGroups"])
    fw.info_redirects_to_exec_assist(other)
    await fw.read_directory(flow)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to groups", RedirectTo=["groups@acme.com"])
    phoenix = "project-phoenix@acme.com"
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{other.id_of(fw.INFO)}"}
    other.graph("POST", f"/groups/{other.id_of(phoenix)}/members/$ref", ref)
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john


async def test_a_dynamic_list_picking_a_mailbox_that_forwards_on_is_followed(
    flow: Flow, tenant: TenantState
) -> None:
    """Tom's forwarding (not a rule) names Desk by address; Desk picks info@, which forwards (its own
    ForwardingSmtpAddress) to exec-assist."""
    other = fw.open_exec_assist(tenant)
    fw.make_desk_picking_info(other)
    other.exchange("Set-Mailbox", Identity=fw.INFO, ForwardingSmtpAddress=fw.EXEC)
    other.exchange("Set-Mailbox", Identity=fw.TOM, ForwardingSmtpAddress=fw.DESK)
    john = await fw.johns_join(flow)
    assert isinstance(john, Denied), john
    grace = await fw.graces_join(flow)
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [fw.KEN], grace
    assert "Tom Becker" in grace.reason, grace.reason


async def _teams_group_made_since(flow: Flow, tenant: TenantState) -> None:
    """Tom (an employee: Microsoft 365 groups are made by anyone by default, through Teams or Outlook) makes
    a group after the directory was read, nobody else in it, and redirects his mail to it by rule."""
    other = fw.open_exec_assist(tenant)
    await fw.read_directory(flow)
    # As Teams makes it (the emulator serves no POST /groups): a Microsoft 365 group, Tom its owner.
    with tenant.transaction():
        tom = tenant.by_address(fw.TOM)
        assert tom is not None
        tenant.add_recipient(
            Recipient(
                id=str(uuid.uuid4()),
                kind="GroupMailbox",
                display_name="Tom's team",
                alias="tomsteam",
                primary_smtp=TEAM,
                email_addresses=[f"SMTP:{TEAM}"],
                owners=[tom.id],
                members=[tom.id],
            )
        )
    other.exchange("New-InboxRule", Mailbox=fw.TOM, Name="to my team", RedirectTo=[TEAM])


async def test_a_microsoft_365_group_made_since_by_an_employee_does_not_block_every_join(
    flow: Flow, tenant: TenantState
) -> None:
    """Found and fixed (red team 38; availability, medium): the group made since was read with
    Get-DistributionGroupMember, which refuses a Microsoft 365 group, so the scan was unknown and every
    list join in the tenant refused (or sent to a second admin) until the directory was read again. Its
    members are now read through Graph, as a cached group's are."""
    await _teams_group_made_since(flow, tenant)
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Allowed), john


async def test_the_control_with_the_directory_read_again_the_join_is_allowed(
    flow: Flow, tenant: TenantState
) -> None:
    await _teams_group_made_since(flow, tenant)
    john = await fw.johns_join(flow, read_again=True)
    assert isinstance(john, Allowed), john


async def test_a_microsoft_365_group_made_since_is_never_taken_for_nobody(
    flow: Flow, tenant: TenantState
) -> None:
    """Fail closed: the group made since holds info@, whose rule redirects to exec-assist; John's join
    is never allowed (refused, or unknown)."""
    await _teams_group_made_since(flow, tenant)
    admin = OtherAdmin(tenant, settled=True)
    fw.info_redirects_to_exec_assist(admin)
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{admin.id_of(fw.INFO)}"}
    admin.graph("POST", f"/groups/{admin.id_of(TEAM)}/members/$ref", ref)
    john = await fw.johns_join(flow, read_again=False)
    assert not isinstance(john, Allowed), john
    grace = await fw.graces_join(flow, read_again=False)
    assert isinstance(grace, ApprovalRequired), grace
    assert fw.UNKNOWN in grace.reason or "Tom Becker" in grace.reason, grace.reason


async def test_a_microsoft_365_group_made_since_whose_members_cannot_be_read_is_unknown(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """The fix's read fails (Graph refuses /members): the rights are unknown, never "nobody"."""
    await _teams_group_made_since(flow, tenant)
    emulator.faults.fail_items("graph", status=403, times=50, matching="/members")
    grace = await fw.graces_join(flow, read_again=False)
    assert isinstance(grace, ApprovalRequired), grace
    assert fw.UNKNOWN in grace.reason, grace.reason


async def test_a_throttled_read_of_a_dynamic_lists_members_keeps_the_scan_unknown(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Throttled (429, every time) rather than failed: still unknown, never "nobody" (Tom redirects to
    Desk, which picks info@, whose rule reaches exec-assist)."""
    other = fw.open_exec_assist(tenant)
    fw.make_desk_picking_info(other)
    other.exchange("New-InboxRule", Mailbox=fw.TOM, Name="to desk", RedirectTo=[fw.DESK])
    fw.info_redirects_to_exec_assist(other)
    quick_retries(flow.ctx.clients, monkeypatch)
    emulator.faults.fail_items("exchange", status=429, times=500, matching="DynamicDistributionGroupMember")
    john = await fw.johns_join(flow)
    assert not isinstance(john, Allowed), john
    grace = await fw.graces_join(flow)
    assert isinstance(grace, ApprovalRequired), grace
    assert fw.UNKNOWN in grace.reason, grace.reason
