"""Every page shows how many requests wait on the visitor: that count is a read, and a cheap one. A page view
loads no request's steps (a 5,000-step bulk request is counted, not read) and writes nothing (past-deadline
requests are left out, and expired by the expiry loop, not by whoever happens to look)."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, update

from mailwarden.store.tables import RequestRow, RequestStepRow
from tests.api.helpers import ask_send_as
from tests.api.served import Person, ServedApp

_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@contextmanager
def _watch(web: ServedApp) -> Iterator[dict[str, list[Any]]]:
    """Steps loaded and statements written by the threads serving pages (the app's background loops run
    elsewhere: its event loop and asyncio's executor; a page handler runs in an AnyIO worker thread)."""
    seen: dict[str, list[Any]] = {"steps": [], "writes": [], "statements": []}

    def serving() -> bool:
        return threading.current_thread().name.startswith("AnyIO worker thread")

    def loaded(target: RequestStepRow, _context: object) -> None:
        if serving():
            seen["steps"].append(target.position)

    def executed(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if serving():
            seen["statements"].append(statement)
            if _WRITE.match(statement):
                seen["writes"].append(statement)

    engine = web.workspace.store.engine
    event.listen(RequestStepRow, "load", loaded)
    event.listen(engine, "before_cursor_execute", executed)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", executed)
        event.remove(RequestStepRow, "load", loaded)


def _waiting_badge(page: str) -> int:
    found = re.search(r'id="waiting-count"[^>]*>(\d+)<', page)
    return int(found.group(1)) if found else 0


def _bulk(web: ServedApp, tom: Person, steps: int) -> str:
    """Tom's pending request for Sarah, grown to `steps` steps (a bulk request as the planner stores it)."""
    request = ask_send_as(tom, confirm=True)
    with web.workspace.store.session() as session:
        first = session.get(RequestStepRow, (request["request_id"], 0))
        assert first is not None
        session.add_all(
            RequestStepRow(
                request_id=first.request_id,
                position=n,
                step=first.step,
                preview=first.preview,
                decision=first.decision,
                status=first.status,
            )
            for n in range(1, steps)
        )
    return str(request["request_id"])


def test_a_page_counts_a_5000_step_request_without_loading_its_steps(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    _bulk(web, tom, 5_000)
    sarah = web.sign_in("sarah@acme.com")
    with _watch(web) as seen:
        page = sarah.get("/ask")
    assert page.status_code == 200, page.text[:300]
    assert _waiting_badge(page.text) == 1
    assert seen["statements"], "the page's queries were not watched (is it served in another thread?)"
    assert seen["steps"] == []


def test_rendering_pages_writes_nothing_and_leaves_past_deadline_requests_out(web: ServedApp) -> None:
    """One request waits on Sarah, one is long past its deadline: she is told of one, and the stale one is
    still as it was (the expiry loop expires it, with its audit record and news, not a page view)."""
    tom = web.sign_in("tom.becker@acme.com")
    waiting = ask_send_as(tom, confirm=True)["request_id"]
    stale = ask_send_as(tom, confirm=True)["request_id"]
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=60)
    with web.workspace.store.session() as session:
        session.execute(
            update(RequestRow).where(RequestRow.request_id == stale).values(approval_deadline=long_ago)
        )
    sarah = web.sign_in("sarah@acme.com")
    grace = web.sign_in("grace.hopper@acme.com")
    with _watch(web) as seen:
        pages = [sarah.get(p) for p in ("/ask", "/approvals", "/requests")] + [grace.get("/tenants")]
        listed = sarah.get("/api/v1/approvals").json()
        overview = grace.get("/api/v1/provider/overview").json()
    assert [p.status_code for p in pages] == [200] * 4
    assert _waiting_badge(pages[0].text) == 1
    assert [r["request_id"] for r in listed["items"]] == [waiting]
    served = next(row for row in overview if row["served"])
    assert served["pending_approvals"] == 1
    assert seen["statements"], "the pages' queries were not watched (are they served in another thread?)"
    assert seen["writes"] == []
    assert tom.get(f"/api/v1/requests/{stale}").json()["state"] == "pending_approval"
