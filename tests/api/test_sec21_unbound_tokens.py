"""Security leftover 21: API tokens made before tokens were bound to the session that made them carry no
session, so no sign-out could ever revoke them: one made by whoever held a stolen cookie would act as the
person until it expired (or for ever, when it had no expiry). Every token is made from a signed-in session
(there are no session-less automation tokens), so such a token is refused with a clear 401 telling its
holder to make a new one; tokens made now are unaffected."""

from __future__ import annotations

import httpx
from sqlalchemy import update

from mailwarden.api.deps import Runtime
from mailwarden.emulator.state import TenantState
from mailwarden.store.tables import ApiTokenRow
from tests.api.served import ServedApp
from tests.security.other_admin import OtherAdmin


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _made_before_binding(web: ServedApp, address: str, scopes: list[str]) -> str:
    """A token as an older version stored it: made in a session, but its row holds the scopes only."""
    person = web.sign_in(address)
    made = person.post("/api/v1/tokens", json={"name": "made by an older version", "scopes": scopes})
    assert made.status_code == 201, made.text
    with web.workspace.store.session() as db:
        db.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.token_id == made.json()["token_id"])
            .values(scopes={"scopes": sorted(scopes)}, expires=None)
        )
    token: str = made.json()["token"]
    return token


def test_a_token_bound_to_no_session_is_refused_with_a_clear_401(web: ServedApp) -> None:
    token = _made_before_binding(web, "tom.becker@acme.com", ["read", "write"])
    with web.client() as http:
        answer = http.get("/api/v1/requests", headers=_bearer(token))
        assert answer.status_code == 401, answer.text
        detail = answer.json()["detail"]
        assert "before" in detail, detail
        assert "make a new one" in detail.lower(), detail
        asked = http.post("/api/v1/requests", headers=_bearer(token), json={"text": "send as on support"})
        assert asked.status_code == 401
    listed = web.sign_in("tom.becker@acme.com").get("/api/v1/tokens").json()
    (shown,) = [t for t in listed if token.startswith(f"mwt_{t['token_id']}_")]
    assert shown["unbound"] is True


def test_a_token_made_now_is_still_accepted(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    made = tom.post("/api/v1/tokens", json={"name": "bound", "scopes": ["read"]}).json()
    with web.client() as http:
        assert http.get("/api/v1/requests", headers=_bearer(made["token"])).status_code == 200


def test_no_token_can_be_made_without_a_session(web: ServedApp) -> None:
    """The store refuses to make a token that no sign-out could end."""
    runtime: Runtime = web.app.state.runtime
    tom = runtime.directory.by_address("tom.becker@acme.com")
    assert tom is not None
    try:
        runtime.tokens.issue(  # type: ignore[call-arg]
            runtime.tenant_key, tom.recipient_id, tom.primary_address, "x", ["read"], 1
        )
    except TypeError:
        return
    raise AssertionError("a token was made with no session to end it")


def test_an_approve_token_stops_approving_once_its_owner_loses_the_admin_role(
    web: ServedApp, tenant: TenantState
) -> None:
    """The role is read when the token is used, not when it was made: taking it away in Entra takes effect
    on the token's very next request."""
    grace = web.sign_in("grace.hopper@acme.com")
    token = grace.post("/api/v1/tokens", json={"name": "approvals", "scopes": ["read", "approve"]}).json()
    with httpx.Client(base_url=web.url, trust_env=False, timeout=30) as http:
        me = http.get("/api/v1/me", headers=_bearer(token["token"])).json()
        assert me.get("role") == "admin", me
        OtherAdmin(tenant).remove_role("grace.hopper@acme.com")
        me = http.get("/api/v1/me", headers=_bearer(token["token"])).json()
        assert me.get("role") == "employee", me
        assert http.get("/api/v1/audit", headers=_bearer(token["token"])).status_code == 403
