"""Small organisations and partial plans through the API and the pages: the sole admin's justification,
and submitting a plan's allowed steps only on the requester's explicit word."""

from __future__ import annotations

import html

from tests.api.served import ServedApp

MIKE = "Change mike.smith@acme.com's primary email to michael.smith@acme.com and keep the old one as an alias"
PARTIAL = "Give sarah@acme.com and vera@vendorco.example Full Access to support@acme.com"
NO_SECOND_ADMIN = "no second admin: four-eyes not possible"


def test_the_page_asks_the_sole_admin_why_then_shows_no_second_admin(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    refused = grace.http.post("/ask", data={"csrf_token": grace.csrf, "text": MIKE})
    assert refused.status_code == 422
    assert NO_SECOND_ADMIN in html.unescape(refused.text)
    posted = grace.http.post(
        "/ask",
        data={"csrf_token": grace.csrf, "text": MIKE, "justification": "HR ticket 4411", "submit": "1"},
    )
    assert posted.status_code == 303, posted.text
    page = html.unescape(grace.get(posted.headers["location"]).text)
    assert NO_SECOND_ADMIN in page
    assert "HR ticket 4411" in page


def test_the_page_offers_to_submit_the_allowed_steps_and_drop_the_denied(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    plan = grace.http.post("/ask", data={"csrf_token": grace.csrf, "text": PARTIAL})
    assert plan.status_code == 200
    assert "Submit the 1 allowed step; drop the 1 denied" in plan.text
    posted = grace.http.post(
        "/ask", data={"csrf_token": grace.csrf, "text": PARTIAL, "only_allowed": "1", "submit": "1"}
    )
    assert posted.status_code == 303, posted.text
    page = html.unescape(grace.get(posted.headers["location"]).text)
    assert "dropped" in page
    assert "outside the organisation" in page


def test_the_api_takes_only_allowed_and_keeps_the_dropped_step(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    whole = grace.post("/api/v1/requests", params={"confirm": True}, json={"text": PARTIAL})
    assert whole.status_code in (200, 201, 422), whole.text
    assert (whole.json().get("request") or {}).get("state") in (None, "denied")
    answer = grace.post(
        "/api/v1/requests", params={"confirm": True}, json={"text": PARTIAL, "only_allowed": True}
    )
    assert answer.status_code == 201, answer.text
    request = answer.json()["request"]
    assert request["state"] == "completed"
    assert [s["status"] for s in request["steps"]] == ["applied", "dropped"]
    assert request["steps"][1]["decision"]["outcome"] == "denied"
