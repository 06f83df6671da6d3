"""A request offering alternatives ("Tom or Ava") is a question whose candidates are the alternatives; the
one chosen takes their place in the request, so the answer completes it rather than asking again."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.compose import Resolved, resolve_request, step_json
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.conftest import NOW


def _plan(acme: Directory, text: str, answers: dict[str, str] | None = None) -> Resolved:
    session = SimpleNamespace(
        ctx=SimpleNamespace(directory=acme), requester=resolve(acme, "grace.hopper@acme.com")
    )
    planner = RulesPlanner(now=fixed_now(NOW))
    return asyncio.run(resolve_request(session, text, [], planner, answers))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "offered", "pick", "expected"),
    [
        (
            "Give Tom or Ava full access to support",
            {"tom.becker@acme.com", "ava.johnson@acme.com"},
            "ava.johnson@acme.com",
            {"action": "mailbox_delegation", "change": "grant", "mailbox": "support@acme.com",
             "trustee": "ava.johnson@acme.com", "automapping": True},
        ),
        (
            "Add Tom to all-sales or all-hands",
            {"all-sales@acme.com", "all-hands@acme.com"},
            "all-hands@acme.com",
            {"action": "distribution_list_membership", "change": "add", "group": "all-hands@acme.com",
             "member": "tom.becker@acme.com"},
        ),
        (
            "Give Tom, Ava or Sarah send as on support",
            {"tom.becker@acme.com", "ava.johnson@acme.com", "sarah@acme.com"},
            "sarah@acme.com",
            {"action": "send_as", "change": "grant", "mailbox": "support@acme.com",
             "trustee": "sarah@acme.com"},
        ),
    ],
)  # fmt: skip
def test_a_choice_among_alternatives_is_answered_by_clicking_one(
    acme: Directory, text: str, offered: set[str], pick: str, expected: dict[str, object]
) -> None:
    first = _plan(acme, text)
    assert not first.steps, "both alternatives planned: one was meant"
    [question] = first.questions
    assert {c.address for c in question.candidates} == offered
    answered = _plan(acme, text, {question.id: pick})
    assert not answered.questions, [q.text for q in answered.questions]
    assert [step_json(s) for s in answered.steps] == [expected]


def test_an_answer_that_is_not_one_of_the_alternatives_changes_nothing(acme: Directory) -> None:
    """Only an offered alternative may take their place: anyone else is asked about again, never added."""
    text = "Give Tom or Ava full access to support"
    [question] = _plan(acme, text).questions
    again = _plan(acme, text, {question.id: "hr@acme.com"})
    assert not again.steps
    assert [q.id for q in again.questions] == [question.id]
