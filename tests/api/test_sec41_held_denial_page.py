"""Security 41, item 2, on the web: a drift revert's denial held for a second admin is a vote recorded, not
an error: the denier's page and API call answer with the request still waiting, and the request's page
says "Denial by X held: a second admin must agree, because ..." to the other admin."""

from __future__ import annotations

from pathlib import Path

from mailwarden.drift.policy import save_responses
from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import DEMO_TENANT
from tests.api.served import served_app
from tests.security.other_admin import OtherAdmin

GRACE, MIKE = "grace.hopper@acme.com", "mike.smith@acme.com"
HELD = f"Denial by {MIKE} held: a second admin must agree, because who made the change"


def test_the_held_denial_answers_the_request_and_its_page_says_it(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    OtherAdmin(tenant).add_role(MIKE)
    with served_app(emulator, tmp_path / "home") as web:
        grace, mike = web.sign_in(GRACE), web.sign_in(MIKE)
        assert grace.post("/api/v1/drift/scan").status_code == 200
        store, audit = web.workspace.store, web.workspace.audit
        save_responses(store, audit, DEMO_TENANT, {"granted_outside": "propose_revert"}, by=GRACE)
        set_switch(tenant, "audit_log_lag_seconds", 3600)
        outside_cmdlet(
            tenant, MIKE, "Add-MailboxPermission", Identity="sales@acme.com", User="tom.becker@acme.com",
            AccessRights="FullAccess",
        )  # fmt: skip
        [event] = grace.post("/api/v1/drift/scan").json()["events"]
        revert = event["revert_request_id"]
        assert revert

        denied = mike.post(f"/requests/{revert}/deny", data={"csrf_token": mike.csrf, "reason": "expected"})
        assert denied.status_code == 303, denied.text  # back to the request, as any verdict
        assert denied.headers["location"].endswith(f"/requests/{revert}")
        page = grace.get(f"/requests/{revert}")
        assert page.status_code == 200
        assert HELD in " ".join(page.text.split())
        assert "pending" in page.text

        again = mike.post(f"/api/v1/approvals/{revert}/deny", json={"justification": "really"})
        assert again.status_code == 200, again.text
        answer = again.json()
        assert answer["state"] == "pending_approval"
        assert [(h["admin"], h["justification"]) for h in answer["held_denials"]] == [(MIKE, "really")]
