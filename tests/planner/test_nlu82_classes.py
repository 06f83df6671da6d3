"""nlu82's classes (session 15, red team 52 D, G3), beyond the corpus entries: a vague end said in other words
than an absence clause ("for my vacation", "(holiday cover)", "(temp)", "for the time being", "remove it when
I'm back"), said in a sentence of its own after the grant, or as a short length ("1 mo", "1m"), asks its end;
"leave" after "of my" is the absence, never a removal; an end said after an "and Y too" tail never leaves one
person for good; a length that starts later asks. Plain ends keep working. Planned and resolved against the
Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_of

EMMA = "emma.wilson@acme.com"
GRACE = "grace.hopper@acme.com"
FRIDAY = "2026-03-07T00:00:00Z"


def _asks_end(acme: Directory, text: str, requester: str = EMMA) -> None:
    status, steps, asked = plan_of(acme, text, requester)
    assert status == "needs_clarification"
    assert asked == {"expires"}
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "Give Liam full access to my mailbox while on holiday",
        "Give Liam full access to my mailbox for my vacation",
        "Give Liam full access to my mailbox for my sick leave",
        "Give Liam full access to my mailbox (holiday cover)",
        "Give Liam full access to my mailbox for maternity cover",
        "Give Liam full access to my mailbox as cover while I'm at the conference",
        "Give Liam send as on my mailbox (temp)",
        "Give Liam full access to my mailbox - temp",
        "Give Liam full access to my mailbox for the time being",
        "Give Liam full access to my mailbox, remove it when I'm back",
        "Give Liam full access to my mailbox, revoke it once I return",
        "Give Liam full access to my mailbox when I'm away",
        "Give Liam full access to my mailbox on vacation",
        "Forward my mail to Liam for a bit",
        "Please forward my emails to Liam for a little bit",
        "Forward my mail to Liam on holiday",
        "Add Liam to Contractors for the time being",
        "Share my calendar with Liam for the duration of my leave",
        "Share my calendar with Liam for the whole duration of the project",
    ],
)
def test_a_vague_end_in_other_words_asks_its_end(acme: Directory, text: str) -> None:
    _asks_end(acme, text)


@pytest.mark.parametrize(
    "text",
    [
        "Give Liam full access to my mailbox. While I'm on holiday.",
        "Give Liam full access to my mailbox\nOnly until I'm back from leave!",
        "Give Liam full access to my mailbox\nThis is for while I'm on holiday.",
        "Please add Liam to Contractors.\nJust for the time being.",
    ],
)
def test_a_vague_end_in_a_sentence_of_its_own_is_the_grant_before_it(acme: Directory, text: str) -> None:
    _asks_end(acme, text)


@pytest.mark.parametrize(
    "text",
    [
        "Give Liam full access to my mailbox for 1 mo",
        "Give Liam full access to my mailbox for 2 mths",
        "Give Liam full access to my mailbox for 1m",
        "Give Liam full access to my mailbox next week only",
        "Give Liam full access to my mailbox tomorrow only",
    ],
)
def test_a_short_length_or_a_later_day_only_is_never_for_good(acme: Directory, text: str) -> None:
    _asks_end(acme, text)


@pytest.mark.parametrize(
    "text",
    [
        "Give Emma full access to sales@acme.com for one month starting 9 March",
        "Give Emma full access to sales@acme.com from 9 March for a month",
        "Give Emma full access to sales@acme.com from 12 Mar for two weeks",
        "Give Emma full access to sales@acme.com for next week",
        "Add Emma to Contractors for next month",
    ],
)
def test_a_length_that_starts_later_asks_never_runs_from_now(acme: Directory, text: str) -> None:
    _asks_end(acme, text, GRACE)


@pytest.mark.parametrize(
    "text",
    [
        "Give Emma full access to info@acme.com, and Liam too, until Friday",
        "Add Emma to Contractors, and Liam too, until Friday",
        "Give Emma send as on info@acme.com, and Liam as well, for a week",
    ],
)
def test_an_end_after_an_and_too_tail_never_leaves_the_first_for_good(acme: Directory, text: str) -> None:
    _asks_end(acme, text, GRACE)


def test_an_end_said_for_both_is_both_ends(acme: Directory) -> None:
    steps = ready(acme, "Add Emma and Liam to Contractors until Friday", GRACE)
    assert {(s["member"], s["expires"]) for s in steps} == {
        ("emma.wilson@acme.com", FRIDAY),
        ("liam.brown@acme.com", FRIDAY),
    }


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        ("Give Liam full access to my mailbox - temp until Friday", FRIDAY),
        ("Give Liam full access to my mailbox, remove it on Friday", FRIDAY),
        ("Give Liam full access to my mailbox while I'm away until Friday", FRIDAY),
        ("Give Liam full access to my mailbox for the next week", "2026-03-09T09:00:00Z"),
        ("Give Liam full access to my mailbox for 1 month", "2026-04-02T09:00:00Z"),
    ],
)
def test_a_plain_end_is_kept(acme: Directory, text: str, expires: str) -> None:
    steps = ready(acme, text, EMMA)
    assert [(s["action"], s["trustee"], s.get("expires")) for s in steps] == [
        ("mailbox_delegation", "liam.brown@acme.com", expires)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Remove Ava from marketing. While Tom is away.",
        "Remove Ava from marketing for the time being",
    ],
)
def test_a_removal_with_a_vague_end_asks_nothing(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "change", "member") == [
        ("distribution_list_membership", "remove", "ava.johnson@acme.com")
    ]


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        ("Could I get full access to sales@acme.com?\n\n> From: Priya Patel\n> Approved, for a week.", EMMA),
        ("Could I get send as on sales@acme.com?\n\n> From: Priya Patel\n> OK to proceed until Friday", EMMA),
        (
            "Could I get full access to sales@acme.com?\n\n> From: Priya Patel\n> Approved while Tom is away",
            EMMA,
        ),
        (
            "Approved.\n\n> From: Emma Wilson\n> Sent: Monday\n> To: Priya Patel\n"
            "> Could I get full access to Priya's mailbox? Just until she's back.",
            "priya.patel@acme.com",
        ),
    ],
)
def test_an_end_in_a_quoted_approval_or_request_is_never_dropped(
    acme: Directory, text: str, requester: str
) -> None:
    _asks_end(acme, text, requester)


def test_an_end_said_in_the_request_and_its_quoted_approval_is_kept(acme: Directory) -> None:
    text = (
        "Could I get full access to sales@acme.com for a week?\n\n> From: Priya Patel\n"
        "> Approved, for a week."
    )
    steps = ready(acme, text, EMMA)
    assert [(s["trustee"], s.get("expires")) for s in steps] == [(EMMA, "2026-03-09T09:00:00Z")]
