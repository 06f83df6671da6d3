"""API tokens: made from a session, shown once, hashed at rest, scoped, revocable."""

from __future__ import annotations

from sqlalchemy import select

from mailwarden.store.tables import ApiTokenRow
from tests.api.served import ServedApp


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_token_acts_as_its_owner_and_only_within_its_scopes(web: ServedApp) -> None:
    """A read token lists Tom's requests but cannot ask for a change (403 naming the missing scope)."""
    tom = web.sign_in("tom.becker@acme.com")
    token = tom.post("/api/v1/tokens", json={"name": "report", "scopes": ["read"]}).json()["token"]
    with web.client() as http:
        me = http.get("/api/v1/me", headers=_bearer(token)).json()
        assert me["address"] == "tom.becker@acme.com"
        assert me["via"] == "token"
        assert me["csrf_token"] is None
        refused = http.post(
            "/api/v1/requests", headers=_bearer(token), json={"text": "give me send as on support"}
        )
    assert refused.status_code == 403
    assert "'write'" in refused.json()["detail"]


def test_token_is_stored_only_as_a_hash(web: ServedApp) -> None:
    """The database holds neither the token nor its secret part."""
    tom = web.sign_in("tom.becker@acme.com")
    token = tom.post("/api/v1/tokens", json={"name": "x", "scopes": ["read"]}).json()["token"]
    secret = token.split("_", 2)[2]  # mwt_<id>_<secret>: the secret itself may hold "_"
    with web.workspace.store.session() as session:
        rows = session.scalars(select(ApiTokenRow)).all()
    assert len(rows) == 1
    stored = " ".join(str(v) for v in vars(rows[0]).values())
    assert secret not in stored
    assert len(rows[0].secret_hash) == 64


def test_revoked_or_unknown_token_is_refused(web: ServedApp) -> None:
    """After revocation the token is a 401, like a made-up one."""
    tom = web.sign_in("tom.becker@acme.com")
    made = tom.post("/api/v1/tokens", json={"name": "x", "scopes": ["read"]}).json()
    with web.client() as http:
        assert http.get("/api/v1/requests", headers=_bearer(made["token"])).status_code == 200
        assert (
            tom.http.delete(
                f"/api/v1/tokens/{made['token_id']}", headers={"X-CSRF-Token": tom.csrf}
            ).status_code
            == 204
        )
        assert http.get("/api/v1/requests", headers=_bearer(made["token"])).status_code == 401
        assert http.get("/api/v1/requests", headers=_bearer("mwt_0000_guess")).status_code == 401


def test_a_token_cannot_make_more_tokens(web: ServedApp) -> None:
    """Only a signed-in person makes tokens: a leaked token cannot mint itself successors."""
    tom = web.sign_in("tom.becker@acme.com")
    token = tom.post("/api/v1/tokens", json={"name": "x", "scopes": ["read", "write"]}).json()["token"]
    with web.client() as http:
        answer = http.post("/api/v1/tokens", headers=_bearer(token), json={"name": "y", "scopes": ["read"]})
    assert answer.status_code == 403


def test_token_listing_never_shows_the_secret(web: ServedApp) -> None:
    """Listed tokens carry name, scopes and dates, never the token."""
    tom = web.sign_in("tom.becker@acme.com")
    token = tom.post("/api/v1/tokens", json={"name": "x", "scopes": ["read"]}).json()["token"]
    listed = tom.get("/api/v1/tokens")
    assert listed.json()[0]["scopes"] == ["read"]
    assert token not in listed.text
