"""Ring 0: the remote-tenant guard, cloud endpoints and the Secret type, with no network."""

from __future__ import annotations

import copy
import pickle

import httpx
import pytest

import mailwarden.connectors as connectors
from mailwarden.connectors import (
    CHINA,
    DOD,
    PUBLIC,
    USGOV,
    ClientSecretCredential,
    ExchangeClient,
    GraphClient,
    Secret,
    TenantConnection,
    by_name,
    open_tenant,
)
from mailwarden.connectors import endpoints as cloud
from mailwarden.connectors.guard import is_loopback
from mailwarden.errors import ConfigError, RemoteTenantBlocked

SECRET = "s3cr3t-Value~of.the-app"


def _connection(endpoints: cloud.CloudEndpoints) -> TenantConnection:
    return TenantConnection(
        endpoints=endpoints,
        tenant_id="contoso.onmicrosoft.com",
        client_id="app",
        credential=ClientSecretCredential(Secret(SECRET)),
    )


def _refuse_every_request(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a request left the guard: {request.url}")


@pytest.mark.anyio
@pytest.mark.parametrize("endpoints", [PUBLIC, USGOV, DOD, CHINA], ids=lambda e: e.name)
async def test_real_clouds_are_blocked_before_any_request(endpoints: cloud.CloudEndpoints) -> None:
    """With remote tenants off, opening a real cloud's tenant raises before anything is sent."""
    with pytest.raises(RemoteTenantBlocked, match="remote tenants are disabled"):
        async with open_tenant(_connection(endpoints)):
            pass


def test_clients_built_for_a_real_cloud_are_blocked() -> None:
    """Graph and Exchange clients refuse real hosts too, whoever builds them."""
    http = httpx.AsyncClient(transport=httpx.MockTransport(_refuse_every_request))
    with pytest.raises(RemoteTenantBlocked):
        GraphClient(http, PUBLIC)
    with pytest.raises(RemoteTenantBlocked):
        ExchangeClient(http, PUBLIC, "8a3c5a3e-1f2b-4c6d-9e0f-112233445566")


def test_an_emulator_on_another_host_is_blocked() -> None:
    """Only this machine counts as local: an emulator URL on another host is remote."""
    with pytest.raises(RemoteTenantBlocked, match=r"10\.0\.0\.5"):
        GraphClient(httpx.AsyncClient(), cloud.emulator("https://10.0.0.5:8443"))


def test_loopback_emulators_are_allowed() -> None:
    """127.0.0.0/8, ::1 and localhost are loopback; anything else is not."""
    assert is_loopback("https://127.0.0.1:4443/x")
    assert is_loopback("https://127.8.9.10")
    assert is_loopback("https://[::1]:4443")
    assert is_loopback("https://localhost:4443")
    assert not is_loopback("https://graph.microsoft.com/v1.0")
    assert not is_loopback("https://localhost.example.com")
    GraphClient(httpx.AsyncClient(), cloud.emulator("https://127.0.0.1:4443"))


def test_remote_tenants_are_allowed_when_the_flag_is_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside tests the flag is on and real clouds may be used."""
    monkeypatch.setattr(connectors, "ALLOW_REMOTE_TENANTS", True)
    client = GraphClient(httpx.AsyncClient(transport=httpx.MockTransport(_refuse_every_request)), PUBLIC)
    assert client.endpoints is PUBLIC


def test_clouds_have_microsofts_hosts() -> None:
    """Each cloud pairs its own login, Graph and Exchange hosts."""
    assert PUBLIC.authority_host == "https://login.microsoftonline.com"
    assert USGOV.graph_url == "https://graph.microsoft.us/v1.0"
    assert USGOV.exchange_resource == "https://outlook.office365.us"
    assert CHINA.authority_host == "https://login.chinacloudapi.cn"
    assert CHINA.graph_resource == "https://microsoftgraph.chinacloudapi.cn"
    assert CHINA.exchange_url == "https://partner.outlook.cn/adminapi/beta"


@pytest.mark.parametrize(
    ("endpoints", "login", "graph", "exchange", "exchange_audience"),
    [
        (
            PUBLIC,
            "login.microsoftonline.com",
            "graph.microsoft.com",
            "outlook.office365.com",
            "outlook.office365.com",
        ),
        (
            USGOV,
            "login.microsoftonline.us",
            "graph.microsoft.us",
            "outlook.office365.us",
            "outlook.office365.us",
        ),
        (
            DOD,
            "login.microsoftonline.us",
            "dod-graph.microsoft.us",
            "webmail.apps.mil",
            "outlook-dod.office365.us",
        ),
        (
            CHINA,
            "login.chinacloudapi.cn",
            "microsoftgraph.chinacloudapi.cn",
            "partner.outlook.cn",
            "partner.outlook.cn",
        ),
    ],
    ids=lambda v: v.name if isinstance(v, cloud.CloudEndpoints) else None,
)
def test_each_cloud_pairs_its_own_hosts_and_audiences(
    endpoints: cloud.CloudEndpoints, login: str, graph: str, exchange: str, exchange_audience: str
) -> None:
    """Every cloud's login, Graph and Exchange hosts and token audiences, as Microsoft's tables give them."""
    assert endpoints.authority_host == f"https://{login}"
    assert endpoints.graph_url == f"https://{graph}/v1.0"
    assert endpoints.graph_resource == f"https://{graph}"
    assert endpoints.exchange_url == f"https://{exchange}/adminapi/beta"
    assert endpoints.exchange_resource == f"https://{exchange_audience}"


def test_a_dod_tenant_is_never_sent_to_gcc_high() -> None:
    """DoD's names find DoD; Azure's name for both US Government clouds is refused, asking which."""
    for name in ("dod", "O365USGovDoD", "USGovernmentL5"):
        assert by_name(name) is DOD
    for name in ("AzureUSGovernment", "USGovernment"):
        with pytest.raises(ConfigError, match="'usgov' for GCC High or 'dod' for DoD"):
            by_name(name)


def test_clouds_are_found_by_name_and_alias() -> None:
    """Names as Microsoft's tools spell them find the same clouds; an unknown name says what is known."""
    assert by_name("public") is PUBLIC
    assert by_name("O365USGovGCCHigh") is USGOV
    assert by_name("AzureChinaCloud") is CHINA
    with pytest.raises(ConfigError, match="china, dod, public, usgov"):
        by_name("germany")


def test_emulator_endpoints_live_on_one_origin() -> None:
    """The emulator serves identity, Graph and Exchange from its URL, with public-cloud audiences."""
    em = cloud.emulator("https://127.0.0.1:4443/")
    assert em.authority_host == "https://127.0.0.1:4443"
    assert em.graph_url == "https://127.0.0.1:4443/v1.0"
    assert em.exchange_url == "https://127.0.0.1:4443/adminapi/beta"
    assert em.graph_resource == PUBLIC.graph_resource
    assert em.exchange_resource == PUBLIC.exchange_resource


def test_secret_never_prints() -> None:
    """str, repr, f-strings and a connection's repr show a mask; only reveal() gives the value."""
    secret = Secret(SECRET)
    connection = _connection(cloud.emulator("https://127.0.0.1:1"))
    for shown in (
        str(secret),
        repr(secret),
        f"{secret}",
        f"{secret!r}",
        repr(connection),
        repr(connection.credential),
        str([secret]),
    ):
        assert SECRET not in shown
    assert secret.reveal() == SECRET
    assert copy.deepcopy(secret) == secret


def test_secret_cannot_be_pickled() -> None:
    """A pickle would write the secret out in clear, so it is refused."""
    with pytest.raises(TypeError):
        pickle.dumps(Secret(SECRET))


def test_connection_refuses_nonsense_settings() -> None:
    """A connection with no concurrency or a path for a tenant is a configuration error."""
    endpoints = cloud.emulator("https://127.0.0.1:1")
    credential = ClientSecretCredential(Secret(SECRET))
    with pytest.raises(ConfigError):
        TenantConnection(
            endpoints=endpoints, tenant_id="t", client_id="c", credential=credential, max_concurrency=0
        )
    with pytest.raises(ConfigError):
        TenantConnection(endpoints=endpoints, tenant_id="a/b", client_id="c", credential=credential)
