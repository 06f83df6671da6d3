"""Red team 29: answers to the planner's questions, sent by an employee (John Miller) the way the API, the
pages and `mailwarden ask --answer` send them, trying to make the plan act on someone the text did not
name, or to add a request of its own.

An answer fills the question it answers and nothing else: a reference the directory resolves as written
("me", "Tom", "support") was never asked about, so no answer replaces it; "Which Alex?" is answered by one
of the Alexes; an answer to "Which mailbox should this be on?" names one mailbox, and more words are no
answer (the question is asked again) rather than more request read after it.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.compose import Resolved, resolve_request, step_json
from mailwarden.planner.draft import question_id
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.conftest import NOW

JOHN = "john@acme.com"


def _plan(acme: Directory, text: str, answers: dict[str, str] | None = None) -> Resolved:
    session = SimpleNamespace(ctx=SimpleNamespace(directory=acme), requester=resolve(acme, JOHN))
    planner = RulesPlanner(now=fixed_now(NOW))
    return asyncio.run(resolve_request(session, text, [], planner, answers))  # type: ignore[arg-type]


def _steps(resolved: Resolved) -> list[dict[str, object]]:
    return [step_json(s) for s in resolved.steps]


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        # the requester's own words, answered as if they had been asked about
        ("Add me to all-hands", {"me": "sarah@acme.com"}),
        ("Add me to all-hands", {question_id("me"): "sarah@acme.com"}),
        ("Share my calendar with Tom as reviewer", {"me": "sarah@acme.com", "my": "sarah@acme.com"}),
        ("Forward my email to Tom", {"me": "ceo@acme.com", "my mailbox": "sarah@acme.com"}),
        # a name the directory knows, replaced by another
        ("Give me send as on support", {"support": "hr@acme.com"}),
        ("Give me send as on support", {question_id("support"): "hr@acme.com"}),
        ("Add me to all-hands", {"all-hands": "finance-team@acme.com"}),
        ("Share my calendar with Tom as reviewer", {"tom": "sarah@acme.com"}),
        # the API's first form, by `about`, for a reference that needs no answer
        ("Give me send as on support", {"mailbox": "hr@acme.com", "trustee": "sarah@acme.com"}),
        ("Share my calendar with Tom as reviewer", {"owner": "sarah@acme.com", "grantee": "ava@acme.com"}),
    ],
)  # fmt: skip
def test_an_answer_to_a_question_never_asked_changes_nothing(
    acme: Directory, text: str, answers: dict[str, str]
) -> None:
    asked = _plan(acme, text)
    assert asked.steps
    assert not asked.questions, [q.text for q in asked.questions]
    answered = _plan(acme, text, answers)
    assert _steps(answered) == _steps(asked)
    assert not answered.questions


def test_which_alex_is_answered_by_one_of_the_alexes_only(acme: Directory) -> None:
    """'Which Alex?' offers the two Alex Kims; one naming Sarah (or HR) is asked again, never planned."""
    text = "Give Alex send as on support"
    [question] = _plan(acme, text).questions
    offered = {c.address for c in question.candidates}
    assert offered == {"alex.kim@acme.com", "alexander.kim@acme.co.uk"}
    for stranger in ("sarah@acme.com", "hr@acme.com", "me"):
        for answers in ({question.id: stranger}, {"alex": stranger}, {"trustee": stranger}):
            again = _plan(acme, text, answers)
            assert not again.steps, (answers, _steps(again))
            assert [q.id for q in again.questions] == [question.id]
    chosen = _plan(acme, text, {question.id: "alexander.kim@acme.co.uk"})
    assert [s["trustee"] for s in _steps(chosen)] == ["alexander.kim@acme.co.uk"]


def test_an_about_answer_fills_a_reference_only_when_one_question_has_that_about(acme: Directory) -> None:
    """Two misspelt people are two questions about 'trustee': one answer keyed 'trustee' filled both (Tom
    planned, Sarah silently gone); it is accepted only where it answers exactly one question."""
    text = "Give Tom Beker and Sarah Conar send as on support"
    first = _plan(acme, text)
    assert [q.about for q in first.questions] == ["trustee", "trustee"]
    again = _plan(acme, text, {"trustee": "tom.becker@acme.com"})
    assert not again.steps, _steps(again)
    assert [q.id for q in again.questions] == [q.id for q in first.questions]
    by_id = _plan(acme, text, {q.id: q.candidates[0].address for q in first.questions})
    assert sorted(str(s["trustee"]) for s in _steps(by_id)) == ["sarah@acme.com", "tom.becker@acme.com"]


@pytest.mark.parametrize(
    ("text", "answer", "allowed"),
    [
        ("Give me send as", "support for Tom", {"support@acme.com"}),
        ("Give me send as", "support with Ava", {"support@acme.com"}),
        ("Give me send as", "support cc Ava", {"support@acme.com"}),
        ("Give me send as", "hr plus full access", {"hr@acme.com"}),
        ("Give me send as", "support and sales", {"support@acme.com"}),
        ("Give me send as", "support also Ava", {"support@acme.com"}),
        ("Add me to the list", "all-hands and engineering", {"all-hands@acme.com"}),
        ("Add me to the list", "all-hands with Tom", {"all-hands@acme.com"}),
        ("Forward my email", "Tom keep a copy", {"tom.becker@acme.com"}),
    ],
)  # fmt: skip
def test_an_answer_to_which_mailbox_names_one_and_adds_no_request(
    acme: Directory, text: str, answer: str, allowed: set[str]
) -> None:
    """'Which mailbox should this be on?' answered 'support for Tom' planned Send As for Tom too; 'hr plus
    full access' planned Full Access on HR. The answer is said after the request and the request read again,
    so anything more than one recipient is no answer: the question is asked again."""
    [question] = _plan(acme, text).questions
    answered = _plan(acme, text, {question.id: answer})
    assert not answered.steps, _steps(answered)
    assert [q.id for q in answered.questions] == [question.id]
    # one recipient, as typed or as its address, still answers it
    for one in allowed:
        done = _plan(acme, text, {question.id: one})
        assert not done.questions, [q.text for q in done.questions]
        assert len(done.steps) == 1, _steps(done)


def test_an_answer_naming_one_mailbox_by_name_completes_the_request(acme: Directory) -> None:
    text = "Give me send as"
    [question] = _plan(acme, text).questions
    for answer in ("support", "Support", "support@acme.com"):
        assert _steps(_plan(acme, text, {question.id: answer})) == [
            {"action": "send_as", "change": "grant", "mailbox": "support@acme.com", "trustee": JOHN}
        ]
    # a name two recipients have is asked about next, not refused
    alex = _plan(acme, text, {question.id: "Alex"})
    assert [q.text for q in alex.questions] == ["Which Alex?"]
