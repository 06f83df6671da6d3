"""Red-team of writing by object id (workflow/binding.py `pinned`): is it already so, asked of the tenant,
must be answered for the object approved, never for another one that only looks like it to a directory
synced before it changed (a name or alias that a later object took). A step approved for an object that is
told "already in place" because of someone else is never run, and the record says it was done."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import VerifyWait
from mailwarden.directory.snapshot import Directory
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.changes import Change
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import (
    CalendarShare,
    DistributionListMembership,
    EmailForwardingInternal,
    MailboxDelegation,
    SendAs,
    SendOnBehalf,
    Step,
)
from mailwarden.workflow import live_policy
from mailwarden.workflow.extension import extension_of
from mailwarden.workflow.requests import advance, plan_steps, run_expiries, submit, undo
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.security.test_bind_steps_to_objects import ADMIN, CONTRACTORS, SALES, TOM
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_write_by_object_id import _filed, _move_address

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

MIKE, JANE = "mike.smith@acme.com", "jane.doe@acme.com"

Replicated = Callable[[], Awaitable[None]]


async def _approved(flow: Flow, step: Step, who: str = ADMIN) -> RequestView:
    return await _filed(flow, who, step)


async def _run(flow: Flow, view: RequestView) -> RequestView:
    return await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)


async def test_a_calendar_share_is_not_taken_as_in_place_from_someone_who_took_the_grantees_name(
    flow: Flow, tenant: TenantState
) -> None:
    """Mike is renamed "Tom Becker" after the last sync and holds Reviewer on Jane's calendar: the share
    approved for Tom (by id) is still Tom's to get, not "already so" because of Mike's entry."""
    view = await _approved(flow, CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer"))
    other = OtherAdmin(tenant)
    tom, mike = other.id_of(TOM), other.id_of(MIKE)
    tom_name = flow.person(TOM).display_name
    other.exchange("Set-Mailbox", Identity=mike, DisplayName=tom_name)
    other.exchange(
        "Add-MailboxFolderPermission", Identity=f"{JANE}:\\Calendar", User=mike, AccessRights=["Reviewer"]
    )

    done = await _run(flow, view)

    with tenant.transaction():
        users = {e.user for e in tenant.data.recipients[other.id_of(JANE)].calendar}
    assert done.steps[0].status == "applied", done.steps[0]
    assert not (done.steps[0].outcome or {}).get("change", {}).get("already"), done.steps[0].outcome
    assert tom in users, "Tom was told he already had the share Mike holds, and never got it"


def _take_alias(tenant: TenantState, taker: str, holder: str) -> None:
    """`holder` gets a new alias (Exchange's Name) and `taker` gets the old one, after the last sync (the
    emulator's Set-Mailbox does not take -Alias: written as the Exchange admin center would)."""
    with tenant.transaction():
        was, to = tenant.get(holder), tenant.get(taker)
        assert was is not None
        assert to is not None
        alias = was.alias
        was.alias = f"{alias}-old"
        to.alias = alias
        tenant.mark_dirty()


async def test_send_on_behalf_is_not_taken_as_in_place_from_someone_who_took_the_trustees_name(
    flow: Flow, tenant: TenantState
) -> None:
    """GrantSendOnBehalfTo prints Names. Mike, who holds Send on Behalf of Sales, took Tom's alias after the
    last sync: the directory reads "tom.becker" as Tom. The grant approved for Tom still goes to Tom."""
    view = await _approved(flow, SendOnBehalf(change="grant", mailbox=SALES, trustee=TOM))
    other = OtherAdmin(tenant)
    tom, mike, sales = other.id_of(TOM), other.id_of(MIKE), other.id_of(SALES)
    other.exchange(
        "Set-Mailbox",
        Identity=sales,
        GrantSendOnBehalfTo={"@odata.type": "#Exchange.GenericHashTable", "Add": [mike]},
    )
    _take_alias(tenant, mike, tom)

    done = await _run(flow, view)

    with tenant.transaction():
        holders = set(tenant.data.recipients[sales].grant_send_on_behalf_to)
    assert tom in holders, f"Tom was told he already had what Mike holds, and never got it: {done.steps[0]}"


async def test_forwarding_is_not_taken_as_in_place_when_it_goes_to_someone_who_took_the_targets_name(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    """ForwardingAddress prints a Name. Jane forwards to Mike, who took Tom's alias after the last sync: a
    forwarding to Tom approved by id is not "already so" while Jane's mail goes to Mike."""
    other = OtherAdmin(tenant)
    tom, mike, jane = other.id_of(TOM), other.id_of(MIKE), other.id_of(JANE)
    other.exchange("Set-Mailbox", Identity=jane, ForwardingAddress=mike, DeliverToMailboxAndForward=True)
    await replicated()  # she forwarded to Mike long before she asked: the plan reads it
    view = await _approved(
        flow, EmailForwardingInternal(change="set", mailbox=JANE, forward_to=TOM, keep_copy=True), JANE
    )
    _take_alias(tenant, mike, tom)
    await replicated()  # the tenant shows the alias move; only the directory synced before it misses it

    done = await _run(flow, view)

    with tenant.transaction():
        forwarding = tenant.data.recipients[jane].forwarding_address
    assert forwarding == tom, f"Jane's mail still goes to Mike, recorded as forwarded to Tom: {done.steps[0]}"


async def test_a_list_add_is_not_taken_as_in_place_from_a_member_who_took_the_new_members_name(
    flow: Flow, tenant: TenantState
) -> None:
    """Mike is on Contractors and took Tom's alias after the last sync: the add approved for Tom still adds
    Tom (a member row is his only by id), not "already a member" because of Mike's Name."""
    other = OtherAdmin(tenant)
    tom, mike, contractors = other.id_of(TOM), other.id_of(MIKE), other.id_of(CONTRACTORS)
    other.exchange("Add-DistributionGroupMember", Identity=contractors, Member=mike)
    view = await _approved(flow, DistributionListMembership(change="add", group=CONTRACTORS, member=TOM))
    _take_alias(tenant, mike, tom)

    done = await _run(flow, view)

    with tenant.transaction():
        members = set(tenant.data.recipients[contractors].members)
    assert tom in members, (
        f"Tom was told he is already on the list Mike is on, and never added: {done.steps[0]}"
    )


async def test_a_bulk_add_whose_members_object_vanished_fails_that_step_alone_and_runs_the_others(
    flow: Flow, tenant: TenantState
) -> None:
    """Mike's mailbox is removed after approval while reads lag: nothing read shows it yet, so the run
    writes, by id, and Exchange answers that object is not found. That step failed (a retry runs it again),
    it is not "accepted by the tenant"; Tom and Jane are added all the same."""
    steps: list[Step] = [
        DistributionListMembership(change="add", group=CONTRACTORS, member=m) for m in (TOM, MIKE, JANE)
    ]
    admin = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    other = OtherAdmin(tenant)
    mike, contractors = other.id_of(MIKE), other.id_of(CONTRACTORS)
    set_switch(tenant, "replication_lag_seconds", 120)
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.01, longest=0.01, bound=0.03))
    with tenant.transaction():
        tenant.remove_recipient(mike)

    done = await _run(flow, view)

    status = {s.step["member"]: s.status for s in done.steps}
    assert status == {TOM: "applied", MIKE: "failed", JANE: "applied"}, done.steps
    failed = str((done.steps[1].outcome or {}).get("message"))
    assert "could not find" in failed, failed
    assert "Traceback" not in failed, failed
    with tenant.transaction():
        members = set(tenant.data.recipients[contractors].members)
    assert {other.id_of(TOM), other.id_of(JANE)} <= members


@pytest.mark.parametrize(
    "step",
    [
        MailboxDelegation(change="grant", mailbox=SALES, trustee=MIKE),
        CalendarShare(change="grant", owner=JANE, grantee=MIKE, access="reviewer"),
        DistributionListMembership(change="add", group=CONTRACTORS, member=MIKE),
        SendOnBehalf(change="grant", mailbox=SALES, trustee=MIKE),
    ],
    ids=lambda s: s.action,
)
async def test_a_step_left_applying_whose_bound_trustee_left_the_directory_is_settled_not_stuck(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, step: Step
) -> None:
    """A run stops between marking a step for Mike `applying` and recording it; then Mike's mailbox is
    removed and the directory synced. Whether the write landed is asked of Mike's object, which is gone (a
    calendar share and a list add raised "no longer in the directory" on every later run): the next run
    settles the step (refused, naming why), it does not stay `applying`, and its request unfinished, for
    ever."""
    view = await _filed(flow, ADMIN, step)

    async def stopped(*_: object) -> None:
        raise asyncio.CancelledError  # the process went away mid-write

    monkeypatch.setattr(type(WRITE_ACTIONS[step.action]), "apply", stopped)
    with pytest.raises(asyncio.CancelledError):
        await _run(flow, view)
    monkeypatch.undo()
    assert flow.service.get(TENANT, view.request_id).steps[0].status == "applying"
    mike = OtherAdmin(tenant).id_of(MIKE)
    with tenant.transaction():
        tenant.remove_recipient(mike)
    directory = flow.ctx.directory
    synced = Directory([r for r in directory if r.recipient_id != mike], directory.domains)
    flow.ctx = dataclasses.replace(flow.ctx, directory=synced)
    flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))  # the stopped run's lease ran out

    done = await _run(flow, view)

    assert done.steps[0].status == "refused", done.steps[0]
    assert "no longer" in str((done.steps[0].outcome or {}).get("message")), done.steps[0].outcome


def _full_access(tenant: TenantState, mailbox: str, trustee: str) -> bool:
    with tenant.transaction():
        return trustee in {e.trustee_id for e in tenant.data.recipients[mailbox].full_access}


async def test_an_undo_takes_the_grant_from_the_trustee_it_was_given_to_after_his_address_moved(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    """Tom got Full Access to Sales; Mike holds his own. Tom's address then goes to Mike (the directory has
    synced it). Undoing Tom's grant takes Tom's away, by id, and leaves Mike's."""
    view = await _filed(flow, ADMIN, MailboxDelegation(change="grant", mailbox=SALES, trustee=TOM))
    view = await _run(flow, view)
    other = OtherAdmin(tenant)
    tom, mike, sales = other.id_of(TOM), other.id_of(MIKE), other.id_of(SALES)
    other.exchange("Add-MailboxPermission", Identity=sales, User=mike, AccessRights=["FullAccess"])
    assert _full_access(tenant, sales, tom)
    assert _full_access(tenant, sales, mike)
    _move_address(tenant, TOM, MIKE)
    await replicated()  # the move stands for one the directory has long synced
    flow.ctx = await discovered_context(flow.ctx.clients)
    admin = flow.person(ADMIN)

    reverting = await undo(
        flow.service, flow.ctx, TENANT, view.request_id, flow.actor(ADMIN), admin, flow.decide
    )
    flow.service.confirm(TENANT, reverting.request_id, flow.actor(ADMIN))
    done = await _run(flow, reverting)

    assert done.steps[0].step["trustee"] != TOM, done.steps[0].step
    assert not _full_access(tenant, sales, tom), done.steps[0]
    assert _full_access(tenant, sales, mike), "the undo took Mike's own Full Access"


async def test_a_grant_over_a_time_bound_one_is_found_by_the_object_it_was_granted_to(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    """Tom may send as Sales for a week; his address then goes to Mike (synced). A grant for good to Tom,
    by his address now, extends his time-bound grant: not "already so" (and taken away next week)."""
    week = SendAs(change="grant", mailbox=SALES, trustee=TOM, expires=flow.clock.now + dt.timedelta(days=7))
    admin = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, admin, [week], flow.decide, service=flow.service, tenant=TENANT)
    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check
    )
    assert view.state is RequestState.COMPLETED
    _move_address(tenant, TOM, MIKE)
    await replicated()  # the move stands for one the directory has long synced
    flow.ctx = await discovered_context(flow.ctx.clients)
    for_good = SendAs(change="grant", mailbox=SALES, trustee="tom.becker-old@acme.com")

    (step,) = await plan_steps(flow.ctx, admin, [for_good], flow.decide, service=flow.service, tenant=TENANT)

    assert isinstance(step.preview, Change)
    assert not step.preview.already, step.preview
    assert extension_of(step.preview.model_dump(mode="json")), step.preview


async def test_a_grant_to_the_new_holder_of_an_address_does_not_take_the_old_holders_end_away(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    """Tom may send as Sales for a week; Mike, who may send as Sales for good, then gets Tom's address.
    A grant for good to that address (Mike) is his, already so: not an extension of Tom's week, which
    would take Tom's end off and leave him the access for ever."""
    week = SendAs(change="grant", mailbox=SALES, trustee=TOM, expires=flow.clock.now + dt.timedelta(days=7))
    admin = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, admin, [week], flow.decide, service=flow.service, tenant=TENANT)
    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check
    )
    assert view.state is RequestState.COMPLETED
    other = OtherAdmin(tenant)
    other.exchange("Add-RecipientPermission", Identity=SALES, Trustee=MIKE, AccessRights=["SendAs"])
    _move_address(tenant, TOM, MIKE)
    await replicated()  # the move stands for one the directory has long synced
    flow.ctx = await discovered_context(flow.ctx.clients)
    to_mike = SendAs(change="grant", mailbox=SALES, trustee=TOM)

    (step,) = await plan_steps(flow.ctx, admin, [to_mike], flow.decide, service=flow.service, tenant=TENANT)

    assert isinstance(step.preview, Change)
    assert not extension_of(step.preview.model_dump(mode="json")), step.preview
    assert step.preview.already, step.preview


async def test_an_expiry_is_not_dropped_for_a_later_grant_to_the_new_holder_of_the_trustees_address(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    """Tom may send as Sales for a week; his address then goes to Mike, who is later given Send As on Sales
    through a request of his own. That request decided Mike's access, not Tom's: Tom's week still ends."""
    week = SendAs(change="grant", mailbox=SALES, trustee=TOM, expires=flow.clock.now + dt.timedelta(days=7))
    admin = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, admin, [week], flow.decide, service=flow.service, tenant=TENANT)
    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check
    )
    assert view.state is RequestState.COMPLETED
    other = OtherAdmin(tenant)
    tom, sales = other.id_of(TOM), other.id_of(SALES)
    _move_address(tenant, TOM, MIKE)
    await replicated()  # the move stands for one the directory has long synced
    flow.ctx = await discovered_context(flow.ctx.clients)
    flow.clock.advance(dt.timedelta(days=1))
    to_mike = SendAs(change="grant", mailbox=SALES, trustee=MIKE)
    planned = await plan_steps(flow.ctx, admin, [to_mike], flow.decide, service=flow.service, tenant=TENANT)
    mikes = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check
    )
    assert mikes.state is RequestState.COMPLETED
    flow.clock.advance(dt.timedelta(days=7))
    await replicated()  # a week passes

    (expiry,) = await run_expiries(flow.service, flow.ctx, TENANT)

    assert expiry.state is RequestState.COMPLETED, expiry.steps[0].outcome
    with tenant.transaction():
        assert tom not in tenant.data.recipients[sales].send_as, "Tom kept Send As past its end"
