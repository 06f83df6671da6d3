"""Ends that failed, as admins see them (`overdue_ends`), as the `expire` job counts them, and as the sweep
reads their tries: once a pass for all the due requests, not one or two reads a request."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

import mailwarden.jobs.work as work
import mailwarden.notifications.inprocess as inprocess
import mailwarden.workflow.requests as sweep
from mailwarden.audit.chain import AuditLog
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestView
from mailwarden.model.steps import MailboxDelegation
from mailwarden.workflow.overdue import overdue_ends
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import _days, _done, _ended

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN = "grace.hopper@acme.com"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0b20ifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"


async def _granted(flow: Flow, *mailboxes: str) -> list[RequestView]:
    return [
        await _done(
            flow,
            ADMIN,
            MailboxDelegation(
                change="grant", mailbox=m, trustee="finance-team@acme.com", expires=_days(flow, 1)
            ),
        )
        for m in mailboxes
    ]


def _failing_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise KeyError(f"Exchange said no; the header held Bearer {TOKEN}")

    monkeypatch.setattr(sweep, "_expire_step", broken)
    monkeypatch.setattr(sweep, "queue", lambda *args, **kwargs: None)


async def test_an_end_that_failed_is_listed_with_its_tries_masked_reason_and_next_try(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    [view] = await _granted(flow, "support@acme.com")
    assert overdue_ends(flow.service, TENANT) == [], "nothing is overdue before its end"
    _failing_ends(monkeypatch)
    for _ in range(sweep.QUICK_TRIES):
        await _ended(flow, 1 if _ == 0 else 0)
    [row] = overdue_ends(flow.service, TENANT)
    assert (row.request_id, row.step, row.requester) == (view.request_id, 1, ADMIN)
    assert "support" in row.summary.lower()
    assert row.end == view.steps[0].expires
    assert row.tries == sweep.QUICK_TRIES
    assert row.last_reason is not None
    assert "KeyError" in row.last_reason
    assert TOKEN not in row.last_reason, "the reason is shown as the audit log keeps it: masked"
    assert row.next_try is not None
    assert row.next_try > flow.clock.now, "after the quick tries it waits"

    monkeypatch.undo()
    flow.clock.advance(sweep.LONGEST_WAIT)
    await _ended(flow, 0)
    assert overdue_ends(flow.service, TENANT) == [], "taken back: no longer overdue"


async def test_a_pass_reads_the_tries_of_all_its_due_requests_in_one_query(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _granted(flow, "support@acme.com", "sales@acme.com", "billing@acme.com")
    _failing_ends(monkeypatch)
    reads: list[dict[str, Any]] = []
    records = AuditLog.records

    def counted(self: AuditLog, **filters: Any) -> Any:
        if filters.get("event") == sweep.POSTPONED:
            reads.append(filters)
        return records(self, **filters)

    monkeypatch.setattr(AuditLog, "records", counted)
    await _ended(flow, 2)
    await _ended(flow, 0)
    assert len(reads) == 2, f"one read of the tries a pass, not {len(reads)}"
    told = flow.audit.records(tenant=TENANT, event=sweep.POSTPONED)
    assert sorted(r.detail["tries"] for r in told) == [1, 1, 1, 2, 2, 2], "each request's own count"


async def test_the_expire_job_reports_its_ends_done_postponed_and_overdue(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _granted(flow, "support@acme.com", "sales@acme.com")
    flow.clock.advance(_days(flow, 2) - flow.clock.now)
    failing = sweep._expire_step

    async def support_fails(*args: Any, **kwargs: Any) -> Any:
        if "support@acme.com" in repr(args):
            raise KeyError("a tenant shape nobody foresaw")
        return await failing(*args, **kwargs)

    monkeypatch.setattr(sweep, "_expire_step", support_fails)
    monkeypatch.setattr(sweep, "queue", lambda *args, **kwargs: None)
    monkeypatch.setattr(inprocess, "catch_up_deadlines", lambda workspace, key: None)
    job = SimpleNamespace(
        workspace=SimpleNamespace(requests=flow.service), tenant_key=TENANT, context=lambda: flow.ctx
    )
    done = await work.expire(job)  # type: ignore[arg-type]
    assert (done.ends_done, done.ends_postponed, done.ends_overdue) == (1, 1, 1)
    assert len(done.request_ids) == 1
    [row] = overdue_ends(flow.service, TENANT)
    assert "support" in row.summary.lower()
