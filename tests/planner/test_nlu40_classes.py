"""nlu40's classes, beyond the corpus entries: what the question says back, and the neighbours of each class
that must keep their plan. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.cases import ready
from tests.planner.conftest import NOW, plan_in_order

GRACE = "grace.hopper@acme.com"


def _message(acme: Directory, text: str, requester: str = GRACE) -> str:
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=resolve(acme, requester), directory=acme)
    return " ".join([draft.message, *(q.text for q in draft.questions)])


@pytest.mark.parametrize(
    "text",
    [
        "Delete the Contractors list, but don't delete the list",
        "Delete the Contractors list, but keep the list",
        "Grant Ken Adams send as on billing@acme.com, but don't give it to him",
        "Remove Ava Johnson from all-sales but keep her there",
    ],
)
def test_a_request_that_rules_out_what_it_asks_is_asked_and_says_what_was_ruled_out(
    acme: Directory, text: str
) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], ["scope"])
    said = text.split("but ", 1)[1]
    assert said in _message(acme, text)


@pytest.mark.parametrize(
    ("text", "step"),
    [
        (
            "Delete the Contractors list but keep its members on all-hands",
            {"action": "distribution_list_lifecycle", "change": "delete", "group": "contractors@acme.com"},
        ),
        (
            "Change Mike Smith's primary address to michael.smith@acme.com but keep the old one",
            {
                "action": "change_primary_alias",
                "change": "set",
                "recipient": "mike.smith@acme.com",
                "new_address": "michael.smith@acme.com",
                "keep_old": True,
            },
        ),
        (
            "Give Emma Wilson full access to info@acme.com, but don't add it to her Outlook automatically",
            {
                "action": "mailbox_delegation",
                "change": "grant",
                "mailbox": "info@acme.com",
                "trustee": "emma.wilson@acme.com",
                "automapping": False,
            },
        ),
    ],
)
def test_a_turn_on_something_the_plan_does_not_change_keeps_the_plan(
    acme: Directory, text: str, step: dict[str, object]
) -> None:
    steps = ready(acme, text, GRACE)
    assert len(steps) == 1
    assert step.items() <= steps[0].items()


def test_the_level_question_says_your_calendar_to_the_one_asking(acme: Directory) -> None:
    said = _message(acme, "Please share my calendar with Liam Brown too", "ava.johnson@acme.com")
    assert "on your calendar" in said
    assert "me's" not in said
    said = _message(acme, "Share Jane Doe's calendar with me", "ava.johnson@acme.com")
    assert "should you have on Jane Doe's calendar" in said


def test_a_trailing_bare_mailbox_is_asked_by_name(acme: Directory) -> None:
    said = _message(acme, "Give Emma Wilson full access to careers@acme.com, hr")
    assert "'hr'" in said
    assert "careers@acme.com" in said
