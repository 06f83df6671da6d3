"""The requests list asks the database who may see what (their own, and those naming them as an
approver; admins all), then loads only the page asked for: on SQLite, and on PostgreSQL when offered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from mailwarden.store.tables import RequestStepRow
from mailwarden.workflow.service import RequestService
from tests.databases import database_url  # noqa: F401  (the fixture, on SQLite and PostgreSQL)
from tests.workflow.test_waiting import GRACE, MIKE, SARAH, TENANT, TOM, _pending, _step, service  # noqa: F401


@pytest.fixture
def loaded_steps() -> Iterator[list[Any]]:
    seen: list[Any] = []

    def loaded(target: RequestStepRow, _context: object) -> None:
        seen.append(target.request_id)

    event.listen(RequestStepRow, "load", loaded)
    yield seen
    event.remove(RequestStepRow, "load", loaded)


def test_an_employee_sees_their_own_and_those_naming_them_and_no_other_request_is_loaded(
    service: RequestService,  # noqa: F811
    loaded_steps: list[Any],
) -> None:
    theirs = [_pending(service, MIKE, *[_step("mike.smith@acme.com", GRACE.address)] * 50) for _ in range(6)]
    asks_sarah = [_pending(service, TOM, _step("tom.becker@acme.com", SARAH.address)) for _ in range(3)]
    own = _pending(service, SARAH, _step("sarah@acme.com", GRACE.address))

    loaded_steps.clear()
    seen = [v.request_id for v in service.list(TENANT, viewer=SARAH, limit=10)]
    assert sorted(seen) == sorted([own, *asks_sarah])  # (the test clock stands still: ties in time)
    assert set(loaded_steps) <= set(seen), "another's request was loaded to be filtered out"

    loaded_steps.clear()
    page = [v.request_id for v in service.list(TENANT, viewer=SARAH, limit=2, offset=1)]
    assert page == seen[1:3]
    assert set(loaded_steps) == set(page)

    everything = [v.request_id for v in service.list(TENANT, viewer=GRACE, limit=100)]
    assert set(everything) == {*theirs, *asks_sarah, own}
    assert sorted(v.request_id for v in service.list(TENANT, viewer=TOM, limit=100)) == sorted(asks_sarah)
