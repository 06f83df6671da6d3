"""Nesting a list inside a stricter one behind mailwarden's back: the join decision reads the lists around
the joined one from the tenant (Graph transitiveMemberOf) at every decision, not from the cache."""

from __future__ import annotations

import pytest

from mailwarden.directory.live_facts import read_live_facts
from mailwarden.emulator.state import TenantState
from mailwarden.errors import DecisionChanged
from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.testing import RunningEmulator
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store

pytestmark = pytest.mark.anyio

TOM = "tom.becker@acme.com"
JOIN_ALL_HANDS = DistributionListMembership(change="add", group="all-hands@acme.com", member=TOM)


def _nest(tenant: TenantState, inner: str, outer: str) -> None:
    """Another admin puts list `inner` inside list `outer`, in Exchange."""
    OtherAdmin(tenant, settled=True).exchange("Add-DistributionGroupMember", Identity=outer, Member=inner)


async def test_a_list_nested_in_a_closed_one_after_discovery_needs_that_ones_owners(
    flow: Flow, tenant: TenantState
) -> None:
    """All Hands (Open) is put inside Finance Team (Closed, Mike) after the cache was read: Tom's join needs
    Mike, and the reason names Finance Team."""
    _nest(tenant, "all-hands@acme.com", "finance-team@acme.com")
    tom = flow.person(TOM)
    [planned] = await plan_steps(
        flow.ctx, tom, [JOIN_ALL_HANDS], await flow.live.decider(tom, [JOIN_ALL_HANDS])
    )
    decision = planned.decision
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == ["mike.smith@acme.com"]
    assert "finance-team@acme.com" in decision.reason


async def test_a_list_nested_after_the_request_stops_it_at_confirmation(
    flow: Flow, tenant: TenantState
) -> None:
    """Allowed when asked (All Hands is Open and in nothing); nested into Finance Team before Tom confirms:
    the confirmation stops the request, and Tom is not a member of either."""
    tom = flow.person(TOM)
    planned = await plan_steps(
        flow.ctx, tom, [JOIN_ALL_HANDS], await flow.live.decider(tom, [JOIN_ALL_HANDS])
    )
    assert planned[0].decision.outcome == "allowed"
    view = flow.service.submit(TENANT, flow.actor(TOM), planned)
    _nest(tenant, "all-hands@acme.com", "finance-team@acme.com")
    with pytest.raises(DecisionChanged, match=r"mike\.smith@acme\.com"):
        await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(TOM))
    assert flow.service.get(TENANT, view.request_id).state is RequestState.DENIED
    all_hands = tenant.by_address("all-hands@acme.com")
    assert all_hands is not None
    assert tom.recipient_id not in all_hands.members


async def test_a_list_nested_after_confirmation_is_not_joined_when_the_step_runs(
    flow: Flow, tenant: TenantState
) -> None:
    tom = flow.person(TOM)
    planned = await plan_steps(
        flow.ctx, tom, [JOIN_ALL_HANDS], await flow.live.decider(tom, [JOIN_ALL_HANDS])
    )
    view = flow.service.submit(TENANT, flow.actor(TOM), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(TOM))
    assert view.state is RequestState.APPROVED
    _nest(tenant, "all-hands@acme.com", "engineering@acme.com")  # ApprovalRequired, David
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert view.steps[0].status == "refused"
    assert "david.chen@acme.com" in str(view.steps[0].outcome)


async def test_lists_nested_in_each_other_are_decided_and_the_strictest_wins(
    flow: Flow, tenant: TenantState
) -> None:
    """Marketing (Open) and Finance Team (Closed) inside each other, a cycle Exchange allows: joining
    Marketing is decided (not an evaluation error), and Mike approves."""
    _nest(tenant, "marketing@acme.com", "finance-team@acme.com")
    _nest(tenant, "finance-team@acme.com", "marketing@acme.com")
    step = DistributionListMembership(change="add", group="marketing@acme.com", member=TOM)
    tom = flow.person(TOM)
    [planned] = await plan_steps(flow.ctx, tom, [step], await flow.live.decider(tom, [step]))
    assert isinstance(planned.decision, ApprovalRequired), planned.decision
    assert planned.decision.approvers == ["mike.smith@acme.com"]


async def test_the_lists_around_a_group_cost_no_extra_round_trip_when_the_cache_knows_them(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """Read with the group in one batch when the cache already knows the nesting; a nesting the cache does not
    know costs one more round (measured: the figure the report quotes)."""
    all_hands = flow.person("all-hands@acme.com")
    plain = await read_live_facts(flow.ctx.clients, flow.ctx.directory, [all_hands.recipient_id])
    assert plain.containers[all_hands.recipient_id] == frozenset()
    _nest(tenant, "all-hands@acme.com", "finance-team@acme.com")
    finance = flow.person("finance-team@acme.com")
    unexpected = await read_live_facts(flow.ctx.clients, flow.ctx.directory, [all_hands.recipient_id])
    assert unexpected.containers[all_hands.recipient_id] == frozenset({finance.recipient_id})
    assert finance.recipient_id in unexpected.recipients
    assert unexpected.round_trips > plain.round_trips
