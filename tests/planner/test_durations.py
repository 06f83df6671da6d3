"""Durations in words become an expiry relative to an injected now."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.planner.durations import find_expiry

MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for two weeks", "2026-03-16T09:00:00+00:00"),
        ("for 3 days", "2026-03-05T09:00:00+00:00"),
        ("for the next 48 hours", "2026-03-04T09:00:00+00:00"),
        ("until Friday", "2026-03-07T00:00:00+00:00"),
        ("until 2026-12-31", "2027-01-01T00:00:00+00:00"),
        ("until 31 December 2026", "2027-01-01T00:00:00+00:00"),
        ("through Dec 31", "2027-01-01T00:00:00+00:00"),
        ("till the end of the month", "2026-04-01T00:00:00+00:00"),
        ("until tomorrow", "2026-03-04T00:00:00+00:00"),
        # a day of the month alone: this month's when it is still to come, else next month's
        ("through the 13th", "2026-03-14T00:00:00+00:00"),
        ("until the 2nd", "2026-03-03T00:00:00+00:00"),
        ("till the 1st", "2026-04-02T00:00:00+00:00"),
        # the end of a named day is that day, through
        ("only until the end of Friday", "2026-03-07T00:00:00+00:00"),
        ("until the end of the day on Thursday", "2026-03-06T00:00:00+00:00"),
    ],
)
def test_durations_and_end_dates_give_the_expiry(text: str, expected: str) -> None:
    """'for N units' counts from now; 'until DAY' lasts through that day (UTC)."""
    found = find_expiry(f"give access {text} please", MONDAY)
    assert found is not None
    assert found.expires.isoformat() == expected


def test_text_without_a_duration_has_no_expiry() -> None:
    """A request that names no time is permanent (no expires)."""
    assert find_expiry("give Sarah send as on support", MONDAY) is None


def test_weekday_said_on_that_day_means_next_week() -> None:
    """'until Monday' said on a Monday is the Monday after, not today."""
    found = find_expiry("until Monday", MONDAY)
    assert found is not None
    assert found.expires == dt.datetime(2026, 3, 10, tzinfo=dt.UTC)


def test_until_a_day_ends_at_midnight_in_the_tenants_time_zone() -> None:
    """Through Friday in New York is 05:00 UTC on Saturday; a plain duration does not move."""
    from zoneinfo import ZoneInfo

    from mailwarden.directory.resolve import resolve
    from mailwarden.planner.rules import RulesPlanner
    from tests.directory.conftest import acme_directory

    acme = acme_directory()
    planner = RulesPlanner(now=lambda: MONDAY, zone=ZoneInfo("America/New_York"))
    grace = resolve(acme, "grace.hopper@acme.com")
    until = planner.draft(
        "Give Tom send as on support@acme.com until Friday", requester=grace, directory=acme
    )
    assert until.steps[0].params["expires"] == "2026-03-07T05:00:00+00:00"
    rest = planner.draft(
        "Give Tom send as on support@acme.com for the rest of the month", requester=grace, directory=acme
    )
    assert rest.steps[0].params["expires"] == "2026-04-01T04:00:00+00:00"  # daylight time from March 8
