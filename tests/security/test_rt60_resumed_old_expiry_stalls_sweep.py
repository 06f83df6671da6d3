"""Red team 60 F4: since sec59 the sweep takes up EVERY unfinished expiry of the tenant (`_resume_ends` now
also runs expiries of one step and ones waiting for a confirmation; `_resume_orphans` those of requests with
nothing due), where before an old one of one step, or one left waiting, was never run. Each is guarded only
by `except MailwardenError`. An expiry whose stored step no longer validates (a row stored under older rules:
`_judged_end` guards the parent's steps against exactly this, the executor does not) raises pydantic's
ValidationError out of `run_request`, out of `run_expiries`, out of the sweep job: every pass crashes on it,
and no other grant of the tenant is ended any more (nor do the job's `catch_up_deadlines` and `expire_stale`
after it run).

Here a sweep dies right after filing Tom's end (as in red team 56 F4); the stored end is then made one the
model refuses today (a revoke that carries an expiry), standing for a row from older rules. Sam's grant, of
another request, is due too. Fixed: the unreadable expiry is logged and its request's ends wait; the sweep
goes on and ends Rachel's grant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import update

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from mailwarden.store.tables import RequestStepRow
from mailwarden.workflow.requests import run_expiries
from tests.security.test_rt60_unreadable_expiry_still_ends import toms_end_filed_then_killed
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as, _request
from tests.workflow.test_rt56_unconfirmed_expiry import ADMIN, RACHEL

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_an_old_expiry_that_no_longer_validates_does_not_stop_the_other_ends(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    _, dead = await toms_end_filed_then_killed(flow, monkeypatch, replicated)
    with flow.service.store.session() as session:
        [row] = session.query(RequestStepRow).filter(RequestStepRow.request_id == dead).all()
        stored = {**row.step, "expires": "2026-01-01T00:00:00+00:00"}  # refused by today's model
        session.execute(update(RequestStepRow).where(RequestStepRow.request_id == dead).values(step=stored))

    # Another request's grant, due now too.
    end = flow.clock.now + dt.timedelta(hours=1)
    rachels = await _request(
        flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=RACHEL, expires=end)
    )
    assert rachels.state is RequestState.COMPLETED, rachels.state
    await replicated()
    flow.clock.advance(dt.timedelta(hours=2))

    for _ in range(2):  # the next passes too
        await run_expiries(flow.service, flow.ctx, TENANT)
    assert not _has_send_as(tenant, SUPPORT, RACHEL), "Rachel's access outlived its end"
