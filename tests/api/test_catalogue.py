"""The catalogue: what an employee may ask for, decided by the tenant's policy, with who approves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app


def _offers(web: ServedApp, address: str) -> dict[str, dict[str, Any]]:
    answer = web.sign_in(address).get("/api/v1/catalogue")
    assert answer.status_code == 200, answer.text
    return {o["address"]: o for o in answer.json()}


def test_the_catalogue_is_what_policy_lets_the_employee_ask_for(web: ServedApp) -> None:
    """Tom may ask for Sales (Priya approves) and join Marketing without approval; HR and Finance are
    sensitive (the policy denies employees), so they are not offered."""
    offers = _offers(web, "tom.becker@acme.com")
    sales = offers["sales@acme.com"]
    assert sales["kind"] == "shared_mailbox"
    assert sales["approval"] == "required"
    assert [(p["name"], p["address"]) for p in sales["approvers"]] == [
        ("Priya Patel", "priya.patel@acme.com")
    ]
    assert sales["request"] == {
        "action": "mailbox_delegation",
        "change": "grant",
        "params": {"mailbox": "sales@acme.com", "trustee": "tom.becker@acme.com"},
    }
    assert offers["marketing@acme.com"]["approval"] == "none"
    assert "hr@acme.com" not in offers
    assert "finance@acme.com" not in offers
    # The step it names is the one the policy decided: filing it waits for the same approver.
    tom = web.sign_in("tom.becker@acme.com")
    filed = tom.post("/api/v1/requests", params={"confirm": True}, json={"steps": [sales["request"]]})
    assert filed.status_code == 201, filed.text
    assert filed.json()["request"]["state"] == "pending_approval"


def test_the_catalogue_follows_the_policy_not_a_list(web: ServedApp) -> None:
    """With a policy that forbids every write, nothing is requestable, so nothing is offered."""
    runtime = web.app.state.runtime
    store = runtime.workspace.policies
    forbid = (
        '\n@id("no-writes")\n@reason("Changes are frozen.")\n'
        'forbid(principal, action in Action::"write", resource);\n'
    )
    store.set(runtime.tenant_key, store.text(runtime.tenant_key) + forbid)
    assert _offers(web, "tom.becker@acme.com") == {}


def test_hidden_recipients_never_appear(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    """Info and Project Atlas are hidden from address lists: not offered, by any field, even to their
    own owner."""
    for address in ("info@acme.com", "project-atlas@acme.com"):
        hidden = tenant.by_address(address)
        assert hidden is not None
        hidden.hidden_from_address_lists = True
    with served_app(emulator, tmp_path / "home") as web:
        for person in ("tom.becker@acme.com", "olivia.martin@acme.com"):
            answer = web.sign_in(person).get("/api/v1/catalogue")
            assert "info@" not in answer.text
            assert "project-atlas@" not in answer.text
            assert "Project Atlas" not in answer.text


def test_the_page_and_the_cli_show_the_same(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    page = tom.get("/catalogue").text
    assert "What you may ask for" in page
    assert "Support" in page
    assert "approved by Sarah Connor" in page
    assert "hr@acme.com" not in page
    assert ">Ask for it<" in page
