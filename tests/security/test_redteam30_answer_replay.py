"""Red team 30 on red team 29's answer path: an answer given to one request's question, replayed through
the REST API on another request (POST /api/v1/requests, which stores it, and /plans). A question id is the
same for the same reference, so an answer may fill the same question again; it must never fill a question
the new request does not ask, override what the new request says, or name someone it does not offer.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import web
from tests.api.served import Person, ServedApp

__all__ = ["web"]


def _qid(person: Person, text: str, about: str) -> str:
    plan = person.post("/api/v1/plans", json={"text": text}).json()
    assert plan["status"] == "needs_clarification", plan
    [question] = [q for q in plan["questions"] if q["about"] == about]
    return str(question["id"])


def _steps(answer: dict[str, Any]) -> list[dict[str, Any]]:
    plan = answer.get("plan", answer)
    return list(plan.get("steps") or [])


@pytest.mark.parametrize("path", ["/api/v1/plans", "/api/v1/requests"])
def test_a_level_answer_replayed_does_not_override_the_level_said(web: ServedApp, path: str) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    qid = _qid(grace, "Share Jane Doe's calendar with Ava Johnson", "access")
    text = "Share Jane Doe's calendar with Ava Johnson as free/busy only"
    answer = grace.post(path, json={"text": text, "answers": {qid: "editor"}}).json()
    shares = [s for s in _steps(answer) if s["action"] == "calendar_share"]
    assert all(s.get("access") != "editor" for s in shares), answer


@pytest.mark.parametrize("path", ["/api/v1/plans", "/api/v1/requests"])
def test_a_level_answer_replayed_on_a_request_with_no_share_adds_none(web: ServedApp, path: str) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    qid = _qid(grace, "Share Jane Doe's calendar with Ava Johnson", "access")
    answer = grace.post(
        path, json={"text": "Add Ava Johnson to the Marketing list", "answers": {qid: "editor"}}
    )
    steps = _steps(answer.json())
    assert not [s for s in steps if s["action"] == "calendar_share"], steps


@pytest.mark.parametrize("path", ["/api/v1/plans", "/api/v1/requests"])
def test_a_person_answer_replayed_names_no_one_not_offered(web: ServedApp, path: str) -> None:
    """'Which Alex Kim?' answered (by id) with Sarah, on the request itself and replayed on another that
    asks the same: Sarah is no Alex Kim, so nothing is planned for her and nothing is stored."""
    grace = web.sign_in("grace.hopper@acme.com")
    qid = _qid(grace, "Add Alex Kim to the Marketing list", "member")
    before = len(grace.get("/api/v1/requests").json()["items"])
    text = "Give Alex Kim full access to billing@acme.com"
    answer = grace.post(path, json={"text": text, "answers": {qid: "sarah@acme.com"}}).json()
    people = {s.get("trustee") or s.get("member") for s in _steps(answer)}
    assert "sarah@acme.com" not in people, answer
    assert len(grace.get("/api/v1/requests").json()["items"]) == before
