"""The drift page in a real browser: an admin opens the event of a forwarding set outside mailwarden."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from tests.api.served import ServedApp
from tests.web.test_approval_flow import sign_in


def test_admin_opens_a_drift_event(
    browser: Browser, web: ServedApp, tenant: TenantState, artifacts: Path
) -> None:
    grace_api = web.sign_in("grace.hopper@acme.com")
    assert grace_api.post("/api/v1/drift/scan").status_code == 200
    outside_cmdlet(
        tenant,
        "grace.hopper@acme.com",
        "Add-MailboxPermission",
        Identity="support@acme.com",
        User="john@acme.com",
        AccessRights="FullAccess",
    )
    outside_cmdlet(
        tenant,
        "grace.hopper@acme.com",
        "Set-Mailbox",
        Identity="sales@acme.com",
        ForwardingSmtpAddress="smtp:drop@rival.example",
    )
    assert len(grace_api.post("/api/v1/drift/scan").json()["events"]) == 2

    # The high-severity forwarding filed a revert that waits on an admin, so Grace lands on her inbox.
    grace = sign_in(browser, web, "Grace Hopper", lands="Approvals")
    grace.get_by_role("link", name="Drift").click()
    expect(grace.get_by_role("heading", name="Drift: changes made outside mailwarden")).to_be_visible()
    grace.get_by_role("row", name="high").get_by_role("link").first.click()
    expect(grace.get_by_role("heading", name="sales@acme.com forwards to drop@rival.example")).to_be_visible()
    expect(grace.get_by_text("waiting for an admin's approval")).to_be_visible()
    grace.screenshot(path=str(artifacts / "drift-event.png"), full_page=True)
