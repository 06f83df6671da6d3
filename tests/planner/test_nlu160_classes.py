"""nlu160's classes: corrections that take a whole step back or fix a value (never a name the correction's
lead happened to match), a share brought down to a lower level, "the same for X", and an end said for one of
several people. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
SAM = "sam.taylor@acme.co.uk"
LIAM = "liam.brown@acme.com"
NOAH = "noah.davis@acme.com"
LUCAS = "lucas.rossi@acme.com"
MIA = "mia.novak@acme.com"
FRIDAY = "2026-03-07T00:00:00Z"


@pytest.mark.parametrize(
    ("text", "recipient", "address", "keep_old"),
    [
        # the fixed value replaces the address; swapping the person made a plan for the wrong mailbox
        (
            "Make Ava Johnson's primary ava.johnson@acme.co.uk - sorry, typo, ava@acme.co.uk",
            "ava.johnson@acme.com",
            "ava@acme.co.uk",
            True,
        ),
        (
            "Make Noah Davis's primary noah.d@acme.com - sorry, I mean noah@acme.com",
            NOAH,
            "noah@acme.com",
            True,
        ),
        # the fix's own "don't keep the old address" is how the fixed change is made, not a negation
        (
            "Change Grace Hopper's primary to grace@acme.com. Scratch that - make it g.hopper@acme.com, "
            "and don't keep the old address",
            GRACE,
            "g.hopper@acme.com",
            False,
        ),
    ],
)
def test_a_fixed_primary_address_is_the_one_planned(
    acme: Directory, text: str, recipient: str, address: str, keep_old: bool
) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", questions
    assert [(s["recipient"], s["new_address"], s["keep_old"]) for s in steps] == [
        (recipient, address, keep_old)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Give Lucas Rossi send as on careers@acme.com. Sorry, scratch that - Lucas shouldn't get anything "
        "there; give the send as to Mia Novak instead.",
        "Give Lucas Rossi send as on careers@acme.com. Sorry, scratch that - he shouldn't get anything "
        "there; give the send as to Mia Novak instead.",
    ],
)
def test_the_one_who_gets_nothing_is_never_granted(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", questions
    assert [(s["action"], s["trustee"]) for s in steps] == [("send_as", MIA)]


@pytest.mark.parametrize(
    "text",
    [
        # of two people named, which one gets nothing is not read: asked, never Ken's grant kept by guess
        "Give Lucas Rossi and Ken Adams send as on careers@acme.com. Sorry, scratch that - Lucas shouldn't "
        "get anything there; give the send as to Mia Novak instead.",
        # after a removal, "shouldn't get anything" is no take-back of it
        "Remove Lucas Rossi's send as on careers@acme.com. Sorry, scratch that - Lucas shouldn't get "
        "anything there; give the send as to Mia Novak instead.",
    ],
)
def test_nothing_for_one_of_several_or_after_a_removal_is_asked(acme: Directory, text: str) -> None:
    status, _, questions = plan_of(acme, text, GRACE)
    assert (status, questions) == ("needs_clarification", {"scope"})


def test_a_forwarding_ruled_out_then_a_new_request_plans_only_the_new_one(acme: Directory) -> None:
    status, steps, questions = plan_of(
        acme,
        "Forward Liam Brown's mail to Noah Davis. Actually no forwarding, just give Noah full access to "
        "Liam's mailbox",
        GRACE,
    )
    assert status == "ready", questions
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [("mailbox_delegation", LIAM, NOAH)]


@pytest.mark.parametrize(
    ("text", "steps_said"),
    [
        (
            "I don't want Liam Brown editing my calendar anymore; reduce him to free/busy",
            [("grant", LIAM, "availability_only")],
        ),
        # a reduction said of someone else never keeps the share taken away from Liam
        (
            "Remove Liam Brown from my calendar; reduce Ken Adams to free/busy",
            [("revoke", LIAM, None), ("grant", "ken.adams@acme.com", "availability_only")],
        ),
        # "reduce him to editor" brings nothing down: the editing said unwanted is never given back
        (
            "I don't want Liam Brown editing my calendar anymore; reduce him to editor",
            [("revoke", LIAM, None)],
        ),
    ],
)
def test_a_share_reduced_after_taking_it_away_keeps_the_lower_level(
    acme: Directory, text: str, steps_said: list[tuple[str, str, str | None]]
) -> None:
    status, steps, questions = plan_of(acme, text, SAM)
    assert status == "ready", questions
    assert [(s["change"], s["grantee"], s.get("access")) for s in steps] == steps_said


def test_the_same_for_someone_gives_them_the_same(acme: Directory) -> None:
    status, steps, questions = plan_of(
        acme, "Give Rachel Green send as on billing@acme.com, and the same for Christine Lee", GRACE
    )
    assert status == "ready", questions
    assert {s["trustee"] for s in steps} == {"rachel.green@acme.com", "christine.lee@acme.com"}
    # a bare "for <person>" at the end may be whom it is asked for: still asked
    status, _, questions = plan_of(
        acme, "Give Rachel Green send as on billing@acme.com for Christine Lee", GRACE
    )
    assert (status, questions) == ("needs_clarification", {"trustee"})


@pytest.mark.parametrize(
    "text",
    [
        "Give Noah Davis and Liam Brown full access to billing@acme.com, Liam only until Friday",
        "Give Noah Davis and Liam Brown full access and send as on billing@acme.com, Liam only until Friday",
        "Add Noah Davis and Liam Brown to the Finance Team list, Liam only until Friday",
    ],
)
def test_an_end_said_for_one_of_several_ends_only_theirs(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", questions
    ends = {(s.get("trustee") or s.get("member"), s.get("expires")) for s in steps}
    assert ends == {(NOAH, None), (LIAM, FRIDAY)}


@pytest.mark.parametrize(
    "text",
    [
        # not named before, or no "only": whose end it is stays asked
        "Give Noah Davis and Liam Brown full access to billing@acme.com, Ken only until Friday",
        "Give Noah Davis and Liam Brown full access to billing@acme.com, Liam until Friday",
    ],
)
def test_an_end_for_someone_not_placed_is_still_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert not any(s.get("trustee") == LUCAS for s in steps)


@pytest.mark.parametrize(
    ("requester", "text", "trustee"),
    [
        (
            "maria.garcia@acme.com",
            "As owner of the HR mailbox, I'd like Olivia Martin to get send as on it",
            "olivia.martin@acme.com",
        ),
        (
            "mike.smith@acme.com",
            "As manager of the Finance team, I'd like Rachel Green to get send as on finance@acme.com",
            "rachel.green@acme.com",
        ),
        (
            "mike.smith@acme.com",
            "As head of Finance, I'd like Rachel Green to get send as on finance@acme.com",
            "rachel.green@acme.com",
        ),
    ],
)
def test_the_writers_standing_said_first_gives_them_nothing(
    acme: Directory, requester: str, text: str, trustee: str
) -> None:
    # read as part of the request, "As ..., I'd like" gave the writer (and "the Finance team") send as too
    status, steps, questions = plan_of(acme, text, requester)
    assert status == "ready", questions
    assert {s["trustee"] for s in steps} == {trustee}
