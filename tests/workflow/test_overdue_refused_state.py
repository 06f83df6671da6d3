"""A refused end is a state of its step (`refused_end`, `refused_reason`), written with the refusal's audit
record: the overdue listing reads the refused ends in one query over step rows, however many the tenant's
history holds (it read every refusal record and each whole request it named), drops one whose step is taken
back, and names the requester as the request's view shows them (a gone requester as gone)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import delete, event, insert, select

import mailwarden.workflow.requests as sweep
from mailwarden.emulator.state import TenantState
from mailwarden.store import Store
from mailwarden.store import schema as tables
from mailwarden.store.tables import RequestStepRow
from mailwarden.workflow.overdue import overdue_ends, refused_ends
from tests.security.test_redteam82_refused_ends_overdue import GONE
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_overdue_ends import ADMIN, _failing_ends, _granted
from tests.workflow.test_time_bound_shares import _ended

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

PASSED = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@contextmanager
def _statements(store: Store) -> Iterator[list[str]]:
    """Every SQL statement the store's engine runs inside the block."""
    ran: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        ran.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield ran
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def _refused_steps(store: Store, count: int, start: int = 0) -> None:
    """`count` requests, each with one applied step whose end the sweep refused, written as the store keeps
    them (no sweep: a thousand refusals through it would take minutes)."""
    step = {"action": "mailbox_delegation", "change": "grant", "mailbox": "support@acme.com"}
    with store.engine.begin() as db:
        db.execute(
            insert(tables.requests),
            [
                {
                    "request_id": f"r{i:05}",
                    "tenant_key": TENANT,
                    "requester_id": "grace-id",
                    "requester": ADMIN,
                    "channel": "cli",
                    "kind": "change",
                    "state": "completed",
                    "created": PASSED,
                    "updated": PASSED,
                }
                for i in range(start, start + count)
            ],
        )
        db.execute(
            insert(tables.request_steps),
            [
                {
                    "request_id": f"r{i:05}",
                    "position": 0,
                    "step": step,
                    "preview": {"summary": f"finance-team gets support ({i})"},
                    "decision": {"kind": "allowed"},
                    "status": "applied",
                    "refused_end": PASSED,
                    "refused_reason": GONE,
                }
                for i in range(start, start + count)
            ],
        )


async def test_a_thousand_refused_ends_are_listed_in_as_many_queries_as_ten(store: Store, flow: Flow) -> None:
    _refused_steps(store, 10)
    with _statements(store) as ten:
        assert len(overdue_ends(flow.service, TENANT)) == 10
    _refused_steps(store, 990, start=10)
    with _statements(store) as thousand:
        rows = overdue_ends(flow.service, TENANT)
    assert len(rows) == 1000
    assert {(r.refused, r.last_reason, r.end, r.requester) for r in rows} == {(True, GONE, PASSED, ADMIN)}
    assert len(thousand) == len(ten) <= 4, thousand
    with _statements(store) as refused:
        assert len(refused_ends(flow.service, TENANT)) == 1000
    assert len(refused) <= 2, "the step rows, and whether the store holds the tenant's directory"


async def test_a_refused_end_is_kept_on_its_step_and_leaves_the_list_when_the_step_is_taken_back(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    [view] = await _granted(flow, "support@acme.com")
    _refuse_only(monkeypatch, "support@acme.com")
    await _ended(flow, 2)
    with flow.service.store.session() as session:
        kept = session.execute(
            select(RequestStepRow.expires, RequestStepRow.refused_end, RequestStepRow.refused_reason).where(
                RequestStepRow.request_id == view.request_id
            )
        ).one()
    assert tuple(kept) == (None, view.steps[0].expires, GONE), "the end taken off, kept as refused, and why"
    [row] = overdue_ends(flow.service, TENANT)
    assert (row.request_id, row.refused, row.end) == (view.request_id, True, view.steps[0].expires)

    flow.service.mark_reverted(view.request_id, 0, "an-admins-request")
    assert refused_ends(flow.service, TENANT) == []
    assert overdue_ends(flow.service, TENANT) == [], "taken back: its refused end leaves the list"


def _without_requester(store: Store) -> None:
    """The store's copy of the directory holds someone, and no longer the admin who filed the requests."""
    with store.engine.begin() as db:
        db.execute(delete(tables.recipients).where(tables.recipients.c.primary_address == ADMIN))
        db.execute(
            insert(tables.recipients).values(
                tenant_key=TENANT,
                recipient_id="ava-id",
                kind="user",
                primary_address="ava.cole@acme.com",
                display_name="Ava Cole",
                data={},
                discovered_at=PASSED,
            )
        )


async def test_overdue_rows_name_a_gone_requester_as_gone(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused, failing = await _granted(flow, "support@acme.com", "sales@acme.com")
    _refuse_only(monkeypatch, "support@acme.com")
    _failing_ends(monkeypatch)
    await _ended(flow, 2)
    named = {r.request_id: r.requester for r in overdue_ends(flow.service, TENANT)}
    assert named == {refused.request_id: ADMIN, failing.request_id: ADMIN}

    _without_requester(flow.service.store)
    shown = flow.service.get(TENANT, refused.request_id).requester_shown
    assert shown == f"{ADMIN} (no longer in the tenant)"
    named = {r.request_id: r.requester for r in overdue_ends(flow.service, TENANT)}
    assert named == {refused.request_id: shown, failing.request_id: shown}, "as every page names them"


def _refuse_only(monkeypatch: pytest.MonkeyPatch, mailbox: str) -> None:
    """The sweep refuses the end of the grant on `mailbox` alone (its object no longer found)."""
    readdressed = sweep.readdressed

    def refusing(directory: Any, step: Any, ids: Any) -> Any:
        return GONE if step.get("mailbox") == mailbox else readdressed(directory, step, ids)

    monkeypatch.setattr(sweep, "readdressed", refusing)
