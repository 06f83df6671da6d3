"""nlu136's classes: a list's members told moving to another list are no members to remove, and holds said in
words or by address on a request's parts. Planned and resolved against the Acme directory at the corpus's
fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Delete the Contractors list - HR are moving them all onto the Sales list",
        "Delete the Contractors list - Mike is moving them all to Sales",
        "Delete the Contractors list - HR are moving them all onto sales@acme.com",
    ],
)
def test_delete_with_members_moving_to_a_named_list_is_asked(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert steps == []
    assert about == {"scope"}


def test_who_moves_members_is_never_removed_beside_a_removal(acme: Directory) -> None:
    text = "Remove Tom Becker from Contractors - HR are moving them all onto the Sales list"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert steps == []


def test_members_moving_to_no_list_still_deletes_the_list(acme: Directory) -> None:
    text = "Delete the Contractors list - HR are moving them all onto permanent contracts"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["action"], s["change"], s["group"]) for s in steps] == [
        ("distribution_list_lifecycle", "delete", "contractors@acme.com")
    ]
