"""nlu167's classes (batch 55's three harms): where a list's people have moved, told after a comma, is a
reason and never a move of them; "I'm joining <team>" told after a request is a reason and never a list
joined; "can X see my calendar" with a level and/or a length asks for a share, where the bare question stays
a look. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
RACHEL = "rachel.green@acme.com"
EMMA = "emma.wilson@acme.com"
LIAM = "liam.brown@acme.com"
DELETE_CONTRACTORS = ("distribution_list_lifecycle", "delete", "contractors@acme.com")
NEW_PRIMARY = ("change_primary_alias", "set", "rachel.green@acme.co.uk")


def _steps(acme: Directory, text: str, requester: str) -> list[dict[str, object]]:
    status, steps, questions = plan_of(acme, text, requester)
    assert status == "ready", (status, questions)
    return steps


@pytest.mark.parametrize(
    "text",
    [
        "Delete the Contractors distribution list, everyone on it has moved to Engineering",
        "Delete the Contractors distribution list, everyone on it has been moved to Engineering",
        "Please delete contractors@acme.com, its members have all moved to Engineering",
        "Remove the Contractors DL - the people on it were moved to Engineering last month",
        "delete Contractors, they've moved to Engineering",
        "Delete the Contractors list since everyone on it has moved to Engineering",
    ],
)
def test_where_people_moved_is_no_move(acme: Directory, text: str) -> None:
    steps = _steps(acme, text, GRACE)
    assert [(s["action"], s["change"], s["group"]) for s in steps] == [DELETE_CONTRACTORS]


@pytest.mark.parametrize(
    "text",
    [
        "could my main email address be changed to rachel.green@acme.co.uk? I'm joining the UK finance team",
        "please change my primary address to rachel.green@acme.co.uk, I'm joining the finance team",
        "change my primary smtp to rachel.green@acme.co.uk as I'm joining finance team",
        "could my main address be changed to rachel.green@acme.co.uk? I am joining finance next month",
    ],
)
def test_team_joined_told_is_no_list_add(acme: Directory, text: str) -> None:
    steps = _steps(acme, text, RACHEL)
    assert [(s["action"], s["change"], s["new_address"]) for s in steps] == [NEW_PRIMARY]


@pytest.mark.parametrize(
    ("text", "access", "expires"),
    [
        (
            "can liam brown see my calendar with limited details for two weeks, i'm handing my accounts over",
            "limited_details",
            "2026-03-16T09:00:00Z",
        ),
        (
            "can liam brown see my calendar with limited details for 2 weeks",
            "limited_details",
            "2026-03-16T09:00:00Z",
        ),
        (
            "can liam brown see my calendar with limited details until Friday, i'm on leave",
            "limited_details",
            "2026-03-07T00:00:00Z",
        ),
    ],
)
def test_see_my_calendar_with_a_length_is_a_share(
    acme: Directory, text: str, access: str, expires: str
) -> None:
    steps = _steps(acme, text, EMMA)
    assert steps == [
        {
            "action": "calendar_share",
            "change": "grant",
            "owner": EMMA,
            "grantee": LIAM,
            "access": access,
            "expires": expires,
        }
    ]


@pytest.mark.parametrize(
    "text",
    [
        "can liam brown see my calendar?",
        "can liam brown still see my calendar for two weeks?",
        "can liam brown see my calendar for two weeks? just checking",
    ],
)
def test_bare_see_my_calendar_stays_a_look(acme: Directory, text: str) -> None:
    steps = _steps(acme, text, EMMA)
    assert [s["action"] for s in steps] == ["view_calendar_permissions"]
