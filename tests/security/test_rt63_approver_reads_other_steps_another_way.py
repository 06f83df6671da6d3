"""Red team 63: an approver of only some of a request's steps reads what the others ask another way than its
text (sec63 withholds the text; RT58 F4 outlines the other steps).

F1: the approver undoes the finished request; the undo is a new request of theirs, planned from every step
of the original, so its steps name the other steps' targets in full.
F2: another approver's comment (the justification of their approval) is shown to them whole.
F5: the CLI's `requests show/list` show them the request whole.
Each test asserts the behaviour that should hold and is a strict xfail while the bad one is present."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import COMMENT_WITHHELD
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.live_policy import OTHER_STEP_STOPPED
from tests.api.served import ServedApp, served_app
from tests.cli.conftest import Cli
from tests.security.test_sec63_approver_reads_the_request_text import (
    ASKED,
    CONTRACTORS_STEP,
    SUPPORT_STEP,
    WHY,
    _ask,
)


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def test_an_approver_of_one_step_does_not_learn_the_others_by_undoing_the_request(web: ServedApp) -> None:
    request_id = _ask(web, ASKED, SUPPORT_STEP, CONTRACTORS_STEP)
    david = web.sign_in("david.chen@acme.com")
    approved = david.post(f"/api/v1/approvals/{request_id}/approve", json={})
    assert approved.status_code == 200, approved.text
    assert approved.json()["state"] == "completed", approved.json()["state"]
    assert "chris" not in approved.text.lower()  # what sec63 and RT58 F4 hold

    undone = david.post(f"/api/v1/requests/{request_id}/undo")
    # Not his request: refused as retry is; and whatever answers names neither Chris nor support@.
    assert undone.status_code in (403, 404), undone.text
    assert "chris" not in undone.text.lower()
    assert "support@" not in undone.text.lower()


def test_another_approvers_comment_is_not_shown_to_an_approver_of_other_steps(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    steps = [
        {"action": "send_as", "change": "grant", "params": {"mailbox": "support@acme.com", "trustee": "me"}},
        CONTRACTORS_STEP,
    ]
    body = {"steps": steps, "text": "Send as support@, and Contractors", "justification": WHY}
    asked = tom.post("/api/v1/requests", params={"confirm": True}, json=body)
    assert asked.status_code == 201, asked.text
    request = asked.json()["request"]
    assert request["waiting_on"] == ["sarah@acme.com", "david.chen@acme.com"], request
    sarah = web.sign_in("sarah@acme.com")
    comment = "Tom may send as support@acme.com while Chris is away"
    said = sarah.post(f"/api/v1/approvals/{request['request_id']}/approve", json={"justification": comment})
    assert said.status_code == 200, said.text

    david = web.sign_in("david.chen@acme.com")
    shown = david.get(f"/api/v1/requests/{request['request_id']}")
    page = david.get(f"/requests/{request['request_id']}")
    assert shown.json()["text"] != body["text"]  # withheld, as sec63 holds
    for answer in (shown, page):
        assert answer.status_code == 200, answer.text
        assert "support@" not in html.unescape(answer.text), answer.url
    # He is shown that Sarah approved with a comment, not its words; she and Tom read it.
    assert [(a["approver"], a["justification"]) for a in shown.json()["approvals"]] == [
        ("sarah@acme.com", COMMENT_WITHHELD)
    ]
    for reader in (sarah, tom):
        own = reader.get(f"/api/v1/requests/{request['request_id']}").json()
        assert [a["justification"] for a in own["approvals"]] == [comment]
    approved = david.post(f"/api/v1/approvals/{request['request_id']}/approve", json={"justification": "ok"})
    assert approved.status_code == 200, approved.text
    assert "support@" not in approved.text
    assert [a["justification"] for a in approved.json()["approvals"]] == [COMMENT_WITHHELD, "ok"]


def test_the_cli_shows_an_approver_of_one_step_what_the_web_shows_them(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    code, out, err = cli("ask", ASKED, "--yes", "--as", "sarah@acme.com")
    assert code == 0, out + err
    listed = cli.json("requests", "list", "--as", "david.chen@acme.com")
    assert isinstance(listed, list)
    assert len(listed) == 1, listed
    shown = cli.json("requests", "show", str(listed[0]["request_id"]), "--as", "david.chen@acme.com")
    assert isinstance(shown, dict)
    assert shown["text"] != ASKED
    assert "chris" not in str(shown).lower()


def test_a_stopped_approval_does_not_tell_the_approver_what_another_step_changes(
    web: ServedApp, tenant: TenantState
) -> None:
    request_id = _ask(web, ASKED, SUPPORT_STEP, CONTRACTORS_STEP)
    support = tenant.by_address("support@acme.com")
    assert support is not None
    tenant.remove_recipient(support.id)  # step 1 can no longer be decided as it was
    david = web.sign_in("david.chen@acme.com")
    refused = david.post(f"/api/v1/approvals/{request_id}/approve", json={})
    assert refused.status_code == 403, refused.text
    assert "was stopped" in refused.json()["detail"]
    assert "support@" not in refused.text
    assert OTHER_STEP_STOPPED in refused.json()["detail"]  # told that another step stopped it, not how
