"""Red team 54 W1: a time-bound list add whose write landed but whose run died before recording it is
taken over, and recorded applied. The record had no time of its own (`APPLIED_AT`), so the sweep counted
'a decision made since this grant' from the takeover: another request that added the same person for good
between the first send and the takeover was not counted, and the end took away the access it gave for
good. Recorded as of its first send (`SENT_AT`), as a retried write is (red team 48), the for-good add is
the later decision and the end leaves it. Bulk and alone alike."""

from __future__ import annotations

import datetime as dt

import pytest

import mailwarden.workflow.executor as executor
from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import advance, plan_steps, run_expiries
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.security.test_kill_every_step import Killed, _dying
from tests.security.test_sec50_bulk_marks_never_sent import ADMIN, PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DL = "contractors@acme.com"


async def _run(flow: Flow, steps: list[DistributionListMembership]) -> str:
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    return view.request_id


@pytest.mark.parametrize("takeover", ["shown", "in the lag", "past its end"])
@pytest.mark.parametrize("alone", [False, True], ids=["bulk", "alone"])
async def test_a_for_good_add_between_the_first_send_and_the_takeover_outlives_the_end(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool, takeover: str
) -> None:
    end = flow.clock.now + dt.timedelta(days=1)
    timed = await _run(
        flow,
        [DistributionListMembership(change="add", group=DL, member=p, expires=end) for p in (TOM, PRIYA)],
    )
    set_switch(tenant, "replication_lag_seconds", 3600)  # the for-good add reads Tom as absent
    action = WRITE_ACTIONS["distribution_list_membership"]
    name = "apply" if alone else "apply_many"
    with monkeypatch.context() as dies:
        if alone:
            dies.setattr(executor, "_runs_together", lambda view, step: False)
        dies.setattr(action, name, _dying(getattr(action, name), 1, "after", is_async=True))
        with pytest.raises(Killed):  # right after Tom's write landed, before it is recorded
            await advance(flow.service, flow.ctx, TENANT, timed, check=flow.check)
    assert _on(tenant, DL, TOM)

    flow.clock.advance(dt.timedelta(minutes=5))
    for_good = await _run(flow, [DistributionListMembership(change="add", group=DL, member=TOM)])
    done = await advance(flow.service, flow.ctx, TENANT, for_good, check=flow.check)
    assert done.steps[0].outcome, done.steps[0]  # run and answered by the tenant: a decision on Tom's access

    if takeover == "past its end":
        # Taken over inside the lag after the end passed: recorded failed with its change (red team 53 F3).
        flow.clock.now = end + dt.timedelta(minutes=5)
    else:
        # Taken over in time: the tenant shows the dead run's write (recorded applied as ours), or, inside
        # the lag, answers "already a member" to the write sent again (the dead run's doing, or nobody's).
        if takeover == "shown":
            set_switch(tenant, "replication_lag_seconds", 0)
        flow.clock.advance(EXECUTION_LEASE + dt.timedelta(minutes=10))
    with monkeypatch.context() as apart:
        if alone:
            apart.setattr(executor, "_runs_together", lambda view, step: False)
        taken = await advance(flow.service, flow.ctx, TENANT, timed, check=flow.check)
    recorded = {s.step["member"]: (s.status, s.outcome) for s in taken.steps}
    assert recorded[TOM][0] == ("failed" if takeover == "past its end" else "applied"), recorded

    set_switch(tenant, "replication_lag_seconds", 0)
    flow.clock.now = end + dt.timedelta(minutes=10)
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert not _on(tenant, DL, PRIYA)  # the time-bound add ends
    assert _on(tenant, DL, TOM), f"Tom's for-good access ended with the time-bound add; recorded {recorded}"
