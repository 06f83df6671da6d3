"""Red team 44, attack on sec39's killed-run recovery (862b2a3): a revoke read "already" is sent all the
same and marked `applying` with the change the write would make (before: the right held) and
READ_AS_ALREADY. When the run dies after the mark and before the write, the run that takes over sends the
revoke again; the tenant answers "already" (there was never anything to take away), and the step is
recorded applied "as marked": Mike Smith is recorded as having held Send As on Sales, taken away, with its
undo. He never held it. Grace undoes the request and the undo gives Mike Send As on Sales, a right nobody
ever gave him, approved and run as "give back what was taken".

The control: the same revoke of nothing, not killed, is recorded "already" and has nothing to undo.
Driven against the emulator over HTTP, as sec39's killed-revoke test."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.changes import Change
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from mailwarden.workflow.requests import advance, plan_steps
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.security.other_admin import OtherAdmin
from tests.security.test_kill_every_step import Killed, _dying
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_redteam12_undo_over_an_end import _undo

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN, MIKE, SALES = "grace.hopper@acme.com", "mike.smith@acme.com", "sales@acme.com"


def _holds(tenant: TenantState) -> bool:
    other = OtherAdmin(tenant)
    box = tenant.get(other.id_of(SALES))
    assert box is not None
    return other.id_of(MIKE) in box.send_as


async def _revoke_of_nothing(flow: Flow, tenant: TenantState) -> str:
    assert not _holds(tenant)  # Mike never held Send As on Sales
    step = SendAs(change="revoke", mailbox=SALES, trustee=MIKE)
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, [step], await flow.live.decider(requester, [step]))
    preview = planned[0].preview
    assert isinstance(preview, Change), preview
    assert preview.already, preview
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    return view.request_id


async def _undone(flow: Flow, request_id: str) -> None:
    undoing = await _undo(flow, request_id, who=ADMIN)
    if undoing.state is RequestState.APPROVED:
        await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)


async def test_control_a_revoke_of_nothing_not_killed_has_nothing_to_undo(
    flow: Flow, tenant: TenantState
) -> None:
    request_id = await _revoke_of_nothing(flow, tenant)
    done = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.check)
    assert done.state is RequestState.COMPLETED, done.state
    assert done.steps[0].status == "already", done.steps[0]
    with pytest.raises(NotPermitted):
        await _undone(flow, request_id)
    assert not _holds(tenant)


async def test_a_killed_revoke_of_nothing_does_not_undo_into_a_grant(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = await _revoke_of_nothing(flow, tenant)
    # Dies in the write's send (sec44: its step is marked right before it), before or after it goes out.
    action = WRITE_ACTIONS["send_as"]
    monkeypatch.setattr(action, "apply", _dying(action.apply, 1, "before", is_async=True))
    with pytest.raises(Killed):
        await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.check)
    monkeypatch.undo()
    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))  # the dead run's lease runs out
    done = await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.check)
    assert done.state is RequestState.COMPLETED, done.state
    assert not _holds(tenant)
    with contextlib.suppress(NotPermitted):  # nothing to undo: the fix
        await _undone(flow, request_id)
    assert not _holds(tenant), "undoing a revoke of nothing gave Mike Send As on Sales"
