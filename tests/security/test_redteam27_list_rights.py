"""Red team 27: attacks on the newest list-access pieces (guardrails `four-eyes-on-list-access`,
`list-access-to-a-persons-mailbox`, `no-approving-list-access-for-oneself`; workflow/list_rights.py), each
driven through the live decision (`plan_steps` over `LivePolicy`, against the emulator over HTTP) as red
teams 21 and 24 do."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Decision, Denied
from mailwarden.model.steps import CalendarShare, DistributionListMembership, Step
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE, KEN, TOM, JOHN = "grace.hopper@acme.com", "ken.adams@acme.com", "tom.becker@acme.com", "john@acme.com"
MIKE = "mike.smith@acme.com"
FINANCE, ENGINEERING, SUPPORT = "finance-team@acme.com", "engineering@acme.com", "support@acme.com"


async def _decide(flow: Flow, requester: str, step: Step) -> Decision:
    flow.ctx = await discovered_context(flow.ctx.clients)
    who = flow.person(requester)
    [planned] = await plan_steps(flow.ctx, who, [step], await flow.live.decider(who, [step]))
    return planned.decision


def _join(member: str, group: str = FINANCE) -> DistributionListMembership:
    return DistributionListMembership(change="add", group=group, member=member)


async def test_an_employee_does_not_get_a_colleagues_calendar_by_joining_an_open_group_that_holds_it(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 1. John may not ask for Editor on Tom's calendar (self-service-on-your-own: only Tom or an
    admin shares it). finance-team, a mail-enabled security group, holds Editor on Tom's calendar and is
    open to join: a member reads and changes Tom's calendar. The self-join must not run as a plain
    membership change."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.set_join_restriction(FINANCE, "Open")
    direct = await _decide(
        flow, JOHN, CalendarShare(change="grant", owner=TOM, grantee=JOHN, access="editor")
    )
    assert isinstance(direct, Denied), direct
    other.exchange(
        "Add-MailboxFolderPermission", Identity=f"{TOM}:\\Calendar", User=FINANCE, AccessRights=["Editor"]
    )
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Denied), decision
    assert "calendar" in decision.reason.lower(), decision.reason


async def test_a_stored_copy_does_not_let_the_lists_owner_approve_an_admins_add_that_gives_a_persons_mailbox(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 2. A tenant on a stored copy of the policy from before list access (red team 26's copy):
    `four-eyes-on-list-access` keeps Grace from running her own add to finance-team (Full Access on Tom's
    mailbox), and its reason promises a second admin; but the copy's `owners-approve-list-joins` let Mike,
    finance-team's owner and no admin, approve it. The direct grant on Tom's mailbox goes to Ken alone."""
    from tests.policy.test_redteam26_stored_copy_list_access import STORED_COPY

    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    flow.engine.load(STORED_COPY)
    for member in (GRACE, JOHN):
        decision = await _decide(flow, GRACE, _join(member))
        assert isinstance(decision, ApprovalRequired), decision
        assert decision.approvers == [KEN], decision


async def test_joining_a_group_that_reads_a_colleagues_inbox_is_decided_as_access_to_her_mailbox(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 13. finance-team, open to join, holds Reviewer on Tom's Inbox (a folder permission, no Full
    Access): a member reads Tom's mail. John's self-join must be refused as a self-join into a person's
    mailbox, and Grace's own add must wait for a second admin, as Full Access would."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.set_join_restriction(FINANCE, "Open")
    other.exchange(
        "Add-MailboxFolderPermission", Identity=f"{TOM}:\\Inbox", User=FINANCE, AccessRights=["Reviewer"]
    )
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john
    grace = await _decide(flow, GRACE, _join(GRACE))
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [KEN], grace


async def test_free_busy_on_a_colleagues_calendar_is_no_access_through_the_group(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 1's fix, not too wide: a group whose calendar entry shows only free/busy (as the Default entry
    does to everyone) gives nothing; John's self-join of the open list still runs."""
    other = OtherAdmin(tenant, settled=True)
    other.set_join_restriction(FINANCE, "Open")
    other.exchange(
        "Add-MailboxFolderPermission",
        Identity=f"{TOM}:\\Calendar",
        User=FINANCE,
        AccessRights=["AvailabilityOnly"],
    )
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Allowed), decision


async def test_a_folder_permission_read_that_fails_leaves_the_groups_reach_unknown(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """Attack 15. finance-team is open and holds nothing yet; reading the folder permissions of the
    X. A folder the scan could not read may
        be one the group reads, so John's self-join must not run as an add to a group that holds nothing."""
    other = OtherAdmin(tenant, settled=True)
    other.set_join_restriction(FINANCE, "Open")
    other.exchange(
        "Add-MailboxFolderPermission", Identity=f"{TOM}:\\Inbox", User=FINANCE, AccessRights=["Reviewer"]
    )
    emulator.faults.fail_items("exchange", status=403, times=50, matching="Get-MailboxFolderPermission")
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Denied), decision
    assert "could not be established" in decision.reason, decision.reason


async def test_a_group_named_default_is_not_taken_for_everyone(flow: Flow, tenant: TenantState) -> None:
    """Attack 16. A folder permission entry prints its holder by display name, and every folder has an entry
    named 'Default' (everyone in the organisation). A security group whose display name is 'Default',
    holding Reviewer on Tom's Inbox, must not be read as that built-in entry and dropped: Grace's add of
    herself still waits for a second admin."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("New-DistributionGroup", Name="Default", Alias="default-readers", Type="Security")
    other.exchange(
        "Add-MailboxFolderPermission",
        Identity=f"{TOM}:\\Inbox",
        User="default-readers@acme.com",
        AccessRights=["Reviewer"],
    )
    decision = await _decide(flow, GRACE, _join(GRACE, "default-readers@acme.com"))
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == [KEN], decision
