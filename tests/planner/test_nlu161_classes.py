"""nlu161's classes (batch 52): "can X see when I'm free? just free/busy" lets X in at that level (a look at
the calendar's permissions dropped X); "X needs Y's calendar shared with him" is X's own need (whom it is for
was asked); the writer's own move to a team a list names, told after taking only them off lists, is why (it
was asked as a later start); a manager named in an aside asking for a he/she asks for the one they manage; a
description ends at a colon; a right reported held under a label is the "it" taken. Planned and resolved
against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
EMMA = "emma.wilson@acme.com"
LIAM = "liam.brown@acme.com"
SHARE = "calendar_share"
LOOK = "view_calendar_permissions"


@pytest.mark.parametrize(
    ("text", "grantee"),
    [
        ("can liam see when i'm free? just free/busy", LIAM),
        ("can Chris Lee see when I'm free or busy? free/busy only", "chris.lee@acme.com"),
        ("can Ken Adams see my free/busy? just free/busy please", "ken.adams@acme.com"),
    ],
)
def test_a_free_time_question_with_the_level_said_alone_lets_them_in(
    acme: Directory, text: str, grantee: str
) -> None:
    status, steps, _ = plan_of(acme, text, EMMA)
    assert status == "ready"
    assert [(s["action"], s["grantee"], s["access"]) for s in steps] == [
        (SHARE, grantee, "availability_only")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "can liam see when i'm free?",
        "can liam see when i'm free? reviewer is fine",
        "can liam still see when i'm free? just free/busy",
        "can liam see when i'm free? If so, remove him",
        "can liam see my calendar? just free/busy. If so, remove him",
    ],
)
def test_a_free_time_question_without_a_level_or_checked_gives_nothing(acme: Directory, text: str) -> None:
    _, steps, _ = plan_of(acme, text, EMMA)
    assert [s["action"] for s in steps] == [LOOK]


@pytest.mark.parametrize(
    ("text", "grantee", "owner"),
    [
        (
            "Ava Johnson wants Priya Patel's calendar shared with her, reviewer",
            "ava.johnson@acme.com",
            "priya",
        ),
        ("Liam Brown needs Olivia Martin's calendar shared with him (free/busy is enough)", LIAM, "olivia"),
    ],
)
def test_a_calendar_needed_shared_with_him_is_the_one_who_needs_it(
    acme: Directory, text: str, grantee: str, owner: str
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["grantee"], s["owner"].split(".")[0]) for s in steps] == [(grantee, owner)]


def test_a_calendar_needed_shared_with_him_asks_only_the_level(acme: Directory) -> None:
    assert plan_of(acme, "Liam Brown needs Priya Patel's calendar shared with him", GRACE) == (
        "needs_clarification",
        [],
        {"access"},
    )


@pytest.mark.parametrize(
    "text",
    [
        "Maria Garcia said Liam Brown needs Priya Patel's calendar shared with him",
        "Tom Becker starts Monday. Olivia Martin wants Priya Patel's calendar shared with him",
        "Olivia Martin wants Priya Patel's calendar shared with him, Tom Becker starts Monday",
    ],
)
def test_a_him_someone_else_may_be_is_still_asked(acme: Directory, text: str) -> None:
    assert plan_of(acme, text, GRACE) == ("needs_clarification", [], {"trustee"})


@pytest.mark.parametrize(
    ("text", "requester", "group"),
    [
        ("pls take me off all-sales, i'm moving to marketing next week", LIAM, "all-sales@acme.com"),
        (
            "can you take me off all-hands? moving to marketing next month",
            "ava.johnson@acme.com",
            "all-hands@acme.com",
        ),
    ],
)
def test_the_writers_own_move_onto_a_list_is_why_they_leave(
    acme: Directory, text: str, requester: str, group: str
) -> None:
    status, steps, _ = plan_of(acme, text, requester)
    assert status == "ready"
    assert [(s["change"], s["group"], s["member"]) for s in steps] == [("remove", group, requester)]


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        ("remove Tom Becker from all-sales, he's moving to marketing next week", GRACE),
        ("take me off all-sales and add me to project atlas. I'm moving to marketing next week", LIAM),
        ("remove my full access to sales@, i'm moving to marketing next week", LIAM),
    ],
)
def test_another_move_onto_a_list_or_one_beside_other_changes_is_asked(
    acme: Directory, text: str, requester: str
) -> None:
    status, _, _ = plan_of(acme, text, requester)
    assert status == "needs_clarification"


@pytest.mark.parametrize(
    ("text", "trustee"),
    [
        (
            "Priya Patel, Noah Davis's manager, asks that he be given full access to the Sales mailbox. "
            "Cc: Olivia Martin",
            "noah.davis@acme.com",
        ),
        (
            "Sarah Connor, Chris Lee's manager, is asking that he be given full access to the Sales mailbox",
            "chris.lee@acme.com",
        ),
        (
            "Priya Patel, Noah Davis's assistant, asks that he be given full access to the Sales mailbox.",
            None,
        ),
        ("Priya Patel, Noah Davis's manager, says he needs full access to the Sales mailbox.", None),
    ],
)
def test_a_manager_asking_for_a_he_asks_for_the_one_they_manage(
    acme: Directory, text: str, trustee: str | None
) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    if trustee is None:
        assert (status, steps, questions) == ("needs_clarification", [], {"trustee"})
    else:
        assert status == "ready"
        assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [
            ("mailbox_delegation", "sales@acme.com", trustee)
        ]


def test_a_description_ends_at_a_colon_and_the_request_after_it_is_read(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme,
        "On behalf of Mike Smith, who is away: please give Rachel Green send on behalf on Mike's mailbox",
        GRACE,
    )
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [
        ("send_on_behalf", "mike.smith@acme.com", "rachel.green@acme.com")
    ]


def test_a_right_reported_held_under_a_label_is_the_it_taken(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme,
        "Reported by Ken Adams: Lucas Rossi still has full access to hr@acme.com, please remove it",
        GRACE,
    )
    assert status == "ready"
    assert [(s["change"], s["mailbox"], s["trustee"]) for s in steps] == [
        ("revoke", "hr@acme.com", "lucas.rossi@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Lucas Rossi still has full access to hr@acme.com, please remove it from Tom Becker",
        "Reported by Ken Adams: Lucas Rossi still has full access to hr@acme.com, please remove it from Tom",
    ],
)
def test_a_right_told_held_and_taken_from_someone_else_is_never_the_holders(
    acme: Directory, text: str
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready"
    assert not any(s.get("trustee") == "lucas.rossi@acme.com" and s["change"] == "revoke" for s in steps)
