"""nlu113's classes (held-out batch 42's misses, where the writer wanted a plan). Planned and resolved against
the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    ("text", "trustee", "mailbox"),
    [
        (
            "Sam Taylor is covering UK sales for Priya Patel. Give him send on behalf on her mailbox",
            "sam.taylor@acme.co.uk",
            "priya.patel@acme.com",
        ),
        (
            "Noah Davis is looking after Emma Wilson's customers now. Please give him full access to her "
            "mailbox",
            "noah.davis@acme.com",
            "emma.wilson@acme.com",
        ),
        (
            "Liam Brown is looking after Olivia Martin's accounts this month, please give her send as on his "
            "mailbox",
            "liam.brown@acme.com",
            "olivia.martin@acme.com",
        ),
    ],
)
def test_the_one_covering_gets_the_covered_ones_mailbox(
    acme: Directory, text: str, trustee: str, mailbox: str
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["trustee"], s["mailbox"]) for s in steps] == [(trustee, mailbox)]


@pytest.mark.parametrize(
    "text",
    [
        # the same gender twice may be one person
        "Sam Taylor is covering UK sales for Priya Patel. Give her send on behalf on her mailbox",
        # the one away said as a "she", so "her" given the right contradicts the cover
        "Noah Davis is covering for Emma Wilson while she is away. Give her full access to his mailbox",
        # one pronoun only: the one covering or the one covered for
        "Sam Taylor is covering UK sales for Priya Patel. Give him send on behalf on support@acme.com",
    ],
)
def test_a_cover_whose_pronouns_do_not_settle_it_is_asked(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert steps == []
    assert about == {"trustee"}


AVA = "ava.johnson@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "please set up send on behalf on my mailbox, Priya approved it",
        "set up send as on my mailbox, Olivia signed off on it",
        "Priya approved it: please set up full access on my mailbox",
    ],
)
def test_a_right_on_my_mailbox_for_no_one_asks_whom_never_the_approver(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, AVA)
    assert status == "needs_clarification"
    assert steps == []
    assert about == {"trustee"}


def test_a_right_on_my_mailbox_for_someone_named_is_planned_for_them(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme, "please set up send on behalf on my mailbox for Tom Becker, Priya approved it", AVA
    )
    assert status == "ready"
    assert [(s["trustee"], s["mailbox"]) for s in steps] == [("tom.becker@acme.com", AVA)]
