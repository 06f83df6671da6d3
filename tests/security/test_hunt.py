"""Attacks found by hunting past the issue's list, each a reproduction: the approval channel (approving
after a cancel or a denial, approving twice, confirming twice, approving one's own request as an owner,
one approver's verdict carrying another approver's step), request id guessing, and switching tenant
through the API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import Person, ServedApp, served_app

SEND_AS = {"action": "send_as", "change": "grant", "params": {"mailbox": "support@acme.com", "trustee": "me"}}
JOIN_ENGINEERING = {
    "action": "distribution_list_membership",
    "change": "add",
    "params": {"group": "engineering@acme.com", "member": "me"},
}


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def ask(person: Person, *steps: dict[str, Any], confirm: bool = True) -> dict[str, Any]:
    answer = person.post("/api/v1/requests", params={"confirm": confirm}, json={"steps": list(steps)})
    assert answer.status_code == 201, answer.text
    request: dict[str, Any] = answer.json()["request"]
    return request


def journal(web: ServedApp) -> int:
    return len(web.emulator.state.data.journal)


def test_no_approval_after_a_cancel_or_a_denial_and_no_second_approval(web: ServedApp) -> None:
    """Cancelled, denied and already-approved requests refuse a (further) approval; nothing runs."""
    tom, sarah = web.sign_in("tom.becker@acme.com"), web.sign_in("sarah@acme.com")
    before = journal(web)
    cancelled = ask(tom, SEND_AS)["request_id"]
    assert tom.post(f"/api/v1/requests/{cancelled}/cancel").status_code == 200
    for channel in (f"/api/v1/approvals/{cancelled}/approve", f"/requests/{cancelled}/approve"):
        answer = sarah.post(channel, json={"justification": "late"}, data=None)
        assert answer.status_code in (403, 409), (channel, answer.status_code, answer.text)
    denied = ask(tom, SEND_AS)["request_id"]
    assert sarah.post(f"/api/v1/approvals/{denied}/deny", json={"justification": "no"}).status_code == 200
    answer = sarah.post(f"/api/v1/approvals/{denied}/approve", json={"justification": "changed my mind"})
    assert answer.status_code == 409, answer.text
    assert tom.get(f"/api/v1/requests/{cancelled}").json()["state"] == "cancelled"
    assert tom.get(f"/api/v1/requests/{denied}").json()["state"] == "denied"
    assert journal(web) == before
    approved = ask(tom, SEND_AS)["request_id"]
    assert sarah.post(f"/api/v1/approvals/{approved}/approve", json={}).json()["state"] == "completed"
    ran = journal(web)
    assert sarah.post(f"/api/v1/approvals/{approved}/approve", json={}).status_code == 409
    assert tom.post(f"/api/v1/requests/{approved}/confirm").status_code == 409
    assert journal(web) == ran


def test_a_confirmation_replayed_runs_nothing_twice(web: ServedApp) -> None:
    """Grace's allowed change runs on her confirmation; the same confirmation sent again is refused."""
    grace = web.sign_in("grace.hopper@acme.com")
    step = {
        "action": "distribution_list_membership",
        "change": "add",
        "params": {"group": "engineering@acme.com", "member": "tom.becker@acme.com"},
    }
    request = ask(grace, step, confirm=False)["request_id"]
    assert grace.post(f"/api/v1/requests/{request}/confirm").json()["state"] == "completed"
    ran = journal(web)
    for _ in range(3):
        assert grace.post(f"/api/v1/requests/{request}/confirm").status_code == 409
    assert journal(web) == ran


def test_an_owner_does_not_approve_their_own_request_on_any_channel(web: ServedApp) -> None:
    """Sarah owns Support; when she asks for Send As on it herself, she is not among its approvers, and
    neither the API nor the page nor an approve-scope token lets her approve it."""
    sarah = web.sign_in("sarah@acme.com")
    request = ask(sarah, SEND_AS)
    assert "sarah@acme.com" not in request["steps"][0]["decision"].get("approvers", [])
    rid = request["request_id"]
    token = sarah.post("/api/v1/tokens", json={"name": "t", "scopes": ["read", "approve"]}).json()["token"]
    with web.client() as http:
        by_token = http.post(
            f"/api/v1/approvals/{rid}/approve", headers={"Authorization": f"Bearer {token}"}, json={}
        )
    answers = [
        sarah.post(f"/api/v1/approvals/{rid}/approve", json={}),
        sarah.post(f"/requests/{rid}/approve"),
        by_token,
    ]
    assert [a.status_code for a in answers] == [403, 403, 403], [a.text[:200] for a in answers]
    assert sarah.get(f"/api/v1/requests/{rid}").json()["state"] == "pending_approval"


def test_one_approvers_verdict_does_not_carry_another_approvers_step(web: ServedApp) -> None:
    """Tom asks for Send As on Support (Sarah approves) and to join Engineering (David approves). Sarah's
    approval alone runs nothing: Engineering still waits for David."""
    tom, sarah = web.sign_in("tom.becker@acme.com"), web.sign_in("sarah@acme.com")
    request = ask(tom, SEND_AS, JOIN_ENGINEERING)
    approvers = [s["decision"].get("approvers") for s in request["steps"]]
    assert approvers == [["sarah@acme.com"], ["david.chen@acme.com"]], approvers
    before = journal(web)
    after = sarah.post(f"/api/v1/approvals/{request['request_id']}/approve", json={}).json()
    assert after["state"] == "pending_approval"
    assert journal(web) == before


def test_request_ids_cannot_be_guessed_by_prefix(web: ServedApp) -> None:
    """Short prefixes, wildcards and another person's prefix all answer the same 'not found'."""
    tom, john = web.sign_in("tom.becker@acme.com"), web.sign_in("john@acme.com")
    rid = ask(tom, SEND_AS)["request_id"]
    answers = {
        probe: john.get(f"/api/v1/requests/{probe}")
        for probe in (rid[:1], rid[:3], rid[:8], rid, "%", "_" * 8, rid[:7] + "%", "*")
    }
    for probe, answer in answers.items():
        assert answer.status_code == 404, (probe, answer.status_code)
        assert answer.json()["type"] == "urn:mailwarden:problem:request-not-found", probe
        assert rid not in answer.text or probe == rid


def test_the_api_serves_only_its_own_tenant_whatever_the_request_says(web: ServedApp) -> None:
    """A tenant named in a query, a header or a body does not move a request to another tenant."""
    grace = web.sign_in("grace.hopper@acme.com")
    answer = grace.http.post(
        "/api/v1/requests",
        params={"tenant": "globex"},
        headers={"X-Tenant": "globex", "X-CSRF-Token": grace.csrf},
        json={"steps": [SEND_AS], "tenant": "globex"},
    )
    assert answer.status_code == 422  # 'tenant' is not a field of a request: refused, not ignored
    answer = grace.post("/api/v1/requests", params={"tenant": "globex"}, json={"steps": [SEND_AS]})
    assert answer.status_code == 201
    assert answer.json()["request"]["tenant"] == "demo"
