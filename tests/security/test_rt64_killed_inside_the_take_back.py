"""Red team 64 (the half of red team 60 F5 sec62 left): the flag is now written with the record, but the
take-back itself (`refused_after`: the undo sent) runs before that record. A run killed after the undo landed
and before the record leaves the step as the wait recorded it, "applied" (verifying), with the access taken
away: the next run has nothing to run (`steps_to_run` is pending/applying only), the request completes, and
no admin hears of a write the check refused (no `step.refused_after_write`), while the record says Priya was
added. Alone and in bulk (both take back through `actions.base.refused_after`)."""

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
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_rt60_flag_with_its_record import GONE, Killed
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def killed_taking_priya_back(
    flow: Flow, monkeypatch: pytest.MonkeyPatch, *, alone: bool, undo_sent: bool
) -> str:
    """Priya's add (with Tom's in bulk) lands, two reads refuse it (GONE) and the run records the take-back
    (`TAKING_BACK`); the process dies after the undo landed (`undo_sent`) or right before it is sent. The
    request's id."""
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
        real_apply = action.apply

        async def apply(ctx: Any, step: Any) -> Any:
            if step.change == "remove" and not undo_sent:
                raise Killed  # the take-back is recorded; the process dies before its undo goes out
            answered = await real_apply(ctx, step)
            if step.change == "remove":
                raise Killed  # the take-back landed; the process dies before recording it
            written.append("written")
            return answered

        m.setattr(action, "apply", apply)
        if alone:
            m.setattr(executor, "_runs_together", lambda view, step: False)
            real_preflight = action.preflight

            async def preflight(ctx: Any, step: Any) -> Any:
                if written and step.change == "add":
                    return Refusal(reason=GONE)
                return await real_preflight(ctx, step)

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
        with pytest.raises(Killed):
            await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
    return request


@pytest.mark.parametrize("alone", [False, True], ids=["bulk", "alone"])
async def test_a_run_killed_after_taking_a_refused_write_back_still_leaves_it_flagged(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    request = await killed_taking_priya_back(flow, monkeypatch, alone=alone, undo_sent=True)
    assert not _on(tenant, DL, PRIYA), "the write the check refuses was taken back before the kill"
    flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))  # the dead run's lease runs out
    done = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
    priya = next(s for s in done.steps if s.step["member"] == PRIYA)
    flagged = flow.audit.records(request_id=request, event="step.refused_after_write")
    told = [(r.detail or {}).get("position") for r in flagged]
    assert told == [priya.position], f"no admin was told; Priya's step: {priya.status} {priya.outcome}"
    # The run that takes the request over finishes the take-back: the record says what the tenant holds.
    assert priya.status == "refused", f"the record says Priya's write stands: {priya.status} {priya.outcome}"
    assert not _on(tenant, DL, PRIYA)
