"""Batch 42's classes: seeing a calendar names no level of its own (free/busy, limited details and reviewer
all let one see it), so a share said only by "see" asks how much, and a level said beside it or a cap
("but not edit it") settles it; "a delegate on" is the delegation report's subject, as "delegate access to"
is. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
PRIYA = "priya.patel@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Let Chris Lee see Sarah Connor's calendar",
        "let Emma Wilson see my calendar",
        "Could my manager see Tom's calendar?",
        "Let Tom, Ava and Sarah see my calendar",
    ],
)
def test_seeing_alone_asks_the_level(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, PRIYA)
    assert (status, steps) == ("needs_clarification", [])
    assert "access" in about


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Let Emma Wilson see my calendar, read only", "reviewer"),
        ("Let Emma Wilson see my calendar but not edit it", "reviewer"),
        ("Let Emma Wilson see my calendar, free/busy only", "availability_only"),
        ("Let Emma Wilson see my calendar with limited details", "limited_details"),
        ("Let Emma Wilson see my calendar as reviewer", "reviewer"),
    ],
)
def test_seeing_with_a_level_or_a_cap_plans_that_level(acme: Directory, text: str, level: str) -> None:
    status, steps, _ = plan_of(acme, text, PRIYA)
    assert status == "ready"
    assert [(s["grantee"], s["access"]) for s in steps] == [("emma.wilson@acme.com", level)]


@pytest.mark.parametrize(
    ("text", "who", "trustee"),
    [
        ("which mailboxes am I a delegate on?", "ken.adams@acme.com", "ken.adams@acme.com"),
        ("Which mailboxes is Tom Becker a delegate for?", GRACE, "tom.becker@acme.com"),
    ],
)
def test_a_delegate_on_which_mailboxes_is_that_persons_report(
    acme: Directory, text: str, who: str, trustee: str
) -> None:
    status, steps, _ = plan_of(acme, text, who)
    assert status == "ready"
    assert [(s["action"], s.get("trustee")) for s in steps] == [("delegation_report", trustee)]
