"""The whole story in a real browser: an employee asks, the owner approves, the admin audits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.api.served import ServedApp


def sign_in(browser: Browser, web: ServedApp, name: str, lands: str = "Ask for a change") -> Page:
    """A fresh browser profile that signs in as `name` on the emulator's sign-in page, landing on the page
    headed `lands` (an approver with something waiting lands on Approvals)."""
    # A stock profile, certificate errors not ignored: the demo's sign-in page is plain HTTP on loopback, so
    # a browser signs in without the warning the emulator's own certificate authority would cause.
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{web.url}/")
    page.get_by_role("link", name="Sign in with Microsoft").click()
    page.get_by_role("button", name=name).click()
    expect(page.get_by_role("heading", name=lands)).to_be_visible()
    return page


def test_employee_asks_owner_approves_employee_sees_it_done_admin_audits(
    browser: Any, web: ServedApp, artifacts: Path
) -> None:
    """Tom asks for Send As on support@ → Sarah approves in her inbox → Tom sees it completed → Grace
    finds it in the audit log, whose chain verifies."""
    tom = sign_in(browser, web, "Tom Becker")
    tom.get_by_label("What do you need?").fill("Give me Send As on support@acme.com")
    tom.get_by_role("button", name="Preview").first.click()
    expect(tom.get_by_text("Tom Becker will be able to send as Support")).to_be_visible()
    expect(tom.get_by_text("needs approval by sarah@acme.com")).to_be_visible()
    tom.screenshot(path=str(artifacts / "1-employee-preview.png"), full_page=True)
    tom.get_by_role("button", name="Confirm").click()
    expect(tom.locator("#request-state")).to_have_text("waiting for approval")
    request_url = tom.url

    sarah = sign_in(browser, web, "Sarah Connor", lands="Approvals")
    expect(sarah.locator("#waiting-count")).to_have_text("1")
    expect(sarah.get_by_text("from tom.becker@acme.com")).to_be_visible()
    sarah.screenshot(path=str(artifacts / "2-owner-inbox.png"), full_page=True)
    sarah.get_by_label("Reason (required to deny)").fill("Tom covers the support queue")
    sarah.get_by_role("button", name="Approve").click()
    expect(sarah.locator("#request-state")).to_have_text("completed")

    tom.goto(request_url)
    expect(tom.locator("#request-state")).to_have_text("completed")
    expect(tom.get_by_text("Tom covers the support queue")).to_be_visible()
    tom.screenshot(path=str(artifacts / "3-employee-completed.png"), full_page=True)

    grace = sign_in(browser, web, "Grace Hopper")
    grace.get_by_role("link", name="Audit").click()
    expect(grace.get_by_text("The chain verifies")).to_be_visible()
    grace.get_by_label("Person").fill("sarah@acme.com")
    grace.get_by_role("button", name="Filter").click()
    expect(grace.get_by_role("cell", name="approval.granted")).to_be_visible()
    grace.screenshot(path=str(artifacts / "4-admin-audit.png"), full_page=True)
    support = web.emulator.state.by_address("support@acme.com")
    tom_id = web.emulator.state.by_address("tom.becker@acme.com")
    assert support is not None
    assert tom_id is not None
    assert tom_id.id in support.send_as


def test_structured_form_works_without_the_text_planner(
    browser: Any, web: ServedApp, artifacts: Path
) -> None:
    """The pick-the-change form previews the same request on a phone-sized screen."""
    tom = sign_in(browser, web, "Tom Becker")
    tom.get_by_label("Change", exact=True).select_option("send_as")
    tom.get_by_role("button", name="Next").click()  # the page comes back with Send As's fields only
    tom.get_by_label("What to do").select_option("grant")
    tom.get_by_label("Mailbox").fill("support@acme.com")
    tom.get_by_label("Trustee (who gets or loses the right)").fill("me")
    tom.get_by_role("button", name="Preview").last.click()
    expect(tom.get_by_text("Tom Becker will be able to send as Support")).to_be_visible()
    tom.screenshot(path=str(artifacts / "5-structured-preview.png"), full_page=True)
