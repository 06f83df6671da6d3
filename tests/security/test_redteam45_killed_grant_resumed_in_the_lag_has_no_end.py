"""Red team 45, attack on sec42's "first-send 'already' = already": a time-bound grant whose run died right
after its write, resumed inside the replication lag, is recorded "already", with no end.

Grace gives Sarah Send As on support@ for one day. The executor marks the step `applying` and sends
Add-RecipientPermission; Exchange makes the grant, and the process dies before anything is recorded (a
deploy, an OOM kill). A worker resumes the request after the lease: `_landed` reads the tenant, but reads
lag writes (Microsoft: up to an hour), so the grant is not shown and the step runs again from preflight.
The read still says "not held" (as the intended change), so the write is sent again; Exchange answers
"already exists" to this run's FIRST send, and `actions.base.ours` reads a first-send "already" as the
tenant being so before: the step is recorded "already", no undo, no end. The grant mailwarden itself made
is never taken back: the day passes, the scheduler files no expiry, Sarah keeps Send As for good.

The resend that sec42 reads toward less access is only the connector's retry within one call; the same
write sent again by the next run after a kill (the executor's `applying` mark says it was sent) is read as
the tenant's own state. Driven against the emulator over HTTP; the kill is red team 8's `_dying` wrapper
around the action's write (it lands, then the run dies)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.steps import SendAs
from mailwarden.workflow.requests import advance, run_expiries
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.security.test_kill_every_step import Killed, _dying
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as
from tests.workflow.test_write_by_object_id import ADMIN, _filed

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

SARAH = "sarah@acme.com"


async def _grant_killed_after_its_write(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, lag: int
) -> str:
    assert not _has_send_as(tenant, SUPPORT, SARAH)
    until = flow.clock.now + dt.timedelta(days=1)
    view = await _filed(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH, expires=until))
    set_switch(tenant, "replication_lag_seconds", lag)
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.01, longest=0.01, bound=0.03))
    action = WRITE_ACTIONS["send_as"]
    monkeypatch.setattr(action, "apply", _dying(action.apply, 1, "after", is_async=True))
    with pytest.raises(Killed):
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    monkeypatch.undo()
    assert _has_send_as(tenant, SUPPORT, SARAH)  # the write landed
    [step] = flow.service.get(TENANT, view.request_id).steps
    assert step.status == "applying", step.status
    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))
    await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)  # a worker resumes it
    return view.request_id


async def _ends(flow: Flow, tenant: TenantState) -> bool:
    set_switch(tenant, "replication_lag_seconds", 0)
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    return not _has_send_as(tenant, SUPPORT, SARAH)


async def test_the_control_resumed_with_no_lag_the_grant_is_applied_and_ends(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = await _grant_killed_after_its_write(flow, tenant, monkeypatch, lag=0)
    [step] = flow.service.get(TENANT, request_id).steps
    assert step.status == "applied", step
    assert await _ends(flow, tenant)


async def test_a_killed_time_bound_grant_resumed_inside_the_lag_still_ends(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = await _grant_killed_after_its_write(flow, tenant, monkeypatch, lag=3600)
    [step] = flow.service.get(TENANT, request_id).steps
    assert step.status == "applied", (step.status, step.outcome)
    assert await _ends(flow, tenant), "Sarah keeps the Send As mailwarden gave her for one day"
