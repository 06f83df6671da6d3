"""The access-why page and a review task in a real browser (screenshots into test-artifacts/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.api.served import ServedApp


def sign_in(browser: Browser, web: ServedApp, name: str) -> Page:
    """A fresh desktop-sized profile signed in as `name` on the emulator's sign-in page."""
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{web.url}/")
    page.get_by_role("link", name="Sign in with Microsoft").click()
    page.get_by_role("button", name=name).click()
    expect(page.get_by_role("heading", name="Ask for a change")).to_be_visible()
    return page


def test_owner_sees_why_each_delegate_has_access_then_reviews_them(
    browser: Any, web: ServedApp, artifacts: Path
) -> None:
    """Grace grants Send As on support@ through mailwarden; Sarah (its owner) sees that request as the why
    on the Access page; Grace starts a review; Sarah keeps every delegate on her task."""
    grace = web.sign_in("grace.hopper@acme.com")
    step = {
        "action": "send_as",
        "change": "grant",
        "params": {"mailbox": "support@acme.com", "trustee": "john@acme.com"},
    }
    made = grace.post(
        "/api/v1/requests", params={"confirm": True}, json={"steps": [step], "justification": "queue cover"}
    )
    assert made.status_code == 201, made.text
    sarah = sign_in(browser, web, "Sarah Connor")
    sarah.goto(f"{web.url}/access?mailbox=support@acme.com")
    expect(
        sarah.get_by_role("heading", name="Who has access to Support (support@acme.com), and why")
    ).to_be_visible()
    expect(sarah.get_by_text("Justification: queue cover")).to_be_visible()
    expect(sarah.get_by_text("Not made through mailwarden").first).to_be_visible()
    sarah.screenshot(path=str(artifacts / "access-why.png"), full_page=True)

    body = {
        "name": "Q4 shared mailboxes",
        "deadline": "14d",
        "which": "chosen",
        "resources": ["support@acme.com"],
    }
    campaign = grace.post("/api/v1/reviews", json=body).json()
    task_id = campaign["tasks"][0]["task_id"]
    sarah.goto(f"{web.url}/reviews")
    sarah.get_by_role("link", name="Q4 shared mailboxes").click()
    sarah.get_by_role("link", name="Support (support@acme.com)").click()
    expect(sarah.get_by_role("heading", name="Review access to Support (support@acme.com)")).to_be_visible()
    sarah.screenshot(path=str(artifacts / "review-task.png"), full_page=True)
    sarah.get_by_role("button", name="Keep").click()
    expect(sarah.get_by_text("keep by sarah@acme.com").first).to_be_visible()
    task = grace.get(f"/api/v1/reviews/tasks/{task_id}").json()
    assert {i["decision"] for i in task["items"]} == {"keep"}
    sarah.screenshot(path=str(artifacts / "review-task-decided.png"), full_page=True)
