"""Object-level authorization: each role against each other role's objects (404 for what one may not see,
403 for what one may see but not do), whatever the route."""

from __future__ import annotations

import pytest

from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp


@pytest.fixture
def pending(web: ServedApp) -> str:
    """Tom asked for Send As on support@ and confirmed: it waits for Sarah, the mailbox's owner."""
    tom = web.sign_in("tom.becker@acme.com")
    request = ask_send_as(tom, confirm=True)
    assert request["state"] == "pending_approval"
    return str(request["request_id"])


def test_another_employee_gets_404_for_every_route_on_someone_elses_request(
    web: ServedApp, pending: str
) -> None:
    """John is neither requester nor approver: the request does not exist for him, on any route."""
    john = web.sign_in("john@acme.com")
    base = f"/api/v1/requests/{pending}"
    assert john.get(base).status_code == 404
    assert john.get(f"/requests/{pending}").status_code == 404  # the page too
    for url in (f"{base}/confirm", f"{base}/cancel", f"{base}/undo"):
        assert john.post(url).status_code == 404, url
    for verdict in ("approve", "deny"):
        answer = john.post(f"/api/v1/approvals/{pending}/{verdict}", json={"justification": "no"})
        assert answer.status_code == 404
    listed = john.get("/api/v1/requests").json()["items"]
    assert pending not in [r["request_id"] for r in listed]
    assert john.get("/api/v1/approvals").json()["items"] == []


def test_a_short_id_prefix_does_not_reveal_someone_elses_request(web: ServedApp, pending: str) -> None:
    """The first characters of an id work for one's own request and are 'not found' for another's."""
    john = web.sign_in("john@acme.com")
    answer = john.get(f"/api/v1/requests/{pending[:8]}")
    assert answer.status_code == 404
    assert answer.json()["type"] == "urn:mailwarden:problem:request-not-found"
    tom = web.sign_in("tom.becker@acme.com")
    assert tom.get(f"/api/v1/requests/{pending[:8]}").json()["request_id"] == pending


def test_approver_sees_the_request_but_cannot_confirm_or_undo_it(web: ServedApp, pending: str) -> None:
    """Sarah approves Tom's request; she sees it, but confirming it, and undoing it once it ran, are Tom's
    (or an admin's) alone (403): an undo would be a request of hers planned from all of Tom's."""
    sarah = web.sign_in("sarah@acme.com")
    assert sarah.get(f"/api/v1/requests/{pending}").status_code == 200
    assert [r["request_id"] for r in sarah.get("/api/v1/approvals").json()["items"]] == [pending]
    answer = sarah.post(f"/api/v1/requests/{pending}/confirm")
    assert answer.status_code == 403
    assert "Only the requester" in answer.json()["detail"]
    assert sarah.post(f"/api/v1/approvals/{pending}/approve", json={}).json()["state"] == "completed"
    for undo in (sarah.post(f"/api/v1/requests/{pending}/undo"), sarah.post(f"/requests/{pending}/undo")):
        assert undo.status_code == 403, undo.text
        assert "Only the requester" in undo.text
    assert [r["kind"] for r in sarah.get("/api/v1/requests").json()["items"]] == ["change"]


def test_requester_cannot_approve_their_own_request(web: ServedApp, pending: str) -> None:
    """Tom cannot approve what he asked for, even though he sees it."""
    tom = web.sign_in("tom.becker@acme.com")
    answer = tom.post(f"/api/v1/approvals/{pending}/approve", json={"justification": "me"})
    assert answer.status_code == 403
    assert tom.get(f"/api/v1/requests/{pending}").json()["state"] == "pending_approval"


def test_admin_sees_every_request_but_approves_only_where_named(web: ServedApp, pending: str) -> None:
    """Grace sees Tom's request; approving it is for its named approver (Sarah), so 403."""
    grace = web.sign_in("grace.hopper@acme.com")
    assert grace.get(f"/api/v1/requests/{pending}").status_code == 200
    answer = grace.post(f"/api/v1/approvals/{pending}/approve", json={"justification": "admin"})
    assert answer.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/audit",
        "/api/v1/audit/verify",
        "/api/v1/audit/export",
        "/api/v1/policy",
        "/api/v1/tenants",
        "/api/v1/tenants/demo/health",
        "/audit",
        "/tenant",
    ],
)
def test_employees_get_403_on_admin_routes(web: ServedApp, url: str) -> None:
    """Audit, policy and tenant routes are the admins'; an employee is refused, an admin is served."""
    assert web.sign_in("tom.becker@acme.com").get(url).status_code == 403
    assert web.sign_in("grace.hopper@acme.com").get(url).status_code == 200


def test_employee_cannot_view_a_mailbox_that_is_not_theirs(web: ServedApp) -> None:
    """John may not read who has access to HR's mailbox; he may read his own."""
    john = web.sign_in("john@acme.com")
    assert john.get("/api/v1/views/permissions", params={"mailbox": "hr@acme.com"}).status_code == 403
    assert john.get("/api/v1/views/permissions", params={"mailbox": "john@acme.com"}).status_code == 200


def test_employee_cannot_revoke_someone_elses_api_token(web: ServedApp) -> None:
    """John cannot even find Tom's token; Grace (admin) can revoke it."""
    tom = web.sign_in("tom.becker@acme.com")
    token = tom.post("/api/v1/tokens", json={"name": "mine", "scopes": ["read"]}).json()
    john = web.sign_in("john@acme.com")
    assert (
        john.http.delete(
            f"/api/v1/tokens/{token['token_id']}", headers={"X-CSRF-Token": john.csrf}
        ).status_code
        == 404
    )
    assert token["token_id"] not in [t["token_id"] for t in john.get("/api/v1/tokens").json()]
    grace = web.sign_in("grace.hopper@acme.com")
    assert (
        grace.http.delete(
            f"/api/v1/tokens/{token['token_id']}", headers={"X-CSRF-Token": grace.csrf}
        ).status_code
        == 204
    )


def test_employee_cannot_ask_for_a_change_on_someone_else(web: ServedApp) -> None:
    """Tom asking Send As on support@ for John is denied by policy: stored as denied, never run."""
    tom = web.sign_in("tom.becker@acme.com")
    request = ask_send_as(tom, trustee="john@acme.com")
    assert request["state"] == "denied"
    assert request["steps"][0]["decision"]["outcome"] == "denied"
