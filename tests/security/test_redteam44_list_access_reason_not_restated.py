"""Red team 44, attack on sec41 (c): redecision compares `outcome()` (allowed / approval required from an
approver set, its rules, `hands_over`), and `hands_over` is set only for an address change or a new list.
A list add's decision under `admin-approves-list-access` names the mailboxes the list reaches only in its
reason. When the list gains Full Access on a second mailbox between submission and approval, the fresh
decision has the same outcome (the same approvers, the same rules, no `hands_over`), so it is neither
stricter nor `changed()`: the stored reason ("Tom Becker") stays on the request and the second admin's
approval is recorded under a decision that never named Maria's mailbox, which the add now also gives.
(Before sec41 the fresh decision differed in `model_dump()` and was restated.)

Driven through the live decision and the run against the emulator over HTTP, as red team 27's tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import DecisionChanged
from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE, KEN, TOM, JOHN = "grace.hopper@acme.com", "ken.adams@acme.com", "tom.becker@acme.com", "john@acme.com"
MARIA = "maria.garcia@acme.com"
FINANCE = "finance-team@acme.com"


async def _asked_knowing_toms_mailbox(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> tuple[OtherAdmin, str]:
    """finance-team holds Full Access on Tom's mailbox; Grace asks to add John to it; the decision names
    Tom's mailbox and waits for Ken (four eyes on list access)."""
    other = OtherAdmin(tenant)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    await replicated()  # a state the tenant reached long before
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace = flow.person(GRACE)
    step = DistributionListMembership(change="add", group=FINANCE, member=JOHN)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    assert isinstance(planned.decision, ApprovalRequired), planned.decision
    assert planned.decision.approvers == [KEN], planned.decision
    assert "Tom Becker" in planned.decision.reason, planned.decision.reason
    assert "Maria" not in planned.decision.reason, planned.decision.reason
    view = flow.service.submit(TENANT, flow.actor(GRACE), [planned])
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view.state
    return other, view.request_id


async def test_control_the_approval_stands_when_the_list_reaches_nothing_more(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    _, request_id = await _asked_knowing_toms_mailbox(flow, tenant, replicated)
    view = await live_policy.verdict(flow.service, flow.live, TENANT, request_id, flow.person(KEN), "approve")
    assert view.state is RequestState.APPROVED, view.state
    [step] = flow.service.get(TENANT, request_id).steps
    assert isinstance(step.decision, ApprovalRequired)
    assert "Tom Becker" in step.decision.reason


async def test_a_mailbox_the_list_gains_before_the_approve_is_named_to_the_approver(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    other, request_id = await _asked_knowing_toms_mailbox(flow, tenant, replicated)
    # Between Grace's submission and Ken's approval, finance-team is given Full Access on Maria's mailbox
    # (minutes before: in the reads when Ken approves).
    other.exchange("Add-MailboxPermission", Identity=MARIA, User=FINANCE, AccessRights=["FullAccess"])
    await replicated()
    try:
        view = await live_policy.verdict(
            flow.service, flow.live, TENANT, request_id, flow.person(KEN), "approve"
        )
    except DecisionChanged:
        return  # the approval not taken, the decision changed: the fix too
    if view.state is not RequestState.APPROVED:
        return  # re-opened: not approved unseen
    # Approved: then what was approved must name what the add now gives.
    [step] = flow.service.get(TENANT, request_id).steps
    assert isinstance(step.decision, ApprovalRequired)
    assert "Maria Garcia" in step.decision.reason, step.decision.reason
