"""nlu153's classes: people named as context (who wants a change made, who is waited on, who still needs
something, who reads the mail, whose mailbox a bracket names) are never given anything, and a request whose
words leave whom or which unsaid asks. Planned and resolved against the Acme directory at the corpus's
fixed "now"."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
AVA = "ava.johnson@acme.com"
TOM = "tom.becker@acme.com"

_WHO = ("trustee", "member", "grantee")


def _people(steps: list[dict[str, Any]]) -> set[str]:
    return {s[k] for s in steps for k in _WHO if k in s}


def _writes(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [s for s in steps if s["change"] != "read"]


@pytest.mark.parametrize(
    ("requester", "text", "people"),
    [
        # the one who wants a change made for someone else is never given it too
        (GRACE, "Maria Garcia (HR) wants to give Tom full access to careers@", {TOM}),
        (
            GRACE,
            "Olivia Martin from Finance would like to add Rachel Green to All Hands",
            {"rachel.green@acme.com"},
        ),
        (AVA, "I want to add Tom to all-sales", {TOM}),
        (AVA, "I'd like to add Tom to all-sales", {TOM}),
        # who reads the mail, told after the request, is a reason
        (
            GRACE,
            "Give Liam Brown full access to sales@acme.com; the sales team reads them and so does Noah Davis",
            {"liam.brown@acme.com"},
        ),
        (
            GRACE,
            "Give Emma Wilson full access to careers@acme.com, the hr team reads them and Tom Becker answers "
            "those",
            {"emma.wilson@acme.com"},
        ),
        # the other way: wanting it for oneself, or naming oneself, still plans it
        (GRACE, "Maria Garcia wants to be added to all-sales", {"maria.garcia@acme.com"}),
        (AVA, "I need to add Tom and me to all-sales", {TOM, AVA}),
        (AVA, "I'm asking to be added to all-sales", {AVA}),
    ],
)
def test_context_people_are_not_given_it(
    acme: Directory, requester: str, text: str, people: set[str]
) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    assert status == "ready", (status, questions)
    assert _people(steps) == people


@pytest.mark.parametrize(
    ("requester", "text", "never"),
    [
        # a he/she the text never names is never the one writing
        (AVA, "I'm asking to add him to all-sales", AVA),
        (AVA, "I want to add her to All Hands", AVA),
        # whose mailbox a bracket names is never whom access is given to
        (
            GRACE,
            "Give Tom full access to the Former Employee mailbox (pat.gone@acme.com) and billing@acme.com",
            "pat.gone@acme.com",
        ),
        # what someone still needs, or needed, told after the request
        (
            GRACE,
            "Give Tom full access to billing@acme.com. Send as was needed by Liam only",
            "liam.brown@acme.com",
        ),
        (
            GRACE,
            "Give Tom full access to billing@acme.com. Liam still needs full access there",
            "liam.brown@acme.com",
        ),
        # who checks the mail, told after a dash
        (
            GRACE,
            "Give Tom send as on billing@acme.com - Rachel Green checks them and finance handles those",
            "rachel.green@acme.com",
        ),
        (
            GRACE,
            "Give Tom send as on hr@acme.com - hr handles those and Maria Garcia checks them too",
            "maria.garcia@acme.com",
        ),
    ],
)
def test_context_people_ask_rather_than_get_it(
    acme: Directory, requester: str, text: str, never: str
) -> None:
    status, steps, _ = plan_of(acme, text, requester)
    assert never not in _people(steps)
    assert status != "ready"


@pytest.mark.parametrize(
    "text",
    [
        "Tom could still see my calendar with limited details?",
        "Liam Brown could already see my calendar?",
        "Tom could still have full access to my mailbox?",
    ],
)
def test_a_question_of_how_things_are_changes_nothing(acme: Directory, text: str) -> None:
    _, steps, _ = plan_of(acme, text, AVA)
    assert not _writes(steps)


def test_a_question_put_to_someone_still_shares(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Could Tom see my calendar with limited details?", AVA)
    assert status == "ready"
    assert [(s["action"], s["grantee"], s["access"]) for s in steps] == [
        ("calendar_share", TOM, "limited_details")
    ]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Give Tom full access to the Billing mailbox (finance@acme.com)", "needs_clarification"),
        (
            "Give Tom full access to the Billing mailbox (finance@acme.com) and support@acme.com",
            "needs_clarification",
        ),
        ("Give Tom full access to the Billing mailbox (billing@acme.com)", "ready"),
        ("Give Tom full access to the shared mailbox (finance@acme.com)", "ready"),
    ],
)
def test_a_bracket_naming_another_mailbox_asks_which(acme: Directory, text: str, status: str) -> None:
    got, steps, _ = plan_of(acme, text, GRACE)
    assert got == status
    if status != "ready":
        assert not steps


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to billing@ and Ava send as on support@acme.com. Mike capped it at two weeks",
        "Give Tom full access to billing@acme.com and Ava send as on support@acme.com. Capped at two weeks.",
    ],
)
def test_an_end_said_apart_never_ends_only_some(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "expires" in questions
    assert not steps


def test_an_end_said_apart_of_one_grant_still_ends_it(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme,
        "Give Tom full access to billing@ and send as on support@acme.com. Mike capped it at two weeks",
        GRACE,
    )
    assert status == "ready"
    assert len(steps) == 2
    assert all("expires" in s for s in steps)


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to billing@acme.com, waiting on Mike",
        "Give Tom full access to billing@acme.com. Still waiting for Mike to approve",
    ],
)
def test_an_approval_waited_on_plans_nothing(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready"
    assert not steps
