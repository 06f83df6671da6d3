"""nlu129's classes (red team 71 class 1): a he/him/his or she/her never stands for someone whose given name
is confidently of the other gender. Planned and resolved against the Acme directory at the corpus's fixed
"now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.planner import agreement
from tests.planner.cases import ready
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


def _removed(steps: list[dict[str, object]]) -> list[object]:
    return [
        s["member"]
        for s in steps
        if s["action"] == "distribution_list_membership" and s["change"] == "remove"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Forward Liam Brown's mail to Emma Wilson and remove him from all-sales.",
        "Give Emma Wilson full access to Liam Brown's mailbox and remove him from all-sales.",
        "Give Emma Wilson send as on Liam Brown's mailbox, then remove him from all-sales.",
    ],
)
def test_the_one_who_agrees_is_removed_never_the_last_named(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert _removed(steps) == ["liam.brown@acme.com"]


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("Give Emma Wilson full access to sales@ and remove him from all-sales.", "member"),
        ("Give Noah Davis send as on Liam Brown's mailbox and remove her from all-sales.", "member"),
        ("Add Emma Wilson to all-sales and remove him from project-phoenix.", "member"),
        ("Grant Emma Wilson send as on sales@; remove him from it.", "scope"),
        # (Chris: a name of no known gender; with Emma it is still two a "her" may mean)
        (
            "Give Emma Wilson and Chris Lee send as on Liam Brown's mailbox and remove her from all-sales.",
            "member",
        ),
    ],
)
def test_no_one_or_two_who_agree_is_asked_never_planned(acme: Directory, text: str, slot: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert _removed(steps) == []
    assert slot in questions


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # the mover: the one named is the one moved
        ("Add Emma Wilson to finance-team and remove her from all-sales", "emma.wilson@acme.com"),
        ("Give Emma Wilson full access to sales@ and remove her from all-sales", "emma.wilson@acme.com"),
        ("Forward Emma Wilson's mail to Liam Brown and remove her from all-sales.", "emma.wilson@acme.com"),
        # a name of no known gender rules no one out, and stays a candidate
        ("Give Chris Lee send as on sales@ and remove him from all-sales.", "chris.lee@acme.com"),
        (
            "Give Tom Becker full access to Chris Lee's mailbox and remove her from all-sales.",
            "chris.lee@acme.com",
        ),
    ],
)
def test_a_pronoun_that_agrees_still_plans(acme: Directory, text: str, who: str) -> None:
    steps = ready(acme, text, GRACE)
    assert _removed(steps) == [who]


def test_the_lexicon_reads_given_names_and_leaves_unisex_ones_unknown() -> None:
    assert agreement.cannot_be("him", "Emma Wilson")
    assert agreement.cannot_be("she", "Liam Brown")
    assert not agreement.cannot_be("her", "Emma Wilson")
    assert not agreement.cannot_be("her", "Chris Lee")
    assert not agreement.cannot_be("him", "Taylor Swift")
    assert not agreement.cannot_be("them", "Emma Wilson")
    assert not agreement.cannot_be("her", "Brown, Liam")  # (surname first: no given name read)


@pytest.mark.parametrize(
    "text",
    [
        "Grant Chris Lee send as on sales@; remove him from it.",
        "Grant Emma Wilson send as on sales@; remove her from it.",
        "Give Emma Wilson full access to billing@ and then take her off it.",
    ],
)
def test_a_removal_from_an_it_that_names_nothing_is_asked_never_dropped(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "scope" in questions
    assert all(s["change"] == "grant" for s in steps)


def test_a_removal_from_the_list_just_named_still_plans(acme: Directory) -> None:
    steps = ready(acme, "Add Tom Becker to all-sales, then remove Liam Brown from it.", GRACE)
    assert _removed(steps) == ["liam.brown@acme.com"]
