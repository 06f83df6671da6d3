"""Red team 67 F7: a live run re-reads the check after a grant's write (`refused_after`, sec56): what reached
the tenant inside the reads' lag (here: Priya no longer an enabled person) refuses the write, which is taken
back and an admin told (`step.refused_after_write`). Killed after the write landed and before that re-read
refused it and its take-back was marked (the verify wait: up to the verify bound), the run that takes the step
over finds the write landed (`_landed`) and records it applied, with no re-check: the access the check
refuses stays, recorded as given, and no admin hears of it. sec66 made the resume of a *marked* take-back
pass the later-decision checks; the kill point before the mark was not covered."""

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
from mailwarden.model.requests import RequestView
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import advance
from tests.security import take_back_kit as kit
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_rt60_flag_with_its_record import GONE, Killed
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

LIST = "distribution_list_membership"


def priyas_write_taken_back_and_told(
    flow: Flow, tenant: TenantState, request: str, done: RequestView
) -> None:
    """The check of every kill point of red team 67 F7/F8: the run that took the step over took Priya's
    refused add back, recorded it refused and told an admin (`step.refused_after_write`)."""
    priya = next(s for s in done.steps if s.step["member"] == PRIYA)
    told = flow.audit.records(request_id=request, event="step.refused_after_write")
    assert told or not _on(tenant, DL, PRIYA), (
        f"refused write kept, no admin told: {priya.status} {priya.outcome}"
    )
    assert not _on(tenant, DL, PRIYA), f"refused write not taken back: {priya.status} {priya.outcome}"
    assert priya.status == "refused", priya.outcome
    assert told


async def taken_over_and_told(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, request: str, *, bulk: bool
) -> None:
    """Priya's add landed and the run died; after its lease a run takes `request` over, the check refusing
    her (GONE), and must take her add back and tell an admin (`priyas_write_taken_back_and_told`)."""
    assert _on(tenant, DL, PRIYA)
    flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))
    with monkeypatch.context() as m:
        if bulk:
            kit.refusing_in_bulk(m, LIST, _priya, GONE)
        else:
            kit.refusing(m, LIST, _an_add, GONE)
        done = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
    priyas_write_taken_back_and_told(flow, tenant, request, done)


async def test_a_write_killed_before_its_recheck_is_checked_again_by_the_run_that_takes_it_over(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = await _run(flow, [DistributionListMembership(change="add", group=DL, member=PRIYA)])
    monkeypatch.setattr(executor, "_runs_together", lambda view, step: False)
    # The add lands; the process dies before the re-read (inside the verify wait). What refuses it reached
    # the tenant inside the lag.
    with pytest.raises(Killed):
        await kit.run_refused_after_its_write(
            flow, monkeypatch, request, LIST, _an_add, GONE, killed_after_the_write=True
        )
    await taken_over_and_told(flow, tenant, monkeypatch, request, bulk=False)


def _an_add(step: Any) -> bool:
    return bool(step.change == "add")


async def test_a_bulk_write_killed_before_its_recheck_is_checked_again_by_the_run_that_takes_it_over(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [TOM, PRIYA]
    request = await _run(flow, [DistributionListMembership(change="add", group=DL, member=p) for p in people])
    with pytest.raises(Killed):  # both adds landed; the process dies before the re-read
        await kit.run_refused_after_its_write(
            flow, monkeypatch, request, LIST, _priya, GONE, bulk=True, killed_after_the_write=True
        )
    await taken_over_and_told(flow, tenant, monkeypatch, request, bulk=True)


def _priya(step: Any) -> bool:
    return bool(step.member == PRIYA)


@pytest.mark.parametrize("alone", [True, False], ids=["alone", "bulk"])
async def test_a_sent_write_refused_once_and_then_not_shown_is_left_to_a_later_run_that_sends_it(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    """sec67: the takeover's read refuses once (a read that failed inside the check), then the reads show
    the tenant as it was: the dead run's write never landed. It is not recorded applied (a write that never
    landed, read as given and never sent), nor refused: the step stays `applying`, and the run after it
    settles it as any takeover does, sending the write the approval covers."""
    action = WRITE_ACTIONS["distribution_list_membership"]
    people = [PRIYA] if alone else [TOM, PRIYA]
    request = await _run(flow, [DistributionListMembership(change="add", group=DL, member=p) for p in people])
    died: list[bool] = []
    refusals: list[bool] = []
    flow.ctx = dataclasses.replace(
        flow.ctx, verify=VerifyWait(first=1.0, longest=2.0, bound=4.0, sleep=kit.no_wait)
    )

    async def apply(ctx: Any, step: Any) -> Any:
        died.append(True)
        raise Killed  # marked `applying` with its send time; the process dies as the write goes out

    async def apply_many(ctx: Any, steps: Any, on_sending: Any = None) -> Any:
        if on_sending is not None:
            on_sending(list(range(len(steps))), False)
        died.append(True)
        raise Killed

    def refused_once(step: Any) -> bool:
        if died and step.member == PRIYA and not refusals:
            refusals.append(True)
            return True
        return False

    real_preflight, real_preflight_many = action.preflight, action.preflight_many

    async def preflight(ctx: Any, step: Any) -> Any:
        return Refusal(reason=GONE) if refused_once(step) else await real_preflight(ctx, step)

    async def preflight_many(ctx: Any, steps: Any, reads: Any) -> Any:
        found = list(await real_preflight_many(ctx, steps, reads))
        return [Refusal(reason=GONE) if refused_once(s) else f for s, f in zip(steps, found, strict=True)]

    with monkeypatch.context() as m:
        if alone:
            m.setattr(executor, "_runs_together", lambda view, step: False)
        m.setattr(action, "apply", apply)
        m.setattr(action, "apply_many", apply_many)
        with pytest.raises(Killed):
            await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
    with monkeypatch.context() as m:
        if alone:
            m.setattr(executor, "_runs_together", lambda view, step: False)
        m.setattr(action, "preflight", preflight)
        m.setattr(action, "preflight_many", preflight_many)
        flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))
        taken = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
    assert refusals
    priya = next(s for s in flow.service.get(TENANT, request).steps if s.step["member"] == PRIYA)
    assert priya.status == "applying", (taken.state, priya.outcome)
    assert not _on(tenant, DL, PRIYA)

    flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))
    done = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
    priya = next(s for s in done.steps if s.step["member"] == PRIYA)
    assert priya.status == "applied", priya.outcome
    assert _on(tenant, DL, PRIYA)
    assert not flow.audit.records(request_id=request, event="step.refused_after_write")
