"""The demo's admin-consent and device-code pages open in a stock browser profile (certificate errors not
ignored) with no warning: they are served on the emulator's plain-HTTP loopback page port, as the sign-in
page is, while every token is still issued over TLS."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Route, expect

from mailwarden.emulator.devicecode import DEVICE_CODE_GRANT, DeviceCodeTiming
from mailwarden.emulator.state import GLOBAL_ADMIN_ROLE_TEMPLATE, TenantState
from mailwarden.tenants.consent import admin_consent_url
from mailwarden.testing import RunningEmulator
from tests.conftest import emulator_connection

REDIRECT = "http://localhost:53682/consented"


def _stock_page(browser: Any) -> Any:
    """A fresh profile as a person's browser has it: no certificate error is ignored."""
    return browser.new_context(ignore_https_errors=False).new_page()


def test_the_tls_port_would_warn_in_the_same_profile(browser: Any, emulator: RunningEmulator) -> None:
    """What a person met before: the emulator's own CA is trusted by no browser."""
    page = _stock_page(browser)
    with pytest.raises(PlaywrightError, match="ERR_CERT"):
        page.goto(f"{emulator.url}/devicelogin")


def test_admin_consent_completes_in_a_stock_browser(
    browser: Any, emulator: RunningEmulator, tenant: TenantState, artifacts: Path
) -> None:
    url = admin_consent_url(
        emulator_connection(emulator).endpoints, emulator.tenant_id, emulator.client_id, redirect_uri=REDIRECT
    )
    assert url.startswith(f"{emulator.signin_url}/"), url  # the page port, not the TLS one
    admin = tenant.by_address("grace.hopper@acme.com")
    assert admin is not None
    with tenant.transaction():  # consenting for the organisation takes a Global Administrator
        tenant.data.user_directory_roles.setdefault(admin.id, []).append(GLOBAL_ADMIN_ROLE_TEMPLATE)
        tenant.mark_dirty()
    page = _stock_page(browser)
    landed: list[str] = []

    def app_redirect(route: Route) -> None:  # the setup flow's loopback listener
        landed.append(route.request.url)
        route.fulfill(status=200, body="consent received", content_type="text/plain")

    page.route("http://localhost:53682/**", app_redirect)
    page.goto(url)
    expect(page.get_by_role("heading", name="Permissions requested")).to_be_visible()
    page.get_by_label("Signed in as").select_option(label="Grace Hopper (grace.hopper@acme.com)")
    page.screenshot(path=str(artifacts / "consent-page-plain-http.png"), full_page=True)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("consent received")).to_be_visible()
    [back] = landed
    query = parse_qs(urlsplit(back).query)
    assert query["admin_consent"] == ["True"]
    assert query["tenant"] == [emulator.tenant_id]


def test_device_code_sign_in_completes_in_a_stock_browser(
    browser: Any, emulator: RunningEmulator, tenant: TenantState, emulator_http: httpx.Client
) -> None:
    emulator.asgi_app.state.device_code_timing = DeviceCodeTiming(interval=1, expires_in=900)
    try:
        started = emulator_http.post(
            f"{emulator.url}/{emulator.tenant_id}/oauth2/v2.0/devicecode",
            data={"client_id": emulator.client_id, "scope": "User.Read openid profile offline_access"},
        ).json()
    finally:
        emulator.asgi_app.state.device_code_timing = DeviceCodeTiming()
    assert started["verification_uri"] == f"{emulator.signin_url}/devicelogin"
    page = _stock_page(browser)
    page.goto(started["verification_uri"])
    page.get_by_label("Code").fill(started["user_code"])
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Sarah Connor").click()
    expect(page.get_by_role("heading")).not_to_have_text("Enter code")
    # The token is still redeemed over TLS only; the page port has no token endpoint.
    token = emulator_http.post(
        f"{emulator.url}/{emulator.tenant_id}/oauth2/v2.0/token",
        data={
            "grant_type": DEVICE_CODE_GRANT,
            "client_id": emulator.client_id,
            "device_code": started["device_code"],
        },
    )
    assert token.status_code == 200, token.text
    assert "access_token" in token.json()
    with httpx.Client(trust_env=False) as plain:
        refused = plain.post(
            f"{emulator.signin_url}/{emulator.tenant_id}/oauth2/v2.0/token",
            data={"grant_type": DEVICE_CODE_GRANT, "client_id": emulator.client_id, "device_code": "x"},
        )
    assert refused.status_code in (404, 405)
