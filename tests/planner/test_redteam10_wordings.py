"""Red team 10: wordings where batch-7's fixes (nlu11) reached past what was asked.

Planned and resolved against the Acme directory at the corpus's fixed "now", as the corpus is."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_in_order

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Set Noah Davis's primary address to noah@acme.com. noah.davis@acme.com should be removed from "
        "sales@acme.com.",
        "Change Ava Johnson's primary address to ava@acme.com; ava.johnson@acme.com should be taken off "
        "support@acme.com.",
    ],
)
def test_removed_from_something_else_never_drops_the_old_address(acme: Directory, text: str) -> None:
    # "X should be removed from <a mailbox>" is about X's place there, not about X as an alias
    _, steps, _ = plan_in_order(acme, text, GRACE)
    # the primary address change itself is planned (an empty plan would pass the check below vacuously)
    assert any(s["action"] == "change_primary_alias" for s in steps), steps
    assert all(s.get("keep_old") is not False for s in steps), steps


@pytest.mark.parametrize(
    "text",
    [
        "Mia Novak is covering for Olivia Martin. Give her full access to support@acme.com.",
        "Tom Becker is filling in for Ken Adams. Give him send as on sales@acme.com.",
    ],
)
def test_an_object_pronoun_after_covering_for_is_asked(acme: Directory, text: str) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification", steps
    assert "trustee" in questions


@pytest.mark.parametrize(
    "text",
    [
        "Add Tom Becker and Ava Johnson to all-sales. Actually not just Noah.",
        "Give Tom Becker and Ava Johnson send as on support@acme.com. No wait, not just Liam Brown.",
    ],
)
def test_a_not_just_correction_is_asked_never_a_swap(acme: Directory, text: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification", steps
