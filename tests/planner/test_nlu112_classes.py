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


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker send as on sales@acme.com instead of John Miller; John keeps his",
        "Give Tom Becker send as on sales@acme.com instead of John Miller. John can keep his access.",
        "Give Tom send as on Sales instead of John, John keeps his",
    ],
)
def test_the_one_replaced_who_keeps_theirs_loses_nothing(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert steps == [
        {"action": "send_as", "change": "grant", "mailbox": "sales@acme.com", "trustee": "tom.becker@acme.com"}
    ]


def test_the_one_replaced_loses_the_right_when_no_keep_is_said(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Give Tom Becker send as on sales@acme.com instead of John Miller", GRACE)
    assert status == "ready"
    assert {(s["change"], s["trustee"]) for s in steps} == {
        ("grant", "tom.becker@acme.com"),
        ("revoke", "john@acme.com"),
    }


@pytest.mark.parametrize(
    "text",
    [
        # whom "he" means may be the one given it: asked
        "Give Tom Becker send as on sales@acme.com instead of John Miller, he keeps his",
        # one kept whom the directory cannot tell, and one of them may be among those changed
        "Remove everyone from all-sales; keep Kim.",
    ],
)
def test_a_keep_that_may_mean_someone_changed_is_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert steps == []
