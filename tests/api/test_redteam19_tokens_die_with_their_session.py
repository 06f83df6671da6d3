"""Red team 19: whoever held a stolen session cookie could make an API token from it, and the token outlived
the session: the victim signing out ended the cookie (red team 11) but not the token, which went on acting
as them for 90 days. Signing out now revokes the tokens made from that session (audited, like any revoke);
tokens made from another session of the same person stay theirs to revoke."""

from __future__ import annotations

import re

import httpx

from mailwarden.emulator.state import TenantState
from tests.api.served import Person, ServedApp
from tests.security.other_admin import OtherAdmin


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _token(person: Person, name: str, scopes: list[str]) -> dict[str, str]:
    made = person.post("/api/v1/tokens", json={"name": name, "scopes": scopes})
    assert made.status_code == 201, made.text
    body: dict[str, str] = made.json()
    return body


def _sign_out(person: Person) -> None:
    assert person.http.post("/auth/logout", data={"csrf_token": person.csrf}).status_code == 303


def test_a_token_made_from_a_session_stops_when_that_session_signs_out(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    made = _token(tom, "made by whoever held the cookie", ["read", "write"])
    with web.client() as thief:
        assert thief.get("/api/v1/requests", headers=_bearer(made["token"])).status_code == 200
        _sign_out(tom)
        assert thief.get("/api/v1/requests", headers=_bearer(made["token"])).status_code == 401
        asked = thief.post(
            "/api/v1/requests", headers=_bearer(made["token"]), json={"text": "give me send as on support"}
        )
        assert asked.status_code == 401
    again = web.sign_in("tom.becker@acme.com")
    (listed,) = [t for t in again.get("/api/v1/tokens").json() if t["token_id"] == made["token_id"]]
    assert listed["revoked"] is not None
    grace = web.sign_in("grace.hopper@acme.com")
    records = grace.get("/api/v1/audit", params={"event": "token.revoked"}).json()
    assert any(made["token_id"] in str(r) for r in records.get("items", records)), records


def test_a_token_made_from_another_session_is_not_revoked(web: ServedApp) -> None:
    """Tom's nightly-report token, made at his desk, outlives his signing out on his phone."""
    desk = web.sign_in("tom.becker@acme.com")
    nightly = _token(desk, "nightly report", ["read"])
    phone = web.sign_in("tom.becker@acme.com")
    _token(phone, "made on the phone", ["read"])
    _sign_out(phone)
    with web.client() as http:
        assert http.get("/api/v1/requests", headers=_bearer(nightly["token"])).status_code == 200


def test_an_ex_admins_token_keeps_no_admin_power(web: ServedApp, tenant: TenantState) -> None:
    """Grace made a write token as an admin; her role is taken away in Entra: the token no longer sees, nor
    revokes, other people's tokens, and no longer changes the tenant's drift policy."""
    tom = web.sign_in("tom.becker@acme.com")
    toms = _token(tom, "tom's", ["read"])
    grace = web.sign_in("grace.hopper@acme.com")
    token = _token(grace, "admin work", ["read", "write", "approve"])["token"]
    with httpx.Client(base_url=web.url, trust_env=False, timeout=30) as http:
        listed = http.get("/api/v1/tokens", headers=_bearer(token)).json()
        assert toms["token_id"] in {t["token_id"] for t in listed}
        OtherAdmin(tenant).remove_role("grace.hopper@acme.com")
        listed = http.get("/api/v1/tokens", headers=_bearer(token)).json()
        assert toms["token_id"] not in {t["token_id"] for t in listed}
        revoked = http.delete(f"/api/v1/tokens/{toms['token_id']}", headers=_bearer(token))
        assert revoked.status_code == 404
        assert http.get("/api/v1/drift/events", headers=_bearer(token)).status_code == 403
    with web.client() as http:
        assert http.get("/api/v1/requests", headers=_bearer(toms["token"])).status_code == 200


def test_a_token_made_on_the_tokens_page_stops_at_sign_out_too(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    page = tom.post(
        "/tokens", data={"name": "from the page", "scopes": ["read"], "csrf_token": tom.csrf}
    ).text
    token = re.search(r"mwt_[0-9a-f]+_[A-Za-z0-9_-]+", page)
    assert token is not None, page
    with web.client() as thief:
        assert thief.get("/api/v1/me", headers=_bearer(token.group(0))).status_code == 200
        _sign_out(tom)
        assert thief.get("/api/v1/me", headers=_bearer(token.group(0))).status_code == 401
