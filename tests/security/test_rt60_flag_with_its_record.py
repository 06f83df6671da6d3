"""Red team 60 F5: a write the check refuses after the tenant took it is recorded (taken back, or left for an
admin), and the admins are told (`step.refused_after_write`). Flagged in a second write after the record, a
run killed between the two left the step settled and no flag: the next run finds nothing to do, and no admin
hears of it. The flag is written in the record's transaction: a kill right after the record keeps it.

The check is made to refuse Priya's add on every read after the write (standing for an action whose check
reads live facts, as in test_rt57_bulk_refused_after_write); the run is killed as the record returns."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

import mailwarden.workflow.executor as executor
from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Refusal
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import advance
from mailwarden.workflow.service import REFUSED_NOW
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GONE = "Priya Patel is no longer an enabled person of the organisation."


class Killed(BaseException):
    """The process dies (nothing in the run catches it)."""


@pytest.mark.parametrize("alone", [False, True], ids=["bulk", "alone"])
async def test_a_write_refused_after_it_landed_keeps_its_flag_when_the_run_dies_after_its_record(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    action = WRITE_ACTIONS["distribution_list_membership"]
    written: list[str] = []
    people = [PRIYA] if alone else [TOM, PRIYA]
    request = await _run(flow, [DistributionListMembership(change="add", group=DL, member=p) for p in people])

    async def waits(seconds: float) -> None:
        flow.clock.advance(dt.timedelta(seconds=seconds))

    flow.ctx = dataclasses.replace(
        flow.ctx, verify=VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=waits)
    )
    with monkeypatch.context() as m:
        if alone:
            m.setattr(executor, "_runs_together", lambda view, step: False)
            real_apply, real_preflight = action.apply, action.preflight

            async def apply(*args: Any, **kwargs: Any) -> Any:
                answered = await real_apply(*args, **kwargs)
                written.append("written")
                return answered

            async def preflight(ctx: Any, step: Any) -> Any:
                if written and step.change == "add":
                    return Refusal(reason=GONE)
                return await real_preflight(ctx, step)

            m.setattr(action, "apply", apply)
            m.setattr(action, "preflight", preflight)
        else:
            real_apply_many, real_preflight_many = action.apply_many, action.preflight_many

            async def apply_many(*args: Any, **kwargs: Any) -> Any:
                answered = await real_apply_many(*args, **kwargs)
                written.append("written")
                return answered

            async def preflight_many(ctx: Any, steps: Any, reads: Any) -> Any:
                found = list(await real_preflight_many(ctx, steps, reads))
                if written:
                    found = [
                        Refusal(reason=GONE) if s.member == PRIYA else f
                        for s, f in zip(steps, found, strict=True)
                    ]
                return found

            m.setattr(action, "apply_many", apply_many)
            m.setattr(action, "preflight_many", preflight_many)
        real_record = flow.service.record_steps

        def record_steps(view: Any, outcomes: Any, *args: Any, **kwargs: Any) -> None:
            real_record(view, outcomes, *args, **kwargs)
            if any(REFUSED_NOW in outcome and status != "applying" for _, status, outcome in outcomes):
                raise Killed  # right after the take-back is recorded (not its mark, before the undo)

        m.setattr(flow.service, "record_steps", record_steps)
        with pytest.raises(Killed):
            await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)

    assert not _on(tenant, DL, PRIYA), "the write the check refuses was taken back"
    # The next run settles what is left (Tom's verification in bulk) and finds Priya's step settled.
    done = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
    priya = next(s for s in done.steps if s.step["member"] == PRIYA)
    assert priya.status == "refused", priya.outcome
    flagged = flow.audit.records(request_id=request, event="step.refused_after_write")
    assert [(r.detail or {}).get("position") for r in flagged] == [priya.position], "no admin was told"
    [record] = flagged
    assert record.detail is not None
    assert (record.detail["kept"], record.detail["reason"]) == (False, GONE)
