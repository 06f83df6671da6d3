"""Red team 81 F2: the Exchange client follows a redirect or a nextLink only to its cloud's own Exchange
hosts: the tenant's app-only bearer token never goes anywhere else, nor does the client stay there."""

from __future__ import annotations

from collections.abc import Generator

import httpx
import pytest

import mailwarden.connectors as connectors_pkg
from mailwarden.connectors import ExchangeClient
from mailwarden.connectors import endpoints as cloud
from mailwarden.errors import TenantError

pytestmark = pytest.mark.anyio
FRONT_DOOR = "outlook.office365.com"


class _Bearer(httpx.Auth):
    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = "Bearer the-tenants-token"
        yield request


async def _sent_to(monkeypatch: pytest.MonkeyPatch, front_door: httpx.Response) -> list[httpx.Request]:
    monkeypatch.setattr(connectors_pkg, "ALLOW_REMOTE_TENANTS", True)  # as in production
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return front_door if request.url.host == FRONT_DOOR else httpx.Response(200, json={"value": []})

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        client = ExchangeClient(http, cloud.PUBLIC, "t1", auth=_Bearer())
        for _ in range(2):  # a second call: never pinned to where the first was sent
            with pytest.raises(TenantError, match="not one of the public cloud's Exchange hosts"):
                await client.run("Get-Mailbox")
    return seen


@pytest.mark.parametrize(
    "host",
    ["collector.attacker.example", "outlook.office365.com.attacker.example:446", "outlook.com.evil.example"],
)
async def test_a_redirect_off_exchange_is_refused(monkeypatch: pytest.MonkeyPatch, host: str) -> None:
    location = f"https://{host}/adminapi/beta/t1/InvokeCommand"
    seen = await _sent_to(monkeypatch, httpx.Response(302, headers={"Location": location}))
    assert {r.url.host for r in seen} == {FRONT_DOOR}


async def test_a_next_link_off_exchange_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    link = "https://collector.attacker.example/adminapi/beta/t1/InvokeCommand?$skiptoken=1"
    seen = await _sent_to(
        monkeypatch, httpx.Response(200, json={"value": [{"Name": "a"}], "@odata.nextLink": link})
    )
    assert {r.url.host for r in seen} == {FRONT_DOOR}


def test_each_cloud_allows_its_own_regional_hosts_only() -> None:
    assert cloud.PUBLIC.exchange_may_send_to("deu01b.admin.protection.outlook.com")
    assert not cloud.PUBLIC.exchange_may_send_to("outlook.office365.us")
    assert cloud.USGOV.exchange_may_send_to("outlook.office365.us")
    assert cloud.emulator("https://127.0.0.1:8443").exchange_may_send_to("localhost")
    assert not cloud.emulator("https://127.0.0.1:8443").exchange_may_send_to("attacker.example")
