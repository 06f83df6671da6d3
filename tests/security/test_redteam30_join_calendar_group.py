"""Red team 30: a calendar shared with a mail-enabled security group (emu5) is that calendar for whoever
joins the group. An employee may not ask for a colleague's calendar (self-service-on-your-own), so asking
to join a group that holds one must not pass as a plain join (list-access-to-a-persons-mailbox), including
when the group's display name is also a person's (its calendar entry prints only the display name).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions.base import execute
from mailwarden.actions.calendar_share import ACTION
from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Denied
from mailwarden.model.steps import CalendarShare, DistributionListMembership
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
Replicated = Callable[[], Awaitable[None]]

JANE, TOM = "jane.doe@acme.com", "tom.becker@acme.com"


async def _join_decision(flow: Flow, group: str) -> object:
    tom = flow.person(TOM)
    step = DistributionListMembership(change="add", group=group, member=TOM)
    [planned] = await plan_steps(flow.ctx, tom, [step], await flow.live.decider(tom, [step]))
    return planned.decision


@pytest.mark.parametrize("display_name", [None, "Ava Johnson"])
async def test_joining_a_group_that_holds_a_colleagues_calendar_is_no_self_service(
    flow: Flow, tenant: TenantState, replicated: Replicated, display_name: str | None
) -> None:
    other = OtherAdmin(tenant)
    extra = {"DisplayName": display_name} if display_name else {}
    other.exchange(
        "New-DistributionGroup",
        Name="Calendar Watchers",
        Type="Security",
        MemberJoinRestriction="Open",
        Members=["ken.adams@acme.com"],
        **extra,
    )
    await replicated()
    fresh = await discovered_context(flow.ctx.clients)
    group = "calendarwatchers@acme.com"
    shared = await execute(
        ACTION, fresh, CalendarShare(change="grant", owner=JANE, grantee=group, access="editor")
    )
    assert shared.status == "applied", shared.message
    await replicated()
    flow.ctx = await discovered_context(flow.ctx.clients)
    decision = await _join_decision(flow, group)
    assert isinstance(decision, Denied), decision
    assert "list-access-to-a-persons-mailbox" in decision.policies, decision


async def test_control_the_same_group_without_the_calendar_is_open_to_join(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    OtherAdmin(tenant).exchange(
        "New-DistributionGroup", Name="Calendar Watchers", Type="Security", MemberJoinRestriction="Open"
    )
    await replicated()
    flow.ctx = await discovered_context(flow.ctx.clients)
    decision = await _join_decision(flow, "calendarwatchers@acme.com")
    assert not isinstance(decision, Denied), decision
