"""CSRF: every state-changing request made with the session cookie must carry the session's CSRF token."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp

SAFE = {"GET", "HEAD", "OPTIONS"}


def _changing_routes(web: ServedApp) -> list[tuple[str, str]]:
    found = []
    for context in iter_route_contexts(web.app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and context.path:
            for method in sorted(route.methods - SAFE):
                found.append((method, re.sub(r"\{[^}]+\}", "00000000", context.path)))
    return found


def test_every_state_changing_route_refuses_a_session_request_without_csrf(web: ServedApp) -> None:
    """Each POST/PUT/PATCH/DELETE route, API or page, answers 403 to a signed-in request without the token."""
    grace = web.sign_in("grace.hopper@acme.com")  # an admin, so no route refuses her for her role first
    routes = _changing_routes(web)
    assert len(routes) >= 20  # the API and the pages: a route added later is covered too
    for method, path in routes:
        if path == "/auth/logout":
            continue  # checked below: it would end the session
        answer = grace.http.request(method, path, json={}, headers={})
        assert answer.status_code == 403, (method, path, answer.status_code, answer.text[:200])
        assert "CSRF" in answer.text, (method, path)
    answer = grace.http.post("/auth/logout")
    assert answer.status_code == 403
    assert grace.get("/api/v1/me").status_code == 200


def test_a_wrong_csrf_token_is_refused_and_the_right_one_works(web: ServedApp) -> None:
    """A forged token changes nothing; the page's own token lets the same confirmation through."""
    tom = web.sign_in("tom.becker@acme.com")
    request = ask_send_as(tom)
    url = f"/api/v1/requests/{request['request_id']}/confirm"
    forged = tom.http.post(url, headers={"X-CSRF-Token": "forged"})
    assert forged.status_code == 403
    assert forged.json()["type"] == "urn:mailwarden:problem:csrf"
    assert tom.get(f"/api/v1/requests/{request['request_id']}").json()["state"] == "needs_confirmation"
    assert tom.post(url).json()["state"] == "pending_approval"


@pytest.mark.parametrize("field", ["form", "header"])
def test_csrf_token_is_accepted_as_form_field_or_header(web: ServedApp, field: str) -> None:
    """Pages send the token as a form field, scripts as the X-CSRF-Token header; both work."""
    tom = web.sign_in("tom.becker@acme.com")
    request = ask_send_as(tom)
    url = f"/requests/{request['request_id']}/cancel"
    answer = tom.http.post(url, data={"csrf_token": tom.csrf}) if field == "form" else tom.post(url)
    assert answer.status_code == 303
    assert tom.get(f"/api/v1/requests/{request['request_id']}").json()["state"] == "cancelled"


def test_api_token_requests_need_no_csrf_token(web: ServedApp) -> None:
    """A Bearer token is not sent by browsers on their own, so token requests carry no CSRF token."""
    tom = web.sign_in("tom.becker@acme.com")
    token = tom.post("/api/v1/tokens", json={"name": "script", "scopes": ["read", "write"]}).json()["token"]
    with web.client() as http:
        answer = http.post(
            "/api/v1/requests",
            headers={"Authorization": f"Bearer {token}"},
            json={
                "steps": [
                    {
                        "action": "send_as",
                        "change": "grant",
                        "params": {"mailbox": "support@", "trustee": "me"},
                    }
                ]
            },
        )
    assert answer.status_code == 201, answer.text
