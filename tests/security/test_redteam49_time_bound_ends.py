"""Red team 49: the ends of time-bound calendar shares, list adds and forwarding.

Findings (all fixed by sec48 and the planner's end range; each was a strict xfail until then):

- A forwarding set for a while to an address written otherwise than the tenant prints it (another case, or
  an alias of the target) is never cleared: its end compares the address the request named with the one
  the read shows, as strings, reads "changed since", and leaves the forwarding for good. A forwarding the
  requester's manager approved for a week outlasts it without the approval one for good needs.
- The end of a share that raised a lower level puts that level back though the owner removed it: a raise
  run inside the lag of the removal reads the old level, its write finds no entry and adds one, and the step
  keeps the lagging read's level as what was held before. The scheduler gives access, for good.
- The end of a share takes away a higher level the owner (or another admin) gave since outside mailwarden:
  a revoke end reads nothing, where a forwarding changed since is left as someone else's decision.
- Undoing an end that put a lower level back gives the higher level back for good (no end), where the undo
  of any other end is refused once the access's end has passed.
- Undoing a time-bound forwarding that replaced another time-bound one points the mail back for good: the
  undo's set carries no end (the earlier forwarding's end is refused as changed since by the undo, the
  undone one's as forwarding elsewhere now). Its approver is shown a forwarding with no end.
- Two expiry sweeps at once (the worker's and a CLI command's catch-up, or two commands) each end the same
  step: two scheduler requests, each run and recorded; nothing dedups an end already under way.
- The planner drops a length in years ("for 2 years") and plans the share for good, unasked.

Driven against the emulator over HTTP (the planner one on the rules planner)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import (
    CalendarShare,
    DistributionListMembership,
    EmailForwardingInternal,
    MailboxDelegation,
    SendAs,
)
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps, run_expiries, undo
from tests.directory.conftest import acme_directory
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import (
    ADMIN,
    AVA,
    CONTRACTORS,
    JANE,
    MIKE,
    PRIYA,
    TOM,
    _calendar,
    _days,
    _done,
    _ended,
    _forwards_to,
    _members,
)

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

SUPPORT = "support@acme.com"


# ---- findings ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "target"),
    [("Tom.Becker@ACME.com", TOM), ("helpdesk@acme.com", SUPPORT)],
    ids=["other-case", "alias"],
)
async def test_forwarding_for_a_week_to_an_address_written_otherwise_is_cleared_at_its_end(
    flow: Flow, tenant: TenantState, written: str, target: str
) -> None:
    """Jane's manager approves a week of forwarding; named by an alias or in capitals, it is the same target,
    and the week's end clears it."""
    forward = EmailForwardingInternal(change="set", mailbox=JANE, forward_to=written, expires=_days(flow, 7))
    view = await _done(flow, JANE, forward)
    assert view.state is RequestState.COMPLETED, view.steps[0]
    assert view.steps[0].decision is not None
    assert "manager" in view.steps[0].decision.reason
    assert _forwards_to(tenant, JANE) == target

    [ended] = await _ended(flow, 8)
    assert ended.state is RequestState.COMPLETED, ended.steps[0].preview
    assert _forwards_to(tenant, JANE) is None, "a week's forwarding outlived its end"


async def test_the_end_of_a_raise_run_in_the_lag_of_a_removal_gives_nothing_back(
    flow: Flow, tenant: TenantState
) -> None:
    """Priya takes Ava off her calendar; minutes later (reads not showing it yet) an approved one-day Editor
    share runs: its Set finds no entry and it adds one. At its end, Ava must hold nothing: Reviewer is
    what Priya removed."""
    assert _calendar(tenant, PRIYA)[AVA] == ["Reviewer"]
    set_switch(tenant, "replication_lag_seconds", 3600)
    other = OtherAdmin(tenant)
    other.exchange(
        "Remove-MailboxFolderPermission", Identity=f"{other.id_of(PRIYA)}:\\Calendar", User=other.id_of(AVA)
    )
    share = CalendarShare(change="grant", owner=PRIYA, grantee=AVA, access="editor", expires=_days(flow, 1))
    view = await _done(flow, ADMIN, share)
    assert view.steps[0].status == "applied", view.steps[0]
    assert _calendar(tenant, PRIYA)[AVA] == ["Editor"]
    set_switch(tenant, "replication_lag_seconds", 0)

    await _ended(flow, 2)
    assert AVA not in _calendar(tenant, PRIYA), "the scheduler gave back, for good, the level Priya removed"


async def test_a_level_the_owner_raised_since_is_left_by_the_end(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """Tom can read Jane's calendar for a day; the next morning Jane makes him an Editor herself (a decision
    of hers, for good). The day's end is not hers to undo: as a forwarding changed since, it is left."""
    share = CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer", expires=_days(flow, 1))
    await _done(flow, ADMIN, share)
    other = OtherAdmin(tenant)
    other.exchange(
        "Set-MailboxFolderPermission",
        Identity=f"{other.id_of(JANE)}:\\Calendar",
        User=other.id_of(TOM),
        AccessRights=["Editor"],
    )
    await replicated()  # long before the end

    await _ended(flow, 2)
    assert _calendar(tenant, JANE).get(TOM) == ["Editor"], "the end took away the Editor level Jane gave"


async def test_undoing_an_end_that_put_a_lower_level_back_gives_nothing_back(
    flow: Flow, tenant: TenantState
) -> None:
    """Ava had Reviewer, Editor for a day; the end put Reviewer back. Undoing that end would make the day's
    Editor permanent: refused as the undo of a list's or a forwarding's end is, once the end has passed."""
    share = CalendarShare(change="grant", owner=PRIYA, grantee=AVA, access="editor", expires=_days(flow, 1))
    await _done(flow, ADMIN, share)
    [ended] = await _ended(flow, 2)
    assert ended.state is RequestState.COMPLETED, ended.steps[0]
    assert _calendar(tenant, PRIYA)[AVA] == ["Reviewer"]

    with pytest.raises(NotPermitted, match="end has passed"):
        await undo(
            flow.service,
            flow.ctx,
            TENANT,
            ended.request_id,
            flow.actor(ADMIN),
            flow.person(ADMIN),
            flow.decide,
        )


@pytest.mark.parametrize(
    "text",
    [
        "Share my calendar with Tom as reviewer for 2 years",
        "Add Tom to contractors for 5 years",
        "Forward my mail to Tom for 3 years",
    ],
)
def test_a_length_in_years_is_never_planned_for_good(text: str) -> None:
    """A length the requester said is kept, or asked about (time-bound access lasts at most a year): never
    dropped, which plans the access for good."""
    directory = acme_directory()
    jane = directory.by_address(JANE)
    assert jane is not None
    draft = RulesPlanner(now=fixed_now(dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC))).draft(
        text, requester=jane, directory=directory
    )
    assert draft.status != "ready" or all(s.params.get("expires") for s in draft.steps), draft.steps


async def test_two_sweeps_at_once_end_each_step_once(flow: Flow, tenant: TenantState) -> None:
    """The worker's sweep and an admin's command (every command catches up on ends) at the same moment: each
    time-bound step is ended by one scheduler request, not one per sweep."""
    share = CalendarShare(change="grant", owner=PRIYA, grantee=AVA, access="editor", expires=_days(flow, 1))
    await _done(flow, ADMIN, share)
    add = DistributionListMembership(change="add", group=CONTRACTORS, member=TOM, expires=_days(flow, 1))
    await _done(flow, ADMIN, add)
    flow.clock.advance(dt.timedelta(days=2))

    first, second = await asyncio.gather(
        run_expiries(flow.service, flow.ctx, TENANT), run_expiries(flow.service, flow.ctx, TENANT)
    )
    assert _calendar(tenant, PRIYA)[AVA] == ["Reviewer"]
    assert TOM not in _members(tenant, CONTRACTORS)
    assert len(first) + len(second) == 2, [(e.parent_request_id, e.steps[0].step) for e in first + second]


async def test_undoing_a_forwarding_over_a_one_day_forwarding_leaves_nothing_for_good(
    flow: Flow, tenant: TenantState
) -> None:
    """Jane's mail goes to Mike for a day, then to Tom for three; undoing Tom's puts Mike back, and Mike's
    day still ends: no forwarding once both ends have passed."""
    mike = EmailForwardingInternal(change="set", mailbox=JANE, forward_to=MIKE, expires=_days(flow, 1))
    await _done(flow, JANE, mike)
    flow.clock.advance(dt.timedelta(hours=1))
    tom = EmailForwardingInternal(change="set", mailbox=JANE, forward_to=TOM, expires=_days(flow, 3))
    second = await _done(flow, JANE, tom)
    assert _forwards_to(tenant, JANE) == TOM
    back = await undo(
        flow.service, flow.ctx, TENANT, second.request_id, flow.actor(JANE), flow.person(JANE), flow.decide
    )
    back = await live_policy.confirm(flow.service, flow.live, TENANT, back.request_id, flow.actor(JANE))
    while back.state is RequestState.PENDING_APPROVAL:
        approver = flow.person(back.pending_approvers()[0])
        back = await live_policy.verdict(
            flow.service, flow.live, TENANT, back.request_id, approver, "approve"
        )
    back = await advance(flow.service, flow.ctx, TENANT, back.request_id, check=flow.check)
    assert back.state is RequestState.COMPLETED, back.steps[0]
    assert _forwards_to(tenant, JANE) == MIKE

    for _ in range(4):
        await _ended(flow, 1)
    assert _forwards_to(tenant, JANE) is None, "Mike's one-day forwarding became permanent through the undo"


# ---- what held -----------------------------------------------------------------------------------------


async def test_forwarding_to_a_target_readdressed_since_is_still_cleared(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    forward = EmailForwardingInternal(change="set", mailbox=JANE, forward_to=TOM, expires=_days(flow, 1))
    assert (await _done(flow, JANE, forward)).state is RequestState.COMPLETED
    other = OtherAdmin(tenant)
    other.exchange(
        "Set-Mailbox",
        Identity=other.id_of(TOM),
        EmailAddresses=["SMTP:thomas.becker@acme.com", f"smtp:{TOM}"],
    )
    await replicated()

    [ended] = await _ended(flow, 2)
    assert ended.state is RequestState.COMPLETED, ended.steps[0].preview
    assert _forwards_to(tenant, JANE) is None


async def test_asking_for_good_for_a_list_add_held_for_a_day_waits_for_the_owner(
    flow: Flow, tenant: TenantState
) -> None:
    add = DistributionListMembership(change="add", group=CONTRACTORS, member=TOM, expires=_days(flow, 1))
    assert (await _done(flow, TOM, add)).steps[0].status == "applied"
    again = DistributionListMembership(change="add", group=CONTRACTORS, member=TOM)
    person = flow.person(TOM)
    planned = await plan_steps(
        flow.ctx,
        person,
        [again],
        await flow.live.decider(person, [again]),
        service=flow.service,
        tenant=TENANT,
    )
    view = flow.service.submit(TENANT, flow.actor(TOM), planned)
    assert "makes it permanent" in view.steps[0].preview["summary"]
    assert view.steps[0].decision is not None
    assert view.steps[0].decision.outcome == "approval_required"

    await _ended(flow, 2)
    assert TOM not in _members(tenant, CONTRACTORS), "the unapproved for-good ask kept him in the list"


async def test_a_day_share_read_already_leaves_a_level_held_for_good_to_be_put_back(
    flow: Flow, tenant: TenantState
) -> None:
    """Ava holds Reviewer (not through mailwarden); a one-day Reviewer share is "already", and a one-day
    Editor after it ends by putting Reviewer back, not by revoking it as if Reviewer were to end."""
    same = CalendarShare(change="grant", owner=PRIYA, grantee=AVA, access="reviewer", expires=_days(flow, 1))
    assert (await _done(flow, ADMIN, same)).steps[0].status == "already"
    flow.clock.advance(dt.timedelta(hours=1))
    raise_ = CalendarShare(change="grant", owner=PRIYA, grantee=AVA, access="editor", expires=_days(flow, 1))
    assert (await _done(flow, ADMIN, raise_)).steps[0].status == "applied"

    await _ended(flow, 2)
    assert _calendar(tenant, PRIYA).get(AVA) == ["Reviewer"]


@pytest.mark.parametrize("kind", [MailboxDelegation, SendAs], ids=["full-access", "send-as"])
async def test_a_days_right_to_a_trustee_written_in_capitals_is_taken_at_its_end(
    flow: Flow, tenant: TenantState, kind: type[MailboxDelegation] | type[SendAs]
) -> None:
    """Checked with the forwarding finding: a Full Access or Send As end revokes the trustee the directory
    resolves, so the address as written does not keep the right."""
    grant = kind(change="grant", mailbox=JANE, trustee="Tom.Becker@ACME.com", expires=_days(flow, 1))
    assert (await _done(flow, ADMIN, grant)).steps[0].status == "applied"

    [ended] = await _ended(flow, 2)
    assert ended.state is RequestState.COMPLETED, ended.steps[0]
    assert ended.steps[0].preview["before"] != ended.steps[0].preview["after"]


async def test_undoing_a_forwarding_once_the_one_it_replaced_has_ended_points_nothing_back(
    flow: Flow, tenant: TenantState
) -> None:
    mike = EmailForwardingInternal(change="set", mailbox=JANE, forward_to=MIKE, expires=_days(flow, 1))
    await _done(flow, JANE, mike)
    flow.clock.advance(dt.timedelta(hours=1))
    tom = EmailForwardingInternal(change="set", mailbox=JANE, forward_to=TOM, expires=_days(flow, 3))
    second = await _done(flow, JANE, tom)
    await _ended(flow, 1)
    assert _forwards_to(tenant, JANE) == TOM

    with pytest.raises(NotPermitted, match="end has passed"):
        await undo(
            flow.service,
            flow.ctx,
            TENANT,
            second.request_id,
            flow.actor(JANE),
            flow.person(JANE),
            flow.decide,
        )
