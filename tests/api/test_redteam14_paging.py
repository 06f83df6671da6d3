"""Red team 14: paging parameters of the pages. An offset past what SQLite's 64-bit integer holds reached
the database as given: the query raised OverflowError, the server dropped the connection (a traceback in
its log), for any signed-in employee on /requests and for an admin on /audit. A page offset is bounded like
the API's (at most 1,000,000) and a larger one is a clear 422."""

from __future__ import annotations

import pytest

from tests.api.served import ServedApp

HUGE = 10**24


@pytest.mark.parametrize(
    ("person", "page"),
    [
        ("john@acme.com", "/requests"),
        ("john@acme.com", "/api/v1/requests"),
        ("grace.hopper@acme.com", "/audit"),
        ("grace.hopper@acme.com", "/api/v1/audit"),
    ],
)
def test_an_offset_past_any_page_is_refused_plainly(web: ServedApp, person: str, page: str) -> None:
    who = web.sign_in(person)
    for offset in (HUGE, 2**63):
        answer = who.get(page, params={"offset": offset})
        assert answer.status_code == 422, answer.text[:300]
        assert "offset" in answer.text
    assert who.get(page, params={"offset": 1_000_000}).status_code == 200
