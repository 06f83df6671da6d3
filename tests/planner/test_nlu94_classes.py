"""nlu94's classes (red team 59: the crash, U1, U4, U5), beyond the corpus and negation entries.

Crash: an end said as a date no calendar holds is asked about [expires], never an exception out of the
planner. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.planner.durations import find_expiry
from tests.planner.conftest import NOW, plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
CHRIS = "chris.lee@acme.com"
PRIYA = "priya.patel@acme.com"


def _people(steps: list[dict[str, object]]) -> set[object]:
    return {s.get(k) for s in steps for k in ("trustee", "member", "grantee") if s.get(k)}


def _targets(steps: list[dict[str, object]]) -> set[object]:
    return {s.get(k) for s in steps for k in ("group", "mailbox") if s.get(k)}


@pytest.mark.parametrize(
    "end",
    [
        "until 2026-13-01",
        "until 2026-00-10",
        "until 2026-02-30",
        "until 2026-03-10 25:00",
        "until 2026-03-10 12:61",
        "until 9999-12-31",
        "until December 9999",
        "until the end of December 9999",
        "until 31 December 9999",
        "for 99999999999 years",
        "for 9999999 days",
    ],
)
def test_an_end_no_calendar_holds_is_asked_never_raised(acme: Directory, end: str) -> None:
    status, steps, about = plan_of(acme, f"Give Tom Becker full access to Sales {end}.", GRACE)
    assert status == "needs_clarification"
    assert "expires" in about
    assert steps == []


def test_an_impossible_date_is_no_end_read() -> None:
    assert find_expiry("until 2026-13-01", NOW) is None
    found = find_expiry("until 2026-03-10", NOW)
    assert found is not None
    assert found.expires.isoformat() == "2026-03-11T00:00:00+00:00"
