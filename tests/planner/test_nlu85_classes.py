"""nlu85's classes (session 16: safe misses left by session 15), beyond the corpus entries. (1) "everyone
except X off <list>" / "everybody but X off <list>" takes every other member off, never X; (2) "gimme /
send me the members of <list>" is the members read; (3) "it" after the one calendar named is that
calendar, so "Tom's access to it can go" revokes Tom's share there; (4) one person on two lists, one "for
good", the other with an end, gets each list's own; (5) a line beside a pasted table saying only the end
("Ends 13 March.") ends every row; (6) someone else's absence told before a right on their mailbox or
calendar is the cover for it, read as the requester's own absence is: an end said with it carries, a time
with no end date read asks, no time at all is the reason alone. Planned and resolved against the Acme
directory at the corpus's fixed "now"."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready
from tests.planner.conftest import plan_of

ADMIN = "grace.hopper@acme.com"
NOAH = "noah.davis@acme.com"
FRIDAY = "2026-03-07T00:00:00Z"
MARCH_13 = "2026-03-14T00:00:00Z"


def _removed(steps: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {
        (s["group"], s["member"])
        for s in steps
        if s["action"] == "distribution_list_membership" and s["change"] == "remove"
    }


@pytest.mark.parametrize(
    "text",
    [
        "Take everyone except David Chen off the Engineering list",
        "Take everyone off the Engineering list except David Chen",
        "Take everybody but David Chen off Engineering",
        "Remove everyone except David Chen from the Engineering list",
        "Get everybody except David Chen out of Engineering",
    ],
)
def test_everyone_but_one_off_a_list_keeps_that_one(acme: Directory, text: str) -> None:
    steps = ready(acme, text, ADMIN)
    assert _removed(steps) == {("engineering@acme.com", "alexander.kim@acme.co.uk")}
    assert len(steps) == 1


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("Take everyone except Zorblat off the Engineering list", "member"),
        ("Take everybody but Zorblat off Engineering", "member"),
        ("Take everyone except David Chen off the Engineering list and All Hands", "scope"),
    ],
)
def test_everyone_but_an_unknown_one_or_off_two_lists_is_asked(
    acme: Directory, text: str, about: str
) -> None:
    status, steps, asked = plan_of(acme, text, ADMIN)
    assert status == "needs_clarification"
    assert about in asked
    assert ("engineering@acme.com", "david.chen@acme.com") not in _removed(steps)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("gimme the members of finance team", "finance-team@acme.com"),
        ("give me the members of All Hands", "all-hands@acme.com"),
        ("can you send me a list of the members of Project Atlas", "project-atlas@acme.com"),
        ("get me the membership of the Marketing list pls", "marketing@acme.com"),
    ],
)
def test_the_members_handed_to_the_asker_are_read(acme: Directory, text: str, group: str) -> None:
    assert ready(acme, text, "rachel.green@acme.com") == [
        {"action": "list_group_members", "change": "read", "group": group}
    ]


@pytest.mark.parametrize(
    "text",
    [
        "give me the members of Project Atlas on All Hands too",
        "get me the members of Project Atlas added to All Hands",
    ],
)
def test_the_members_handed_with_another_list_is_no_read(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, ADMIN)
    assert status == "needs_clarification"
    assert not steps


@pytest.mark.parametrize(
    ("text", "granted"),
    [
        (
            "Chris Lee should get editor on my calendar until Friday, and Tom Becker's access to it can go",
            "chris.lee@acme.com",
        ),
        (
            "Share my calendar with Chris Lee as editor until Friday, and remove Tom Becker from it",
            "chris.lee@acme.com",
        ),
        ("Give Ava Johnson reviewer on my calendar and take Tom Becker off it", "ava.johnson@acme.com"),
    ],
)
def test_access_to_it_after_my_calendar_goes_from_my_calendar(
    acme: Directory, text: str, granted: str
) -> None:
    steps = ready(acme, text, NOAH)
    assert {
        "action": "calendar_share",
        "change": "revoke",
        "owner": NOAH,
        "grantee": "tom.becker@acme.com",
    } in steps
    assert [s["grantee"] for s in steps if s["change"] == "grant"] == [granted]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Tom's access to my calendar can go", "tom.becker@acme.com"),
        ("Ava doesn't need to see my calendar anymore", "ava.johnson@acme.com"),
        ("Ava no longer needs to see my calendar", "ava.johnson@acme.com"),
    ],
)
def test_someones_access_to_my_calendar_said_to_go_is_revoked(acme: Directory, text: str, who: str) -> None:
    assert ready(acme, text, NOAH) == [
        {"action": "calendar_share", "change": "revoke", "owner": NOAH, "grantee": who}
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a mailbox right on "it": the calendar cannot be meant
        "Chris Lee should get editor on my calendar, and give Tom Becker full access to it",
        # a list named beside "it": which "it" is, is not read
        "Share my calendar with Chris Lee, and remove Tom Becker from it and from All Hands",
        # no "it" and no calendar said with the removal
        "Share my calendar with Chris Lee as reviewer. Tom Becker's access can be removed",
    ],
)
def test_it_that_may_not_be_the_calendar_is_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, NOAH)
    assert status == "needs_clarification"
    assert not any(
        s.get("grantee") == "tom.becker@acme.com" for s in steps if s["action"] == "calendar_share"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Put Emma on All Hands for good and on Marketing until Friday",
        "Add Emma Wilson to All Hands permanently and to Marketing until Friday",
        "Add Emma Wilson to All Hands permanently and Marketing until Friday",
        "Put Emma on Marketing until Friday and on All Hands for good",
    ],
)
def test_each_list_keeps_its_own_end_or_none(acme: Directory, text: str) -> None:
    steps = ready(acme, text, NOAH)
    assert {s["group"]: s.get("expires") for s in steps} == {
        "all-hands@acme.com": None,
        "marketing@acme.com": FRIDAY,
    }


def test_one_end_after_both_lists_is_both_lists_end(acme: Directory) -> None:
    _, steps, _ = plan_of(acme, "Put Emma Wilson on All Hands and on Marketing until Friday", NOAH)
    assert [s.get("expires") for s in steps] == [FRIDAY, FRIDAY]


_ADDS = "Please add these:\nName,List\nTom Becker,All Hands\nAva Johnson,Marketing\n"


@pytest.mark.parametrize(
    "end_line", ["Ends 13 March.", "End date: 13 March", "They all end on 13 March.", "All end 13 March"]
)
def test_a_line_saying_the_tables_end_ends_every_row(acme: Directory, end_line: str) -> None:
    steps = ready(acme, _ADDS + end_line, ADMIN)
    assert {(s["member"], s.get("expires")) for s in steps} == {
        ("tom.becker@acme.com", MARCH_13),
        ("ava.johnson@acme.com", MARCH_13),
    }


@pytest.mark.parametrize(
    "end_line",
    [
        "Ava's ends 13 March.",
        "Marketing ends 13 March.",
        "Ends 13 March for Ava.",
        "Ends when the project does.",
    ],
)
def test_an_end_line_that_may_be_one_rows_is_asked(acme: Directory, end_line: str) -> None:
    status, steps, asked = plan_of(acme, _ADDS + end_line, ADMIN)
    assert status == "needs_clarification"
    assert "expires" in asked
    assert not steps


def test_an_end_line_beside_removals_is_asked(acme: Directory) -> None:
    status, steps, asked = plan_of(
        acme, "Please remove these:\nName,List\nTom Becker,All Hands\nEnds 13 March.", ADMIN
    )
    assert status == "needs_clarification"
    assert "expires" in asked
    assert not steps


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("Tom is on holiday until Friday, give Ava full access to his mailbox", FRIDAY),
        ("Tom is off until Friday, give Ava send as on his mailbox", FRIDAY),
        ("Tom Becker is on leave until 13 March, give Ava full access to Tom Becker's mailbox", MARCH_13),
        ("Tom is off until Friday, share his calendar with Ava as reviewer", FRIDAY),
        # the requester's own absence, read the same way
        ("I'm off until Friday, give Tom send as on my mailbox", FRIDAY),
    ],
)
def test_an_absence_with_an_end_ends_the_cover_on_the_absent_ones_mailbox(
    acme: Directory, text: str, end: str
) -> None:
    steps = ready(acme, text, NOAH)
    assert [s.get("expires") for s in steps] == [end]


@pytest.mark.parametrize(
    "text",
    [
        "Tom is on holiday next week, give Ava full access to his mailbox",
        "Christine Lee is off next week, give Rachel Green full access to her mailbox",
        "I'm off next week, give Tom send as on my mailbox",
    ],
)
def test_an_absence_with_a_time_and_no_end_date_asks_the_covers_end(acme: Directory, text: str) -> None:
    status, steps, asked = plan_of(acme, text, NOAH)
    assert status == "needs_clarification"
    assert "expires" in asked
    assert not steps


@pytest.mark.parametrize(
    "text",
    [
        # no time said: the absence is why, no end (the requester's own likewise)
        "Tom is on holiday, give Ava full access to his mailbox",
        "I'm on holiday, give Tom full access to my mailbox",
        # a right on a mailbox that is not the absent one's: the absence stays its reason
        "Tom is off until Friday, so Ava needs send as on support@acme.com",
    ],
)
def test_an_absence_that_ends_nothing_given_leaves_the_right_for_good(acme: Directory, text: str) -> None:
    steps = ready(acme, text, NOAH)
    assert [s.get("expires") for s in steps] == [None]
