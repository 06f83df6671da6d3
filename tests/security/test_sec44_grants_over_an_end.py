"""A later decision on a right a time-bound grant holds, and a write nobody sent (sec44, red team 47's rest).

- A for-good grant through mailwarden, run inside the replication lag of a one-day grant, is answered
  "already exists" on its first send and recorded "already": it is the later decision (confirmed and run),
  so the one-day grant's end leaves the access. A grant closed unrun as read "already so" is nobody's
  decision, and never outlives an end: an employee asking again for the access a one-day grant holds is
  asked an extension, which waits for its approver.
- A run that died in the read just before its write sent nothing: taken over inside the lag of a grant
  another admin gave outside mailwarden, the write's first send answered "already exists" is that admin's
  grant, and the one-day grant's end never takes it.
- A failed grant retried is settled as a dead run's write (red team 47's high finding has its own test): one
  whose write never landed is sent again and applied, with its end.

Driven against the emulator over HTTP, with its replication lag switched on where a test says so."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import SendAs
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import advance, plan_steps, run_expiries
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.security.faulty_send_as import never_arrives, run_sent_into
from tests.security.other_admin import OtherAdmin
from tests.security.test_kill_every_step import Killed, _dying
from tests.security.test_redteam45_lost_answers_leave_a_grant_with_no_end import (
    SARAH,
    _grant_for_a_day_answers_lost,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as
from tests.workflow.test_write_by_object_id import ADMIN, _filed

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

LAG = 3600  # longer than any test: reads show none of the writes made while it is on


def _for_a_day(flow: Flow) -> SendAs:
    return SendAs(
        change="grant", mailbox=SUPPORT, trustee=SARAH, expires=flow.clock.now + dt.timedelta(days=1)
    )


async def _asked(flow: Flow, who: str, step: SendAs) -> RequestView:
    """Planned as every channel plans (with the request records) and submitted by `who`."""
    person = flow.person(who)
    decide = await flow.live.decider(person, [step])
    planned = await plan_steps(flow.ctx, person, [step], decide, service=flow.service, tenant=TENANT)
    return flow.service.submit(TENANT, flow.actor(who), planned)


async def _day_passes(flow: Flow, tenant: TenantState) -> None:
    set_switch(tenant, "replication_lag_seconds", 0)
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)


async def test_a_for_good_grant_its_run_found_already_outlives_a_one_day_grant(
    flow: Flow, tenant: TenantState
) -> None:
    """A for-good grant run inside the lag of a one-day grant, answered 'already exists', keeps the access."""
    set_switch(tenant, "replication_lag_seconds", LAG)
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.01, longest=0.01, bound=0.03))
    day = await _filed(flow, ADMIN, _for_a_day(flow))
    [first] = (await advance(flow.service, flow.ctx, TENANT, day.request_id, check=flow.check)).steps
    assert first.status == "applied", first  # not shown yet: unverified, with its end
    flow.clock.advance(dt.timedelta(hours=1))
    view = await _asked(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH))
    assert view.state is RequestState.NEEDS_CONFIRMATION, view.state  # read "not held": a grant to run
    flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    [for_good] = (await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)).steps
    assert for_good.status == "already", for_good  # the first send's answer: the one-day grant was there
    await _day_passes(flow, tenant)
    assert _has_send_as(tenant, SUPPORT, SARAH), (
        "the one-day grant's end took the for-good grant run after it"
    )


async def test_asking_again_for_access_a_lost_answer_grant_holds_waits_for_approval(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sarah's own for-good request over a failed one-day grant is an extension to approve, and unapproved
    it keeps nothing past the day."""
    await _grant_for_a_day_answers_lost(flow, tenant, emulator, monkeypatch, lost=200)
    view = await _asked(flow, SARAH, SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH))
    [step] = view.steps
    assert step.preview.get("already") is False, step.preview  # shown as making the access permanent
    assert view.state is not RequestState.COMPLETED, view.state
    await _day_passes(flow, tenant)
    assert not _has_send_as(tenant, SUPPORT, SARAH), "Sarah kept the day's Send As nobody approved for good"


async def test_a_run_killed_before_its_write_taken_over_in_the_lag_ends_nothing_another_admin_gave(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-day grant's run dies in the read before its write; another admin then gives Sarah Send As for
    good outside mailwarden; the run taken over inside the lag records the grant as not its own."""
    view = await _filed(flow, ADMIN, _for_a_day(flow))
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.01, longest=0.01, bound=0.03))
    action = WRITE_ACTIONS["send_as"]
    # The run's reads: its own before the write is judged, then `execute`'s, the last before the write.
    monkeypatch.setattr(action, "preflight", _dying(action.preflight, 2, "before", is_async=True))
    with pytest.raises(Killed):
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    monkeypatch.undo()
    assert not _has_send_as(tenant, SUPPORT, SARAH)  # nothing was sent
    set_switch(tenant, "replication_lag_seconds", LAG)
    other = OtherAdmin(tenant)
    other.exchange("Add-RecipientPermission", Identity=SUPPORT, Trustee=SARAH, AccessRights="SendAs")
    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))
    [step] = (await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)).steps
    assert step.status == "already", (step.status, step.outcome)
    await _day_passes(flow, tenant)
    assert _has_send_as(tenant, SUPPORT, SARAH), "the one-day grant's end took the other admin's Send As"


async def test_a_retried_grant_whose_lost_write_never_landed_is_sent_and_ends(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-day grant whose every send was dropped before Exchange carried it out, retried before its end,
    is sent again and applied with its end (the retry's 'applying' mark is no reason to skip the write)."""
    view = await _filed(flow, ADMIN, _for_a_day(flow))
    [failed] = await run_sent_into(flow, emulator, monkeypatch, view.request_id, never_arrives, quick=True)
    assert failed.status == "failed", failed
    assert not _has_send_as(tenant, SUPPORT, SARAH)
    flow.clock.advance(dt.timedelta(hours=1))
    flow.service.reopen_failed(TENANT, view.request_id, flow.actor(ADMIN))
    [step] = (await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)).steps
    assert step.status == "applied", (step.status, step.outcome)
    assert _has_send_as(tenant, SUPPORT, SARAH)
    await _day_passes(flow, tenant)
    assert not _has_send_as(tenant, SUPPORT, SARAH), "the retried one-day grant was kept past its end"
