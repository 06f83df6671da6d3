"""sec69: red team 67 F4 through another door. A run that takes over a dead run's grant whose re-check now
refuses it (the step left `applying` with a read that refuses it, or recorded applied and "verifying"
between the two refusing reads) verifies it again and takes it back (`verify_again`, bulk `_verify`). That
take-back did not ask what `_finish_take_back` asks: whether a request decided the access since the write
was sent. A later time-bound request that found Priya on the list inside the dead run's lease (recorded
"already", with an end) was approved to keep her there until its end; the takeover took her off anyway, and
that request, left "already", has nothing that gives the access again nor ends it.

The takeover leaves the write to the later request (recorded refused, naming it), which then holds the
access until its own end, and its end takes the access away (`_given_until_its_end`). Alone and in bulk."""

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
from mailwarden.model.requests import RequestStepView
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import advance, run_expiries
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_rt60_flag_with_its_record import GONE, Killed
from tests.security.test_rt64_killed_inside_the_take_back import killed_taking_priya_back
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def _no_wait(seconds: float) -> None:
    pass


def _claim_audited(flow: Flow, later: str, first: str) -> None:
    """The later request's step, rewritten to hold the left write until its end, says so in the log."""
    claimed = flow.audit.records(request_id=later, event="step.claimed_left_write")
    assert [(r.detail or {}).get("left_by") for r in claimed] == [first], claimed


def _refusing_priya(m: pytest.MonkeyPatch, written: list[bool]) -> None:
    """Once a write of the first request went out, the check refuses Priya's add (what made it refusable
    reached the tenant inside the reads' lag), alone and in bulk."""
    action = WRITE_ACTIONS["distribution_list_membership"]
    real_preflight, real_preflight_many = action.preflight, action.preflight_many

    async def preflight(ctx: Any, step: Any) -> Any:
        if written and step.change == "add" and step.member == PRIYA:
            return Refusal(reason=GONE)
        return await real_preflight(ctx, step)

    async def preflight_many(ctx: Any, steps: Any, reads: Any) -> Any:
        found = list(await real_preflight_many(ctx, steps, reads))
        if written:
            found = [
                Refusal(reason=GONE) if s.change == "add" and s.member == PRIYA else f
                for s, f in zip(steps, found, strict=True)
            ]
        return found

    m.setattr(action, "preflight", preflight)
    m.setattr(action, "preflight_many", preflight_many)


async def _killed(
    flow: Flow, monkeypatch: pytest.MonkeyPatch, request: str, *, alone: bool, left: str
) -> None:
    """Run `request` until Priya's add landed, and kill it there: before its re-check read the tenant
    (`left` "applying") or in the wait between the re-check's two refusing reads ("verifying")."""
    action = WRITE_ACTIONS["distribution_list_membership"]
    written: list[bool] = []
    real_apply, real_apply_many = action.apply, action.apply_many

    async def apply(ctx: Any, step: Any) -> Any:
        answered = await real_apply(ctx, step)
        written.append(True)
        if left == "applying":
            raise Killed  # the add landed; the process dies before the re-read
        return answered

    async def apply_many(*args: Any, **kwargs: Any) -> Any:
        answered = await real_apply_many(*args, **kwargs)
        written.append(True)
        if left == "applying":
            raise Killed
        return answered

    async def dies(seconds: float) -> None:
        raise Killed  # the first re-read refused; the process dies in the wait before the second

    waits = VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=dies)
    with monkeypatch.context() as m:
        if alone:
            m.setattr(executor, "_runs_together", lambda view, step: False)
        m.setattr(action, "apply", apply)
        m.setattr(action, "apply_many", apply_many)
        _refusing_priya(m, written)
        with pytest.raises(Killed):
            await advance(
                flow.service, dataclasses.replace(flow.ctx, verify=waits), TENANT, request, check=flow.check
            )
    priya = next(s for s in flow.service.get(TENANT, request).steps if s.step["member"] == PRIYA)
    if left == "verifying":
        assert (priya.status, (priya.outcome or {}).get("verification")) == ("applied", "verifying")
    else:
        assert priya.status == "applying", priya.outcome


async def _taken_over_after_a_later_request(
    flow: Flow,
    monkeypatch: pytest.MonkeyPatch,
    *,
    alone: bool,
    left: str,
    end: dt.datetime | None,
) -> tuple[str, str, RequestStepView]:
    """A later request adding Priya (until `end`, or for good) runs inside the lease of the first request's
    dead run, which is then taken over with the check refusing Priya's add: the ids of the first and the
    later request, and Priya's step of the first as the takeover recorded it."""
    later = await _run(flow, [DistributionListMembership(change="add", group=DL, member=PRIYA, expires=end)])
    people = [PRIYA] if alone else [TOM, PRIYA]
    first = await _run(flow, [DistributionListMembership(change="add", group=DL, member=p) for p in people])
    await _killed(flow, monkeypatch, first, alone=alone, left=left)

    # Inside the dead run's lease: the later request finds Priya on the list, approved to keep her there.
    flow.clock.advance(dt.timedelta(minutes=1))
    given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
    assert [s.status for s in given.steps] == ["already"], given.steps

    flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))
    fast = dataclasses.replace(
        flow.ctx, verify=VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=_no_wait)
    )
    with monkeypatch.context() as m:
        if alone:
            m.setattr(executor, "_runs_together", lambda view, step: False)
        _refusing_priya(m, [True])
        done = await advance(flow.service, fast, TENANT, first, check=flow.check)
    return first, later, next(s for s in done.steps if s.step["member"] == PRIYA)


def _left_to(flow: Flow, tenant: TenantState, first: str, later: str, priya: RequestStepView) -> None:
    """Priya's write was left on the list to `later`, recorded refused naming it, and an admin told."""
    assert _on(tenant, DL, PRIYA), (
        f"Priya was taken off the list {later} was approved to keep her on: {priya.status} {priya.outcome}"
    )
    assert priya.status == "refused", priya.outcome
    assert later in str((priya.outcome or {}).get("message")), priya.outcome
    # No take-back was marked, so no admin had heard that the check refuses it: told now, the write kept.
    told = flow.audit.records(request_id=first, event="step.refused_after_write")
    assert [((r.detail or {}).get("position"), (r.detail or {}).get("kept")) for r in told] == [
        (priya.position, True)
    ]


@pytest.mark.parametrize("left", ["applying", "verifying"])
@pytest.mark.parametrize("alone", [False, True], ids=["bulk", "alone"])
async def test_a_takeover_leaves_a_refused_write_to_a_later_time_bound_request_that_found_it(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool, left: str
) -> None:
    end = flow.clock.now + dt.timedelta(days=7)
    first, later, priya = await _taken_over_after_a_later_request(
        flow, monkeypatch, alone=alone, left=left, end=end
    )
    assert flow.clock.now < end
    _left_to(flow, tenant, first, later, priya)

    # Left to the later request, the access is its own until its end, then ended: never kept for good.
    (kept,) = flow.service.get(TENANT, later).steps
    assert kept.status == "applied", kept.outcome
    _claim_audited(flow, later, first)
    flow.clock.advance(end - flow.clock.now + dt.timedelta(minutes=1))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert not _on(tenant, DL, PRIYA), f"Priya kept on the list after {later}'s end"


@pytest.mark.parametrize("left", ["applying", "verifying"])
@pytest.mark.parametrize("alone", [False, True], ids=["bulk", "alone"])
async def test_a_takeover_leaves_a_refused_write_to_a_later_for_good_request_that_found_it(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool, left: str
) -> None:
    """A later request for good (an admin's re-grant through mailwarden) found it there: a decision on the
    grant (`decides_grant`), which the takeover leaves as it is; it has no end to take it over until."""
    first, later, priya = await _taken_over_after_a_later_request(
        flow, monkeypatch, alone=alone, left=left, end=None
    )
    _left_to(flow, tenant, first, later, priya)
    (kept,) = flow.service.get(TENANT, later).steps
    assert kept.status == "already", kept.outcome
    assert not flow.audit.records(request_id=later, event="step.claimed_left_write")


async def test_a_resumed_take_back_left_to_a_later_request_audits_that_request_taking_it_over(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Red team 67 F4's path (`_finish_take_back`): the claim of the later step has its own record."""
    end = flow.clock.now + dt.timedelta(days=7)
    later = await _run(flow, [DistributionListMembership(change="add", group=DL, member=PRIYA, expires=end)])
    first = await killed_taking_priya_back(flow, monkeypatch, alone=True, undo_sent=False)
    flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))
    given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
    assert [s.status for s in given.steps] == ["already"], given.steps
    await advance(flow.service, flow.ctx, TENANT, first, check=flow.check)
    assert _on(tenant, DL, PRIYA)
    (kept,) = flow.service.get(TENANT, later).steps
    assert kept.status == "applied", kept.outcome
    _claim_audited(flow, later, first)


@pytest.mark.parametrize("alone", [False, True], ids=["bulk", "alone"])
async def test_a_live_take_back_leaves_a_write_a_later_request_found_inside_the_verify_wait(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    """The same decision inside a live run: between the re-check's two refusing reads (the verify wait), a
    later time-bound request finds Priya on the list and is approved to keep her there until its end. The
    take-back that follows leaves her to it, as a takeover's does."""
    end = flow.clock.now + dt.timedelta(days=7)
    later = await _run(flow, [DistributionListMembership(change="add", group=DL, member=PRIYA, expires=end)])
    people = [PRIYA] if alone else [TOM, PRIYA]
    first = await _run(flow, [DistributionListMembership(change="add", group=DL, member=p) for p in people])
    action = WRITE_ACTIONS["distribution_list_membership"]
    written: list[bool] = []
    found: list[str] = []
    real_apply, real_apply_many = action.apply, action.apply_many

    async def apply(ctx: Any, step: Any) -> Any:
        answered = await real_apply(ctx, step)
        written.append(step.change == "add")
        return answered

    async def apply_many(*args: Any, **kwargs: Any) -> Any:
        answered = await real_apply_many(*args, **kwargs)
        written.append(True)
        return answered

    async def waits(seconds: float) -> None:
        flow.clock.advance(dt.timedelta(seconds=seconds))
        if not found:
            refusing = list(written)
            written.clear()  # the later request's run reads the tenant as it is
            given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
            found.extend(s.status for s in given.steps)
            written.extend(refusing)

    with monkeypatch.context() as m:
        if alone:
            m.setattr(executor, "_runs_together", lambda view, step: False)
        m.setattr(action, "apply", apply)
        m.setattr(action, "apply_many", apply_many)
        _refusing_priya(m, written)
        waiting = VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=waits)
        done = await advance(
            flow.service, dataclasses.replace(flow.ctx, verify=waiting), TENANT, first, check=flow.check
        )
    assert found == ["already"]
    _left_to(flow, tenant, first, later, next(s for s in done.steps if s.step["member"] == PRIYA))
    (kept,) = flow.service.get(TENANT, later).steps
    assert kept.status == "applied", kept.outcome
    flow.clock.advance(end - flow.clock.now + dt.timedelta(minutes=1))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert not _on(tenant, DL, PRIYA), f"Priya kept on the list after {later}'s end"
