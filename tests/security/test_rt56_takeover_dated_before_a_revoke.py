"""Red team 56 F3: a takeover that sends the write itself is dated at its own send, not the dead run's first
one. A revoke made between the two is then no later decision than the takeover's write (which put the access
back after it), so the time-bound grant's end runs and the access goes at its end, not never."""

from __future__ import annotations

import datetime as dt

import pytest

import mailwarden.workflow.executor as executor
from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.grant_records import APPLIED_AT
from mailwarden.workflow.requests import advance, run_expiries
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.security.test_kill_every_step import Killed, _dying
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_sec50_bulk_marks_never_sent import TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_a_takeover_resent_after_a_revoke_is_dated_at_its_own_send_and_ends(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    end = flow.clock.now + dt.timedelta(days=1)
    timed = await _run(flow, [DistributionListMembership(change="add", group=DL, member=TOM, expires=end)])
    action = WRITE_ACTIONS["distribution_list_membership"]
    monkeypatch.setattr(executor, "_runs_together", lambda view, step: False)
    with monkeypatch.context() as dies:
        dies.setattr(action, "apply", _dying(action.apply, 1, "after", is_async=True))
        with pytest.raises(Killed):  # t0: Tom's add landed, the run died before recording it
            await advance(flow.service, flow.ctx, TENANT, timed, check=flow.check)
    assert _on(tenant, DL, TOM)

    flow.clock.advance(dt.timedelta(minutes=5))  # t1: a person's request takes Tom off
    revoke = await _run(flow, [DistributionListMembership(change="remove", group=DL, member=TOM)])
    done = await advance(flow.service, flow.ctx, TENANT, revoke, check=flow.check)
    assert done.steps[0].status == "applied"
    assert not _on(tenant, DL, TOM)

    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(minutes=10))  # t2: the takeover sends the add again
    with monkeypatch.context() as dies:
        dies.setattr(action, "apply", _dying(action.apply, 1, "after", is_async=True))
        with pytest.raises(Killed):
            await advance(flow.service, flow.ctx, TENANT, timed, check=flow.check)
    assert _on(tenant, DL, TOM)  # t2: the takeover's write put Tom back
    resent_at = flow.clock.now

    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(minutes=10))  # t3: settled by a read
    taken = await advance(flow.service, flow.ctx, TENANT, timed, check=flow.check)
    assert taken.steps[0].status == "applied"
    assert (taken.steps[0].outcome or {})[APPLIED_AT] == resent_at.isoformat()

    flow.clock.now = end + dt.timedelta(minutes=10)
    ended = await run_expiries(flow.service, flow.ctx, TENANT)
    assert [e.state.value for e in ended] == ["completed"], [
        [s.decision.reason for s in e.steps] for e in ended
    ]
    step = flow.service.get(TENANT, timed).steps[0]
    assert step.reverted_by == ended[0].request_id
    assert not _on(tenant, DL, TOM), "the end was refused: Tom kept the list for good"
