"""Red team 34: attempts to take someone's forwarded mail through an address change or a new list that the
security 26 scan stops (kept as regressions; the findings have files of their own).

Maria's forwarding or Inbox rule sends her mail to ea-desk@acme.com, which nobody holds. Tried: the
forwarding printed in other case, with a proxy prefix, padded, or plus-addressed (ea-desk+x@: Exchange Online
delivers it to ea-desk@; the scan cannot place it and decides the worst case); the new address asked for in
other case or with a prefix; rules by ForwardTo, RedirectTo and ForwardAsAttachmentTo; a new list asked for
by an employee; a list's own primary address changed to the desk (a member never approves); a cache that
still shows the address on John; a rule created between approval and run; an empty list created and then
joined; the undo of a list's deletion recreating it once Maria forwards to it (stopped at confirmation)."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import DecisionChanged
from mailwarden.model.decisions import ApprovalRequired, Decision, Denied
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import ChangePrimaryAlias, DistributionListLifecycle, DistributionListMembership
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps, undo
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.security.test_redteam32_address_takes_forwarded_mail import _approved_address_change, _primary
from tests.security.test_sec24_forwarded_to_group import GRACE, JOHN, KEN, MARIA, _decide
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DESK = "ea-desk@acme.com"
HASH = "#Exchange.GenericHashTable"


def _take(address: str, who: str = JOHN) -> ChangePrimaryAlias:
    return ChangePrimaryAlias(change="set", recipient=who, new_address=address, keep_old=True)


def _ken_second_admin(tenant: TenantState) -> OtherAdmin:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    return other


def _approval_by(decision: Decision, *approvers: str) -> bool:
    return isinstance(decision, ApprovalRequired) and decision.approvers == list(approvers)


@pytest.mark.parametrize(
    "printed",
    [
        "ea-desk+x@acme.com",
        "EA-Desk@ACME.com",
        "SMTP:ea-desk@acme.com",
        "smtp:EA-DESK@acme.com",
        " ea-desk@acme.com ",
    ],
)
async def test_a_forwarding_printed_otherwise_still_refuses_the_employee(
    flow: Flow, tenant: TenantState, printed: str
) -> None:
    _ken_second_admin(tenant).exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=printed)
    decision = await _decide(flow, JOHN, _take(DESK))
    assert isinstance(decision, Denied), decision


@pytest.mark.parametrize("asked", ["EA-Desk@acme.com", "smtp:ea-desk@acme.com", "SMTP:EA-DESK@ACME.COM"])
async def test_the_new_address_asked_otherwise_is_still_refused(
    flow: Flow, tenant: TenantState, asked: str
) -> None:
    _ken_second_admin(tenant).exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    decision = await _decide(flow, JOHN, _take(asked))
    assert isinstance(decision, Denied), decision


@pytest.mark.parametrize("kind", ["ForwardAsAttachmentTo", "ForwardTo", "RedirectTo"])
@pytest.mark.parametrize("target", ["ea-desk+x@acme.com", "EA-Desk@acme.com"])
async def test_every_kind_of_forwarding_rule_counts(
    flow: Flow, tenant: TenantState, kind: str, target: str
) -> None:
    _ken_second_admin(tenant).exchange("New-InboxRule", Mailbox=MARIA, Name="r", **{kind: [target]})
    decision = await _decide(flow, JOHN, _take(DESK))
    assert isinstance(decision, Denied), decision


async def test_an_employee_never_creates_the_list(flow: Flow, tenant: TenantState) -> None:
    _ken_second_admin(tenant).exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    step = DistributionListLifecycle(change="create", group="EA-Desk@acme.com", members=(JOHN,))
    decision = await _decide(flow, JOHN, step)
    assert isinstance(decision, Denied), decision


async def test_an_admins_list_at_a_plus_addressed_target_waits_for_a_second_admin(
    flow: Flow, tenant: TenantState
) -> None:
    other = _ken_second_admin(tenant)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress="ea-desk+y@acme.com")
    step = DistributionListLifecycle(change="create", group="EA-Desk@acme.com", members=(GRACE,))
    decision = await _decide(flow, GRACE, step)
    assert _approval_by(decision, KEN), decision


async def test_a_lists_own_primary_address_change_is_scanned(flow: Flow, tenant: TenantState) -> None:
    other = _ken_second_admin(tenant)
    other.exchange("New-DistributionGroup", Name="Desk list", Alias="desk-list", Members=[GRACE])
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    decision = await _decide(flow, GRACE, _take(DESK, "desk-list@acme.com"))
    assert _approval_by(decision, KEN), decision
    assert "Maria" in decision.reason, decision.reason


async def test_a_member_of_the_list_never_approves_its_new_address(flow: Flow, tenant: TenantState) -> None:
    other = _ken_second_admin(tenant)
    other.exchange("New-DistributionGroup", Name="Desk list", Alias="desk-list", Members=[KEN])
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    decision = await _decide(flow, GRACE, _take(DESK, "desk-list@acme.com"))
    assert not (isinstance(decision, ApprovalRequired) and KEN in decision.approvers), decision


async def test_the_one_given_the_address_never_approves_it(flow: Flow, tenant: TenantState) -> None:
    _ken_second_admin(tenant).exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    decision = await _decide(flow, GRACE, _take(DESK, KEN))
    assert isinstance(decision, Denied), decision


async def test_a_cache_still_showing_the_address_on_john_does_not_skip_the_scan(
    flow: Flow, tenant: TenantState
) -> None:
    other = _ken_second_admin(tenant)
    other.exchange(
        "Set-Mailbox", Identity=JOHN, EmailAddresses={"@odata.type": HASH, "Add": [f"smtp:{DESK}"]}
    )
    flow.ctx = await discovered_context(flow.ctx.clients)
    assert DESK in flow.person(JOHN).addresses
    other.exchange(
        "Set-Mailbox", Identity=JOHN, EmailAddresses={"@odata.type": HASH, "Remove": [f"smtp:{DESK}"]}
    )
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    john, step = flow.person(JOHN), _take(DESK)
    [planned] = await plan_steps(flow.ctx, john, [step], await flow.live.decider(john, [step]))
    assert isinstance(planned.decision, Denied), planned.decision


@pytest.mark.parametrize("target", ["ea-desk+x@acme.com", "EA-Desk@acme.com", DESK])
async def test_a_rule_made_after_approval_stops_the_run(flow: Flow, tenant: TenantState, target: str) -> None:
    other = _ken_second_admin(tenant)
    request_id = await _approved_address_change(flow)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="r", ForwardAsAttachmentTo=[target])
    view = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.live.step_check)
    assert view.state is not RequestState.COMPLETED, view
    assert _primary(tenant, JOHN) == JOHN


async def test_an_empty_list_then_a_join_is_no_way_round(flow: Flow, tenant: TenantState) -> None:
    other = _ken_second_admin(tenant)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    other.exchange("New-DistributionGroup", Name="EA desk", Alias="ea-desk", Type="Distribution")
    grace = await _decide(flow, GRACE, DistributionListMembership(change="add", group=DESK, member=GRACE))
    assert _approval_by(grace, KEN), grace
    john = await _decide(flow, JOHN, DistributionListMembership(change="add", group=DESK, member=JOHN))
    assert isinstance(john, Denied), john


async def test_undoing_a_lists_deletion_once_maria_forwards_to_it_stops(
    flow: Flow, tenant: TenantState
) -> None:
    other = _ken_second_admin(tenant)
    other.exchange(
        "New-DistributionGroup", Name="EA desk", Alias="ea-desk", Type="Distribution", Members=[KEN]
    )
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace, step = flow.person(GRACE), DistributionListLifecycle(change="delete", group=DESK)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    view = flow.service.submit(TENANT, flow.actor(GRACE), [planned])
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    view = await live_policy.verdict(
        flow.service, flow.live, TENANT, view.request_id, flow.person(KEN), "approve"
    )
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)
    assert view.state is RequestState.COMPLETED, view
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    undone = await undo(
        flow.service, flow.ctx, TENANT, view.request_id, flow.actor(GRACE), grace, flow.decide
    )
    # The undo is planned on the directory alone (its re-create shows as allowed); confirming decides it
    # again on live facts, which see Maria's forwarding: the request stops and no list is recreated.
    with pytest.raises(DecisionChanged, match="its members would read it"):
        await live_policy.confirm(flow.service, flow.live, TENANT, undone.request_id, flow.actor(GRACE))
    with tenant.transaction():
        assert tenant.by_address(DESK) is None
