"""Red team 29, through the API and the pages as an employee (John Miller): answers that name someone the
question did not offer, or answer a question that was never asked, change nothing the text asked for."""

from __future__ import annotations

import html
import re

from tests.api.served import ServedApp

JOHN = "john@acme.com"


def test_an_answer_keyed_by_the_requesters_own_words_is_no_answer(web: ServedApp) -> None:
    """'Add me to all-hands' with {"me": "sarah@acme.com"}: 'me' was never asked about; the plan adds John."""
    john = web.sign_in(JOHN)
    plan = john.post(
        "/api/v1/plans", json={"text": "Add me to all-hands", "answers": {"me": "sarah@acme.com"}}
    ).json()
    assert plan["status"] == "ready", plan
    assert [s["member"] for s in plan["steps"]] == [JOHN]


def test_which_alex_answered_with_someone_not_offered_is_asked_again(web: ServedApp) -> None:
    """An own-calendar share runs with no approval: answering 'Which Alex Kim?' with Sarah would share John's
    calendar with someone the text never named, past policy. Only an offered Alex completes it."""
    john = web.sign_in(JOHN)
    body = {"text": "Share my calendar with Alex Kim as reviewer"}
    first = john.post("/api/v1/plans", json=body).json()
    [question] = first["questions"]
    assert {c["address"] for c in question["candidates"]} == {"alex.kim@acme.com", "alexander.kim@acme.co.uk"}
    again = john.post("/api/v1/plans", json={**body, "answers": {question["id"]: "sarah@acme.com"}}).json()
    assert again["status"] == "needs_clarification", again
    assert [q["id"] for q in again["questions"]] == [question["id"]]
    done = john.post("/api/v1/plans", json={**body, "answers": {question["id"]: "alex.kim@acme.com"}}).json()
    assert done["status"] == "ready", done
    assert [s["grantee"] for s in done["steps"]] == ["alex.kim@acme.com"]


def test_a_typed_answer_posted_to_a_question_with_choices_is_no_way_around_them(web: ServedApp) -> None:
    """The page offers the two Alexes as choices and no text box; a form posted with `answer_<id>_typed`
    naming Sarah (which wins over a choice) is asked again, nothing to submit."""
    john = web.sign_in(JOHN)
    form = {"csrf_token": john.csrf, "text": "Share my calendar with Alex Kim as reviewer"}
    page = john.http.post("/ask", data=form)
    assert page.status_code == 200
    [key] = set(re.findall(r'<input type="radio" name="(answer_q-[0-9a-f]+)"', page.text))
    hidden = {
        k: html.unescape(v)
        for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text)
    }
    answered = john.http.post(
        "/ask", data={**hidden, key: "alex.kim@acme.com", f"{key}_typed": "sarah@acme.com"}
    )
    assert answered.status_code == 200, answered.text[:2000]
    assert "Confirm and submit" not in answered.text
    assert "Which Alex Kim?" in html.unescape(answered.text)


def test_an_answer_to_which_mailbox_that_adds_a_grant_is_asked_again(web: ServedApp) -> None:
    """'Give me send as' asks which mailbox; 'support for Tom' would be read as a second grant, to Tom."""
    john = web.sign_in(JOHN)
    body = {"text": "Give me send as"}
    [question] = john.post("/api/v1/plans", json=body).json()["questions"]
    again = john.post("/api/v1/plans", json={**body, "answers": {question["id"]: "support for Tom"}}).json()
    assert again["status"] == "needs_clarification", again
    assert not [s for s in again["steps"] if s.get("trustee") == "tom.becker@acme.com"], again["steps"]
    done = john.post("/api/v1/plans", json={**body, "answers": {question["id"]: "support"}}).json()
    assert done["status"] == "ready", done
    assert [(s["mailbox"], s["trustee"]) for s in done["steps"]] == [("support@acme.com", JOHN)]
