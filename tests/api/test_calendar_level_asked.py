"""A calendar share that states no level is a question about the level (product decision, session 7:
Outlook's share dialog makes the sharer choose): the four levels are offered as its answers, and the one
chosen completes the request, in the API and in the pages."""

from __future__ import annotations

import html
import re

from tests.api.served import ServedApp

LEVELS = ["availability_only", "limited_details", "reviewer", "editor"]


def test_api_asks_the_level_offering_the_four_and_the_answer_completes(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    body = {"text": "Share Jane Doe's calendar with Ava Johnson"}
    first = grace.post("/api/v1/plans", json=body).json()
    assert first["status"] == "needs_clarification", first
    assert first["steps"] == []
    [question] = first["questions"]
    assert question["about"] == "access"
    assert [c["address"] for c in question["candidates"]] == LEVELS
    second = grace.post("/api/v1/plans", json={**body, "answers": {question["id"]: "limited_details"}}).json()
    assert second["status"] == "ready", second
    [step] = second["steps"]
    assert (step["owner"], step["grantee"], step["access"]) == (
        "jane.doe@acme.com",
        "ava.johnson@acme.com",
        "limited_details",
    )


def test_an_answer_that_is_no_level_changes_nothing(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    body = {"text": "Share Jane Doe's calendar with Ava Johnson"}
    [question] = grace.post("/api/v1/plans", json=body).json()["questions"]
    again = grace.post(
        "/api/v1/plans", json={**body, "answers": {question["id"]: "editor and add me to all-hands"}}
    ).json()
    assert again["status"] == "needs_clarification"
    assert again["steps"] == []


def test_page_offers_the_levels_and_the_choice_completes(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    form = {"csrf_token": grace.csrf, "text": "Share my calendar with Ken Adams"}
    page = grace.http.post("/ask", data=form)
    assert page.status_code == 200
    radios = re.findall(r'<input type="radio" name="(answer_q-[0-9a-f]+)" value="([^"]+)"([^>]*)>', page.text)
    assert [v for _, v, _ in radios] == LEVELS
    assert not any("checked" in rest for _, _, rest in radios)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    answered = grace.http.post(
        "/ask", data={**{k: html.unescape(v) for k, v in hidden.items()}, radios[0][0]: "editor"}
    )
    assert answered.status_code == 200, answered.text[:2000]
    assert "Confirm and submit" in answered.text
    assert "editor" in answered.text.lower()
