"""Authorize: the health check offers the tenant's admin-consent page; an admin accepts (or cancels) it over
HTTP, and re-checking with backoff shows the wait for role propagation, then green."""

from __future__ import annotations

import re
import ssl
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from mailwarden.connectors.connection import open_tenant
from mailwarden.connectors.endpoints import PUBLIC
from mailwarden.emulator.state import GLOBAL_ADMIN_ROLE_TEMPLATE, TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.tenants.consent import Backoff, admin_consent_url, wait_for_green
from mailwarden.tenants.health import HealthReport, check_tenant
from mailwarden.testing import RunningEmulator
from tests.tenants.conftest import emulator_spec

pytestmark = pytest.mark.anyio


async def _check(emulator: RunningEmulator) -> HealthReport:
    async with open_tenant(emulator_spec(emulator).connection()) as clients:
        return await check_tenant(clients, "acme")


def _form(page: str) -> dict[str, str]:
    """The hidden fields of the consent page's form."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))


def test_the_consent_url_is_the_v2_admin_consent_endpoint() -> None:
    url = admin_consent_url(
        PUBLIC, "contoso.onmicrosoft.com", "11111111-2222-3333-4444-555555555555", state="s1"
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent"
    )
    assert parse_qs(parts.query) == {
        "client_id": ["11111111-2222-3333-4444-555555555555"],
        "scope": ["https://graph.microsoft.com/.default"],
        "redirect_uri": ["http://localhost"],
        "state": ["s1"],
    }


async def test_consent_over_http_then_rechecking_until_green(
    emulator: RunningEmulator, tenant: TenantState
) -> None:
    set_switch(tenant, "no_exchange_consent", True)
    report = await _check(emulator)
    assert report.badges["mailbox"] == "red"
    url = report.consent_urls[emulator.client_id]
    async with httpx.AsyncClient(verify=ssl.create_default_context(cafile=str(emulator.ca_file))) as http:
        page = await http.get(url)
        assert page.status_code == 200
        assert "mailwarden" in page.text
        assert "Exchange.ManageAsApp" in page.text
        fields = _form(page.text)
        grace = tenant.by_address("grace.hopper@acme.com")
        assert grace is not None
        post_url = url.split("?")[0]

        cancelled = await http.post(post_url, data={**fields, "decision": "cancel", "login_hint": grace.id})
        assert cancelled.status_code == 302
        answer = parse_qs(urlsplit(cancelled.headers["location"]).query)
        assert answer["error"] == ["access_denied"]
        assert tenant.data.switches.no_exchange_consent

        # Only an admin who may grant app roles tenant-wide can accept.
        refused = await http.post(post_url, data={**fields, "decision": "accept", "login_hint": grace.id})
        assert refused.status_code == 403
        assert "AADSTS90094" in refused.text

        with tenant.transaction():
            tenant.data.user_directory_roles.setdefault(grace.id, []).append(GLOBAL_ADMIN_ROLE_TEMPLATE)
            tenant.mark_dirty()
        accepted = await http.post(post_url, data={**fields, "decision": "accept", "login_hint": grace.id})
        assert accepted.status_code == 302
        location = urlsplit(accepted.headers["location"])
        assert f"{location.scheme}://{location.netloc}" == "http://localhost"
        answer = parse_qs(location.query)
        assert answer["admin_consent"] == ["True"]
        assert answer["tenant"] == [emulator.tenant_id]
    assert not tenant.data.switches.no_exchange_consent

    # The role reaches Exchange only a little later: the re-check waits (amber), then turns green.
    set_switch(tenant, "role_propagation_seconds", 2)
    rounds: list[tuple[dict[str, str], float | None]] = []
    final = await wait_for_green(
        lambda: _check(emulator),
        backoff=Backoff(first=1.0, factor=2.0, cap=2.0, limit=10.0),
        on_round=lambda r, pause: rounds.append((dict(r.badges), pause)),
    )
    # Drift reads Graph's audit log only: the Exchange role's propagation does not hold it up.
    assert {b for c, b in rounds[0][0].items() if c != "drift"} == {"amber"}
    assert "red" not in {b for badges, _ in rounds for b in badges.values()}
    assert final.badges == {
        "directory": "green",
        "membership": "green",
        "mailbox": "green",
        "calendar": "green",
        "drift": "green",
    }
    assert final.consent_urls == {}


async def test_rechecking_stops_when_its_time_is_up(emulator: RunningEmulator, tenant: TenantState) -> None:
    set_switch(tenant, "no_exchange_role", True)
    slept: list[float] = []

    async def no_sleep(seconds: float) -> None:
        slept.append(seconds)

    final = await wait_for_green(
        lambda: _check(emulator), backoff=Backoff(first=10, factor=2, cap=40, limit=100), sleep=no_sleep
    )
    assert slept == [10, 20, 40]
    assert final.badges["mailbox"] == "red"
