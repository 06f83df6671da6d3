"""Hole 5: a plan, a preview, an error or a stored request never shows a person what they may not read.

As an employee, Sarah may not view careers@ (which forwards to Maria Garcia) nor hr@ (where Maria holds
Full Access). Asking to change either must not tell her where careers@ forwards, or who holds Full Access
on hr@ — through the plan JSON, `do`, the REST API, the pages or the stored request and its audit.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app
from tests.cli.conftest import Cli


@pytest.fixture
def mw(tmp_path: Path) -> Cli:
    """The `mailwarden` CLI on a fresh home, against its embedded demo tenant."""
    return Cli(tmp_path / "home")


@pytest.fixture
def app(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    """The web app and REST API on a fresh workspace; the tenant is restored to the seed afterwards."""
    with served_app(emulator, tmp_path / "home") as served:
        yield served


EMPLOYEE = "sarah@acme.com"
ADMIN = "grace.hopper@acme.com"
STOP_FORWARDING = "stop forwarding careers@acme.com"
CLEAR_CAREERS = {
    "action": "email_forwarding_internal",
    "change": "clear",
    "params": {"mailbox": "careers@acme.com"},
}


def _revoke_on_hr(trustee: str) -> dict[str, Any]:
    return {
        "action": "mailbox_delegation",
        "change": "revoke",
        "params": {"mailbox": "hr@acme.com", "trustee": trustee},
    }


def _no_maria(text: str) -> None:
    assert "maria" not in text.lower(), text


def _hidden(preview: dict[str, Any]) -> None:
    """A redacted preview: no before-state, no after-state, nothing said about who holds what."""
    assert preview.get("before") is None
    assert preview.get("after") is None
    assert preview.get("redacted") is True
    assert "may not view" in preview["summary"]


# ---- the CLI -------------------------------------------------------------------------------------------


def test_plan_json_does_not_say_where_someone_elses_mailbox_forwards(mw: Cli) -> None:
    """`plan --json` as an employee: careers@'s forwarding target appears nowhere."""
    code, out, err = mw("plan", STOP_FORWARDING, "--as", EMPLOYEE, "--json")
    assert code == 0, err
    _no_maria(out + err)
    plan = json.loads(out)
    assert plan["status"] == "rejected"
    assert "may not view careers@acme.com" in plan["steps"][0]["preview"]["summary"]
    assert plan["steps"][0]["decision"]["outcome"] == "denied"


def test_an_admin_still_sees_the_full_preview(mw: Cli) -> None:
    """The rule is the views' rule: an admin may view careers@, so its preview says where it forwards."""
    plan = mw.json("plan", STOP_FORWARDING, "--as", ADMIN)
    assert isinstance(plan, dict)
    assert "Maria Garcia" in plan["steps"][0]["preview"]["summary"]


def test_do_does_not_show_where_someone_elses_mailbox_forwards(mw: Cli) -> None:
    """`do` (people's output and --json, including the stored request) names no forwarding target."""
    code, out, err = mw(
        "do", "email_forwarding_internal", "clear", "--mailbox", "careers@acme.com", "--as", EMPLOYEE, "--yes"
    )
    assert code == 1
    _no_maria(out + err)
    code, out, err = mw(
        "do",
        "email_forwarding_internal",
        "clear",
        "--mailbox",
        "careers@acme.com",
        "--as",
        EMPLOYEE,
        "--yes",
        "--json",
    )
    _no_maria(out + err)
    request = json.loads(out)
    assert request["state"] == "denied"
    _hidden(request["steps"][0]["preview"])


def test_a_denied_revoke_does_not_show_who_holds_full_access(mw: Cli) -> None:
    """Revoking Maria (who holds Full Access on hr@) and Tom (who does not) look the same to Sarah."""
    previews = []
    for trustee in ("maria.garcia@acme.com", "tom.becker@acme.com"):
        code, out, _ = mw(
            "do",
            "mailbox_delegation",
            "revoke",
            "--mailbox",
            "hr@acme.com",
            "--trustee",
            trustee,
            "--as",
            EMPLOYEE,
            "--yes",
            "--json",
        )
        assert code == 1
        step = json.loads(out)["steps"][0]
        _hidden(step["preview"])
        previews.append(step["preview"])
        code, shown, _ = mw(
            "do",
            "mailbox_delegation",
            "revoke",
            "--mailbox",
            "hr@acme.com",
            "--trustee",
            trustee,
            "--as",
            EMPLOYEE,
            "--yes",
        )
        assert "full_access" not in shown
        assert "no longer have" not in shown
        assert "already has no" not in shown
    assert previews[0] == previews[1]


def test_the_audit_records_of_a_redacted_request_name_no_forwarding_target(mw: Cli) -> None:
    """What the request stored and audited is the redacted preview too."""
    _code, out, _ = mw(
        "do",
        "email_forwarding_internal",
        "clear",
        "--mailbox",
        "careers@acme.com",
        "--as",
        EMPLOYEE,
        "--yes",
        "--json",
    )
    request_id = json.loads(out)["request_id"]
    records = mw.json("audit", "list", "--request", request_id)
    assert records
    _no_maria(json.dumps(records))


def test_giving_up_ones_own_access_is_still_previewed_in_full(mw: Cli) -> None:
    """A step about the requester's own access reads only their own: it is previewed as usual."""
    _code, out, _ = mw(
        "do",
        "mailbox_delegation",
        "revoke",
        "--mailbox",
        "support@acme.com",
        "--trustee",
        "me",
        "--as",
        "tom.becker@acme.com",
        "--yes",
        "--json",
    )
    step = json.loads(out)["steps"][0]
    assert step["preview"]["before"] == {"full_access": True, "automapping": None}
    assert step["preview"]["redacted"] is False


# ---- the REST API and the pages ------------------------------------------------------------------------


def test_api_plan_does_not_say_where_someone_elses_mailbox_forwards(app: ServedApp) -> None:
    """POST /api/v1/plans, as text and as a structured step: no forwarding target."""
    sarah = app.sign_in(EMPLOYEE)
    for body in ({"text": STOP_FORWARDING}, {"steps": [CLEAR_CAREERS]}):
        answer = sarah.post("/api/v1/plans", json=body)
        assert answer.status_code == 200, answer.text
        _no_maria(answer.text)
        assert "may not view careers@acme.com" in answer.json()["steps"][0]["preview"]["summary"]


def test_api_request_and_its_page_do_not_show_who_holds_full_access(app: ServedApp) -> None:
    """POST /api/v1/requests, GET of the stored request and its page: no before-state on hr@."""
    sarah = app.sign_in(EMPLOYEE)
    asked = sarah.post("/api/v1/requests", json={"steps": [_revoke_on_hr("maria.garcia@acme.com")]})
    assert asked.status_code == 201, asked.text
    request = asked.json()["request"]
    assert request["state"] == "denied"
    _hidden(request["steps"][0]["preview"])
    stored = sarah.get(f"/api/v1/requests/{request['request_id']}").json()
    _hidden(stored["steps"][0]["preview"])
    page = sarah.get(f"/requests/{request['request_id']}").text
    assert "full_access" not in page
    assert "no longer have" not in page

    forwarding = sarah.post("/api/v1/requests", json={"steps": [CLEAR_CAREERS]})
    _no_maria(forwarding.text)
    _no_maria(sarah.get(f"/requests/{forwarding.json()['request']['request_id']}").text)


def test_ask_page_does_not_say_where_someone_elses_mailbox_forwards(app: ServedApp) -> None:
    """The plain-language form as an employee: careers@'s forwarding target appears nowhere."""
    sarah = app.sign_in(EMPLOYEE)
    page = sarah.http.post("/ask", data={"csrf_token": sarah.csrf, "text": STOP_FORWARDING})
    _no_maria(page.text)
