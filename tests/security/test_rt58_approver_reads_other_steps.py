"""Red team 58 F4: the approver of one step of a request reads every step, previews included.

`workflow/redact.py` stores a step's preview unredacted when the requester may view what it changes, "since
approvers and admins can open the resource's views themselves". An approver of *another* step of the same
request cannot: David, who owns the Contractors list, approves Sarah's joining it, and through the request
(its API answer and its page) reads what Sarah, owner of support@, changes on support@: who holds Send As
there, which GET /api/v1/views/send-as?mailbox=support@acme.com refuses him. Now an approver is shown the
steps they decide in full, and of the others only that they exist, what kind they are and who decides them;
the requester and admins see every step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def _ask_mixed(web: ServedApp) -> dict[str, Any]:
    """Sarah asks two steps: one she may do on support@, one waiting on David (Contractors' owner)."""
    sarah = web.sign_in("sarah@acme.com")
    steps = [
        {
            "action": "send_as",
            "change": "revoke",
            "params": {"mailbox": "support@acme.com", "trustee": "Chris Lee"},
        },
        {
            "action": "distribution_list_membership",
            "change": "add",
            "params": {"group": "contractors@acme.com", "member": "me"},
        },
    ]
    asked = sarah.post("/api/v1/requests", params={"confirm": True}, json={"steps": steps})
    assert asked.status_code == 201, asked.text
    request = asked.json()["request"]
    assert request["state"] == "pending_approval", request
    assert request["waiting_on"] == ["david.chen@acme.com"], request
    return dict(request)


def test_the_approver_of_one_step_does_not_read_what_another_step_changes(web: ServedApp) -> None:
    request = _ask_mixed(web)
    david = web.sign_in("david.chen@acme.com")
    refused = david.get("/api/v1/views/send-as", params={"mailbox": "support@acme.com"})
    assert refused.status_code == 403, refused.text
    shown = david.get(f"/api/v1/requests/{request['request_id']}")
    assert shown.status_code == 200, shown.text
    page = david.get(f"/requests/{request['request_id']}")
    assert page.status_code == 200
    # Who holds Send As on support@ is not his to read, through the request either (a step revoking it
    # from someone says they hold it, by name or by address).
    for text in (shown.text.lower(), page.text.lower()):
        assert "chris lee" not in text
        assert "chris.lee@" not in text
    # His own step he reads in full, and that there is another one, decided without him.
    steps = shown.json()["steps"]
    assert [s["step"]["action"] for s in steps] == ["send_as", "distribution_list_membership"]
    assert steps[1]["step"]["group"] == "contractors@acme.com", steps[1]
    assert steps[1]["preview"]["summary"]
    assert "support@" not in str(steps[0])
    # What his approval answers is the request as he may see it, too.
    approved = david.post(f"/api/v1/approvals/{request['request_id']}/approve", json={})
    assert approved.status_code == 200, approved.text
    assert "chris" not in approved.text.lower()


def test_the_requester_and_an_admin_see_every_step(web: ServedApp) -> None:
    request = _ask_mixed(web)
    for who in ("sarah@acme.com", "grace.hopper@acme.com"):
        shown = web.sign_in(who).get(f"/api/v1/requests/{request['request_id']}")
        assert shown.status_code == 200, shown.text
        assert "chris.lee@acme.com" in shown.text
        assert "support@acme.com" in shown.text
