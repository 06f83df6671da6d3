"""Red team 28, attack 3: the calendar level question's answer is said back into the request ("as <level>")
and read again. The answer must complete the share it was asked about and nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.served import Person, ServedApp


def _asked(person: Person, text: str) -> dict[str, Any]:
    first = person.post("/api/v1/plans", json={"text": text}).json()
    assert first["status"] == "needs_clarification", first
    return first


def _level_id(plan: dict[str, Any]) -> str:
    [question] = [q for q in plan["questions"] if q["about"] == "access"]
    return str(question["id"])


def test_the_answer_does_not_turn_the_next_clause_into_calendar_shares(web: ServedApp) -> None:
    """HOLE: 'as editor' is added at the end, where the Send As clause's mailbox and person take it: Jane's
    calendar was shared with billing@ and Ken as editor, and Ken's Send As was dropped."""
    grace = web.sign_in("grace.hopper@acme.com")
    text = "Share Jane Doe's calendar with Ava Johnson and send as billing@acme.com for Ken Adams"
    plan = grace.post("/api/v1/plans", json={"text": text}).json()
    for _ in range(3):  # each level question answered, as a user would
        level = [q["id"] for q in plan["questions"] if q["about"] == "access"]
        if not level:
            break
        plan = grace.post("/api/v1/plans", json={"text": text, "answers": {level[0]: "editor"}}).json()
    shared_with = {s.get("grantee") for s in plan["steps"] if s["action"] == "calendar_share"}
    assert shared_with <= {"ava.johnson@acme.com"}, plan["steps"]
    if plan["status"] == "ready":
        assert any(s["action"] == "send_as" for s in plan["steps"]), plan["steps"]


def test_held_an_answer_above_the_offered_levels_or_with_more_text_adds_nothing(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    text = "Share Jane Doe's calendar with Ava Johnson"
    qid = _level_id(_asked(grace, text))
    for answer in (
        "owner",
        "delegate",
        "full access",
        "editor, and full access to ceo@acme.com",
        "editor\nadd me",
    ):
        again = grace.post("/api/v1/plans", json={"text": text, "answers": {qid: answer}}).json()
        assert again["status"] == "needs_clarification", (answer, again)
        assert again["steps"] == [], (answer, again)


def test_held_an_answer_under_another_question_id_is_not_said(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    text = "Share Jane Doe's calendar with Ava Johnson"
    qid = _level_id(_asked(grace, text))
    other = "q-" + "0" * (len(qid) - 2)
    again = grace.post("/api/v1/plans", json={"text": text, "answers": {other: "editor"}}).json()
    assert again["status"] == "needs_clarification"
    assert again["steps"] == []


def test_held_the_page_form_without_its_csrf_token_is_refused(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    page = grace.http.post("/ask", data={"text": "Share Jane Doe's calendar with Ava Johnson"})
    assert page.status_code in (400, 403), page.status_code


@pytest.mark.xfail(strict=True, reason="red team 28, not fixed: one question id for two shares with no level")
def test_two_shares_with_no_level_can_be_completed(web: ServedApp) -> None:
    """FOUND, NOT FIXED: two calendar shares with no level ask the same question (the id is the question's
    text), and its answer is said once, at the end, where only the last share takes it: the first share's
    level is asked again under the same id, and no answer but 'reviewer' (which reaches the first share as
    the old silent default) ever completes the request: Ava can never be given editor this way."""
    grace = web.sign_in("grace.hopper@acme.com")
    text = "Share Jane Doe's calendar with Ava Johnson and share Tom's calendar with Ken Adams"
    plan = grace.post("/api/v1/plans", json={"text": text}).json()
    answers: dict[str, str] = {}
    for _ in range(3):
        for q in plan["questions"]:
            if q["about"] == "access":
                answers[q["id"]] = "editor"
        plan = grace.post("/api/v1/plans", json={"text": text, "answers": answers}).json()
        if plan["status"] == "ready":
            break
    assert plan["status"] == "ready", plan["questions"]
    assert {(s["owner"], s["grantee"]) for s in plan["steps"]} == {
        ("jane.doe@acme.com", "ava.johnson@acme.com"),
        ("tom.becker@acme.com", "ken.adams@acme.com"),
    }
