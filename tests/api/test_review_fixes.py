"""Holes an independent review found, each closed and kept closed: tokens at the pages, admins' targets in the
API, and a leaver's token after the account is disabled."""

from __future__ import annotations

from mailwarden.emulator.state import TenantState
from mailwarden.tenants.targets import update_targets
from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_read_token_cannot_approve_or_mint_tokens_through_the_pages(web: ServedApp) -> None:
    """The pages take a signed-in session only: a read token is sent to sign in, and nothing changes."""
    tom = web.sign_in("tom.becker@acme.com")
    request = ask_send_as(tom, confirm=True)
    sarah = web.sign_in("sarah@acme.com")
    token = sarah.post("/api/v1/tokens", json={"name": "read only", "scopes": ["read"]}).json()["token"]
    with web.client() as http:
        approved = http.post(f"/requests/{request['request_id']}/approve", headers=_bearer(token), data={})
        minted = http.post("/tokens", headers=_bearer(token), data={"name": "x", "scopes": "approve"})
    for refused in (approved, minted):  # the pages send a visitor without a session to sign in
        assert refused.status_code == 303
        assert refused.headers["location"].startswith("/signin")
    assert tom.get(f"/api/v1/requests/{request['request_id']}").json()["state"] == "pending_approval"


def test_the_api_honours_an_admins_sensitive_mark_and_owners(web: ServedApp) -> None:
    """hr@ marked sensitive: no self-service; support@'s owner set to Mike: he, not Sarah, approves."""
    directory = web.workspace.directory("demo")
    update_targets(
        web.workspace,
        "demo",
        directory,
        actor="grace.hopper@acme.com",
        sensitive=["hr@acme.com"],
        owners={"support@acme.com": ["mike.smith@acme.com"]},
    )
    tom = web.sign_in("tom.becker@acme.com")
    step = {"action": "send_as", "change": "grant", "params": {"mailbox": "hr@acme.com", "trustee": "me"}}
    plan = tom.post("/api/v1/plans", json={"steps": [step]}).json()
    assert plan["steps"][0]["decision"]["outcome"] == "denied"
    request = ask_send_as(tom)
    assert request["steps"][0]["decision"]["approvers"] == ["mike.smith@acme.com"]


def test_a_disabled_account_cannot_change_anything_with_its_token(
    web: ServedApp, tenant: TenantState
) -> None:
    """Disabled in the tenant after the app read the directory: the next write is refused and nothing runs."""
    tom = web.sign_in("tom.becker@acme.com")
    token = tom.post("/api/v1/tokens", json={"name": "w", "scopes": ["read", "write"]}).json()["token"]
    with tenant.transaction():
        person = tenant.find("tom.becker@acme.com")
        assert person is not None
        person.account_enabled = False
        tenant.mark_dirty()
    step = {
        "action": "distribution_list_membership",
        "change": "add",
        "params": {"group": "marketing@acme.com", "member": "me"},
    }
    with web.client() as http:
        refused = http.post(
            "/api/v1/requests", params={"confirm": True}, headers=_bearer(token), json={"steps": [step]}
        )
    assert refused.status_code == 401
    marketing = tenant.find("marketing@acme.com")
    assert marketing is not None
    assert person.id not in marketing.members
