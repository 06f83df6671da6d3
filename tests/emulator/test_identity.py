"""The emulated identity platform, driven by msal (and raw HTTP) over real HTTPS."""

from __future__ import annotations

import base64
import datetime as dt
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import msal
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from mailwarden.emulator.credentials import demo_app_id, load_client_certificate
from mailwarden.emulator.state import EXCHANGE_ADMIN_ROLE_TEMPLATE, TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.testing import RunningEmulator

GRAPH = ["https://graph.microsoft.com/.default"]
EXCHANGE = ["https://outlook.office365.com/.default"]
ENTRA_ERROR_FIELDS = {
    "error",
    "error_description",
    "error_codes",
    "timestamp",
    "trace_id",
    "correlation_id",
    "error_uri",
}
MsalFactory = Callable[..., msal.ConfidentialClientApplication]


def _claims(result: dict[str, Any]) -> dict[str, Any]:
    assert "access_token" in result, result
    claims: dict[str, Any] = jwt.decode(result["access_token"], options={"verify_signature": False})
    return claims


def _token_request(
    em: RunningEmulator, http: httpx.Client, tenant: str | None = None, **form: str
) -> httpx.Response:
    body = {
        "grant_type": "client_credentials",
        "client_id": em.client_id,
        "client_secret": em.client_secret,
        "scope": GRAPH[0],
        **form,
    }
    return http.post(f"{em.url}/{tenant or em.tenant_id}/oauth2/v2.0/token", data=body)


def _assertion(em: RunningEmulator, key: Any, cert: x509.Certificate, **claims: Any) -> str:
    now = int(time.time())
    payload = {
        "aud": f"{em.url}/{em.tenant_id}/oauth2/v2.0/token",
        "iss": em.client_id,
        "sub": em.client_id,
        "jti": str(uuid.uuid4()),
        "nbf": now,
        "exp": now + 600,
        **claims,
    }
    x5t = base64.urlsafe_b64encode(cert.fingerprint(hashes.SHA1())).decode().rstrip("=")
    return jwt.encode(payload, key, algorithm="RS256", headers={"x5t": x5t})


def _assertion_request(em: RunningEmulator, http: httpx.Client, assertion: str) -> httpx.Response:
    return http.post(
        f"{em.url}/{em.tenant_id}/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "client_id": em.client_id,
            "scope": GRAPH[0],
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
        },
    )


def test_msal_gets_graph_token_with_client_secret(tenant: TenantState, msal_app: MsalFactory) -> None:
    """A client secret buys a Graph token carrying the consented Graph application permissions."""
    claims = _claims(msal_app().acquire_token_for_client(GRAPH))
    assert claims["aud"] == "https://graph.microsoft.com"
    assert claims["tid"] == tenant.tenant.id
    assert {"User.Read.All", "Group.ReadWrite.All"} <= set(claims["roles"])


def test_msal_gets_exchange_token_with_certificate(
    tenant: TenantState, emulator: RunningEmulator, msal_app: MsalFactory
) -> None:
    """The registered certificate (x5t#S256, PS256) buys an Exchange token with ManageAsApp and the role."""
    key, cert, _ = load_client_certificate(emulator.certificate_file)
    claims = _claims(
        msal_app({"private_key": key, "public_certificate": cert}).acquire_token_for_client(EXCHANGE)
    )
    assert claims["aud"] == "https://outlook.office365.com"
    assert claims["roles"] == ["Exchange.ManageAsApp"]
    assert claims["wids"] == [EXCHANGE_ADMIN_ROLE_TEMPLATE]


def test_msal_gets_token_with_certificate_sha1_thumbprint(
    tenant: TenantState, emulator: RunningEmulator, msal_app: MsalFactory
) -> None:
    """A certificate named by its SHA-1 thumbprint (x5t, RS256), as older clients send it, is accepted."""
    key, _, thumbprint = load_client_certificate(emulator.certificate_file)
    result = msal_app({"private_key": key, "thumbprint": thumbprint}).acquire_token_for_client(GRAPH)
    assert _claims(result)["aud"] == "https://graph.microsoft.com"


@pytest.mark.parametrize("name", ["acme.com", "ACMECORP.onmicrosoft.com", "acme.co.uk"])
def test_tenant_can_be_named_by_any_verified_domain(
    tenant: TenantState, msal_app: MsalFactory, name: str
) -> None:
    """An authority naming the tenant by a verified domain works like its GUID."""
    assert _claims(msal_app(tenant=name).acquire_token_for_client(GRAPH))["tid"] == tenant.tenant.id


def test_wrong_secret_gives_msal_invalid_client(tenant: TenantState, msal_app: MsalFactory) -> None:
    """A wrong secret yields msal's usual error dict: invalid_client with AADSTS7000215."""
    result = msal_app("not-the-secret").acquire_token_for_client(GRAPH)
    assert result["error"] == "invalid_client"
    assert result["error_description"].startswith("AADSTS7000215: Invalid client secret provided.")
    assert result["error_codes"] == [7000215]


@pytest.mark.parametrize("name", ["contoso.com", "newacme.com", "00000000-1111-2222-3333-444444444444"])
def test_unknown_tenant_is_refused_with_entra_error_body(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client, name: str
) -> None:
    """An unknown tenant (or an unverified domain) gets AADSTS90002 with every field Entra ID sends."""
    response = _token_request(emulator, emulator_http, tenant=name)
    body = response.json()
    assert response.status_code == 400
    assert set(body) == ENTRA_ERROR_FIELDS
    assert body["error"] == "invalid_tenant"
    assert body["error_description"].startswith(f"AADSTS90002: Tenant '{name}' not found.")
    assert body["error_codes"] == [90002]
    assert f"Trace ID: {body['trace_id']}" in body["error_description"]


def test_msal_cannot_start_on_unknown_tenant(tenant: TenantState, msal_app: MsalFactory) -> None:
    """msal's OIDC discovery fails for an unknown tenant, as against login.microsoftonline.com."""
    with pytest.raises(ValueError, match="Unable to get authority configuration"):
        msal_app(tenant="contoso.com")


def test_correlation_id_echoes_the_client_request_id(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """The error's correlation id is the client-request-id the client sent, so logs can be joined."""
    response = emulator_http.post(
        f"{emulator.url}/{emulator.tenant_id}/oauth2/v2.0/token",
        data={"grant_type": "client_credentials"},
        headers={"client-request-id": "11111111-2222-3333-4444-555555555555"},
    )
    assert response.json()["correlation_id"] == "11111111-2222-3333-4444-555555555555"
    assert response.json()["error_codes"] == [900144]


def test_wrong_tenant_switch_makes_the_app_unknown(tenant: TenantState, msal_app: MsalFactory) -> None:
    """With the app registered in another tenant, Entra answers AADSTS700016 (unauthorized_client)."""
    set_switch(tenant, "wrong_tenant", True)
    result = msal_app().acquire_token_for_client(GRAPH)
    assert result["error"] == "unauthorized_client"
    assert result["error_description"].startswith("AADSTS700016: Application with identifier")
    assert "Acme Corporation" in result["error_description"]


def test_expired_secret_is_refused_but_certificate_still_works(
    tenant: TenantState, emulator: RunningEmulator, msal_app: MsalFactory
) -> None:
    """After the secret's end date, AADSTS7000222; the certificate credential keeps working."""
    set_switch(tenant, "expired_secret", True)
    result = msal_app().acquire_token_for_client(GRAPH)
    assert result["error"] == "invalid_client"
    assert result["error_codes"] == [7000222]
    assert "client secret keys for app" in result["error_description"]
    key, cert, _ = load_client_certificate(emulator.certificate_file)
    assert "access_token" in msal_app(
        {"private_key": key, "public_certificate": cert}
    ).acquire_token_for_client(GRAPH)
    set_switch(tenant, "expired_secret", False)
    assert "access_token" in msal_app().acquire_token_for_client(GRAPH)


def test_missing_exchange_consent_and_role_show_in_the_exchange_token(
    tenant: TenantState, msal_app: MsalFactory
) -> None:
    """no_exchange_consent drops Exchange.ManageAsApp from roles; no_exchange_role empties wids."""
    set_switch(tenant, "no_exchange_consent", True)
    set_switch(tenant, "no_exchange_role", True)
    claims = _claims(msal_app().acquire_token_for_client(EXCHANGE))
    assert claims["roles"] == []
    assert claims["wids"] == []


def test_freshly_assigned_role_is_missing_until_it_propagates(
    tenant: TenantState, msal_app: MsalFactory
) -> None:
    """role_propagation_seconds: tokens issued inside the window lack the role; later ones have it."""
    # a window of 3 s: the assignment time is stored to the second, and a busy machine can take more than a
    # second between the tenant's set-up and the first token (a 1 s window then had already passed)
    set_switch(tenant, "role_propagation_seconds", 3)
    assert _claims(msal_app().acquire_token_for_client(EXCHANGE))["wids"] == []
    # The window passes: the role counts as assigned 4 s ago, rather than the test sleeping 4 s for it.
    with tenant.transaction():
        app = tenant.application(demo_app_id(tenant.tenant.id))
        assert app is not None
        app.role_assigned_at = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=4)).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
    assert _claims(msal_app().acquire_token_for_client(EXCHANGE))["wids"] == [EXCHANGE_ADMIN_ROLE_TEMPLATE]


@pytest.mark.parametrize("scope", ["User.Read.All", "https://graph.microsoft.com/User.Read.All", "openid"])
def test_scope_without_default_suffix_is_refused(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client, scope: str
) -> None:
    """Client credentials need `<resource>/.default`; anything else is AADSTS1002012 invalid_scope."""
    body = _token_request(emulator, emulator_http, scope=scope).json()
    assert body["error"] == "invalid_scope"
    assert body["error_description"].startswith(
        f"AADSTS1002012: The provided value for scope {scope} is not valid."
    )


def test_unknown_resource_is_refused(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """A resource the tenant does not have is AADSTS500011 invalid_resource."""
    response = _token_request(emulator, emulator_http, scope="https://vault.azure.net/.default")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_resource"
    assert response.json()["error_description"].startswith(
        "AADSTS500011: The resource principal named https://vault.azure.net was not found"
    )


def test_resource_may_be_named_by_app_id(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """`00000002-0000-0ff1-ce00-000000000000/.default` asks for an Exchange token, as Entra allows."""
    response = _token_request(emulator, emulator_http, scope="00000002-0000-0ff1-ce00-000000000000/.default")
    claims = jwt.decode(response.json()["access_token"], options={"verify_signature": False})
    assert claims["aud"] == "https://outlook.office365.com"


def test_unsupported_grant_type_is_refused(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """Only the client credentials grant is served; others get AADSTS70003 unsupported_grant_type."""
    body = _token_request(emulator, emulator_http, grant_type="password").json()
    assert body["error"] == "unsupported_grant_type"
    assert body["error_codes"] == [70003]


def test_missing_credential_is_refused(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """A request with neither secret nor assertion is AADSTS7000218 invalid_client."""
    response = _token_request(emulator, emulator_http, client_secret="")
    assert response.status_code == 401
    assert response.json()["error_codes"] == [7000218]


def _self_signed() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "intruder")])
    now = time.time()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(dt.datetime.fromtimestamp(now - 60, dt.UTC))
        .not_valid_after(dt.datetime.fromtimestamp(now + 3600, dt.UTC))
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _registered_key(em: RunningEmulator) -> tuple[Any, x509.Certificate]:
    data = em.certificate_file.read_bytes()
    return serialization.load_pem_private_key(data, password=None), x509.load_pem_x509_certificate(data)


def test_assertion_from_unregistered_certificate_is_refused(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """A certificate that is not registered on the app is AADSTS700027, naming the thumbprint used."""
    key, cert = _self_signed()
    body = _assertion_request(emulator, emulator_http, _assertion(emulator, key, cert)).json()
    assert body["error"] == "invalid_client"
    assert body["error_codes"] == [700027]
    assert cert.fingerprint(hashes.SHA1()).hex().upper() in body["error_description"]


def test_assertion_signed_by_another_key_is_refused(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """An assertion claiming the registered thumbprint but signed by another key fails validation."""
    _, registered = _registered_key(emulator)
    other_key, _ = _self_signed()
    body = _assertion_request(emulator, emulator_http, _assertion(emulator, other_key, registered)).json()
    assert body["error_codes"] == [700027]


def test_assertion_for_another_audience_is_refused(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """An assertion made for another token endpoint (a replay elsewhere) is refused."""
    key, cert = _registered_key(emulator)
    assertion = _assertion(
        emulator, key, cert, aud="https://login.microsoftonline.com/common/oauth2/v2.0/token"
    )
    assert _assertion_request(emulator, emulator_http, assertion).json()["error_codes"] == [700027]


def test_expired_assertion_is_refused(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """An assertion past its expiry is AADSTS700024 (not within its valid time range)."""
    key, cert = _registered_key(emulator)
    now = int(time.time())
    assertion = _assertion(emulator, key, cert, nbf=now - 7200, exp=now - 3600)
    assert _assertion_request(emulator, emulator_http, assertion).json()["error_codes"] == [700024]


def test_hand_made_assertion_with_registered_certificate_is_accepted(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """A correct RS256 assertion built without msal is accepted (the check is not msal-specific)."""
    key, cert = _registered_key(emulator)
    response = _assertion_request(emulator, emulator_http, _assertion(emulator, key, cert))
    assert response.status_code == 200
    assert response.json()["token_type"] == "Bearer"


def test_signing_keys_verify_issued_tokens(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client, msal_app: MsalFactory
) -> None:
    """The JWKS the metadata points to verifies the access tokens the token endpoint issues."""
    metadata = emulator_http.get(
        f"{emulator.url}/{emulator.tenant_domain}/v2.0/.well-known/openid-configuration"
    )
    jwks = emulator_http.get(metadata.json()["jwks_uri"]).json()
    token = msal_app().acquire_token_for_client(GRAPH)["access_token"]
    kid = jwt.get_unverified_header(token)["kid"]
    key = next(jwt.PyJWK(k) for k in jwks["keys"] if k["kid"] == kid)
    claims = jwt.decode(token, key, algorithms=["RS256"], audience="https://graph.microsoft.com")
    assert claims["appid"] == emulator.client_id
    assert metadata.json()["token_endpoint"] == f"{emulator.url}/{emulator.tenant_id}/oauth2/v2.0/token"


def test_v1_token_endpoint_takes_a_resource(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """The v1.0 endpoint (`/oauth2/token`, `resource=`) issues the same token as `/.default` on v2.0."""
    response = emulator_http.post(
        f"{emulator.url}/{emulator.tenant_domain}/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": emulator.client_id,
            "client_secret": emulator.client_secret,
            "resource": "https://outlook.office365.com/",
        },
    )
    claims = jwt.decode(response.json()["access_token"], options={"verify_signature": False})
    assert claims["aud"] == "https://outlook.office365.com"


def test_a_token_checked_before_is_still_refused_once_expired_for_another_audience_or_tampered(
    tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The emulator keeps a token whose signature it checked (a `$batch` of 20 carries one token 20
    times), but what depends on the clock is checked on every use: a kept token expires on time. Nor does
    keeping it let it through for another audience, or let a token with the same claims and a bad signature
    through."""
    from mailwarden.emulator import tokens

    app = next(iter(tenant.data.applications.values()))
    token = tokens.issue(tenant, app, tokens.GRAPH_AUDIENCE, "127.0.0.1")
    claims = tokens.verify(tenant, f"Bearer {token}", tokens.GRAPH_AUDIENCE)
    assert claims.app_id == app.app_id
    assert tokens.verify(tenant, f"Bearer {token}", tokens.GRAPH_AUDIENCE) == claims  # kept

    with pytest.raises(tokens.InvalidToken, match="audience"):
        tokens.verify(tenant, f"Bearer {token}", tokens.EXCHANGE_AUDIENCE)
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload}.{signature[:-4]}{'AAAA' if signature[-4:] != 'AAAA' else 'BBBB'}"
    with pytest.raises(tokens.InvalidToken):
        tokens.verify(tenant, f"Bearer {forged}", tokens.GRAPH_AUDIENCE)

    later = time.time() + tokens.TOKEN_LIFETIME + 1
    monkeypatch.setattr(tokens.time, "time", lambda: later)
    with pytest.raises(tokens.InvalidToken, match="expired"):
        tokens.verify(tenant, f"Bearer {token}", tokens.GRAPH_AUDIENCE)
