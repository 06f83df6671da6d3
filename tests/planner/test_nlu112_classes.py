"""nlu112's classes (batch 41's misses): a list made with "make a"/"start a", a form's end date for a period
said in words, a chat's answer that settles the question asked, who manages a diary "instead of" whom, who
looks after someone's work; and "X instead of Y, Y keeps his": Y is left as they are. Planned and resolved
against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Make a DL uk-events@acme.co.uk called UK Events with Sam Taylor in it",
        "Make a distribution list uk-events@acme.co.uk called UK Events with Sam Taylor",
        "Start a DL uk-events@acme.co.uk called UK Events with Sam Taylor in it",
    ],
)
def test_make_a_list_creates_it(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["action"], s["change"], s["group"]) for s in steps] == [
        ("distribution_list_lifecycle", "create", "uk-events@acme.co.uk")
    ]
    assert steps[0]["members"] == ["sam.taylor@acme.co.uk"]


def test_make_a_person_a_member_creates_no_list(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Make Ava Johnson a member of Marketing", GRACE)
    assert status == "ready"
    assert [(s["action"], s["change"]) for s in steps] == [("distribution_list_membership", "add")]
