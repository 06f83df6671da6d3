"""Red team 14: time filters at the ends of the calendar. An aware time whose UTC equivalent falls outside
Python's years 1-9999 ("0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00") overflowed where the store
turns it into UTC: a 500, or the connection dropped mid-answer, on the audit log, its export and the drift
events; the audit page's "until 9999-12-31" overflowed adding its last day. Such a bound means "since
always" or "until the end", and is answered so."""

from __future__ import annotations

import pytest

from tests.api.served import ServedApp

EDGES = [
    {"since": "0001-01-01T00:00:00+05:00"},
    {"since": "9999-12-31T23:59:59-05:00"},
    {"until": "0001-01-01T00:00:00+05:00"},
    {"until": "9999-12-31T23:59:59-05:00"},
]


@pytest.mark.parametrize("url", ["/api/v1/audit", "/api/v1/audit/export", "/api/v1/drift/events"])
def test_a_time_bound_at_the_calendars_ends_is_answered(web: ServedApp, url: str) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    grace.post("/api/v1/drift/scan")  # something in the audit log and the drift tables to filter
    for bound in EDGES:
        answer = grace.get(url, params=bound)
        assert answer.status_code == 200, (bound, answer.text[:300])


def test_the_audit_and_drift_pages_take_the_calendars_last_day(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    for page in (
        "/audit?since=9999-12-31&until=9999-12-31",
        "/audit?until=0001-01-01",
        "/drift?since=9999-12-31",
    ):
        answer = grace.get(page)
        assert answer.status_code == 200, (page, answer.text[:300])
