"""Red team 60 F3, over the wire: a write is dated at the send the tenant carried out. The emulator answers
the time-bound add's first try 429 (fault injection, before the cmdlet runs, as Exchange does), and the
shipped client sends it again after its backoff; a removal another request runs inside that backoff lands
first, so the tenant's last word is the add, and the add's end still runs. A first try answered 503 may have
been carried out (the client cannot tell): when its resend is answered "already so", that try made it so and
the write keeps its time (a resend answered as a fresh change is dated at the resend: red team 64 F1,
tests/security/test_rt64_resend_that_landed_after_a_5xx.py).

The backoff is stood for by the test's clock: when the throttled (or failed) answer comes back, the clock
moves on by BACKOFF and, for the 429, the removal runs, before the client waits its (real, short) backoff
and sends again. Alone (the executor's `sending`) and in bulk (a sub-request of a `$batch`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

import mailwarden.workflow.executor as executor
from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestView
from mailwarden.model.steps import DistributionListMembership
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.grant_records import APPLIED_AT
from mailwarden.workflow.requests import advance, run_expiries
from tests.security.other_admin import OtherAdmin
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

BACKOFF = dt.timedelta(seconds=20)
ADD = "Add-DistributionGroupMember"


async def advanced_with_first_try_failing(
    flow: Flow,
    emulator: RunningEmulator,
    monkeypatch: pytest.MonkeyPatch,
    timed: str,
    people: list[str],
    *,
    alone: bool,
    status: int,
    then: Callable[[], Awaitable[None]],
) -> RequestView:
    """Request `timed` (adds of `people` to the list) run with the add's first try answered `status`: the
    next Exchange request alone, or the adds in the next `$batch`; `then` runs once that answer is heard."""
    action = WRITE_ACTIONS["distribution_list_membership"]
    name = "apply" if alone else "apply_many"
    real = getattr(action, name)

    async def failing(*args: Any, **kwargs: Any) -> Any:
        if alone:
            emulator.faults.fail("exchange", status=status, times=1)
        else:
            emulator.faults.fail_items("exchange", status=status, times=len(people), matching=ADD)
        return await real(*args, **kwargs)

    monkeypatch.setattr(action, name, failing)
    off = _on_answer(flow, status, then)
    try:
        return await advance(flow.service, flow.ctx, TENANT, timed, check=flow.check)
    finally:
        off()
        monkeypatch.undo()


def _on_answer(flow: Flow, status: int, then: Callable[[], Awaitable[None]]) -> Callable[[], None]:
    """Have `then` run once, when the Exchange client hears `status` to a request carrying an add (alone or
    in a `$batch`); returns what takes the hook off."""
    http: httpx.AsyncClient = flow.ctx.clients.exchange._http
    hooks = http.event_hooks
    done: list[bool] = []

    async def heard(response: httpx.Response) -> None:
        if done:
            return
        await response.aread()
        carried = ADD in response.request.content.decode()
        sub = f'"status": {status}' in response.text or f'"status":{status}' in response.text
        if carried and (response.status_code == status or sub):
            done.append(True)
            await then()

    http.event_hooks = {**hooks, "response": [*hooks.get("response", []), heard]}
    return lambda: setattr(http, "event_hooks", hooks)


@pytest.mark.parametrize("alone", [True, False], ids=["alone", "bulk"])
async def test_a_time_bound_add_resent_after_a_429_is_dated_at_its_resend_and_still_ends(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    if alone:
        monkeypatch.setattr(executor, "_runs_together", lambda view, step: False)
    people = [TOM] if alone else [TOM, PRIYA]
    end = flow.clock.now + dt.timedelta(days=4)
    timed = await _run(
        flow, [DistributionListMembership(change="add", group=DL, member=p, expires=end) for p in people]
    )
    other = OtherAdmin(tenant, settled=True)
    for who in people:
        other.exchange("Add-DistributionGroupMember", Identity=DL, Member=who)
    removal = await _run(
        flow, [DistributionListMembership(change="remove", group=DL, member=p) for p in people]
    )
    if not alone:  # taken off again: the adds are sent as asked, the removal answered "not a member"
        for who in people:
            other.exchange("Remove-DistributionGroupMember", Identity=DL, Member=who, Confirm=False)
    removed: list[str] = []

    async def inside_the_backoff() -> None:
        flow.clock.advance(BACKOFF)
        done = await advance(flow.service, flow.ctx, TENANT, removal, check=flow.check)
        removed.extend(s.status for s in done.steps)
        flow.clock.advance(dt.timedelta(seconds=1))

    given = await advanced_with_first_try_failing(
        flow, emulator, monkeypatch, timed, people, alone=alone, status=429, then=inside_the_backoff
    )
    assert removed, "the removal ran inside the backoff"
    assert set(removed) <= {"applied", "already"}, removed
    assert [s.status for s in given.steps] == ["applied"] * len(people), [s.outcome for s in given.steps]
    assert all(_on(tenant, DL, p) for p in people), "the resent adds landed after the removal"

    flow.clock.now = end + dt.timedelta(minutes=10)
    ended = await run_expiries(flow.service, flow.ctx, TENANT)
    reasons = {s.decision.reason for e in ended for s in e.steps}
    kept = [p for p in people if _on(tenant, DL, p)]
    assert kept == [], f"{kept} kept the list for good: {reasons}"


@pytest.mark.parametrize("alone", [True, False], ids=["alone", "bulk"])
async def test_a_write_whose_first_try_answered_503_and_its_resend_already_keeps_that_tries_time(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    if alone:
        monkeypatch.setattr(executor, "_runs_together", lambda view, step: False)
    people = [TOM] if alone else [TOM, PRIYA]
    end = flow.clock.now + dt.timedelta(days=4)
    timed = await _run(
        flow, [DistributionListMembership(change="add", group=DL, member=p, expires=end) for p in people]
    )
    first = flow.clock.now
    other = OtherAdmin(tenant, settled=True)

    async def waited() -> None:
        # The 503 came after the cmdlet ran (the emulator answers before it: its effect is put in here), so
        # the resend meets the first try's own doing: "already a member".
        for who in people:
            other.exchange("Add-DistributionGroupMember", Identity=DL, Member=who)
        flow.clock.advance(BACKOFF)

    given = await advanced_with_first_try_failing(
        flow, emulator, monkeypatch, timed, people, alone=alone, status=503, then=waited
    )
    assert flow.clock.now == first + BACKOFF, "the first try was answered 503"
    assert [s.status for s in given.steps] == ["applied"] * len(people), [s.outcome for s in given.steps]
    # A 5xx may come after the cmdlet ran: a resend answered "already so" may only have met that try's doing.
    assert [(s.outcome or {}).get(APPLIED_AT) for s in given.steps] == [first.isoformat()] * len(people)
    assert all("change" in (s.outcome or {}) for s in given.steps), (
        "recorded as this step's doing, with its end"
    )
