"""The Exchange hosts a tenant's admins add to its cloud's own (a sovereign cloud's, a proxy): checked (https
hostnames only, a wildcard no wider than a Microsoft domain), followed by the Exchange client like the
cloud's, and nothing else; the cloud's defaults unchanged."""

from __future__ import annotations

import httpx
import pytest

import mailwarden.connectors as connectors_pkg
from mailwarden.connectors import ExchangeClient
from mailwarden.connectors import endpoints as cloud
from mailwarden.errors import ConfigError, TenantError
from tests.security.test_redteam81_exchange_hosts import FRONT_DOOR, _Bearer

pytestmark = pytest.mark.anyio
PROXY = "exchange-proxy.contoso.de"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (PROXY, PROXY),
        (f"https://{PROXY.upper()}/", PROXY),
        ("*.eu.outlook.com", ".eu.outlook.com"),
        (".office365.us", ".office365.us"),
    ],
)
def test_a_host_or_a_microsoft_wildcard_is_kept(given: str, kept: str) -> None:
    assert cloud.exchange_host_setting(given) == kept


@pytest.mark.parametrize(
    "given",
    [
        f"http://{PROXY}",  # not https: the token would go in the clear
        f"https://{PROXY}:8443",  # a port: hostnames only
        f"https://{PROXY}/adminapi",
        "10.1.2.3",
        "[::1]",
        "localhost",
        "loopback",
        "*",
        ".com",
        "*.contoso.de",  # a wildcard under a domain not Microsoft's
        ".evil-outlook.com",
        "ex ample.com",
    ],
)
def test_anything_else_is_refused(given: str) -> None:
    with pytest.raises(ConfigError, match="Exchange host"):
        cloud.exchange_host_setting(given)


def test_the_clouds_defaults_are_unchanged_and_an_added_host_adds_to_them() -> None:
    assert cloud.PUBLIC.exchange_hosts == (".outlook.com", ".office365.com")
    assert cloud.PUBLIC.exchange_hosts_added == ()
    assert not cloud.PUBLIC.exchange_may_send_to(PROXY)
    added = cloud.PUBLIC.with_exchange_hosts([PROXY, f"https://{PROXY}"])
    assert added.exchange_hosts_added == (PROXY,)
    assert added.exchange_may_send_to(PROXY)
    assert added.exchange_may_send_to("deu01b.admin.protection.outlook.com")
    assert not added.exchange_may_send_to(f"x.{PROXY}"), "a hostname names that host, not those under it"
    with pytest.raises(ConfigError):
        cloud.PUBLIC.with_exchange_hosts(["*.contoso.de"])


async def test_the_client_follows_a_redirect_to_an_added_host_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connectors_pkg, "ALLOW_REMOTE_TENANTS", True)  # as in production
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.host)
        if request.url.host == FRONT_DOOR:
            return httpx.Response(
                302, headers={"Location": f"https://{PROXY}/adminapi/beta/t1/InvokeCommand"}
            )
        return httpx.Response(200, json={"value": []})

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        with pytest.raises(TenantError, match="not one of the public cloud's Exchange hosts"):
            await ExchangeClient(http, cloud.PUBLIC, "t1", auth=_Bearer()).run("Get-Mailbox")
        assert seen == [FRONT_DOOR]
        endpoints = cloud.PUBLIC.with_exchange_hosts([PROXY])
        await ExchangeClient(http, endpoints, "t1", auth=_Bearer()).run("Get-Mailbox")
    assert seen == [FRONT_DOOR, FRONT_DOOR, PROXY]
