"""Security leftover 24: an add to a group that a mailbox's mail is forwarded to hands over that mail.

Maria's mail goes to the exec-assist list, by her ForwardingAddress or by an enabled Inbox rule: whoever is on
the list reads it. "Add me to exec-assist" is then access to Maria's mail, decided as list access
(workflow/list_rights.py, right "Forwarded mail"): an employee cannot self-serve it and an admin's own add
waits for a second admin. Driven through the live decision against the emulator over HTTP, as red team 27."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Decision, Denied
from mailwarden.model.steps import DistributionListMembership, Step
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE, KEN, JOHN, MARIA = (
    "grace.hopper@acme.com",
    "ken.adams@acme.com",
    "john@acme.com",
    "maria.garcia@acme.com",
)
EXEC, OUTER = "exec-assist@acme.com", "exec-office@acme.com"


async def _decide(flow: Flow, requester: str, step: Step) -> Decision:
    flow.ctx = await discovered_context(flow.ctx.clients)
    who = flow.person(requester)
    [planned] = await plan_steps(flow.ctx, who, [step], await flow.live.decider(who, [step]))
    return planned.decision


def _join(member: str, group: str = EXEC) -> DistributionListMembership:
    return DistributionListMembership(change="add", group=group, member=member)


def _open_list(tenant: TenantState) -> OtherAdmin:
    """exec-assist: a plain distribution list (no security group: it can hold no mailbox right), open."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("New-DistributionGroup", Name="Exec assistants", Alias="exec-assist", Type="Distribution")
    other.set_join_restriction(EXEC, "Open")
    return other


async def test_the_control_an_open_list_nobody_forwards_to_stays_open(
    flow: Flow, tenant: TenantState
) -> None:
    _open_list(tenant)
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Allowed), decision


async def test_joining_the_list_marias_forwarding_address_names_is_not_self_service(
    flow: Flow, tenant: TenantState
) -> None:
    other = _open_list(tenant)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=EXEC)
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john
    grace = await _decide(flow, GRACE, _join(GRACE))
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [KEN], grace


async def test_joining_a_list_an_enabled_inbox_rule_redirects_to_is_not_self_service(
    flow: Flow, tenant: TenantState
) -> None:
    other = _open_list(tenant)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to assistants", RedirectTo=[EXEC])
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john
    grace = await _decide(flow, GRACE, _join(GRACE))
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [KEN], grace


async def test_a_rule_to_a_list_around_it_counts_too(flow: Flow, tenant: TenantState) -> None:
    """Joining exec-assist makes John a member of exec-office, which Maria's rule forwards to."""
    other = _open_list(tenant)
    other.exchange("New-DistributionGroup", Name="Exec office", Alias="exec-office", Type="Distribution")
    other.set_join_restriction(OUTER, "Open")
    other.exchange("Add-DistributionGroupMember", Identity=OUTER, Member=EXEC)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to office", ForwardTo=[OUTER])
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Denied), decision


async def test_a_disabled_rule_hands_nothing_over(flow: Flow, tenant: TenantState) -> None:
    other = _open_list(tenant)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to assistants", ForwardTo=[EXEC])
    other.exchange("Disable-InboxRule", Mailbox=MARIA, Identity="to assistants")
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Allowed), decision


async def test_an_unreadable_rule_set_routes_as_the_worst_case(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """No rule at all, but Get-InboxRule fails for the mailboxes: a rule nobody could read may send mail to
    the list, so John's self-join must not run as an add to a list that hands over nothing."""
    _open_list(tenant)
    emulator.faults.fail_items("exchange", status=403, times=50, matching="Get-InboxRule")
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Denied), decision
    # An employee's refusal does not say why (it may reveal a list's mail); an admin's own add names the
    # list's unknown, where the policy's general reason alone would also say "could not be established".
    grace = await _decide(flow, GRACE, _join(GRACE))
    assert isinstance(grace, ApprovalRequired), grace
    assert "exec-assist@acme.com gives its members access to could not be established" in grace.reason, (
        grace.reason
    )
