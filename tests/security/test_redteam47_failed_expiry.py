"""Red team 47 (the final read's attack on red team 45's fixes): a failed time-bound grant is now due at its
end, since every answer of a write that landed can be lost. A step that failed before any write was tried
(its read failed) is not: ending it could only take away what another admin gave since (fixed). Two more
findings, fixed in sec44: a lost-answer failed grant's end took a later for-good grant through mailwarden
(a grant asked over it was read "already so" and closed unrun: it is now an extension, decided, whose run
takes the failed grant's end off), and retrying the lost-answer grant before its end, as its message says,
recorded it "already" with no end (the retry now settles the write the failed run sent, as a dead run's:
the grant is recorded as this request's, with its end). Driven against the emulator over HTTP."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.errors import TenantUnreachable
from mailwarden.model.steps import SendAs
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import advance, plan_steps, run_expiries
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


async def test_a_grant_failed_before_its_write_ends_nothing_another_admin_gave(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    until = flow.clock.now + dt.timedelta(days=1)
    view = await _filed(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH, expires=until))
    action = WRITE_ACTIONS["send_as"]

    async def down(*args: Any, **kwargs: Any) -> Any:
        raise TenantUnreachable("Exchange 503")

    monkeypatch.setattr(action, "preflight", down)
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    monkeypatch.undo()
    assert done.steps[0].status == "failed"
    assert not _has_send_as(tenant, SUPPORT, SARAH)  # nothing was ever written
    # Another admin grants Sarah Send As for good in the Exchange admin center (outside mailwarden).
    tenant.find(SUPPORT).send_as.append(tenant.find(SARAH).id)
    flow.clock.advance(dt.timedelta(hours=2))
    assert _has_send_as(tenant, SUPPORT, SARAH)
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert _has_send_as(tenant, SUPPORT, SARAH), "the other admin's permanent Send As was taken away"


async def test_lost_answer_grant_then_for_good_grant_through_mailwarden_is_kept(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _grant_for_a_day_answers_lost(flow, tenant, emulator, monkeypatch, lost=200)
    flow.clock.advance(dt.timedelta(hours=2))
    step = SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH)
    person = flow.person(ADMIN)
    # Planned as every channel plans (with the request records, so a grant over a time-bound one is seen).
    decide = await flow.live.decider(person, [step])
    planned = await plan_steps(flow.ctx, person, [step], decide, service=flow.service, tenant=TENANT)
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    if view.state.value == "needs_confirmation":
        flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert _has_send_as(tenant, SUPPORT, SARAH), "B's for-good Send As was taken by A's failed step's end"


async def test_lost_answer_grant_retried_before_its_end_still_ends(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await _grant_for_a_day_answers_lost(flow, tenant, emulator, monkeypatch, lost=200)
    flow.clock.advance(dt.timedelta(hours=1))
    flow.service.reopen_failed(TENANT, first, flow.actor(ADMIN))
    (retried,) = flow.audit.records(request_id=first, event="request.retried")
    assert retried.detail.get("sent_before") == [0], retried.detail  # the log says its write was sent before
    [step] = (await advance(flow.service, flow.ctx, TENANT, first, check=flow.check)).steps
    # Recorded as this request's change, saying whose write it may be (the audit log tells it so).
    assert step.status == "applied", (step.status, step.outcome)
    assert "answer may have been lost" in str((step.outcome or {}).get("message")), step.outcome
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert not _has_send_as(tenant, SUPPORT, SARAH), "the one-day grant, retried as told, is kept for good"
