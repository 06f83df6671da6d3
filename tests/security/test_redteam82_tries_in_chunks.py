"""Red team 82 F2: the sweep's read of failed tries (`tries_of`) binds a `CHUNK` of request ids a query, not
one variable a due request: past the database's limit (SQLite's stock 32,766, PostgreSQL's 65,535) one query
raised, so every end of the tenant was skipped on every pass and the overdue listing failed."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import event

from mailwarden.workflow.overdue import CHUNK, tries_of
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_the_tries_of_more_due_requests_than_the_database_binds_are_read(flow: Flow) -> None:
    engine = flow.service.store.engine
    if engine.dialect.name != "sqlite":
        pytest.skip("the limit is set on SQLite's connections")
    limit = CHUNK + 16  # a chunk and the query's other filters, fewer than the pass's due requests

    @event.listens_for(engine, "checkout")
    def _limited(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)

    ids = [f"{i:08x}-0000-4000-8000-000000000000" for i in range(2 * limit + 1)]
    try:
        tries = tries_of(flow.service, TENANT, ids)
    finally:
        event.remove(engine, "checkout", _limited)
    assert set(tries) == set(ids)
    assert all(t.count == 0 for t in tries.values())
