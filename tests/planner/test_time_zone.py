"""Durations end where the requester is: the tenant's time zone, not the server's and not UTC."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient
from mailwarden.planner.draft import in_time_zone
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.conftest import NOW

AUCKLAND = ZoneInfo("Pacific/Auckland")
TEXT = "Let Rachel Green send on behalf of finance@acme.com until Friday"


def _expires(planner: RulesPlanner, acme: Directory, text: str = TEXT) -> str:
    me = acme.by_address("tom.becker@acme.com")
    assert isinstance(me, Recipient)
    draft = planner.draft(text, requester=me, directory=acme)
    assert draft.status == "ready", draft.message
    return str(draft.steps[0].params["expires"])


def test_until_friday_ends_at_midnight_in_the_tenants_zone(acme: Directory) -> None:
    # Monday 09:00 UTC is Monday 22:00 in Auckland (UTC+13 in March): the same Friday, a different instant.
    in_utc = _expires(RulesPlanner(now=fixed_now(NOW)), acme)
    in_auckland = _expires(RulesPlanner(now=fixed_now(NOW), zone=AUCKLAND), acme)
    assert dt.datetime.fromisoformat(in_utc) == dt.datetime(2026, 3, 7, tzinfo=dt.UTC)
    assert dt.datetime.fromisoformat(in_auckland) == dt.datetime(2026, 3, 7, tzinfo=AUCKLAND)
    assert dt.datetime.fromisoformat(in_auckland) == dt.datetime(2026, 3, 6, 11, tzinfo=dt.UTC)


def test_the_day_is_the_requesters_day(acme: Directory) -> None:
    """Thursday 20:00 UTC is already Friday morning in Auckland, and a day named on that very day is the
    next one (durations.py): "until Friday" is tomorrow night in UTC but a week away in Auckland."""
    thursday_evening = fixed_now(dt.datetime(2026, 3, 5, 20, 0, tzinfo=dt.UTC))
    in_utc = _expires(RulesPlanner(now=thursday_evening), acme)
    in_auckland = _expires(RulesPlanner(now=thursday_evening, zone=AUCKLAND), acme)
    assert dt.datetime.fromisoformat(in_utc) == dt.datetime(2026, 3, 7, tzinfo=dt.UTC)
    assert dt.datetime.fromisoformat(in_auckland) == dt.datetime(2026, 3, 14, tzinfo=AUCKLAND)


@pytest.mark.parametrize(
    ("text", "local_end"),
    [
        ("Give Ava Send As on sales@acme.com for the rest of the week", dt.datetime(2026, 3, 7)),
        ("Give Ava Send As on sales@acme.com through March 3", dt.datetime(2026, 3, 4)),
        ("Give Ava Send As on sales@acme.com till the end of the month", dt.datetime(2026, 4, 1)),
    ],
)
def test_every_calendar_duration_reads_the_zone(acme: Directory, text: str, local_end: dt.datetime) -> None:
    expires = _expires(RulesPlanner(now=fixed_now(NOW), zone=AUCKLAND), acme, text)
    assert dt.datetime.fromisoformat(expires) == local_end.replace(tzinfo=AUCKLAND)


def test_a_shared_planner_is_put_in_a_tenants_zone(acme: Directory) -> None:
    shared = RulesPlanner(now=fixed_now(NOW))
    zoned = in_time_zone(shared, AUCKLAND)
    assert isinstance(zoned, RulesPlanner)
    assert dt.datetime.fromisoformat(_expires(zoned, acme)) == dt.datetime(2026, 3, 6, 11, tzinfo=dt.UTC)
    assert dt.datetime.fromisoformat(_expires(shared, acme)) == dt.datetime(2026, 3, 7, tzinfo=dt.UTC)
