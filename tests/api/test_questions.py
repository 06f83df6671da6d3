"""Questions answered in the API and the pages by id (issue 12): the answer fills the question instead of
being appended to the text (where the planner ignored it and asked the same question again)."""

from __future__ import annotations

import html
import re

from tests.api.served import ServedApp


def test_api_answer_by_question_id_completes_a_text_request(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    body = {"text": "Add Alex Kim to the Marketing list"}
    first = grace.post("/api/v1/plans", json=body).json()
    assert first["status"] == "needs_clarification"
    [question] = first["questions"]
    assert question["id"].startswith("q-")
    second = grace.post(
        "/api/v1/plans", json={**body, "answers": {question["id"]: "alexander.kim@acme.co.uk"}}
    ).json()
    assert second["status"] == "ready", second
    assert second["steps"][0]["member"] == "alexander.kim@acme.co.uk"


def test_api_answer_with_the_attachment_as_read_skips_a_row_that_matches_no_one(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    sheet = {"name": "people.csv", "column": "email", "references": ["jane.doe@acme.com", "ghost@acme.com"]}
    body = {"text": "Add the people in the attached file to Project Phoenix", "attachments": [sheet]}
    first = grace.post("/api/v1/plans", json=body).json()
    [question] = first["questions"]
    assert "ghost@acme.com" in question["text"]
    second = grace.post("/api/v1/plans", json={**body, "answers": {question["id"]: "skip"}}).json()
    assert second["status"] == "ready", second
    assert [s["member"] for s in second["steps"]] == ["jane.doe@acme.com"]


def test_page_offers_choices_with_none_preselected_and_the_answer_completes(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    form = {"csrf_token": grace.csrf, "text": "Give Alex Kim send as on support@acme.com"}
    page = grace.http.post("/ask", data=form)
    assert page.status_code == 200
    radios = re.findall(r'<input type="radio" name="(answer_q-[0-9a-f]+)" value="([^"]+)"([^>]*)>', page.text)
    assert {v for _, v, _ in radios} == {"alex.kim@acme.com", "alexander.kim@acme.co.uk"}
    assert not any("checked" in rest for _, _, rest in radios)
    assert "Sales" in page.text
    assert "Engineering" in page.text
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    answered = grace.http.post(
        "/ask", data={**{k: html.unescape(v) for k, v in hidden.items()}, radios[0][0]: "alex.kim@acme.com"}
    )
    assert answered.status_code == 200, answered.text[:2000]
    assert "Confirm and submit" in answered.text


def test_page_keeps_the_attachment_and_lets_a_row_be_skipped(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    files = {"attachments": ("people.csv", b"email\njane.doe@acme.com\nghost@acme.com\n", "text/csv")}
    form = {"csrf_token": grace.csrf, "text": "Add the people in the attached file to Project Phoenix"}
    page = grace.http.post("/ask", data=form, files=files)
    assert page.status_code == 200
    assert "matched no one" in page.text
    assert "Skip this row" in page.text
    hidden = {
        k: html.unescape(v)
        for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text)
    }
    assert "ghost@acme.com" in hidden["attachments_json"]
    key = re.search(r'name="(answer_q-[0-9a-f]+)" value="skip"', page.text)
    assert key is not None
    answered = grace.http.post("/ask", data={**hidden, key.group(1): "skip"})
    assert answered.status_code == 200, answered.text[:2000]
    # Jane is a member already: the preview says so, and there is nothing to submit.
    assert "Jane Doe is already a member of Project Phoenix" in answered.text
    assert "Confirm and submit" not in answered.text


def test_page_says_plainly_when_the_file_was_empty(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    files = {"attachments": ("people.csv", b"email\n", "text/csv")}
    form = {"csrf_token": grace.csrf, "text": "Add the people in the attached file to Project Phoenix"}
    page = grace.http.post("/ask", data=form, files=files)
    assert "was empty" in page.text


def test_api_answer_to_the_planners_own_question_is_read_not_looped(web: ServedApp) -> None:
    """'Grant full access to the support mailbox' names no one: the answer names the trustee."""
    grace = web.sign_in("grace.hopper@acme.com")
    body = {"text": "Grant full access to the support mailbox"}
    first = grace.post("/api/v1/plans", json=body).json()
    [question] = first["questions"]
    assert question["about"] == "trustee"
    second = grace.post(
        "/api/v1/plans", json={**body, "answers": {question["id"]: "tom.becker@acme.com"}}
    ).json()
    assert second["status"] == "ready", second
    assert second["steps"][0]["trustee"] == "tom.becker@acme.com"
