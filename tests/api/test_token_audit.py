"""Making and revoking an API token are in the signed audit log: who, which token, never the token."""

from __future__ import annotations

from sqlalchemy import func, select

from mailwarden.store.tables import ApiTokenRow
from tests.api.served import ServedApp

TOM, GRACE = "tom.becker@acme.com", "grace.hopper@acme.com"
# A JWT-shaped name: the audit log refuses to hold it, so the token is refused before anything is written.
JWT_NAME = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0b20ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


def test_making_and_revoking_a_token_is_audited_without_the_token(web: ServedApp) -> None:
    """Tom makes a token, Grace (admin) revokes it: two records name who, Tom and the token's id, name,
    scopes and expiry; neither holds the token or its secret; the log still verifies."""
    tom = web.sign_in(TOM)
    made = tom.post("/api/v1/tokens", json={"name": "nightly report", "scopes": ["read"]}).json()
    grace = web.sign_in(GRACE)
    revoked = grace.http.delete(f"/api/v1/tokens/{made['token_id']}", headers={"X-CSRF-Token": grace.csrf})
    assert revoked.status_code == 204
    audit = web.workspace.audit
    issued = audit.records(event="token.issued")
    gone = audit.records(event="token.revoked")
    assert [(r.actor, r.target, r.channel) for r in issued] == [(TOM, TOM, "api")]
    assert [(r.actor, r.target) for r in gone] == [(GRACE, TOM)]
    told = {"token_id": made["token_id"], "name": "nightly report", "scopes": ["read"]}
    assert isinstance(issued[0].after, dict)
    assert isinstance(gone[0].before, dict)
    assert {k: issued[0].after[k] for k in told} == told == {k: gone[0].before[k] for k in told}
    assert str(issued[0].after["expires"]).startswith(made["expires"][:10])
    secret = made["token"].rsplit("_", 1)[1]
    assert all(secret not in r.model_dump_json() for r in issued + gone)
    assert audit.verify().ok


def test_revoking_twice_is_recorded_once(web: ServedApp) -> None:
    """A token already revoked is not revoked again, and the log does not say it was."""
    tom = web.sign_in(TOM)
    made = tom.post("/api/v1/tokens", json={"name": "x", "scopes": ["read"]}).json()
    assert web.workspace.audit.records(event="token.revoked") == []
    assert (
        tom.http.delete(f"/api/v1/tokens/{made['token_id']}", headers={"X-CSRF-Token": tom.csrf}).status_code
        == 204
    )
    tom.http.delete(f"/api/v1/tokens/{made['token_id']}", headers={"X-CSRF-Token": tom.csrf})
    assert len(web.workspace.audit.records(event="token.revoked")) == 1


def test_a_token_named_like_a_secret_is_refused_and_not_made(web: ServedApp) -> None:
    """The audit log never holds a secret, so a JWT as the name is a clear 422 and no token exists."""
    tom = web.sign_in(TOM)
    answer = tom.post("/api/v1/tokens", json={"name": JWT_NAME, "scopes": ["read"]})
    assert answer.status_code == 422, answer.text
    assert "token name" in answer.json()["detail"]
    with web.workspace.store.session() as session:
        assert session.scalar(select(func.count()).select_from(ApiTokenRow)) == 0


def test_tokens_made_and_revoked_on_the_web_page_are_audited(web: ServedApp) -> None:
    """The /tokens page makes and revokes through the same audited path (channel web)."""
    tom = web.sign_in(TOM)
    page = tom.http.post(
        "/tokens",
        data={"name": "from the page", "scopes": "read", "expires_in_days": "30", "csrf_token": tom.csrf},
        headers={"X-CSRF-Token": tom.csrf},
    )
    assert page.status_code == 200, page.text
    [issued] = web.workspace.audit.records(event="token.issued")
    assert (issued.actor, issued.channel) == (TOM, "web")
    assert isinstance(issued.after, dict)
    token_id = issued.after["token_id"]
    tom.http.post(
        f"/tokens/{token_id}/revoke", data={"csrf_token": tom.csrf}, headers={"X-CSRF-Token": tom.csrf}
    )
    [gone] = web.workspace.audit.records(event="token.revoked")
    assert (gone.actor, gone.channel) == (TOM, "web")


def test_a_token_pasted_into_a_name_is_refused(web: ServedApp) -> None:
    """A live token pasted as another token's name would put it in the audit log: refused, nothing made."""
    tom = web.sign_in(TOM)
    token = tom.post("/api/v1/tokens", json={"name": "x", "scopes": ["read"]}).json()["token"]
    answer = tom.post("/api/v1/tokens", json={"name": f"copy of {token}", "scopes": ["read"]})
    assert answer.status_code == 422, answer.text
    assert token not in answer.text
    assert len(tom.get("/api/v1/tokens").json()) == 1
