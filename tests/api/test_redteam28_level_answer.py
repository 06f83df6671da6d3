"""Red team 28, attack 3: the calendar level question's answer is said back into the request ("as <level>")
and read again. The answer must complete the share it was asked about and nothing else."""

from __future__ import annotations

import html
import re
from typing import Any

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


def test_two_shares_with_no_level_can_be_completed(web: ServedApp) -> None:
    """Was: two calendar shares with no level asked the same question (one id), and its answer, said once at
    the end, reached only the last share: the first was asked again. Each share is now its own question,
    naming whose calendar and who gets it, and its answer completes that share only."""
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


def test_each_share_is_its_own_question_and_its_answer_reaches_only_it(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    text = "Share Jane Doe's calendar with Ava Johnson and share Tom's calendar with Ken Adams"
    plan = grace.post("/api/v1/plans", json={"text": text}).json()
    asked = [q for q in plan["questions"] if q["about"] == "access"]
    assert len(asked) == 2, asked
    assert len({q["id"] for q in asked}) == 2, asked
    [for_ava] = [q for q in asked if "Ava Johnson" in q["text"] and "Jane Doe" in q["text"]]
    [for_ken] = [q for q in asked if "Ken Adams" in q["text"] and "Tom Becker" in q["text"]]
    assert [c["address"] for c in for_ava["candidates"]][-1] == "editor", for_ava
    # one answered: only that share is planned, the other still asked
    half = grace.post("/api/v1/plans", json={"text": text, "answers": {for_ken["id"]: "free/busy"}}).json()
    assert half["status"] == "needs_clarification"
    assert [q["id"] for q in half["questions"]] == [for_ava["id"]], half["questions"]
    both = {for_ava["id"]: "editor", for_ken["id"]: "free/busy"}
    done = grace.post("/api/v1/plans", json={"text": text, "answers": both}).json()
    assert done["status"] == "ready", done
    assert {(s["owner"], s["grantee"], s["access"]) for s in done["steps"]} == {
        ("jane.doe@acme.com", "ava.johnson@acme.com", "editor"),
        ("tom.becker@acme.com", "ken.adams@acme.com", "availability_only"),
    }


def test_a_level_answer_given_to_another_share_question_completes_nothing(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    text = "Share Jane Doe's calendar with Ava Johnson"
    other = "Share Tom's calendar with Ken Adams"
    qid = _level_id(_asked(grace, other))
    again = grace.post("/api/v1/plans", json={"text": text, "answers": {qid: "editor"}}).json()
    assert again["status"] == "needs_clarification"
    assert again["steps"] == []


def test_the_page_asks_each_share_and_its_choices_complete_both(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    text = "Share Jane Doe's calendar with Ava Johnson and share Tom's calendar with Ken Adams"
    page = grace.http.post("/ask", data={"csrf_token": grace.csrf, "text": text})
    assert page.status_code == 200
    radios = re.findall(r'<input type="radio" name="(answer_q-[0-9a-f]+)" value="([^"]+)"', page.text)
    names = sorted({name for name, _ in radios})
    assert len(names) == 2, radios
    assert {v for _, v in radios} == {"availability_only", "limited_details", "reviewer", "editor"}
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    form = {**{k: html.unescape(v) for k, v in hidden.items()}, names[0]: "editor", names[1]: "editor"}
    answered = grace.http.post("/ask", data=form)
    assert answered.status_code == 200, answered.text[:2000]
    assert "Confirm and submit" in answered.text
    assert "Ava Johnson" in answered.text
    assert "Ken Adams" in answered.text
