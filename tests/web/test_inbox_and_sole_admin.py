"""In a real browser: the approver's inbox (the count, the landing), and the sole admin's flow, with their
screenshots in test-artifacts/web/ (inbox-*.png, sole-admin-*.png)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp
from tests.web.test_approval_flow import sign_in

MIKE = "Change mike.smith@acme.com's primary email to michael.smith@acme.com and keep the old one as an alias"


def test_the_approver_lands_on_the_inbox_with_its_count(
    browser: Any, web: ServedApp, artifacts: Path
) -> None:
    ask_send_as(web.sign_in("tom.becker@acme.com"), confirm=True)
    ask_send_as(web.sign_in("alex.kim@acme.com"), confirm=True)
    sarah = sign_in(browser, web, "Sarah Connor", lands="Approvals")
    expect(sarah.locator("#waiting-count")).to_have_text("2")
    expect(sarah.get_by_text("from tom.becker@acme.com")).to_be_visible()
    expect(sarah.get_by_text("from alex.kim@acme.com")).to_be_visible()
    sarah.set_viewport_size({"width": 1100, "height": 900})
    sarah.screenshot(path=str(artifacts / "inbox-1-landing.png"), full_page=True)
    sarah.get_by_role("button", name="Approve").first.click()
    expect(sarah.locator("#waiting-count")).to_have_text("1")
    sarah.get_by_role("link", name="Approvals").click()
    sarah.screenshot(path=str(artifacts / "inbox-2-one-left.png"), full_page=True)


def test_the_sole_admin_says_why_and_the_request_says_no_second_admin(
    browser: Any, web: ServedApp, artifacts: Path
) -> None:
    """Grace, the only admin, asks for the seed's own prompt: asked why, she says; the preview is stored only
    when she submits it, and the request runs saying 'no second admin'."""
    grace = sign_in(browser, web, "Grace Hopper")
    grace.set_viewport_size({"width": 1100, "height": 900})
    grace.get_by_label("What do you need?").fill(MIKE)
    grace.get_by_role("button", name="Preview").first.click()
    expect(grace.get_by_text("no second admin").first).to_be_visible()
    grace.screenshot(path=str(artifacts / "sole-admin-1-asked-why.png"), full_page=True)
    grace.get_by_label("What do you need?").fill(MIKE)
    grace.get_by_label("Why (shown to approvers", exact=False).fill("HR ticket 4411: Mike's name change")
    grace.get_by_role("button", name="Preview").first.click()
    expect(grace.get_by_role("button", name="Confirm and submit")).to_be_visible()
    grace.screenshot(path=str(artifacts / "sole-admin-2-preview.png"), full_page=True)
    assert web.workspace.requests.list(web.app.state.runtime.tenant_key) == []  # a preview stores nothing
    grace.get_by_role("button", name="Confirm and submit").click()
    expect(grace.locator("#request-state")).to_have_text("completed")
    expect(grace.get_by_text("no second admin").first).to_be_visible()
    expect(grace.get_by_text("HR ticket 4411").first).to_be_visible()
    grace.screenshot(path=str(artifacts / "sole-admin-3-done.png"), full_page=True)
