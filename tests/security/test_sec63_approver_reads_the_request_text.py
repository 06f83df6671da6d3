"""sec63: an approver of some of a request's steps does not read the requester's own words.

Since red team 58 F4 an approver sees the steps they decide in full and the others in outline, but the
request's text, which names every step's target, was still shown to them: David, who decides Sarah's joining
Contractors, read that she also asked to take Chris Lee off support@'s Send As. The text is now shown to the
requester, admins and an approver of every step; anyone else reads that it is withheld, and the
justification, which is what they need to decide. The API, the request page and the approvals inbox alike
(the mail: tests/notifications)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import TEXT_WITHHELD
from mailwarden.testing import RunningEmulator
from tests.api.served import Person, ServedApp, served_app

ASKED = "Take Chris Lee off the support@ Send As and put me on Contractors"
WHY = "Contract work from Monday."
SUPPORT_STEP = {
    "action": "send_as",
    "change": "revoke",
    "params": {"mailbox": "support@acme.com", "trustee": "Chris Lee"},
}
CONTRACTORS_STEP = {
    "action": "distribution_list_membership",
    "change": "add",
    "params": {"group": "contractors@acme.com", "member": "me"},
}


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def _ask(web: ServedApp, text: str, *steps: dict[str, Any]) -> str:
    sarah = web.sign_in("sarah@acme.com")
    body = {"steps": list(steps), "text": text, "justification": WHY}
    asked = sarah.post("/api/v1/requests", params={"confirm": True}, json=body)
    assert asked.status_code == 201, asked.text
    request = asked.json()["request"]
    assert request["waiting_on"] == ["david.chen@acme.com"], request
    return str(request["request_id"])


def _everywhere(person: Person, request_id: str) -> dict[str, str]:
    """What `person` reads of the request: its API answer, the lists, its page and the approvals inbox."""
    answers = {
        "api": person.get(f"/api/v1/requests/{request_id}"),
        "api list": person.get("/api/v1/requests"),
        "api approvals": person.get("/api/v1/approvals"),
        "page": person.get(f"/requests/{request_id}"),
        "inbox": person.get("/approvals"),
    }
    for name, answer in answers.items():
        assert answer.status_code == 200, (name, answer.text[:300])
    return {name: html.unescape(answer.text) for name, answer in answers.items()}


def test_the_approver_of_some_steps_reads_the_justification_not_the_text(web: ServedApp) -> None:
    request_id = _ask(web, ASKED, SUPPORT_STEP, CONTRACTORS_STEP)
    david = web.sign_in("david.chen@acme.com")
    for name, text in _everywhere(david, request_id).items():
        assert ASKED not in text, name
        assert "Chris Lee" not in text, name
        assert WHY in text, name
        assert TEXT_WITHHELD in text, name
    shown = david.get(f"/api/v1/requests/{request_id}").json()
    assert (shown["text"], shown["justification"]) == (TEXT_WITHHELD, WHY)
    approved = david.post(f"/api/v1/approvals/{request_id}/approve", json={})
    assert approved.status_code == 200, approved.text
    assert approved.json()["text"] == TEXT_WITHHELD


def test_the_approver_of_every_step_reads_the_text(web: ServedApp) -> None:
    asked = "Put me on Contractors for the audit"
    request_id = _ask(web, asked, CONTRACTORS_STEP)
    david = web.sign_in("david.chen@acme.com")
    for name, text in _everywhere(david, request_id).items():
        assert asked in text, name
        assert TEXT_WITHHELD not in text, name


def test_the_requester_and_an_admin_read_the_text(web: ServedApp) -> None:
    request_id = _ask(web, ASKED, SUPPORT_STEP, CONTRACTORS_STEP)
    for who in ("sarah@acme.com", "grace.hopper@acme.com"):
        person = web.sign_in(who)
        shown = person.get(f"/api/v1/requests/{request_id}")
        assert shown.status_code == 200, shown.text
        assert shown.json()["text"] == ASKED
        page = person.get(f"/requests/{request_id}")
        assert ASKED in html.unescape(page.text)
