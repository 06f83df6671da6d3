"""Red team 67 F8: the re-check after a grant's write takes it back only on two refusing reads in a row (red
team 57 F1); between them the step is recorded "applied (verifying)" and the run sleeps. Killed in that
sleep, the step is no longer `applying` (`steps_to_run` takes pending and applying only): the next run has
nothing to run, the request completes, the refusal the first read made is never read again, the access the
check refuses stays and no admin is told (no `step.refused_after_write`)."""

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
from tests.security.test_rt67_killed_before_the_recheck import priyas_write_taken_back_and_told
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_a_write_killed_between_its_two_refusing_reads_is_checked_again(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = WRITE_ACTIONS["distribution_list_membership"]
    request = await _run(flow, [DistributionListMembership(change="add", group=DL, member=PRIYA)])
    monkeypatch.setattr(executor, "_runs_together", lambda view, step: False)
    real_apply, real_preflight = action.apply, action.preflight
    written: list[bool] = []

    async def apply(ctx: Any, step: Any) -> Any:
        answered = await real_apply(ctx, step)
        written.append(True)
        return answered

    async def preflight(ctx: Any, step: Any) -> Any:
        if written and step.change == "add":
            return Refusal(reason=GONE)
        return await real_preflight(ctx, step)

    async def dies(seconds: float) -> None:
        raise Killed  # the first re-read refused; the process dies in the wait before the second

    waits = VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=dies)
    with monkeypatch.context() as m:
        m.setattr(action, "apply", apply)
        m.setattr(action, "preflight", preflight)
        with pytest.raises(Killed):
            await advance(
                flow.service, dataclasses.replace(flow.ctx, verify=waits), TENANT, request, check=flow.check
            )
        assert _on(tenant, DL, PRIYA)
        flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))
        done = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
    priyas_write_taken_back_and_told(flow, tenant, request, done)


async def test_a_bulk_write_killed_between_its_two_refusing_reads_is_checked_again(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = WRITE_ACTIONS["distribution_list_membership"]
    people = [TOM, PRIYA]
    request = await _run(flow, [DistributionListMembership(change="add", group=DL, member=p) for p in people])
    real_apply_many, real_preflight_many = action.apply_many, action.preflight_many
    written: list[bool] = []

    async def apply_many(*args: Any, **kwargs: Any) -> Any:
        answered = await real_apply_many(*args, **kwargs)
        written.append(True)
        return answered

    async def preflight_many(ctx: Any, steps: Any, reads: Any) -> Any:
        found = list(await real_preflight_many(ctx, steps, reads))
        if written:
            found = [
                Refusal(reason=GONE) if s.member == PRIYA else f for s, f in zip(steps, found, strict=True)
            ]
        return found

    async def dies(seconds: float) -> None:
        raise Killed

    waits = VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=dies)
    with monkeypatch.context() as m:
        m.setattr(action, "apply_many", apply_many)
        m.setattr(action, "preflight_many", preflight_many)
        with pytest.raises(Killed):
            await advance(
                flow.service, dataclasses.replace(flow.ctx, verify=waits), TENANT, request, check=flow.check
            )
        assert _on(tenant, DL, PRIYA)
        flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))
        done = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
    priyas_write_taken_back_and_told(flow, tenant, request, done)
