"""nlu102's classes (the misses batches 38 and 39 left in the corpus): each planned where the words say whom
and what, and still asked where they do not. Planned and resolved against the Acme directory at the corpus's
fixed "now" (Monday 2026-03-02 09:00 UTC)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
NOAH = "noah.davis@acme.com"
UK_OFFICE = "office@acme.co.uk"


# ---- one subject for both verbs: "X is away and asked me to ..." ----


@pytest.mark.parametrize(
    "reason",
    [
        "sam is travelling and asked me to cover it",
        "Sam Taylor is on leave and has asked me to cover it",
        "sam's away and asked me to keep an eye on it",
    ],
)
def test_the_one_away_who_asked_is_no_one_it_is_for(acme: Directory, reason: str) -> None:
    status, steps, _ = plan_of(
        acme, f"could i get full access to the UK office shared mailbox? {reason}", NOAH
    )
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [
        ("mailbox_delegation", UK_OFFICE, NOAH)
    ]


def test_the_one_away_who_asked_for_someone_else_gives_to_them(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme, "Sam Taylor is away and asked me to give Ava Johnson full access to the UK office mailbox", NOAH
    )
    assert status == "ready"
    assert [(s["mailbox"], s["trustee"]) for s in steps] == [(UK_OFFICE, "ava.johnson@acme.com")]


def test_the_one_away_who_said_someone_needs_it_is_asked(acme: Directory) -> None:
    # "said he needs it too": who "he" is, and whether Sam wants it too, is not said plainly
    status, _, about = plan_of(
        acme,
        "could i get full access to the UK office shared mailbox? sam is travelling and said he needs it too",
        NOAH,
    )
    assert status == "needs_clarification"
    assert "trustee" in about


# ---- a move to a department named as a list or mailbox, told with its day after a removal ----


@pytest.mark.parametrize(
    ("requester", "text", "member"),
    [
        (
            "rachel.green@acme.com",
            "can you take me off finance-team@acme.com? I'm moving to Sales next month",
            None,
        ),
        (
            GRACE,
            "Remove Rachel Green from finance-team@acme.com. She is moving to Sales next week.",
            "rachel.green@acme.com",
        ),
    ],
)
def test_a_move_told_with_its_day_is_why_a_removal_is_asked(
    acme: Directory, requester: str, text: str, member: str | None
) -> None:
    status, steps, _ = plan_of(acme, text, requester)
    assert status == "ready"
    assert [(s["change"], s["group"], s["member"]) for s in steps] == [
        ("remove", "finance-team@acme.com", member or requester)
    ]


def test_a_move_told_with_its_day_after_a_grant_is_asked_not_granted_early(acme: Directory) -> None:
    status, _, _ = plan_of(
        acme,
        "can you add me to finance-team@acme.com? I'm moving to Sales next month",
        "rachel.green@acme.com",
    )
    assert status == "needs_clarification"


# ---- "please set up the forwarding": the forwarding the clause before planned, named again ----

ETHAN_TO_LUCAS = "Ethan Park's email should go to Lucas Rossi from now on"


@pytest.mark.parametrize("again", ["please set up the forwarding", "can you sort out the forwarding?"])
def test_the_forwarding_named_again_is_the_one_planned(acme: Directory, again: str) -> None:
    status, steps, _ = plan_of(acme, f"{ETHAN_TO_LUCAS}, {again}", GRACE)
    assert status == "ready"
    assert [(s["mailbox"], s["forward_to"]) for s in steps] == [
        ("ethan.park@acme.com", "lucas.rossi@acme.com")
    ]


def test_the_forwarding_with_no_forwarding_before_is_still_asked(acme: Directory) -> None:
    # no forwarding planned before: whose mail and where to are not said
    status, _, about = plan_of(
        acme, "Give Lucas Rossi full access to Ethan Park's mailbox, please set up the forwarding", GRACE
    )
    assert status == "needs_clarification"
    assert "forward_to" in about


def test_a_forwarding_to_someone_else_after_is_not_merged(acme: Directory) -> None:
    status, _, _ = plan_of(acme, f"{ETHAN_TO_LUCAS}, please set up the forwarding to Mia Novak", GRACE)
    assert status == "needs_clarification"


# ---- a reply approving the quoted request only in part, by its rights ----

QUOTED_ASK = (
    "\n\nMike\n\n> From: Rachel Green\n> To: Mike Smith\n>\n"
    "> Hi Mike, could I get full access and send as on billing@acme.com?\n"
)


@pytest.mark.parametrize(
    ("note", "kept"),
    [
        ("Yes please, go ahead - but send as only, she doesn't need full access.", "send_as"),
        ("Approved, but only send as.", "send_as"),
        ("OK to proceed, but not the send as.", "mailbox_delegation"),
        ("Approved - full access only, she doesn't need send as.", "mailbox_delegation"),
    ],
)
def test_a_reply_keeping_some_rights_narrows_the_quoted_request(
    acme: Directory, note: str, kept: str
) -> None:
    status, steps, _ = plan_of(acme, note + QUOTED_ASK, "mike.smith@acme.com")
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [
        (kept, "billing@acme.com", "rachel.green@acme.com")
    ]


@pytest.mark.parametrize(
    "note",
    [
        "Go ahead, but send as only for Tom Becker.",
        "Go ahead but only full access, until Friday.",
        "Go ahead, but send on behalf only.",
    ],
)
def test_a_reply_limiting_more_than_rights_is_not_read_as_approving(acme: Directory, note: str) -> None:
    status, steps, _ = plan_of(acme, note + QUOTED_ASK, "mike.smith@acme.com")
    assert status != "ready" or not any(s["trustee"] == "rachel.green@acme.com" for s in steps)
