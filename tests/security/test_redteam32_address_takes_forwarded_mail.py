"""Red team 32: taking an address someone's forwarding names takes their mail.

Maria's ForwardingSmtpAddress names `ea-desk@acme.com`, an address of the organisation nobody holds any more
(the assistant it reached left). John asks for it as his new primary address: from then on Exchange delivers
Maria's forwarded mail to him. The address check (`address-not-in-use`) asks only whether a recipient holds
the address; the decision says nothing of the forwarding, so the admin who approves an address change (it
looks like a rename) hands over Maria's mail without being told. As with a join of a list her mail is
forwarded to (security leftover 24), the change should be decided as access to her mail: never approved for
an employee as a mere address change."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import DecisionChanged
from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import ChangePrimaryAlias, DistributionListLifecycle
from mailwarden.testing import RunningEmulator
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec24_forwarded_to_group import GRACE, JOHN, KEN, MARIA, _decide
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DESK = "ea-desk@acme.com"


def _take(address: str) -> ChangePrimaryAlias:
    return ChangePrimaryAlias(change="set", recipient=JOHN, new_address=address, keep_old=True)


async def test_the_control_a_free_address_nobody_forwards_to_goes_to_an_admin(
    flow: Flow, tenant: TenantState
) -> None:
    OtherAdmin(tenant, settled=True).add_role(KEN)
    decision = await _decide(flow, JOHN, _take(DESK))
    assert isinstance(decision, ApprovalRequired), decision


async def test_taking_the_address_marias_forwarding_names_is_not_an_address_change(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    decision = await _decide(flow, JOHN, _take(DESK))
    assert isinstance(decision, Denied), decision
    # The employee's refusal names no mailbox he may not view (the fact is about Maria's mail).
    assert "maria" not in decision.reason.lower(), decision.reason


async def test_an_enabled_inbox_rule_redirecting_to_the_address_counts_too(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to the desk", RedirectTo=[DESK])
    decision = await _decide(flow, JOHN, _take(DESK))
    assert isinstance(decision, Denied), decision


async def test_a_disabled_rule_to_the_address_hands_nothing_over(flow: Flow, tenant: TenantState) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to the desk", ForwardTo=[DESK])
    other.exchange("Disable-InboxRule", Mailbox=MARIA, Identity="to the desk")
    decision = await _decide(flow, JOHN, _take(DESK))
    assert isinstance(decision, ApprovalRequired), decision
    assert "forward" not in decision.reason.lower(), decision.reason


async def test_a_chain_to_the_address_counts(flow: Flow, tenant: TenantState) -> None:
    """Ken's mail goes to Maria's mailbox, whose rule sends it on to the desk: taking the desk takes both."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to the desk", ForwardTo=[DESK])
    other.exchange("Set-Mailbox", Identity=KEN, ForwardingSmtpAddress=MARIA)
    decision = await _decide(flow, GRACE, _take(DESK))
    assert isinstance(decision, ApprovalRequired), decision
    assert "Ken Adams (ken.adams@acme.com), forwarded on by Maria Garcia" in decision.reason, decision.reason


async def test_an_admin_sees_whose_mail_the_address_hands_over(flow: Flow, tenant: TenantState) -> None:
    """Grace asks for John's new address: a second admin approves it, told that Maria's mail goes with it."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    decision = await _decide(flow, GRACE, _take(DESK))
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == [KEN], decision
    assert "Maria Garcia (maria.garcia@acme.com)" in decision.reason, decision.reason
    assert "hands that mail over to John" in decision.reason, decision.reason


async def test_an_unreadable_rule_set_routes_an_address_change_as_the_worst_case(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    OtherAdmin(tenant, settled=True).add_role(KEN)
    # Maria's rules only: unreadable rules of John's own mailbox, where the address's mail lands, would make
    # everyone a reader of it, and nobody could approve (security 28, test_redteam34_shared_mailbox_...).
    emulator.faults.fail_items(
        "exchange", status=403, times=50, matching='"mailbox": "maria.garcia@acme.com"'
    )
    decision = await _decide(flow, JOHN, _take(DESK))
    assert isinstance(decision, Denied), decision
    grace = await _decide(flow, GRACE, _take(DESK))
    assert isinstance(grace, ApprovalRequired), grace
    assert f"Whose forwarded mail {DESK} would receive could not be established" in grace.reason, grace.reason


def _create(address: str) -> DistributionListLifecycle:
    return DistributionListLifecycle(change="create", group=address, display_name="EA desk", members=(JOHN,))


async def test_the_control_an_admin_creates_a_list_nobody_forwards_to(
    flow: Flow, tenant: TenantState
) -> None:
    OtherAdmin(tenant, settled=True).add_role(KEN)
    decision = await _decide(flow, GRACE, _create(DESK))
    assert isinstance(decision, Allowed), decision


async def test_a_new_list_at_the_address_marias_forwarding_names_waits_for_a_second_admin(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to the desk", ForwardTo=[DESK])
    decision = await _decide(flow, GRACE, _create(DESK))
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == [KEN], decision
    assert "Maria Garcia (maria.garcia@acme.com)" in decision.reason, decision.reason


async def _approved_address_change(flow: Flow) -> str:
    """Grace asks for John's new primary address DESK (nobody forwards to it yet); Ken approves it."""
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace, step = flow.person(GRACE), _take(DESK)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    assert isinstance(planned.decision, ApprovalRequired), planned.decision
    view = flow.service.submit(TENANT, flow.actor(GRACE), [planned])
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view.state
    view = await live_policy.verdict(
        flow.service, flow.live, TENANT, view.request_id, flow.person(KEN), "approve"
    )
    assert view.state is RequestState.APPROVED, view.state
    return view.request_id


def _primary(tenant: TenantState, address: str) -> str:
    with tenant.transaction():
        found = tenant.by_address(address)
        assert found is not None
        return found.primary_smtp


async def test_the_control_an_approved_change_of_address_runs(flow: Flow, tenant: TenantState) -> None:
    OtherAdmin(tenant, settled=True).add_role(KEN)
    request_id = await _approved_address_change(flow)
    view = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.live.step_check)
    assert view.state is RequestState.COMPLETED, view
    assert _primary(tenant, JOHN) == DESK


async def test_a_forwarding_set_after_approval_stops_the_change_at_run_time(
    flow: Flow, tenant: TenantState
) -> None:
    """Maria's forwarding to the desk is set after Ken approved a plain address change: the run decides the
    step again on a scan read right before the write, and the address stays free."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    request_id = await _approved_address_change(flow)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    view = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.live.step_check)
    assert view.state is not RequestState.COMPLETED, view
    [ran] = view.steps
    assert ran.status == "refused", ran
    assert _primary(tenant, JOHN) == JOHN


async def test_a_forwarding_set_before_the_approval_is_not_approved_unseen(
    flow: Flow, tenant: TenantState
) -> None:
    """Maria's forwarding to the desk is set while Grace's plain address change waits for Ken: Ken's approve,
    given from a view that never named Maria's mail, must not be recorded as approving the step (review of
    this session: the fresh decision was restated and the approval recorded in the same call)."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace, step = flow.person(GRACE), _take(DESK)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    view = flow.service.submit(TENANT, flow.actor(GRACE), [planned])
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view.state
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    with pytest.raises(DecisionChanged, match="hands over"):
        await live_policy.verdict(
            flow.service, flow.live, TENANT, view.request_id, flow.person(KEN), "approve"
        )
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)
    assert view.state is not RequestState.COMPLETED, view
    assert _primary(tenant, JOHN) == JOHN
