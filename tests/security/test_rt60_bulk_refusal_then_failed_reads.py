"""Red team 60 F2: a write is taken back on ONE refusing read when every read after it failed. Red team 57
F1's guard asks two refusing reads in a row (one may be a read that failed inside the check), and the end of
the wait takes back what the last read refused. But a read that fails outright keeps the streak, and the end
of the wait does not ask that the last read answered: the bulk path (`bulk_run._verify`: a position stays in
`refused` across MailwardenErrors, and every position still in it is taken back) and the single path it
copies (`actions.base._verify`: `after` keeps the last answer when a read raises, so `isinstance(after,
Refusal)` holds at the end) both take it back. Here the first read after the write refuses Priya's add
(standing for a sub-read that failed inside the check), every later read of her fails, and her lawful add is
removed from the list and flagged as refused.

Fixed: the end of the wait takes back only what its last read answered and refused; the test asserts the
write stays (applied, unverified, nothing taken back)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

import mailwarden.workflow.executor as executor
from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.errors import TenantError
from mailwarden.model.changes import Refusal
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import advance
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GONE = "Priya Patel is no longer an enabled person of the organisation."


async def test_one_refusing_read_followed_by_failed_reads_does_not_take_a_bulk_add_back(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = WRITE_ACTIONS["distribution_list_membership"]
    real_apply, real_preflight_many = action.apply_many, action.preflight_many
    reads_after: list[str] = []

    async def apply_many(*args: Any, **kwargs: Any) -> Any:
        answered = await real_apply(*args, **kwargs)
        reads_after.append("written")
        return answered

    async def preflight_many(ctx: Any, steps: Any, reads: Any) -> Any:
        found = list(await real_preflight_many(ctx, steps, reads))
        if not reads_after:
            return found
        reads_after.append("read")
        for i, step in enumerate(steps):
            if step.member == PRIYA:
                first = reads_after.count("read") == 1
                found[i] = (
                    Refusal(reason=GONE) if first else TenantError("The read of the list failed (503).")
                )
        return found

    request = await _run(
        flow, [DistributionListMembership(change="add", group=DL, member=p) for p in (TOM, PRIYA)]
    )

    async def waits(seconds: float) -> None:
        flow.clock.advance(dt.timedelta(seconds=seconds))

    flow.ctx = dataclasses.replace(
        flow.ctx, verify=VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=waits)
    )
    monkeypatch.setattr(action, "apply_many", apply_many)
    monkeypatch.setattr(action, "preflight_many", preflight_many)
    done = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)

    steps = {s.step["member"]: s for s in done.steps}
    assert reads_after.count("read") > 2, reads_after
    assert _on(tenant, DL, PRIYA), "a lawful add was taken back on one refusing read"
    priya = steps[PRIYA]
    assert (priya.status, (priya.outcome or {}).get("verification")) == ("applied", "unverified"), (
        priya.outcome
    )
    assert flow.audit.records(request_id=request, event="step.refused_after_write") == []


async def test_one_refusing_read_followed_by_failed_reads_does_not_take_an_add_run_alone_back(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(executor, "_runs_together", lambda view, step: False)
    action = WRITE_ACTIONS["distribution_list_membership"]
    real_apply, real_preflight = action.apply, action.preflight
    reads_after: list[str] = []

    async def apply(*args: Any, **kwargs: Any) -> Any:
        answered = await real_apply(*args, **kwargs)
        reads_after.append("written")
        return answered

    async def preflight(ctx: Any, step: Any) -> Any:
        if not reads_after or step.change != "add":
            return await real_preflight(ctx, step)
        reads_after.append("read")
        if reads_after.count("read") == 1:
            return Refusal(reason=GONE)
        raise TenantError("The read of the list failed (503).")

    request = await _run(flow, [DistributionListMembership(change="add", group=DL, member=PRIYA)])

    async def waits(seconds: float) -> None:
        flow.clock.advance(dt.timedelta(seconds=seconds))

    flow.ctx = dataclasses.replace(
        flow.ctx, verify=VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=waits)
    )
    monkeypatch.setattr(action, "apply", apply)
    monkeypatch.setattr(action, "preflight", preflight)
    done = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
    monkeypatch.undo()

    assert reads_after.count("read") > 2, reads_after
    assert _on(tenant, DL, PRIYA), "a lawful add was taken back on one refusing read"
    [priya] = done.steps
    assert (priya.status, (priya.outcome or {}).get("verification")) == ("applied", "unverified"), (
        priya.outcome
    )
