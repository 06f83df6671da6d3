"""Calendar shares, list adds and forwarding given for a while, on the emulated tenant over HTTP: the
scheduler ends each at its end, toward less access and never more (DESIGN §5), and leaves what a later
request or someone else decided since."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import CalendarShare, DistributionListMembership, EmailForwardingInternal, Step
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps, run_expiries, undo
from tests.security.other_admin import OtherAdmin
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio

ADMIN, TOM, JANE, MIKE = (
    "grace.hopper@acme.com",
    "tom.becker@acme.com",
    "jane.doe@acme.com",
    "mike.smith@acme.com",
)
PRIYA, AVA, CAREERS, MARIA = (
    "priya.patel@acme.com",
    "ava.johnson@acme.com",
    "careers@acme.com",
    "maria.garcia@acme.com",
)
CONTRACTORS, ALL_SALES = "contractors@acme.com", "all-sales@acme.com"


async def _done(flow: Flow, who: str, step: Step) -> RequestView:
    """Filed, confirmed, approved by each approver it waits for, and run."""
    person = flow.person(who)
    planned = await plan_steps(
        flow.ctx, person, [step], await flow.live.decider(person, [step]), service=flow.service, tenant=TENANT
    )
    view = flow.service.submit(TENANT, flow.actor(who), planned, justification="cover while away")
    if view.state is RequestState.NEEDS_CONFIRMATION:
        view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(who))
    while view.state is RequestState.PENDING_APPROVAL:
        approver = flow.person(view.pending_approvers()[0])
        view = await live_policy.verdict(
            flow.service, flow.live, TENANT, view.request_id, approver, "approve"
        )
    return await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)


def _calendar(tenant: TenantState, owner: str) -> dict[str, list[str]]:
    """The owner's calendar entries as written: grantee's primary address → access rights."""
    with tenant.transaction():
        box = tenant.find(owner)
        assert box is not None
        return {
            tenant.recipients[e.user].primary_smtp: list(e.access_rights)
            for e in box.calendar
            if e.user in tenant.recipients
        }


def _members(tenant: TenantState, group: str) -> set[str]:
    with tenant.transaction():
        found = tenant.find(group)
        assert found is not None
        return {tenant.recipients[i].primary_smtp for i in found.members}


def _forwards_to(tenant: TenantState, mailbox: str) -> str | None:
    with tenant.transaction():
        box = tenant.find(mailbox)
        assert box is not None
        target = tenant.get(box.forwarding_address) if box.forwarding_address else None
        return target.primary_smtp if target is not None else box.forwarding_smtp_address


def _days(flow: Flow, days: int) -> dt.datetime:
    return flow.clock.now + dt.timedelta(days=days)


async def _ended(flow: Flow, days: int) -> list[RequestView]:
    flow.clock.advance(dt.timedelta(days=days))
    return await run_expiries(flow.service, flow.ctx, TENANT)


# ---- calendar shares ---------------------------------------------------------------------------------


async def test_a_calendar_shared_for_a_day_is_unshared_at_its_end(flow: Flow, tenant: TenantState) -> None:
    share = CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer", expires=_days(flow, 1))
    view = await _done(flow, ADMIN, share)
    assert view.state is RequestState.COMPLETED, view.steps[0]
    assert _calendar(tenant, JANE).get(TOM) == ["Reviewer"]

    assert await _ended(flow, 0) == [], "nothing ends before its time"
    [ended] = await _ended(flow, 2)
    assert ended.state is RequestState.COMPLETED, ended.steps[0]
    assert ended.parent_request_id == view.request_id
    assert TOM not in _calendar(tenant, JANE)
    assert await _ended(flow, 1) == [], "an end runs once"


async def test_a_share_that_raised_a_lower_level_puts_the_lower_level_back(
    flow: Flow, tenant: TenantState
) -> None:
    assert _calendar(tenant, PRIYA)[AVA] == ["Reviewer"]
    share = CalendarShare(change="grant", owner=PRIYA, grantee=AVA, access="editor", expires=_days(flow, 1))
    view = await _done(flow, ADMIN, share)
    assert view.steps[0].status == "applied", view.steps[0]
    assert _calendar(tenant, PRIYA)[AVA] == ["Editor"]

    [ended] = await _ended(flow, 2)
    assert ended.state is RequestState.COMPLETED, ended.steps[0]
    assert ended.steps[0].step["access"] == "reviewer"
    assert _calendar(tenant, PRIYA)[AVA] == ["Reviewer"]


async def test_a_share_over_the_same_or_a_higher_level_is_already_so_and_ends_nothing(
    flow: Flow, tenant: TenantState
) -> None:
    for access in ("reviewer", "availability_only"):
        share = CalendarShare(change="grant", owner=PRIYA, grantee=AVA, access=access, expires=_days(flow, 1))
        view = await _done(flow, ADMIN, share)
        assert view.steps[0].status == "already", view.steps[0]
    assert _calendar(tenant, PRIYA)[AVA] == ["Reviewer"], "a share for a while never lowers a level for good"

    assert await _ended(flow, 2) == []
    assert _calendar(tenant, PRIYA)[AVA] == ["Reviewer"]


async def test_a_level_lowered_outside_since_is_not_raised_back_by_the_end(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    share = CalendarShare(change="grant", owner=PRIYA, grantee=AVA, access="editor", expires=_days(flow, 1))
    await _done(flow, ADMIN, share)
    other = OtherAdmin(tenant)
    other.exchange(
        "Set-MailboxFolderPermission",
        Identity=f"{other.id_of(PRIYA)}:\\Calendar",
        User=other.id_of(AVA),
        AccessRights=["AvailabilityOnly"],
    )
    await replicated()  # changed long before the end

    [ended] = await _ended(flow, 2)
    assert ended.state is RequestState.DENIED
    assert "only takes away" in ended.steps[0].preview["reason"]
    assert _calendar(tenant, PRIYA)[AVA] == ["AvailabilityOnly"]
    assert await _ended(flow, 1) == []


async def test_a_level_raised_over_a_time_bound_share_ends_with_the_later_end_and_nothing_stays(
    flow: Flow, tenant: TenantState
) -> None:
    """Reviewer for a day, then editor for three: the first end is the later share's to decide, and at the
    later end the reviewer level it raised is not put back for good (it was to end already)."""
    reviewer = CalendarShare(
        change="grant", owner=JANE, grantee=TOM, access="reviewer", expires=_days(flow, 1)
    )
    await _done(flow, ADMIN, reviewer)
    flow.clock.advance(dt.timedelta(hours=1))
    editor = CalendarShare(change="grant", owner=JANE, grantee=TOM, access="editor", expires=_days(flow, 3))
    assert (await _done(flow, ADMIN, editor)).steps[0].status == "applied"

    [left] = await _ended(flow, 2)
    assert left.state is RequestState.DENIED
    assert _calendar(tenant, JANE)[TOM] == ["Editor"]
    [ended] = await _ended(flow, 2)
    assert ended.state is RequestState.COMPLETED, ended.steps[0]
    assert TOM not in _calendar(tenant, JANE)


async def test_a_later_for_good_share_wins_over_a_time_bound_one(flow: Flow, tenant: TenantState) -> None:
    share = CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer", expires=_days(flow, 1))
    await _done(flow, ADMIN, share)
    for_good = await _done(
        flow, ADMIN, CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer")
    )
    assert for_good.steps[0].status == "applied"
    assert "makes it permanent" in for_good.steps[0].preview["summary"]

    assert await _ended(flow, 2) == []
    assert _calendar(tenant, JANE)[TOM] == ["Reviewer"]


# ---- list adds ---------------------------------------------------------------------------------------


async def test_a_member_added_for_a_day_is_removed_at_the_end(flow: Flow, tenant: TenantState) -> None:
    add = DistributionListMembership(change="add", group=CONTRACTORS, member=TOM, expires=_days(flow, 1))
    view = await _done(flow, ADMIN, add)
    assert view.state is RequestState.COMPLETED, view.steps[0]
    assert TOM in _members(tenant, CONTRACTORS)

    [ended] = await _ended(flow, 2)
    assert ended.state is RequestState.COMPLETED, ended.steps[0]
    assert ended.steps[0].step == {
        "action": "distribution_list_membership",
        "change": "remove",
        "group": CONTRACTORS,
        "member": TOM,
        "expires": None,
    }
    assert TOM not in _members(tenant, CONTRACTORS)
    assert await _ended(flow, 1) == []


async def test_a_member_before_the_add_is_not_removed_at_its_end(flow: Flow, tenant: TenantState) -> None:
    assert AVA in _members(tenant, ALL_SALES)
    add = DistributionListMembership(change="add", group=ALL_SALES, member=AVA, expires=_days(flow, 1))
    view = await _done(flow, ADMIN, add)
    assert view.steps[0].status == "already", view.steps[0]

    assert await _ended(flow, 2) == []
    assert AVA in _members(tenant, ALL_SALES)


async def test_a_later_for_good_add_wins_over_a_time_bound_one(flow: Flow, tenant: TenantState) -> None:
    add = DistributionListMembership(change="add", group=CONTRACTORS, member=TOM, expires=_days(flow, 1))
    await _done(flow, ADMIN, add)
    for_good = await _done(
        flow, ADMIN, DistributionListMembership(change="add", group=CONTRACTORS, member=TOM)
    )
    assert for_good.steps[0].status == "applied", for_good.steps[0]
    assert "makes it permanent" in for_good.steps[0].preview["summary"]

    assert await _ended(flow, 2) == []
    assert TOM in _members(tenant, CONTRACTORS)


# ---- forwarding --------------------------------------------------------------------------------------


async def test_forwarding_for_a_week_is_cleared_at_its_end(flow: Flow, tenant: TenantState) -> None:
    forward = EmailForwardingInternal(change="set", mailbox=JANE, forward_to=TOM, expires=_days(flow, 7))
    view = await _done(flow, JANE, forward)
    assert view.state is RequestState.COMPLETED, view.steps[0]
    assert _forwards_to(tenant, JANE) == TOM

    assert await _ended(flow, 6) == []
    [ended] = await _ended(flow, 2)
    assert ended.state is RequestState.COMPLETED, ended.steps[0]
    assert ended.steps[0].step["change"] == "clear"
    assert _forwards_to(tenant, JANE) is None


async def test_forwarding_over_another_is_cleared_never_pointed_back(flow: Flow, tenant: TenantState) -> None:
    """Careers forwarded to Maria; forwarded to Tom for a day, its end clears it: sending Maria the mail
    again would be giving access, which the scheduler never does."""
    assert _forwards_to(tenant, CAREERS) == MARIA
    forward = EmailForwardingInternal(change="set", mailbox=CAREERS, forward_to=TOM, expires=_days(flow, 1))
    view = await _done(flow, ADMIN, forward)
    assert view.steps[0].status == "applied", view.steps[0]

    [ended] = await _ended(flow, 2)
    assert ended.state is RequestState.COMPLETED, ended.steps[0]
    assert _forwards_to(tenant, CAREERS) is None


async def test_forwarding_changed_since_is_left_and_the_end_says_why(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    forward = EmailForwardingInternal(change="set", mailbox=JANE, forward_to=TOM, expires=_days(flow, 1))
    view = await _done(flow, JANE, forward)
    other = OtherAdmin(tenant)
    other.exchange("Set-Mailbox", Identity=other.id_of(JANE), ForwardingAddress=other.id_of(MIKE))
    await replicated()  # changed long before the end

    [left] = await _ended(flow, 2)
    assert left.state is RequestState.DENIED
    assert left.parent_request_id == view.request_id
    reason = left.steps[0].preview["reason"]
    assert MIKE in reason
    assert "changed it since" in reason
    assert _forwards_to(tenant, JANE) == MIKE
    assert await _ended(flow, 1) == []


async def test_a_later_forwarding_through_mailwarden_is_left_by_the_earlier_end(
    flow: Flow, tenant: TenantState
) -> None:
    await _done(
        flow,
        JANE,
        EmailForwardingInternal(change="set", mailbox=JANE, forward_to=TOM, expires=_days(flow, 1)),
    )
    for_good = await _done(flow, JANE, EmailForwardingInternal(change="set", mailbox=JANE, forward_to=TOM))
    assert for_good.steps[0].status == "applied", for_good.steps[0]

    assert await _ended(flow, 2) == []
    assert _forwards_to(tenant, JANE) == TOM


async def test_members_added_for_a_day_in_one_request_each_end(flow: Flow, tenant: TenantState) -> None:
    """Adds that end run together (each end checked as a step run alone checks it: bulk_run.py), and the
    end removes each."""
    until = _days(flow, 1)
    steps = [
        DistributionListMembership(change="add", group=CONTRACTORS, member=member, expires=until)
        for member in (TOM, MIKE)
    ]
    person = flow.person(ADMIN)
    planned = await plan_steps(
        flow.ctx, person, steps, await flow.live.decider(person, steps), service=flow.service, tenant=TENANT
    )
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert [s.status for s in view.steps] == ["applied", "applied"], view.steps
    assert {TOM, MIKE} <= _members(tenant, CONTRACTORS)

    [ended] = await _ended(flow, 2)  # both ends in one expiry request, run together
    assert ended.state is RequestState.COMPLETED
    assert ended.step_count == 2
    assert not {TOM, MIKE} & _members(tenant, CONTRACTORS)


async def test_an_undone_time_bound_add_is_removed_and_its_end_takes_nothing_more(
    flow: Flow, tenant: TenantState
) -> None:
    add = DistributionListMembership(change="add", group=CONTRACTORS, member=TOM, expires=_days(flow, 1))
    view = await _done(flow, ADMIN, add)
    reverting = await undo(
        flow.service, flow.ctx, TENANT, view.request_id, flow.actor(ADMIN), flow.person(ADMIN), flow.decide
    )
    assert reverting.steps[0].step.get("expires") is None, "an undo's removal is for good"
    if reverting.state is RequestState.NEEDS_CONFIRMATION:
        flow.service.confirm(TENANT, reverting.request_id, flow.actor(ADMIN))
    reverting = await advance(flow.service, flow.ctx, TENANT, reverting.request_id, check=flow.check)
    assert reverting.state is RequestState.COMPLETED, reverting.steps[0]
    assert TOM not in _members(tenant, CONTRACTORS)

    journal = len(tenant.data.journal)
    [ended] = await _ended(flow, 2)
    assert ended.steps[0].status == "already"
    assert [e.operation for e in tenant.data.journal[journal:]] in ([], ["Remove-DistributionGroupMember"])
    assert TOM not in _members(tenant, CONTRACTORS)


async def test_a_group_that_may_not_have_the_lower_level_any_more_loses_the_share_at_its_end(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """Finance Team had Reviewer and was raised to Editor for a day; a guest joined it since, so Reviewer
    may not be given to it again: the end removes its share (less), never leaves it Editor for good."""
    team = "finance-team@acme.com"
    await _done(flow, ADMIN, CalendarShare(change="grant", owner=JANE, grantee=team, access="reviewer"))
    raise_ = CalendarShare(change="grant", owner=JANE, grantee=team, access="editor", expires=_days(flow, 1))
    assert (await _done(flow, ADMIN, raise_)).steps[0].status == "applied"
    other = OtherAdmin(tenant)
    other.exchange("Add-DistributionGroupMember", Identity=other.id_of(team), Member="vera@vendorco.example")
    await replicated()

    [ended] = await _ended(flow, 2)
    assert ended.state is RequestState.COMPLETED, ended.steps[0]
    assert ended.steps[0].step["change"] == "revoke"
    assert team not in _calendar(tenant, JANE)


async def _share_then_jane_makes_tom_editor(flow: Flow, tenant: TenantState) -> RequestView:
    """Reviewer on Jane's calendar for a day, asked while Tom has no access; before it runs, Jane makes Tom an
    Editor herself."""
    assert TOM not in _calendar(tenant, JANE)
    share = CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer", expires=_days(flow, 1))
    person = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, person, [share], await flow.live.decider(person, [share]))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    OtherAdmin(tenant).exchange(
        "Add-MailboxFolderPermission", Identity=f"{JANE}:\\Calendar", User=TOM, AccessRights="Editor"
    )
    return view


async def test_a_share_for_a_while_run_over_a_higher_level_given_since_lowers_nothing(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """The run reads "more than asked is held already": the write is not sent (a Set to Reviewer would lower
    his Editor for good, which no grant may do), the step is "already" and its end takes nothing."""
    view = await _share_then_jane_makes_tom_editor(flow, tenant)
    await replicated()  # the run's read shows Jane's change
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)

    assert _calendar(tenant, JANE)[TOM] == ["Editor"], "a share for a while lowered a level for good"
    assert done.steps[0].status == "already", done.steps[0]
    assert await _ended(flow, 2) == []
    assert _calendar(tenant, JANE)[TOM] == ["Editor"]


async def test_a_share_for_a_while_run_inside_the_lag_of_a_higher_level_lowers_nothing(
    flow: Flow, tenant: TenantState, replication_lag: int
) -> None:
    """The same, with Jane's change a moment before the run: its read does not show Tom's entry, the add is
    answered "already exists", and a share for a while does not go on to set the level (that Set lowered
    Editor to Reviewer for good)."""
    set_switch(tenant, "replication_lag_seconds", max(replication_lag, 2))
    view = await _share_then_jane_makes_tom_editor(flow, tenant)
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)

    assert _calendar(tenant, JANE)[TOM] == ["Editor"], "a share for a while lowered a level for good"
    assert done.steps[0].status == "already", done.steps[0]
    assert await _ended(flow, 2) == []
    assert _calendar(tenant, JANE)[TOM] == ["Editor"]
