"""Red team 81 F3: an end that fails on every pass is never silent: each try is audited with its count and
reason, it keeps being tried, and after a few quick tries each next one waits longer (a day at most)."""

from __future__ import annotations

import pytest

import mailwarden.workflow.requests as sweep
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import MailboxDelegation
from mailwarden.notifications.events import Event
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import _days, _done, _ended

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_an_end_that_always_fails_is_audited_and_retried_with_backoff(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    grant = MailboxDelegation(
        change="grant", mailbox="support@acme.com", trustee="finance-team@acme.com", expires=_days(flow, 1)
    )
    view = await _done(flow, "grace.hopper@acme.com", grant)
    tries: list[object] = []

    async def broken(*args: object, **kwargs: object) -> None:
        tries.append(args)
        raise KeyError("a tenant shape nobody foresaw")

    monkeypatch.setattr(sweep, "_expire_step", broken)
    told_admins: list[tuple[object, list[str]]] = []
    monkeypatch.setattr(
        sweep, "queue", lambda store, view, event, **kw: told_admins.append((event, kw["recipients"]))
    )
    await _ended(flow, 2)
    for _ in range(4):  # passes a minute apart: three quick tries, then the next waits an hour
        await _ended(flow, 0)
    assert len(tries) == sweep.QUICK_TRIES
    told = flow.audit.records(tenant=TENANT, request_id=view.request_id, event=sweep.POSTPONED)
    assert [r.detail["tries"] for r in told] == [1, 2, 3]
    assert "KeyError" in str(told[0].detail["reason"])
    [(event, admins)] = told_admins  # once, at the last quick try
    assert event is Event.END_OVERDUE
    assert "grace.hopper@acme.com" in admins
    await _ended(flow, 1)  # a day on: tried again
    assert len(tries) == sweep.QUICK_TRIES + 1
