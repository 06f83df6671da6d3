"""nlu114's classes: what nlu110's struck-part and approval readings asked or held that a reader plans.
After a struck part, a correction naming who of the request goes ahead ("Never mind Chris, only Tom") is a
correction, and a reason saying the struck part is in place already ("she's already in it") holds none of the
rest. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
RACHEL = "rachel.green@acme.com"
TWO_SEND_AS = "Please give Tom Becker and Chris Lee send as on billing@acme.com."
TWO_LISTS = "Add Rachel Green to All Hands and Finance Team."


def _who(steps: list[dict[str, object]]) -> set[tuple[str, str]]:
    return {
        (str(s.get("mailbox") or s.get("group")), str(s.get("trustee") or s.get("member"))) for s in steps
    }


@pytest.mark.parametrize(
    "correction",
    [
        " Never mind Chris, only Tom.",
        " Never mind Chris, just Tom then.",
        " Scratch Chris, Tom only.",
        " Never mind Chris, only Tom Becker.",
        " Never mind Chris, he already has it.",
    ],
)
def test_a_correction_naming_who_stays_plans_that_person(acme: Directory, correction: str) -> None:
    steps = ready(acme, TWO_SEND_AS + correction, GRACE)
    assert _who(steps) == {("billing@acme.com", TOM)}


@pytest.mark.parametrize(
    "correction",
    [
        " Never mind Chris, only Ava.",
        " Never mind Chris, only Chris.",
        " Never mind Chris, he already left.",
    ],
)
def test_a_struck_person_followed_by_what_cannot_be_placed_is_asked(acme: Directory, correction: str) -> None:
    questions = asks(acme, TWO_SEND_AS + correction, GRACE)
    assert "scope" in questions


@pytest.mark.parametrize(
    "reason",
    [
        " Scratch Finance Team, she's already in it.",
        " Scratch Finance Team, she is already a member.",
        " Never mind Finance Team, Rachel's already on it.",
        " Scratch Finance Team - she's already in it.",
    ],
)
def test_a_struck_part_already_in_place_holds_none_of_the_rest(acme: Directory, reason: str) -> None:
    steps = ready(acme, TWO_LISTS + reason, GRACE)
    assert _who(steps) == {("all-hands@acme.com", RACHEL)}


@pytest.mark.parametrize(
    "reason",
    [" Scratch Finance Team, she already left.", " Scratch Finance Team, she's not in it yet."],
)
def test_a_struck_part_with_another_reason_is_asked(acme: Directory, reason: str) -> None:
    questions = asks(acme, TWO_LISTS + reason, GRACE)
    assert "scope" in questions


BOTH = "Give Tom Becker full access to Finance and Sales."


@pytest.mark.parametrize(
    "text",
    [
        BOTH + " Actually wait, Mike hasn't approved Sales yet, so just Finance for now",
        BOTH + " Mike hasn't approved Sales yet, so just Finance for now.",
        BOTH + " Sorry, Legal is still reviewing Sales, so just Finance then.",
        "Give Tom Becker full access to Finance. Mike only approved Finance.",
        "Give Tom Becker full access to Finance. Actually, Mike only approved Finance.",
        "Give Tom Becker full access to Finance. Only Finance is approved so far.",
    ],
)
def test_the_part_said_to_go_ahead_is_planned_for_the_trustee(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert _who(steps) == {("finance@acme.com", TOM)}


@pytest.mark.parametrize(
    "text",
    [
        BOTH + " Actually wait, Mike hasn't approved Finance yet.",
        BOTH + " Actually wait, Mike hasn't approved Finance yet, so just Finance for now.",
        "Give Tom Becker full access to Finance. Mike only approved Sales.",
        "Give Tom Becker full access to Finance. Also give him send as on Sales. Mike only approved Finance.",
    ],
)
def test_which_part_goes_ahead_is_asked_when_it_cannot_be_told(acme: Directory, text: str) -> None:
    questions = asks(acme, text, GRACE)
    assert "scope" in questions


@pytest.mark.parametrize(
    ("text", "planned"),
    [
        ("Add Tom Becker to all-sales without removing anyone", {("all-sales@acme.com", TOM)}),
        ("Add Tom Becker to all-sales without removing anyone else.", {("all-sales@acme.com", TOM)}),
        ("Give Tom Becker full access to Finance without touching the others.", {("finance@acme.com", TOM)}),
        ("Besides Finance, Tom Becker also needs full access to Sales", {("sales@acme.com", TOM)}),
        ("Besides Finance, Tom Becker needs full access to Sales too.", {("sales@acme.com", TOM)}),
        ("Besides that, give Tom Becker full access to Finance.", {("finance@acme.com", TOM)}),
        (BOTH + " Mike hasn't objected.", {("finance@acme.com", TOM), ("sales@acme.com", TOM)}),
        ("Give Tom Becker full access to Finance. Mike didn't object to it.", {("finance@acme.com", TOM)}),
    ],
)
def test_what_is_clear_is_planned(acme: Directory, text: str, planned: set[tuple[str, str]]) -> None:
    steps = ready(acme, text, GRACE)
    assert _who(steps) == planned


def test_without_removing_a_named_person_still_sets_them_apart(acme: Directory) -> None:
    _, steps, _ = plan_of(acme, "Remove everyone from all-sales without removing Emma Wilson.", GRACE)
    assert "emma.wilson@acme.com" not in {str(s.get("member")) for s in steps}


@pytest.mark.parametrize(
    "text",
    [
        "Besides Emma Wilson, also remove everyone from all-sales.",
        "Remove everyone from all-sales. Besides Emma Wilson, that is, she stays too.",
    ],
)
def test_besides_before_a_removal_still_sets_apart(acme: Directory, text: str) -> None:
    _, steps, _ = plan_of(acme, text, GRACE)
    assert "emma.wilson@acme.com" not in {str(s.get("member")) for s in steps}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Finance. Mike hasn't objected yet.",
        "Give Tom Becker full access to Finance. Mike hasn't objected to Sales.",
        "Besides Finance, give Tom Becker full access to Sales.",
    ],
)
def test_an_objection_or_besides_that_cannot_be_placed_is_asked(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


@pytest.mark.parametrize(
    "objection",
    [
        " Mike objected.",
        " The CFO vetoed it.",
        " Mike said no.",
        " Mike has objected to it.",
        " Mike pushed back.",
    ],
)
def test_an_objection_to_the_request_holds_it(acme: Directory, objection: str) -> None:
    status, steps, _ = plan_of(acme, "Give Tom Becker full access to Finance." + objection, GRACE)
    assert status == "not_understood"
    assert steps == []


def test_an_objection_to_one_part_holds_that_part(acme: Directory) -> None:
    steps = ready(acme, BOTH + " Mike objected to Sales.", GRACE)
    assert _who(steps) == {("finance@acme.com", TOM)}
