"""nlu69's classes (batch 32's unsafe plans and ticket/form fields), beyond the corpus entries: the neighbours
of each class that must keep their plan or their question. Planned and resolved against the Acme directory at
the corpus's fixed "now"."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.compose import draft_status, resolve_draft, step_json
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.conftest import NOW

GRACE = "grace.hopper@acme.com"


def _plan(
    acme: Directory, text: str, requester: str = GRACE
) -> tuple[str, list[dict[str, Any]], dict[str, str]]:
    """Status, steps and the questions (about: text) of the request's resolved plan."""
    me = resolve(acme, requester)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=me, directory=acme)
    resolved = resolve_draft(draft, acme, me)
    status, _ = draft_status(draft, resolved)
    return status, [step_json(s) for s in resolved.steps], {q.about: q.text for q in resolved.questions}


# ---- a calendar whose owner is said by no name anyone has ----


@pytest.mark.parametrize(
    "text",
    [
        "Give Ken Adams reviewer on the Training Room calendar",
        "Share the calendar of the Training Room with Ken Adams as reviewer",
        "Give Ken Adams reviewer on the training room diary",
    ],
)
def test_an_unknown_room_calendar_is_asked_with_the_rooms_there_are(acme: Directory, text: str) -> None:
    status, steps, questions = _plan(acme, text)
    assert (status, steps, list(questions)) == ("needs_clarification", [], ["owner"])
    assert "training room" in questions["owner"].lower()
    assert "boardroom@acme.com" in questions["owner"]


@pytest.mark.parametrize(
    "text",
    ["Share the room calendar with Ken Adams", "Give Ken Adams editor on the shared calendar"],
)
def test_a_calendar_said_only_by_its_kind_is_never_the_requesters_own(acme: Directory, text: str) -> None:
    status, steps, questions = _plan(acme, text, "ava.johnson@acme.com")
    assert (status, steps, list(questions)) == ("needs_clarification", [], ["owner"])


def test_a_misspelt_room_offers_the_room_meant(acme: Directory) -> None:
    status, _, questions = _plan(acme, "Share the Boardrom calendar with Tom Becker as reviewer")
    assert status == "needs_clarification"
    assert "Boardroom (boardroom@acme.com)" in questions["owner"]


def test_a_room_that_exists_is_whose_calendar_it_is(acme: Directory) -> None:
    status, steps, _ = _plan(acme, "Give Ken Adams reviewer on the Boardroom calendar")
    assert status == "ready"
    assert [(s["owner"], s["grantee"]) for s in steps] == [("boardroom@acme.com", "ken.adams@acme.com")]
