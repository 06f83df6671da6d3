"""Security 43 (red team 44's finding 3, for an undo): an undo whose run died before its write (its step
marked `applying`) and that a worker resumes later is checked against the requests that changed the same
grant after it was approved: one overtaken is recorded superseded and sends nothing; one nobody overtook
runs. Driven against the emulator over HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from mailwarden.workflow.requests import advance
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.security.test_kill_every_step import Killed, _dying
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_redteam12_undo_over_an_end import ADMIN, TOM, _undo
from tests.workflow.test_requests import SUPPORT, _has_send_as, _request

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def _undo_killed_before_its_write(
    flow: Flow, monkeypatch: pytest.MonkeyPatch, replicated: Callable[[], Awaitable[None]]
) -> str:
    """Grace gave Tom Send As on Support and undoes it; the undo's run dies before its revoke is sent."""
    given = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    assert given.state is RequestState.COMPLETED, given.state
    await replicated()
    flow.clock.advance(dt.timedelta(minutes=1))
    undoing = await _undo(flow, given.request_id, ADMIN)
    assert undoing.state is RequestState.APPROVED, undoing.state
    # Dies once the step is marked, right before its revoke goes out (sec44: the mark is made there).
    action = WRITE_ACTIONS["send_as"]
    monkeypatch.setattr(action, "apply", _dying(action.apply, 1, "before", is_async=True))
    with pytest.raises(Killed):
        await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)
    monkeypatch.undo()
    [step] = flow.service.get(TENANT, undoing.request_id).steps
    assert step.status == "applying", step.status
    return undoing.request_id


async def test_control_a_resumed_undo_nobody_overtook_runs(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    set_switch(tenant, "replication_lag_seconds", 0)
    undo_id = await _undo_killed_before_its_write(flow, monkeypatch, replicated)
    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))
    await advance(flow.service, flow.ctx, TENANT, undo_id, check=flow.check)
    await replicated()
    assert not _has_send_as(tenant, SUPPORT, TOM)


async def test_a_resumed_undo_leaves_the_access_a_later_request_gave(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    set_switch(tenant, "replication_lag_seconds", 0)
    undo_id = await _undo_killed_before_its_write(flow, monkeypatch, replicated)
    # While the undo lies dead, Tom gives the access up and Grace gives it to him again, for good.
    flow.clock.advance(dt.timedelta(minutes=1))
    dropped = await _request(flow, TOM, SendAs(change="revoke", mailbox=SUPPORT, trustee=TOM))
    assert dropped.state is RequestState.COMPLETED, dropped.state
    await replicated()
    flow.clock.advance(dt.timedelta(minutes=1))
    again = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    assert again.state is RequestState.COMPLETED, again.state
    await replicated()
    assert _has_send_as(tenant, SUPPORT, TOM)

    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))
    await advance(flow.service, flow.ctx, TENANT, undo_id, check=flow.check)  # as a worker resumes it
    await replicated()
    assert _has_send_as(tenant, SUPPORT, TOM), "a dead undo, resumed, took away the access given since"
    [step] = flow.service.get(TENANT, undo_id).steps
    assert step.status == "refused", step.status
    assert again.request_id in str((step.outcome or {}).get("message")), step.outcome
