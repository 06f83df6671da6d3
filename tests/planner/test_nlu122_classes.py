"""nlu122's classes (the misses of held-out batch 44). Planned and resolved against the Acme directory at the
corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
PRIYA = "priya.patel@acme.com"


@pytest.mark.parametrize(
    ("text", "member"),
    [
        ("Liam Brown asked me to get him added to the All Hands list", "liam.brown@acme.com"),
        ("Ava Johnson asked me to add her to the All Hands list", "ava.johnson@acme.com"),
    ],
)
def test_a_pronoun_after_the_one_asking_the_requester_is_them(
    acme: Directory, text: str, member: str
) -> None:
    status, steps, _ = plan_of(acme, text, PRIYA)
    assert status == "ready"
    assert [(s["member"], s["group"]) for s in steps] == [(member, "all-hands@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        # someone else named before the pronoun could be "him"
        "Tom Becker is new. Liam Brown asked me to get him added to the All Hands list",
        "Liam Brown and Tom Becker asked me to get him added to the All Hands list",
        "Liam Brown asked me to get him added to Tom Becker's list",
    ],
)
def test_a_pronoun_two_people_could_be_asks(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, PRIYA)
    assert status == "needs_clarification"
    assert steps == []
