"""Red team 45, attack on sec42's resend rule: a time-bound grant whose write landed but every answer was
lost is recorded "failed", with no end, while the tenant holds the grant.

Grace gives Sarah Send As on support@ for one day. Exchange carries out Add-RecipientPermission, but the
connection drops before its answer (a gateway timeout after the service made the change: the emulator's
`faults.drop(..., after_processing=True)`); the connector sends it again, and those answers are lost too,
until it gives up. sec42 reads an answer to a RESEND toward less access (a grant is ours, with its end),
but here no answer arrives at all: the step is recorded "failed" ("try again"), and a failed step has no
expiry. The grant is in the tenant: the day passes, nothing ends it, Sarah keeps Send As for good. (Trying
again, as the message says, would by sec42's first-send rule read "already" and give no end either: not
asserted here.) A write whose answer was lost
may have landed; read toward less access, the grant should stay due to end.

With one lost answer (the resend answered "already exists") the grant is applied and ends: the control.
Driven against the emulator over HTTP; the drops are switched on only while the write is sent."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import advance, run_expiries
from tests.security.faulty_send_as import SARAH, one_day_send_as_sent_into
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as
from tests.workflow.test_write_by_object_id import ADMIN

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def _grant_for_a_day_answers_lost(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch, lost: int
) -> str:
    request_id = await one_day_send_as_sent_into(
        flow,
        tenant,
        emulator,
        monkeypatch,
        lambda faults: faults.drop("exchange", times=lost, after_processing=True),
        quick=True,
    )
    assert _has_send_as(tenant, SUPPORT, SARAH)  # the write landed either way
    return request_id


async def _ended(flow: Flow, tenant: TenantState) -> bool:
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    return not _has_send_as(tenant, SUPPORT, SARAH)


async def test_the_control_one_lost_answer_the_grant_is_applied_and_ends(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = await _grant_for_a_day_answers_lost(flow, tenant, emulator, monkeypatch, lost=1)
    [step] = flow.service.get(TENANT, request_id).steps
    assert step.status == "applied", (step.status, step.outcome)
    assert await _ended(flow, tenant)


async def test_a_time_bound_grant_whose_answers_were_all_lost_still_ends(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _grant_for_a_day_answers_lost(flow, tenant, emulator, monkeypatch, lost=200)
    assert await _ended(flow, tenant), "Sarah keeps the Send As mailwarden gave her for one day"


async def test_a_failed_grant_ended_then_retried_is_not_given_again(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failed step's end ran (it is due like an applied one, and is then marked reverted); retried after
    that end, the grant is refused as past its end, so the mark can never leave it for good."""
    request_id = await _grant_for_a_day_answers_lost(flow, tenant, emulator, monkeypatch, lost=200)
    assert await _ended(flow, tenant)
    flow.service.reopen_failed(TENANT, request_id, flow.actor(ADMIN))
    retried = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.check)
    assert retried.steps[0].status == "refused", (retried.steps[0].status, retried.steps[0].outcome)
    assert not _has_send_as(tenant, SUPPORT, SARAH)
