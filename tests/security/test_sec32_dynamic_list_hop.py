"""Security 32 (red team 36, availability): mail forwarded to a dynamic distribution list goes to its
members, read live (Get-DynamicDistributionGroupMember) as one more hop of the forwarded-mail scan, so one
employee's Inbox rule to such a list no longer makes every list join in the tenant unknown; a member read
that fails keeps the scan unknown (never "nobody").

The emulator first: it serves Get-DynamicDistributionGroupMember as Exchange Online does (the recipients
the group's filter picks, paged at 1,000 with a nextLink, a distribution list not found by it and a dynamic
list not found by Get-DistributionGroupMember)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from mailwarden.testing import RunningEmulator
from tests.security import forwarding_setup as fw
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store
STAFF = "staff@acme.com"


def _invoke(
    other: OtherAdmin, cmdlet: str, url: str | None = None, page: int | None = None, **params: Any
) -> httpx.Response:
    return other.client.post(
        url or f"/adminapi/beta/{other.state.tenant.id}/InvokeCommand",
        json={"CmdletInput": {"CmdletName": cmdlet, "Parameters": params}},
        headers={
            "Authorization": f"Bearer {other._exchange_token}",
            **({"Prefer": f"odata.maxpagesize={page}"} if page else {}),
        },
    )


def _staff(tenant: TenantState) -> OtherAdmin:
    other = OtherAdmin(tenant, settled=True)
    other.exchange("New-DynamicDistributionGroup", Name="Staff", IncludedRecipients=["MailboxUsers"])
    return other


# ---- the emulator ----------------------------------------------------------------------------------------


def test_a_dynamic_lists_members_are_the_recipients_its_filter_picks(tenant: TenantState) -> None:
    other = _staff(tenant)
    rows = other.exchange("Get-DynamicDistributionGroupMember", Identity=STAFF)["value"]
    addresses = {r["PrimarySmtpAddress"] for r in rows}
    mailboxes = {r.primary_smtp for r in tenant.recipients.values() if r.is_mailbox}
    assert addresses == mailboxes  # every mailbox, a shared one included (RecipientType UserMailbox)
    assert {fw.JOHN, fw.TOM, fw.INFO} <= addresses
    assert all(r["ExternalDirectoryObjectId"] for r in rows)
    fw.make_desk_picking_info(other)
    [desk] = other.exchange("Get-DynamicDistributionGroupMember", Identity=fw.DESK)["value"]
    assert desk["PrimarySmtpAddress"] == fw.INFO


def test_each_member_cmdlet_finds_only_its_own_kind_of_list(tenant: TenantState) -> None:
    other = fw.open_exec_assist(tenant)
    other.exchange("New-DynamicDistributionGroup", Name="Staff", IncludedRecipients=["MailboxUsers"])
    assert _invoke(other, "Get-DistributionGroupMember", Identity=STAFF).status_code == 404
    assert _invoke(other, "Get-DynamicDistributionGroupMember", Identity=fw.EXEC).status_code == 404


def test_the_members_are_paged_with_a_next_link(tenant: TenantState) -> None:
    other = _staff(tenant)
    whole = [
        r["PrimarySmtpAddress"]
        for r in other.exchange("Get-DynamicDistributionGroupMember", Identity=STAFF)["value"]
    ]
    paged: list[str] = []
    url: str | None = None
    pages = 0
    while True:
        response = _invoke(other, "Get-DynamicDistributionGroupMember", url, page=3, Identity=STAFF)
        assert response.status_code == 200, response.text
        body = response.json()
        paged += [r["PrimarySmtpAddress"] for r in body["value"]]
        pages += 1
        url = body.get("@odata.nextLink")
        if not url:
            break
    assert paged == whole
    assert pages == -(-len(whole) // 3) > 1


# ---- the scan ------------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_rule_to_a_dynamic_list_whose_member_forwards_to_the_joined_list_counts(
    flow: Flow, tenant: TenantState
) -> None:
    """Tom's rule redirects to the dynamic list Desk, whose filter picks info@, whose rule redirects to
    exec-assist: joining exec-assist reads Tom's mail, through Desk and info@."""
    other = fw.open_exec_assist(tenant)
    fw.make_desk_picking_info(other)
    other.exchange("New-InboxRule", Mailbox=fw.TOM, Name="to desk", RedirectTo=[fw.DESK])
    fw.info_redirects_to_exec_assist(other)
    john = await fw.johns_join(flow)
    assert isinstance(john, Denied), john
    grace = await fw.graces_join(flow)
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [fw.KEN], grace
    assert "Tom Becker" in grace.reason, grace.reason
    assert fw.UNKNOWN not in grace.reason, grace.reason  # placed and read, not guessed


@pytest.mark.anyio
async def test_a_dynamic_list_whose_members_cannot_be_read_keeps_the_scan_unknown(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    other = fw.open_exec_assist(tenant)
    other.exchange("New-DynamicDistributionGroup", Name="Staff", IncludedRecipients=["MailboxUsers"])
    other.exchange("New-InboxRule", Mailbox=fw.TOM, Name="to staff", RedirectTo=[STAFF])
    emulator.faults.fail_items("exchange", status=500, times=50, matching="DynamicDistributionGroupMember")
    john = await fw.johns_join(flow)
    assert not isinstance(john, Allowed), john
    grace = await fw.graces_join(flow)
    assert isinstance(grace, ApprovalRequired), grace
    assert fw.UNKNOWN in grace.reason, grace.reason
    assert "Staff" in grace.reason, grace.reason


@pytest.mark.anyio
async def test_the_hop_costs_the_look_up_and_one_read_of_the_members(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """Cost: a rule to a dynamic list adds two Exchange round trips to the scan: the live look-up that
    places the rule's DN (as for any target the directory cannot place) and one `$batch` reading the
    list's members (up to ten lists a batch)."""
    other = fw.open_exec_assist(tenant)
    await fw.read_directory(flow)
    spent: list[int] = []
    for rule in (False, True):
        if rule:
            other.exchange("New-DynamicDistributionGroup", Name="Staff", IncludedRecipients=["MailboxUsers"])
            other.exchange("New-InboxRule", Mailbox=fw.TOM, Name="to staff", RedirectTo=[STAFF])
        emulator.faults.reset()
        john = await fw.johns_join(flow, read_again=False)
        assert isinstance(john, Allowed), john
        spent.append(len(emulator.faults.requests("exchange")))
    assert spent[1] - spent[0] == 2, spent
