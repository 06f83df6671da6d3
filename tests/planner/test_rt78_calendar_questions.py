"""Red team 78: nlu146 read "can X see my calendar <level>?" as asking that X be let in at that level; a
question that only checks, doubts, asks about someone else's calendar or tells how it is now must stay a
question (a look at who can see the calendar), never a share. Planned against the Acme directory at the
corpus's "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
JANE = "jane.doe@acme.com"


@pytest.mark.parametrize(
    ("requester", "text", "owner"),
    [
        (GRACE, "Can Mike see my calendar with full details? Don't change anything, just checking", GRACE),
        (GRACE, "Can Mike see my calendar with full details? He shouldn't be able to", GRACE),
        (GRACE, "Can Mike see my calendar with full details? He should not be able to", GRACE),
        (GRACE, "Can Mike still see my calendar with full details?", GRACE),
        (GRACE, "Can Mike see my calendar with limited details? (asking for an audit)", GRACE),
        (GRACE, "Can Mike see my calendar with limited details? He can right now with full details", GRACE),
        (JANE, "Can Mike see Sarah's calendar as an editor?", "sarah@acme.com"),
        (JANE, "Can Mike see Sarah's calendar with full details?", "sarah@acme.com"),
        (JANE, "Can Mike see Tom's calendar with limited details?", "tom.becker@acme.com"),
    ],
)
def test_a_calendar_question_that_only_checks_shares_nothing(
    acme: Directory, requester: str, text: str, owner: str
) -> None:
    _, steps, _ = plan_of(acme, text, requester)
    assert not [s for s in steps if s["action"] == "calendar_share"], steps
    assert [(s["action"], s["owner"]) for s in steps] == [("view_calendar_permissions", owner)]


@pytest.mark.parametrize(
    ("requester", "text", "access"),
    [
        (
            "christine.lee@acme.com",
            "can rachel green see my calendar with limited details?",
            "limited_details",
        ),
        ("olivia.martin@acme.com", "can Ken Adams see my calendar at reviewer level?", "reviewer"),
    ],
)
def test_a_level_asked_for_ones_own_calendar_is_still_a_share(
    acme: Directory, requester: str, text: str, access: str
) -> None:
    status, steps, _ = plan_of(acme, text, requester)
    assert status == "ready"
    assert [(s["action"], s["owner"], s["access"]) for s in steps] == [("calendar_share", requester, access)]
