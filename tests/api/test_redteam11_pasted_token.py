"""A verdict whose reason quotes a token (red team 11): an approver pastes a ticket that holds a JWT into
the justification. The audit log refuses secrets, so before the fix the approval was stored, its audit
record refused (a 500), and the request left waiting with an approval nobody can see in the log. Now the
verdict is refused before anything is written, with a message that says what to remove."""

from __future__ import annotations

import pytest

from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp

# The shape of an access token (header and payload are JSON, base64url): what a pasted ticket may hold.
_PASTED = (
    "Ticket #4411 says OK. Their log line: Authorization: Bearer "
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2ln"
)


@pytest.mark.parametrize("verdict", ["approve", "deny"])
def test_a_reason_holding_a_token_is_refused_and_nothing_is_half_done(web: ServedApp, verdict: str) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    request = ask_send_as(tom, confirm=True)
    assert request["state"] == "pending_approval"
    rid = request["request_id"]
    head = web.workspace.audit.head()
    sarah = web.sign_in("sarah@acme.com")
    answer = sarah.post(f"/api/v1/approvals/{rid}/{verdict}", json={"justification": _PASTED})
    assert answer.status_code == 422, answer.text
    assert "eyJhbGci" not in answer.text
    assert "token" in answer.json()["detail"]
    assert web.workspace.audit.head() == head
    # Nothing was recorded: the request still waits on Sarah, who can decide with a clean reason.
    again = sarah.post(f"/api/v1/approvals/{rid}/{verdict}", json={"justification": "ticket #4411"})
    assert again.status_code == 200, again.text
    assert again.json()["state"] != "pending_approval"
    assert web.workspace.audit.verify().ok


def test_a_new_list_named_with_a_token_is_refused_before_it_is_filed(web: ServedApp) -> None:
    """A step's own text (a new list's display name) goes into the 'request.submitted' record: a token there
    must not file a request the audit log then refuses (a 500 and a request with no record of who asked)."""
    tom = web.sign_in("tom.becker@acme.com")
    head = web.workspace.audit.head()
    step = {
        "action": "distribution_list_lifecycle",
        "change": "create",
        "params": {"group": "project-x@acme.com", "display_name": _PASTED},
    }
    answer = tom.post("/api/v1/requests", json={"steps": [step]})
    assert answer.status_code in (400, 422), answer.text
    assert "eyJhbGci" not in answer.text
    assert web.workspace.audit.head() == head
    assert tom.get("/api/v1/requests").json()["items"] == []
