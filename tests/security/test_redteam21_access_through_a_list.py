"""Red team 21: four eyes on access to a person's mailbox, side-stepped through a list. Full Access on Tom's
mailbox for Grace (an admin) needs a second admin; but finance-team (a mail-enabled security group) could
hold Full Access on it, and an admin added anyone to a list once they confirmed
(`admin-runs-membership-and-calendars`), so "add me to finance-team" gave Grace Tom's mail with nobody else
looking. The decision now reads what the group holds (workflow/list_rights.py, live) and decides the add as
the grant it gives: each test compares it with the direct grant's decision on the same tenant."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Decision, Denied
from mailwarden.model.steps import DistributionListMembership, MailboxDelegation, SendAs, Step
from mailwarden.planner.compose import plan_request
from mailwarden.planner.rules import RulesPlanner
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.conftest import Demo
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE, KEN, TOM, JOHN = "grace.hopper@acme.com", "ken.adams@acme.com", "tom.becker@acme.com", "john@acme.com"
FINANCE, ENGINEERING, SUPPORT = "finance-team@acme.com", "engineering@acme.com", "support@acme.com"


async def _decide(flow: Flow, requester: str, step: Step) -> Decision:
    """The decision `plan_steps` gives on live facts, on the tenant as it is now (discovered again)."""
    flow.ctx = await discovered_context(flow.ctx.clients)
    who = flow.person(requester)
    [planned] = await plan_steps(flow.ctx, who, [step], await flow.live.decider(who, [step]))
    return planned.decision


def _same(through_list: Decision, direct: Decision) -> None:
    """Decided as the direct grant is: the same outcome, by the same people."""
    assert type(through_list) is type(direct), (through_list, direct)
    if isinstance(direct, ApprovalRequired):
        assert isinstance(through_list, ApprovalRequired)
        assert sorted(through_list.approvers) == sorted(direct.approvers)


def _approved_by(decision: Decision, approvers: list[str]) -> None:
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == approvers, decision


def _join(member: str, group: str = FINANCE) -> DistributionListMembership:
    return DistributionListMembership(change="add", group=group, member=member)


async def test_an_admin_adding_herself_to_a_list_with_full_access_to_a_persons_mailbox_needs_four_eyes(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)  # a second admin: four eyes are possible
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    decision = await _decide(flow, GRACE, _join(GRACE))
    assert not isinstance(decision, Allowed), decision
    _approved_by(decision, [KEN])
    assert "finance-team@acme.com holds Full Access on Tom Becker (tom.becker@acme.com)" in decision.reason
    _same(decision, await _decide(flow, GRACE, MailboxDelegation(change="grant", mailbox=TOM, trustee=GRACE)))


async def test_the_sole_admin_adding_herself_is_decided_as_her_direct_grant_with_a_justification(
    flow: Flow, tenant: TenantState
) -> None:
    """No second admin: the add runs only as the direct grant does, on a written justification (DESIGN §5),
    not as a plain membership change."""
    OtherAdmin(tenant, settled=True).exchange(
        "Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"]
    )
    decision = await _decide(flow, GRACE, _join(GRACE))
    direct = await _decide(flow, GRACE, MailboxDelegation(change="grant", mailbox=TOM, trustee=GRACE))
    assert decision.policies == direct.policies == ["sole-admin-with-justification"], decision


async def test_an_admin_adding_someone_else_needs_a_second_admin_who_is_not_the_one_who_gets_it(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    john = await _decide(flow, GRACE, _join(JOHN))
    _approved_by(john, [KEN])
    _same(john, await _decide(flow, GRACE, MailboxDelegation(change="grant", mailbox=TOM, trustee=JOHN)))
    # Ken would approve his own access: nobody else may, as for Full Access granted to Ken directly.
    ken = await _decide(flow, GRACE, _join(KEN))
    assert isinstance(ken, Denied), ken
    _same(ken, await _decide(flow, GRACE, MailboxDelegation(change="grant", mailbox=TOM, trustee=KEN)))


async def test_a_list_nested_in_the_group_that_holds_the_right_gives_it_too(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    other.exchange("Add-DistributionGroupMember", Identity=FINANCE, Member=ENGINEERING)
    decision = await _decide(flow, GRACE, _join(GRACE, ENGINEERING))
    _approved_by(decision, [KEN])
    assert "(through finance-team@acme.com)" in decision.reason


async def test_send_as_held_by_the_group_needs_four_eyes_too(flow: Flow, tenant: TenantState) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-RecipientPermission", Identity=TOM, Trustee=FINANCE, AccessRights=["SendAs"])
    decision = await _decide(flow, GRACE, _join(GRACE))
    _approved_by(decision, [KEN])
    assert "Send As on Tom Becker" in decision.reason
    _same(decision, await _decide(flow, GRACE, SendAs(change="grant", mailbox=TOM, trustee=GRACE)))


async def test_rights_on_a_shared_mailbox_only_need_no_four_eyes_as_for_the_direct_grant(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=SUPPORT, User=FINANCE, AccessRights=["FullAccess"])
    decision = await _decide(flow, GRACE, _join(GRACE))
    assert isinstance(decision, Allowed), decision
    _same(
        decision,
        await _decide(flow, GRACE, MailboxDelegation(change="grant", mailbox=SUPPORT, trustee=GRACE)),
    )


async def test_an_employee_cannot_self_join_an_open_list_into_a_persons_mailbox(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.set_join_restriction(FINANCE, "Open")
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Denied), decision
    assert "Tom" not in decision.reason
    assert "tom.becker" not in decision.reason
    _same(decision, await _decide(flow, JOHN, MailboxDelegation(change="grant", mailbox=TOM, trustee=JOHN)))


async def test_an_employee_self_join_of_an_open_list_into_a_shared_mailbox_waits_for_an_admin(
    flow: Flow, tenant: TenantState
) -> None:
    """The direct grant on a shared mailbox waits for an approval, so the open list does too; the list's
    owner (Mike) does not answer for the mailbox, and the note does not name what John may not view."""
    other = OtherAdmin(tenant, settled=True)
    other.set_join_restriction(FINANCE, "Open")
    other.exchange("Add-MailboxPermission", Identity=SUPPORT, User=FINANCE, AccessRights=["FullAccess"])
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == [GRACE], decision
    assert "support" not in decision.reason.lower(), decision.reason
    assert "rights on mailboxes you may not view" in decision.reason


async def test_a_right_granted_after_approval_stops_the_add_when_it_runs(
    flow: Flow, tenant: TenantState
) -> None:
    """The run decides again on what the group holds then: a grant made after planning is seen."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    assert isinstance(await _decide(flow, GRACE, _join(JOHN)), Allowed)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    grace = flow.person(GRACE)
    [again] = (await flow.live.decider(grace, [_join(JOHN)])).many(grace, [_join(JOHN)])
    assert isinstance(again, ApprovalRequired), again


async def test_when_the_rights_cannot_be_read_the_add_goes_to_a_second_admin(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    OtherAdmin(tenant, settled=True).add_role(KEN)
    flow.ctx = await discovered_context(flow.ctx.clients)
    emulator.faults.fail_items("exchange", status=500, times=50, matching="Get-RecipientPermission")
    decision = await _decide(flow, GRACE, _join(JOHN))
    _approved_by(decision, [KEN])
    assert "could not be established" in decision.reason


async def test_send_on_behalf_held_by_the_group_needs_four_eyes_too(flow: Flow, tenant: TenantState) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    add = {"@odata.type": "#Exchange.GenericHashTable", "add": FINANCE}
    other.exchange("Set-Mailbox", Identity=TOM, GrantSendOnBehalfTo=add)
    decision = await _decide(flow, GRACE, _join(GRACE))
    _approved_by(decision, [KEN])
    assert "Send on Behalf on Tom Becker" in decision.reason


async def test_the_plan_shows_why_and_an_add_to_a_group_without_rights_runs(
    demo: Demo, tenant: TenantState
) -> None:
    """The planner's own decision (before submitting) reads what the group holds too: the plan says why
    the add needs a second admin, and an add to the same kind of group holding nothing is not held up."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    session = await demo.session(GRACE)
    plan, _ = await plan_request(session, "add john@acme.com to finance-team@acme.com", [], RulesPlanner())
    assert plan.steps, plan
    assert plan.steps[0].decision.outcome == "allowed", plan.steps[0].decision
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    plan, _ = await plan_request(session, "add john@acme.com to finance-team@acme.com", [], RulesPlanner())
    decision = plan.steps[0].decision
    _approved_by(decision, [KEN])
    assert "finance-team@acme.com holds Full Access on Tom Becker" in decision.reason
