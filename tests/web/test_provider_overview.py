"""The provider's overview in a real browser: the admin finds every tenant's health and pending approvals
on one page, reached from the navigation; an employee is refused it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp
from tests.api.test_provider_overview import _customers
from tests.web.test_approval_flow import sign_in


def test_the_admin_sees_every_tenant_on_one_page(browser: Any, web: ServedApp, artifacts: Path) -> None:
    _customers(web)
    ask_send_as(web.sign_in("tom.becker@acme.com"), confirm=True)
    grace = sign_in(browser, web, "Grace Hopper")
    grace.get_by_role("link", name="All tenants").click()
    expect(grace.get_by_role("heading", name="All tenants")).to_be_visible()
    table = grace.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(4)  # the header and three tenants
    globex = grace.locator("#tenant-globex")
    expect(globex).to_contain_text("red")
    expect(globex).to_contain_text("exchange")
    expect(grace.locator("#tenant-demo").get_by_role("link", name="1")).to_have_attribute(
        "href", "/approvals"
    )
    grace.screenshot(path=str(artifacts / "provider-overview.png"), full_page=True)


def test_an_employee_is_refused_the_overview(browser: Any, web: ServedApp) -> None:
    _customers(web)
    tom = sign_in(browser, web, "Tom Becker")
    expect(tom.get_by_role("link", name="All tenants")).to_have_count(0)
    answer = tom.goto(f"{web.url}/tenants")
    assert answer is not None
    assert answer.status == 403
