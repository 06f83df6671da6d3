"""Kill the execution of a multi-step approved request at every point, then resume it the way the system
does (the execution lease runs out; the next run takes the request over and starts each unrecorded step
again from preflight). Count the writes in the emulator's journal: 0 steps lost, 0 applied twice.

The kill is a BaseException, as a killed process or a cancelled task is: no `except Exception` stops it, so
nothing after it runs, exactly as if the process had died there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import mailwarden.workflow.executor as executor
from mailwarden.actions.base import ActionContext
from mailwarden.audit import AuditLog
from mailwarden.connectors.connection import open_tenant
from mailwarden.directory.resolve import resolve
from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Decision
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import Step
from mailwarden.planner.structured import build_step
from mailwarden.policy import Org, PolicyEngine
from mailwarden.store.db import Store
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.testing import RunningEmulator
from mailwarden.workflow import requests as flow
from mailwarden.workflow.service import EXECUTION_LEASE, RequestService
from mailwarden.workflow.session import actor_of
from tests.conftest import discovered_context, emulator_connection
from tests.connectors.conftest import FAST_RETRY

pytestmark = pytest.mark.anyio

TENANT = "acme"
MEMBERS = ("tom.becker@acme.com", "john@acme.com", "sarah@acme.com")
GROUP = "engineering@acme.com"


@pytest.fixture
async def ctx(tenant: TenantState, emulator: RunningEmulator) -> AsyncIterator[ActionContext]:
    """The tenant's context with retries that wait milliseconds (FAST_RETRY), not seconds: the dropped
    connections here test what a run records and writes, not how long the client backs off."""
    connection = dataclasses.replace(emulator_connection(emulator), retry=FAST_RETRY)
    async with open_tenant(connection) as clients:
        yield await discovered_context(clients)


class Killed(BaseException):
    """The process died here."""


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


# Every point a run can die at: (what is patched, which call dies, before or after the real call).
POINTS = [
    ("claim", 1, "after"),
    *[("execute", n, "before") for n in (1, 2, 3)],
    *[("execute", n, "after") for n in (1, 2, 3)],  # applied, not yet recorded
    *[("begin_step", n, w) for n in (1, 2, 3) for w in ("before", "after")],  # marked applying, or not yet
    *[("record_step", n, "before") for n in (1, 2, 3)],
    *[("record_step", n, "after") for n in (1, 2, 3)],
    ("finish", 1, "before"),
]


def _dying(real: Callable[..., Any], nth: int, when: str, is_async: bool) -> Callable[..., Any]:
    calls = {"n": 0}

    def should_die() -> bool:
        calls["n"] += 1
        return calls["n"] == nth

    if is_async:

        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            dies = should_die()
            if dies and when == "before":
                raise Killed
            result = await real(*args, **kwargs)
            if dies:
                raise Killed
            return result

        return async_wrapper

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        dies = should_die()
        if dies and when == "before":
            raise Killed
        result = real(*args, **kwargs)
        if dies:
            raise Killed
        return result

    return wrapper


def _service(store: Store, tmp_path: Path, clock: Clock) -> RequestService:
    TenantRegistry(store).add(
        TenantRecord(tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c")
    )
    return RequestService(store, AuditLog(store, tmp_path), clock=clock)


async def _confirmed(
    service: RequestService, ctx: ActionContext, steps: list[tuple[str, str, dict[str, Any]]]
) -> RequestView:
    """Grace's request of `steps`, each allowed once she confirms, confirmed (so approved)."""
    grace = resolve(ctx.directory, "grace.hopper@acme.com")
    engine = PolicyEngine()
    org = Org(directory=ctx.directory, admins=frozenset(r.recipient_id for r in ctx.directory if r.is_admin))
    built = [build_step(a, c, p, ctx.directory, grace) for a, c, p in steps]
    planned = await flow.plan_steps(ctx, grace, built, lambda r, s, p: engine.decide(org, r, s))
    assert [p.decision.outcome for p in planned] == ["allowed"] * len(steps)
    view = service.submit(TENANT, actor_of(grace), planned)
    return service.confirm(TENANT, view.request_id, actor_of(grace))


async def _advance(service: RequestService, ctx: ActionContext, request_id: str) -> RequestView:
    """Run the request as the scheduler does: the policy decides each step again right before it runs."""
    engine = PolicyEngine()
    org = Org(directory=ctx.directory, admins=frozenset(r.recipient_id for r in ctx.directory if r.is_admin))

    async def check(view: RequestView, step: Step) -> Decision:
        return engine.decide(org, view.requester, step)

    return await flow.advance(service, ctx, TENANT, request_id, check=check)


def _adds(state: TenantState, since: int) -> list[str]:
    return [
        str(e.detail.get("member"))
        for e in state.data.journal[since:]
        if e.operation == "Add-DistributionGroupMember" and e.target == GROUP
    ]


@dataclass
class KilledRun:
    """Grace's confirmed request adding MEMBERS to GROUP, about to be run (and killed)."""

    service: RequestService
    clock: Clock
    view: RequestView
    journal: int
    """The emulator's journal length before the run: what the run writes comes after it."""


async def three_additions(store: Store, ctx: ActionContext, tenant: TenantState, tmp_path: Path) -> KilledRun:
    clock = Clock()
    service = _service(store, tmp_path, clock)
    steps = [("distribution_list_membership", "add", {"group": GROUP, "member": m}) for m in MEMBERS]
    view = await _confirmed(service, ctx, steps)
    return KilledRun(service=service, clock=clock, view=view, journal=len(tenant.data.journal))


async def resume_and_check(run: KilledRun, ctx: ActionContext, tenant: TenantState) -> None:
    """Resume the killed run as the system does, and check each member was added exactly once: a second run
    while the dead one still holds its lease does nothing; once the lease has run out the next completes."""
    during = await _advance(run.service, ctx, run.view.request_id)
    assert during.state in (RequestState.EXECUTING, RequestState.APPROVED, RequestState.COMPLETED)
    run.clock.now += EXECUTION_LEASE + dt.timedelta(seconds=1)
    done = await _advance(run.service, ctx, run.view.request_id)

    assert done.state is RequestState.COMPLETED, [s.status for s in done.steps]
    assert sorted(_adds(tenant, run.journal)) == sorted(MEMBERS), "a member lost or added twice"
    assert all(s.status in ("applied", "already") for s in done.steps)
    group = tenant.by_address(GROUP)
    assert group is not None
    for m in MEMBERS:
        member = tenant.by_address(m)
        assert member is not None
        assert group.members.count(member.id) == 1


@pytest.mark.parametrize(("target", "nth", "when"), POINTS, ids=[f"{t}{n}-{w}" for t, n, w in POINTS])
async def test_a_run_killed_anywhere_resumes_with_nothing_lost_or_repeated(
    ctx: ActionContext,
    tenant: TenantState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    nth: int,
    when: str,
) -> None:
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        run = await three_additions(store, ctx, tenant, tmp_path)
        service = run.service

        # One step at a time, the path these points are on: three additions to one list would otherwise
        # run as one batch (tests/security/test_redteam4_kill_bulk.py kills that one at its own points).
        with pytest.MonkeyPatch.context() as one_at_a_time:
            one_at_a_time.setattr(executor, "_runs_together", lambda view, step: False)
            if target == "execute":
                monkeypatch.setattr(executor, "execute", _dying(executor.execute, nth, when, is_async=True))
            else:
                real = getattr(service, target)
                monkeypatch.setattr(service, target, _dying(real, nth, when, is_async=False))
            with pytest.raises(Killed):
                await _advance(service, ctx, run.view.request_id)
            monkeypatch.undo()
            await resume_and_check(run, ctx, tenant)


@pytest.mark.parametrize("drops", [1, 2, 4, 8])
async def test_dropped_connections_during_a_run_lose_nothing_and_repeat_nothing(
    ctx: ActionContext, tenant: TenantState, emulator: RunningEmulator, tmp_path: Path, drops: int
) -> None:
    """The next `drops` Exchange connections are dropped mid-run: each step ends applied or failed with its
    reason, and the journal holds exactly one write per applied member."""
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        run = await three_additions(store, ctx, tenant, tmp_path)
        emulator.faults.drop("exchange", times=drops)
        done = await _advance(run.service, ctx, run.view.request_id)
        emulator.faults.reset()
    assert done.state in (RequestState.COMPLETED, RequestState.PARTIALLY_FAILED, RequestState.FAILED)
    applied = [MEMBERS[s.position] for s in done.steps if s.status == "applied"]
    # A dropped connection while the step's facts are read refuses it (a decision is never made on facts
    # that could not be read), just as one during the write fails it: either way with its reason.
    assert all(s.status in ("applied", "failed", "refused") for s in done.steps), [
        s.status for s in done.steps
    ]
    assert all((s.outcome or {}).get("message") for s in done.steps if s.status != "applied")
    assert sorted(_adds(tenant, run.journal)) == sorted(applied)


async def test_a_time_bound_grant_applied_just_before_a_kill_still_expires(
    ctx: ActionContext, tenant: TenantState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Send As for John on Info until tomorrow; the run dies right after the write lands; it resumes; when the
    day is over, the scheduler takes the access back."""
    clock = Clock()
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        service = _service(store, tmp_path, clock)
        until = (clock.now + dt.timedelta(days=1)).isoformat()
        grant = {"mailbox": "info@acme.com", "trustee": "john@acme.com", "expires": until}
        view = await _confirmed(service, ctx, [("send_as", "grant", grant)])
        monkeypatch.setattr(executor, "execute", _dying(executor.execute, 1, "after", is_async=True))
        with pytest.raises(Killed):
            await _advance(service, ctx, view.request_id)
        monkeypatch.undo()
        clock.now += EXECUTION_LEASE + dt.timedelta(seconds=1)
        assert (await _advance(service, ctx, view.request_id)).state is RequestState.COMPLETED
        clock.now += dt.timedelta(days=2)
        await flow.run_expiries(service, ctx, TENANT)
        info, john = tenant.by_address("info@acme.com"), tenant.by_address("john@acme.com")
        assert info is not None
        assert john is not None
        assert john.id not in info.send_as, "the time-bound Send As outlived its expiry"


async def _send_as_killed_after_the_write(
    service: RequestService, ctx: ActionContext, monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> RequestView:
    """Send As for John on Info until tomorrow, confirmed; its run dies right after the write lands."""
    until = (clock.now + dt.timedelta(days=1)).isoformat()
    grant = {"mailbox": "info@acme.com", "trustee": "john@acme.com", "expires": until}
    view = await _confirmed(service, ctx, [("send_as", "grant", grant)])
    monkeypatch.setattr(executor, "execute", _dying(executor.execute, 1, "after", is_async=True))
    with pytest.raises(Killed):
        await _advance(service, ctx, view.request_id)
    monkeypatch.undo()
    [step] = service.get(TENANT, view.request_id).steps
    assert step.status == "applying"
    return view


async def test_a_write_taken_back_while_the_run_was_dead_is_made_again_and_still_expires(
    ctx: ActionContext, tenant: TenantState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write landed, then another admin removed it before the run resumed: the tenant is as it was
    before, so the approved change is made again (once), recorded applied, and ends at its expiry."""
    clock = Clock()
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        service = _service(store, tmp_path, clock)
        view = await _send_as_killed_after_the_write(service, ctx, monkeypatch, clock)
        info, john = tenant.by_address("info@acme.com"), tenant.by_address("john@acme.com")
        assert info is not None
        assert john is not None
        info.send_as.remove(john.id)
        clock.now += EXECUTION_LEASE + dt.timedelta(seconds=1)
        done = await _advance(service, ctx, view.request_id)
        assert done.state is RequestState.COMPLETED
        assert [s.status for s in done.steps] == ["applied"]
        assert info.send_as.count(john.id) == 1
        clock.now += dt.timedelta(days=2)
        await flow.run_expiries(service, ctx, TENANT)
        assert john.id not in info.send_as


async def test_a_step_applied_just_before_a_kill_can_be_undone(
    ctx: ActionContext, tenant: TenantState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The resumed run records the landed write as applied, so the request's undo offers to take it back."""
    clock = Clock()
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        service = _service(store, tmp_path, clock)
        view = await _send_as_killed_after_the_write(service, ctx, monkeypatch, clock)
        clock.now += EXECUTION_LEASE + dt.timedelta(seconds=1)
        done = await _advance(service, ctx, view.request_id)
        assert [s.status for s in done.steps] == ["applied"]
        assert done.steps[0].outcome is not None
        assert done.steps[0].outcome["before"] == {"send_as": False}
        grace = resolve(ctx.directory, "grace.hopper@acme.com")
        engine = PolicyEngine()
        org = Org(
            directory=ctx.directory, admins=frozenset(r.recipient_id for r in ctx.directory if r.is_admin)
        )
        undo = await flow.undo(
            service,
            ctx,
            TENANT,
            view.request_id,
            actor_of(grace),
            grace,
            lambda r, s, p: engine.decide(org, r, s),
        )
        assert [(s.step["action"], s.step["change"]) for s in undo.steps] == [("send_as", "revoke")]


async def test_a_step_whose_write_cannot_be_checked_stays_applying_and_unfinished(
    ctx: ActionContext,
    tenant: TenantState,
    emulator: RunningEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the resumed run cannot read whether the write landed, it neither fails the step (which would
    leave a grant with no expiry) nor calls it done: the request waits for a run that can tell."""
    clock = Clock()
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        service = _service(store, tmp_path, clock)
        view = await _send_as_killed_after_the_write(service, ctx, monkeypatch, clock)
        clock.now += EXECUTION_LEASE + dt.timedelta(seconds=1)
        emulator.faults.drop("exchange", times=50)
        stuck = await _advance(service, ctx, view.request_id)
        emulator.faults.reset()
        assert stuck.state is RequestState.EXECUTING
        assert [s.status for s in stuck.steps] == ["applying"]
        clock.now += EXECUTION_LEASE + dt.timedelta(seconds=1)
        done = await _advance(service, ctx, view.request_id)
        assert [s.status for s in done.steps] == ["applied"]
