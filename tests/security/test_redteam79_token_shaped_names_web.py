"""Red team 79 F1 through the REST API: a token-shaped group name made the admin's revoke of the group's
access a 500 (mailwarden could not take it back at all), and an approved request naming the group stay
`executing` for good after a 500 to its approver. F2: the request that 500 left stored ran unaudited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app

TOKEN_SHAPED = " eyJhbGciOiJIUzI1NiJ9.eyJ0ZWFtIjoiZmluIn0.x"
PHOENIX = "project-phoenix@acme.com"


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def _name(web: ServedApp, tenant: TenantState, address: str, name: str | None = None) -> None:
    """The group's owner names it (by default: its name and a token-shaped part); an admin discovers."""
    with tenant.transaction():
        group = tenant.find(address)
        assert group is not None
        group.display_name = name if name is not None else group.display_name + TOKEN_SHAPED
        tenant.reindex()
        tenant.mark_dirty()
    grace = web.sign_in("grace.hopper@acme.com")
    assert grace.post("/api/v1/tenants/demo/discover").status_code == 200


def _asked(client: Any, state: str, action: str, change: str, **params: str) -> str:
    """A request of one step, filed and confirmed through the API; its id, once it is in `state`."""
    step = {"action": action, "change": change, "params": params}
    asked = client.post("/api/v1/requests", params={"confirm": True}, json={"steps": [step]})
    assert asked.status_code == 201, f"{action} {change}: {asked.status_code} {asked.text[:200]}"
    assert asked.json()["request"]["state"] == state
    return str(asked.json()["request"]["request_id"])


def test_an_admin_can_still_take_a_renamed_groups_access_away(web: ServedApp, tenant: TenantState) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    delegation = {"mailbox": "support@acme.com", "trustee": "finance-team@acme.com"}
    _asked(grace, "completed", "mailbox_delegation", "grant", **delegation)
    _name(web, tenant, "finance-team@acme.com")
    _asked(grace, "completed", "mailbox_delegation", "revoke", **delegation)


def test_an_approved_request_is_not_left_executing(web: ServedApp, tenant: TenantState) -> None:
    liam = web.sign_in("liam.brown@acme.com")
    join = {"group": "contractors@acme.com", "member": "me"}
    request_id = _asked(liam, "pending_approval", "distribution_list_membership", "add", **join)
    _name(web, tenant, "contractors@acme.com")
    david = web.sign_in("david.chen@acme.com")
    approved = david.post(f"/api/v1/approvals/{request_id}/approve", json={})
    state = web.workspace.requests.get("demo", request_id).state.value
    assert approved.status_code == 200, (
        f"approval answered {approved.status_code}; the request is left {state!r}"
    )
    assert state == "completed"


def test_no_request_runs_without_its_submission_in_the_audit_log(web: ServedApp, tenant: TenantState) -> None:
    """Liam asks to join Project Phoenix while its name holds a token-shaped part, the name is put back, and
    he confirms what he asked: the log says who asked for it, and for what, before it ran."""
    _name(web, tenant, PHOENIX)
    liam = web.sign_in("liam.brown@acme.com")
    steps = [
        {
            "action": "distribution_list_membership",
            "change": "add",
            "params": {"group": PHOENIX, "member": "me"},
        }
    ]
    asked = liam.post("/api/v1/requests", json={"steps": steps})
    liam = web.sign_in("liam.brown@acme.com")  # a 500 ends the connection
    stored = liam.get("/api/v1/requests", params={"mine": True}).json()["items"]
    _name(web, tenant, PHOENIX, "Project Phoenix")
    for view in stored:
        confirmed = liam.post(f"/api/v1/requests/{view['request_id']}/confirm")
        assert confirmed.status_code == 200, confirmed.text
    log = web.workspace.audit
    assert log.verify().ok
    submitted = {r.request_id for r in log.records(tenant="demo", event="request.submitted")}
    ran = {r.request_id for r in log.records(tenant="demo", event="step.applied")}
    assert asked.status_code == 201, asked.text
    assert ran, "nothing ran"
    assert ran <= submitted, f"requests run with no submission record: {ran - submitted}"
