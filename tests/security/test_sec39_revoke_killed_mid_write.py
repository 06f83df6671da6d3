"""A revoke sent on a lagging read's "already" whose run dies mid-write is recovered from the tenant (sec39).

Mike Smith is granted Send As on Sales in the admin center and at once an admin asks to take it away. Reads
lag writes, so the run reads "already so" and sends the revoke all the same (sec36/sec39). The run dies
right after the write (before its record), or right before it (marked applying, nothing sent). The run that
takes the request over used to find the tenant "as asked" (the lagging read again) and record the dead
run's intended change, the "already" read: applied with nothing to undo, and, when the write had never been
sent, the right granted a second ago survived. Now the write is marked with the change it makes, and the
run that takes over sends it again: the tenant's answer decides. A resend answered "the ACE doesn't exist"
cannot say whether the dead run's write or someone else's took the right away, and is read toward less
access (red team 43): "already", with no undo that would give the right back. A resend that removes the
right (the dead run never sent it) is applied, with its undo.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.changes import Change
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs, parse_step
from mailwarden.workflow.requests import advance, plan_steps
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.security.other_admin import OtherAdmin
from tests.security.test_kill_every_step import Killed, _dying
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN, MIKE, SALES = "grace.hopper@acme.com", "mike.smith@acme.com", "sales@acme.com"


def _holds(tenant: TenantState, other: OtherAdmin) -> bool:
    box = tenant.get(other.id_of(SALES))
    assert box is not None
    return other.id_of(MIKE) in box.send_as


def _removals(tenant: TenantState, since: int) -> int:
    return sum(1 for e in tenant.data.journal[since:] if e.operation == "Remove-RecipientPermission")


@pytest.mark.parametrize("when", ["after", "before"], ids=["died-after-the-write", "died-before-the-write"])
async def test_a_revoke_sent_on_a_lagging_read_and_killed_is_recorded_as_the_tenant_answers(
    flow: Flow, tenant: TenantState, replication_lag: int, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    other = OtherAdmin(tenant)
    set_switch(tenant, "replication_lag_seconds", max(replication_lag, 2))  # reads lag writes
    other.exchange("Add-RecipientPermission", Identity=SALES, Trustee=MIKE, AccessRights=["SendAs"])
    step = SendAs(change="revoke", mailbox=SALES, trustee=MIKE)
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, [step], await flow.live.decider(requester, [step]))
    preview = planned[0].preview
    assert isinstance(preview, Change), preview
    assert preview.already, preview  # the lagging read: nothing to take away
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    journal = len(tenant.data.journal)

    # Dies in the write's send (sec44: its step is marked right before it), before or after it goes out.
    action = WRITE_ACTIONS["send_as"]
    monkeypatch.setattr(action, "apply", _dying(action.apply, 1, when, is_async=True))
    with pytest.raises(Killed):
        await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    monkeypatch.undo()
    assert _removals(tenant, journal) == (1 if when == "after" else 0)
    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))  # the dead run's lease runs out
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)

    assert not _holds(tenant, other), "the Send As granted a second ago survived the revoke"
    assert done.state is RequestState.COMPLETED, done.state
    recorded = done.steps[0]
    outcome: dict[str, Any] = recorded.outcome or {}
    if when == "after":
        # The resend met the dead run's own removal (or another admin's: no answer tells): "already", so
        # no undo of the request gives the right back.
        assert recorded.status == "already", recorded
        return
    assert recorded.status == "applied", recorded
    change = Change.model_validate(outcome.get("change"))
    assert not change.already, outcome  # the change made, not the lagging read's "nothing to do"
    undo = WRITE_ACTIONS["send_as"].revert(parse_step(recorded.step), change)
    assert undo is not None, "the recovered revoke has no undo"
    assert undo.change == "grant", undo
