"""Red team 48: a lost-answer grant retried after a later for-good grant took its end over.

Grace gives Sarah Send As on support@ for a day; Exchange carries it out but every answer is lost, so the
step is "failed" with the change it was sent to make (red team 45/47). An hour later an admin asks
mailwarden to give Sarah Send As for good: planned with the request records, it is the extension of the
failed grant (sec44), approved and run; its run takes the failed grant's end off and records the access as
this for-good request's change.

Then Grace retries her failed request, as its message tells her to (reopen_failed). Its step goes back
`applying` (ANSWER_LOST), the run finds Sarah holding Send As and records it as Grace's one-day grant,
applied now: later, by its `applied_at`, than the for-good decision. Undoing Grace's request (she no longer
needs the day's access) is then not superseded by anything, and revokes the Send As the later, approved,
for-good request gave: an undo takes away what another decision gave.

The same stamp breaks the end: retried after a revoke and a for-good grant through mailwarden, the one-day
grant is recorded as the latest decision on the right, and its end takes the for-good grant's access.

Driven against the emulator over HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import InvalidTransition
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import advance, plan_steps, run_expiries
from tests.security.test_redteam45_lost_answers_leave_a_grant_with_no_end import (
    SARAH,
    _grant_for_a_day_answers_lost,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_redteam12_undo_over_an_end import _undo
from tests.workflow.test_requests import SUPPORT, _has_send_as
from tests.workflow.test_write_by_object_id import ADMIN

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_undoing_a_retried_one_day_grant_leaves_the_for_good_grant_made_over_it(
    flow: Flow,
    tenant: TenantState,
    emulator: RunningEmulator,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    first = await _grant_for_a_day_answers_lost(flow, tenant, emulator, monkeypatch, lost=200)
    # The hour passes for the tenant too: under --replication-lag a read a moment after the lost-answer
    # grant may not show it yet, and the for-good grant plans as a plain grant, not its extension.
    flow.clock.advance(dt.timedelta(hours=1))
    await replicated()
    step = SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH)
    person = flow.person(ADMIN)
    decide = await flow.live.decider(person, [step])
    planned = await plan_steps(flow.ctx, person, [step], decide, service=flow.service, tenant=TENANT)
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    assert view.state is RequestState.NEEDS_CONFIRMATION, view.state
    flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    [for_good] = (await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)).steps
    assert for_good.status == "applied", for_good  # the extension: the failed grant's end is off

    flow.clock.advance(dt.timedelta(hours=1))
    flow.service.reopen_failed(TENANT, first, flow.actor(ADMIN))
    [retried] = (await advance(flow.service, flow.ctx, TENANT, first, check=flow.check)).steps
    # The extension's request holds the access now: the retry closes the step rather than record it as
    # the one-day grant's, applied after that decision.
    assert retried.status == "refused", retried
    assert "superseded" in str((retried.outcome or {}).get("message")), retried.outcome

    flow.clock.advance(dt.timedelta(hours=1))
    with pytest.raises(InvalidTransition):  # nothing of the one-day request stands for an undo to take back
        await _undo(flow, first, who=ADMIN)
    assert _has_send_as(tenant, SUPPORT, SARAH), "undoing the one-day grant took the for-good grant's access"


async def _asked_and_run(flow: Flow, step: SendAs) -> None:
    person = flow.person(ADMIN)
    decide = await flow.live.decider(person, [step])
    planned = await plan_steps(flow.ctx, person, [step], decide, service=flow.service, tenant=TENANT)
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    assert view.state is RequestState.NEEDS_CONFIRMATION, view.state
    flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    [done] = (await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)).steps
    assert done.status == "applied", done


async def test_a_one_day_grant_retried_after_a_revoke_and_a_for_good_grant_ends_nothing_of_theirs(
    flow: Flow,
    tenant: TenantState,
    emulator: RunningEmulator,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    """The lost-answer one-day grant, then (through mailwarden) a revoke of Sarah's Send As, then a grant of
    it for good; then the one-day grant is retried. Its end must not take the for-good grant's access."""

    async def an_hour_later() -> None:
        # The hour passes for the tenant too: under --replication-lag its reads show the last hour's writes
        # (a read a moment after the revoke may still show the grant, and the for-good grant plans "already").
        flow.clock.advance(dt.timedelta(hours=1))
        await replicated()

    first = await _grant_for_a_day_answers_lost(flow, tenant, emulator, monkeypatch, lost=200)
    await an_hour_later()
    await _asked_and_run(flow, SendAs(change="revoke", mailbox=SUPPORT, trustee=SARAH))
    assert not _has_send_as(tenant, SUPPORT, SARAH)
    await an_hour_later()
    await _asked_and_run(flow, SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH))
    await an_hour_later()
    flow.service.reopen_failed(TENANT, first, flow.actor(ADMIN))
    [retried] = (await advance(flow.service, flow.ctx, TENANT, first, check=flow.check)).steps
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert _has_send_as(tenant, SUPPORT, SARAH), (
        f"the retried one-day grant ({retried.status}) ended the later for-good grant's access"
    )
