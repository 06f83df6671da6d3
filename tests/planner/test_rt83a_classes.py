"""Red team 83's highs and new mediums (rt83a): a free-time question that refuses any change, doubts, or asks
about someone else's free time is a look, never a share; a right said for the list people are added to is
never the person's; a fix to a level no mailbox right has asks, never granting the right it refuses; the
mailbox a move comes from is never granted; the team the writer moves to is never a trustee; a removal said
to start later asks; a manager's aside asking for a she/they asks; a move that asks a change of its own is
never dropped. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
EMMA = "emma.wilson@acme.com"
NOAH = "noah.davis@acme.com"
LIAM = "liam.brown@acme.com"
TOM = "tom.becker@acme.com"
WRITES = {"calendar_share", "mailbox_delegation", "send_as", "send_on_behalf", "distribution_list_membership"}


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        ("can liam see when i'm free? just free/busy, don't change anything", EMMA),
        ("can liam see when i'm free? just free/busy, leave it as is", EMMA),
        ("can liam see when i'm free? just free/busy, not sure what he has", EMMA),
        ("can liam see when Priya Patel is free? just free/busy please", EMMA),
        ("Can liam see when Priya Patel is free? just free/busy please", GRACE),
    ],
)
def test_a_free_time_question_refusing_change_or_of_another_shares_nothing(
    acme: Directory, text: str, requester: str
) -> None:
    _, steps, _ = plan_of(acme, text, requester)
    assert not [s for s in steps if s["action"] in WRITES]


@pytest.mark.parametrize(
    "text",
    [
        "add Liam Brown to Marketing, and the group needs send as on sales@acme.com",
        "add Liam Brown to Marketing and Marketing send as on sales@acme.com",
        "add Liam Brown to Marketing, and the team should get full access to sales@acme.com",
    ],
)
def test_a_right_said_for_the_list_is_never_the_person_added(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "trustee" in about
    assert not [s for s in steps if s.get("trustee") == LIAM]


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Give Liam full access to sales. actually make that reviewer, no send as", "send_as"),
        ("Give Liam full access to sales. actually he just needs to read it, no send as", "send_as"),
        ("Give Liam full access to sales. actually make that limited, no send as", "send_as"),
        ("Give Liam send as on sales. actually make that reviewer, no full access", "mailbox_delegation"),
    ],
)
def test_a_fix_to_a_level_no_mailbox_right_has_asks(acme: Directory, text: str, refused: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "access" in about
    assert not [s for s in steps if s["action"] == refused]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to billing, moving him to billing from support",
        "Give Tom send as on billing, moving him to billing from support",
        "Give Tom full access to billing, moving him there from support",
    ],
)
def test_the_mailbox_a_move_comes_from_is_never_granted(acme: Directory, text: str) -> None:
    _, steps, _ = plan_of(acme, text, GRACE)
    assert not [s for s in steps if s.get("mailbox") == "support@acme.com"]


def test_the_team_the_writer_moves_to_is_never_a_trustee(acme: Directory) -> None:
    text = "remove me from all-sales. I'm moving to marketing next week and need full access to sales@ too"
    _, steps, _ = plan_of(acme, text, NOAH)
    assert not [s for s in steps if s.get("trustee") == "marketing@acme.com"]


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        ("Remove Liam Brown from all-sales, but not until April", GRACE),
        ("Remove Liam Brown from all-sales end of March", GRACE),
        ("Remove Liam Brown from all-sales after his last day", GRACE),
        ("Take Ava off all-sales after Easter", GRACE),
        ("Remove Liam Brown from all-sales from 1/4", GRACE),
        ("Revoke Tom's send as on support from the start of Q2", GRACE),
        ("remove me from all-sales. I'm moving to marketing next week, please do it then", NOAH),
    ],
)
def test_a_removal_said_to_start_later_is_asked(acme: Directory, text: str, requester: str) -> None:
    status, steps, about = plan_of(acme, text, requester)
    assert status == "needs_clarification"
    assert "expires" in about
    assert not steps


@pytest.mark.parametrize(
    "text",
    [
        "Priya Patel, Noah Davis's manager, asks that she be given full access to the Sales mailbox",
        "Priya Patel, Noah Davis's manager, asks that they be given full access to the Sales mailbox",
    ],
)
def test_a_manager_asking_for_a_she_or_they_is_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert not [s for s in steps if s.get("trustee") == NOAH]


@pytest.mark.parametrize(
    "text",
    [
        "Remove Tom's full access on support, moving him to sales - give him the same there",
        "Take Ava off all-sales, moving Liam to Marketing",
    ],
)
def test_a_move_asking_a_change_of_its_own_is_never_dropped(acme: Directory, text: str) -> None:
    status, _, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
