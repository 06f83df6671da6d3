"""Red team 53 F3: a time-bound list add whose write landed but whose run died before recording it, taken
over after its end has passed while reads still lag the write. The takeover reads the member as absent
(the lag), so the step is not settled as landed; it is then refused as one whose end has passed ("so it was
not given"). The add is in the tenant, the step says it never was, and nothing is due: the access stays for
good. Bulk (sec51: `_ends_checked` in the decision, after the settle of `applying` steps) and alone
(`_run_one`: `_landed`, then `_end_passed`) alike; with no lag both settle it applied, and the sweep ends it.
"""

from __future__ import annotations

import datetime as dt

import pytest

import mailwarden.workflow.executor as executor
from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import advance, plan_steps, run_expiries
from tests.security.test_kill_every_step import Killed, _dying
from tests.security.test_sec50_bulk_marks_never_sent import ADMIN, PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DL = "contractors@acme.com"


@pytest.mark.parametrize("alone", [False, True], ids=["bulk", "alone"])
async def test_a_landed_time_bound_add_taken_over_after_its_end_still_ends(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    if alone:
        monkeypatch.setattr(executor, "_runs_together", lambda view, step: False)
    end = flow.clock.now + dt.timedelta(hours=1)
    steps = [DistributionListMembership(change="add", group=DL, member=p, expires=end) for p in (TOM, PRIYA)]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    set_switch(tenant, "replication_lag_seconds", 3600)
    action = WRITE_ACTIONS["distribution_list_membership"]
    name = "apply" if alone else "apply_many"
    with monkeypatch.context() as dies:
        dies.setattr(action, name, _dying(getattr(action, name), 1, "after", is_async=True))
        with pytest.raises(Killed):  # right after the write landed, before it is recorded
            await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert _on(tenant, DL, TOM)

    flow.clock.now = end + dt.timedelta(hours=1)  # the lease ran out, and the end passed
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    recorded = {s.step["member"]: s.status for s in done.steps}
    set_switch(tenant, "replication_lag_seconds", 0)
    flow.clock.now = end + dt.timedelta(hours=3)
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert not _on(tenant, DL, TOM), f"Tom keeps the access for good; the request records {recorded}"
