"""nlu154's classes (chat-speak and corrections): a name the directory cannot tell is asked before the end of
the change it is in; chat's "2" for "to" and "del" for delete; "X shouldn't be on <list> any more" is X taken
off; a right ruled out on someone's own mailbox with another given in its place is on that mailbox, for the
one the ruled-out part named. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready_tuples
from tests.planner.conftest import plan_in_order, plan_of

GRACE = "grace.hopper@acme.com"
PRIYA = "priya.patel@acme.com"
EMMA = "emma.wilson@acme.com"


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("Forward Jane Doe's email to Lee while she's away", "forward_to"),
        ("Forward Jane Doe's email to Lee until she is back", "forward_to"),
        ("Give Lee full access to Jane Doe's mailbox while she's away", "trustee"),
        ("Give Alex send as on billing@acme.com while Jane is away", "trustee"),
        # the name said plainly: its end is what is asked
        ("Forward Jane Doe's mail to Chris Lee while she's away", "expires"),
    ],
)
def test_a_name_the_directory_cannot_tell_is_asked_before_the_end(
    acme: Directory, text: str, about: str
) -> None:
    status, steps, asked = plan_in_order(acme, text, GRACE)
    assert (status, steps) == ("needs_clarification", [])
    assert asked[:1] == [about]


@pytest.mark.parametrize(
    ("text", "requester", "expected"),
    [
        ("pls ad me 2 the marketing list", EMMA, [("add", "marketing@acme.com", EMMA)]),
        (
            "hiya cud u pls ad me 2 the marketing list + project phoenix thx!!",
            EMMA,
            [("add", "marketing@acme.com", EMMA), ("add", "project-phoenix@acme.com", EMMA)],
        ),
        (
            "Tom Becker shouldn't be on Marketing any more; put him on Project Phoenix instead",
            GRACE,
            [
                ("remove", "marketing@acme.com", "tom.becker@acme.com"),
                ("add", "project-phoenix@acme.com", "tom.becker@acme.com"),
            ],
        ),
        (
            "Tom Becker shouldn't be on Marketing any more; don't put him on Project Phoenix",
            GRACE,
            [("remove", "marketing@acme.com", "tom.becker@acme.com")],
        ),
    ],
)
def test_chat_and_no_longer_on_list(
    acme: Directory, text: str, requester: str, expected: list[tuple[str, ...]]
) -> None:
    assert ready_tuples(acme, text, requester, "change", "group", "member") == expected


def test_del_deletes_a_list_only_when_a_list_follows(acme: Directory) -> None:
    assert ready_tuples(acme, "del the marketing dl, nobody uses it", GRACE, "action", "change", "group") == [
        ("distribution_list_lifecycle", "delete", "marketing@acme.com")
    ]
    status, steps, _ = plan_of(acme, "del ken from marketing list", GRACE)
    assert status != "ready"
    assert steps == []


@pytest.mark.parametrize(
    ("text", "requester", "mailbox"),
    [
        ("please don't give Liam full access to my mailbox, just send on behalf", PRIYA, PRIYA),
        (
            "Don't give Liam full access to Tom Becker's mailbox, just send on behalf",
            GRACE,
            "tom.becker@acme.com",
        ),
    ],
)
def test_right_in_place_of_one_ruled_out_on_an_own_mailbox(
    acme: Directory, text: str, requester: str, mailbox: str
) -> None:
    assert ready_tuples(acme, text, requester, "action", "mailbox", "trustee") == [
        ("send_on_behalf", mailbox, "liam.brown@acme.com")
    ]


def test_two_ruled_out_leave_whom_asked(acme: Directory) -> None:
    text = "don't give Liam or Noah full access to my mailbox, just send on behalf"
    assert plan_of(acme, text, PRIYA) == ("needs_clarification", [], {"trustee"})


@pytest.mark.parametrize(
    "text",
    [
        "I no longer need full access on support, moving to sales",
        "remove my send as on support, transferring to billing",
        "take me off all hands, switching to finance",
    ],
)
def test_a_move_said_without_its_subject_takes_nothing_more_away(acme: Directory, text: str) -> None:
    # main took away full access on sales@, send as on billing@ and finance@'s place on All Hands too
    status, steps, _ = plan_of(acme, text, "tom.becker@acme.com")
    assert {(s.get("mailbox") or s.get("group"), s.get("trustee") or s.get("member")) for s in steps} <= {
        ("support@acme.com", "tom.becker@acme.com"),
        ("all-hands@acme.com", "tom.becker@acme.com"),
    }
    assert status == "ready" or steps == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Marketing list: add Emma Wilson, but Liam Brown should no longer be on it",
            [("add", "emma.wilson@acme.com"), ("remove", "liam.brown@acme.com")],
        ),
        (
            "Add Emma Wilson to Marketing. Liam Brown should no longer be on it",
            [("add", "emma.wilson@acme.com"), ("remove", "liam.brown@acme.com")],
        ),
        (
            "Marketing list: add Emma Wilson, but Liam Brown should stay on it",
            [("add", "emma.wilson@acme.com")],
        ),
    ],
)
def test_list_topic_and_no_longer_on_it(acme: Directory, text: str, expected: list[tuple[str, str]]) -> None:
    # main asked the first and planned the second without Liam's removal
    steps = ready_tuples(acme, text, "jane.doe@acme.com", "change", "group", "member")
    assert steps == [(change, "marketing@acme.com", who) for change, who in expected]


@pytest.mark.parametrize(
    "text",
    [
        "hey can i get full acess to the sales mailbox for a week, emma's out",
        "i need send as on the sales mailbox for a week, emma's on leave",
    ],
)
def test_who_is_away_said_with_s_is_why(acme: Directory, text: str) -> None:
    # main asked a removal's end ("emma's off": Emma taken off) or asked of Emma
    status, steps, _ = plan_of(acme, text, "liam.brown@acme.com")
    assert status == "ready"
    assert {(s["change"], s["trustee"], s["expires"]) for s in steps} == {
        ("grant", "liam.brown@acme.com", "2026-03-09T09:00:00Z")
    }


@pytest.mark.parametrize(
    "text",
    [
        "Forward Liam Brown's mail to Noah Davis. Actually, scratch that, just give Noah full access"
        " to Liam's mailbox",
        "Forward Liam Brown's mail to Noah Davis. Sorry, scratch that - give Noah full access"
        " to Liam's mailbox",
    ],
)
def test_a_part_scratched_with_two_openers_is_never_planned(acme: Directory, text: str) -> None:
    # main forwarded Liam's mail to Noah, the part scratched, and dropped the full access
    assert ready_tuples(acme, text, GRACE, "action", "mailbox", "trustee") == [
        ("mailbox_delegation", "liam.brown@acme.com", "noah.davis@acme.com")
    ]
