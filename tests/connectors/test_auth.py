"""Tokens from the emulator's identity platform through msal, and what a person sees when they fail."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import jwt
import pytest
import structlog

from mailwarden.connectors import (
    CertificateCredential,
    ClientSecretCredential,
    Secret,
    TenantConnection,
    TokenSource,
    open_tenant,
)
from mailwarden.emulator.switches import set_switch
from mailwarden.errors import AuthenticationFailed, ConfigError, ConsentMissing
from mailwarden.testing import RunningEmulator

Connect = Callable[..., TenantConnection]

pytestmark = pytest.mark.anyio

GRAPH = "https://graph.microsoft.com"
EXCHANGE = "https://outlook.office365.com"
WRONG_SECRET = "Wr0ng~secret.value-that-must-never-print"


def _claims(token: str) -> dict[str, object]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


async def test_client_secret_gets_a_token_per_resource(acme: RunningEmulator, connect: Connect) -> None:
    """A secret credential yields an app-only token for Graph and another for Exchange."""
    tokens = TokenSource(connect(acme))
    try:
        graph, exchange = await tokens.token(GRAPH), await tokens.token(EXCHANGE)
    finally:
        tokens.close()
    assert _claims(graph)["aud"] == GRAPH
    assert _claims(exchange)["aud"] == EXCHANGE
    assert _claims(graph)["tid"] == acme.tenant_id
    assert _claims(graph)["appid"] == acme.client_id
    assert "Exchange.ManageAsApp" in _claims(exchange)["roles"]  # type: ignore[operator]


async def test_certificate_gets_a_token(acme: RunningEmulator, connect: Connect) -> None:
    """A certificate credential (key and certificate in one PEM file) yields a token."""
    credential = CertificateCredential.from_file(acme.certificate_file)
    assert len(credential.thumbprint) == 40
    tokens = TokenSource(connect(acme, credential=credential))
    try:
        token = await tokens.token(GRAPH)
    finally:
        tokens.close()
    assert _claims(token)["appid"] == acme.client_id


async def test_an_unusable_private_key_is_a_clear_error(acme: RunningEmulator, connect: Connect) -> None:
    """A certificate whose private key msal cannot use fails with what to do, never a traceback or the key."""
    good = CertificateCredential.from_file(acme.certificate_file)
    broken_key = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"
    credential = CertificateCredential(Secret(broken_key), good.certificate_pem)
    tokens = TokenSource(connect(acme, credential=credential))
    try:
        with pytest.raises(AuthenticationFailed, match="private key") as caught:
            await tokens.token(GRAPH)
    finally:
        tokens.close()
    assert good.thumbprint in str(caught.value)
    assert "bm90IGEga2V5" not in str(caught.value)


async def test_a_certificate_not_checked_when_made_is_checked_before_msal_signs(
    acme: RunningEmulator, connect: Connect
) -> None:
    """The demo makes its credential from the certificate its emulator wrote without checking it (that would
    load cryptography in every command); a broken one still fails clearly, before msal uses it."""
    good = CertificateCredential.from_file(acme.certificate_file)
    broken = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"
    with pytest.raises(ConfigError, match=r"not a PEM X\.509 certificate"):
        CertificateCredential(good.private_key_pem, broken)
    credential = CertificateCredential(good.private_key_pem, broken, check=False)
    tokens = TokenSource(connect(acme, credential=credential))
    try:
        with pytest.raises(ConfigError, match=r"not a PEM X\.509 certificate"):
            await tokens.token(GRAPH)
    finally:
        tokens.close()
    assert not [r for r in acme.faults.requests("identity") if r.path.endswith("/token")]


async def test_tokens_are_cached_per_resource(acme: RunningEmulator, connect: Connect) -> None:
    """Asking twice for the same resource costs one token request."""
    tokens = TokenSource(connect(acme))
    try:
        first = await tokens.token(GRAPH)
        second = await tokens.token(GRAPH)
    finally:
        tokens.close()
    assert first == second
    token_requests = [r for r in acme.faults.requests("identity") if r.path.endswith("/token")]
    assert len(token_requests) == 1


async def test_wrong_secret_names_the_fix_and_never_the_secret(
    acme: RunningEmulator, connect: Connect
) -> None:
    """A wrong secret fails with AADSTS7000215, says how to fix it, and the secret appears nowhere."""
    connection = connect(acme, credential=ClientSecretCredential(Secret(WRONG_SECRET)))
    with structlog.testing.capture_logs() as logs:
        async with open_tenant(connection) as tenant:
            with pytest.raises(AuthenticationFailed) as caught:
                await tenant.graph.users()
    error = caught.value
    assert error.code == "AADSTS7000215"
    assert "secret is wrong" in str(error)
    assert "mailwarden tenant rotate" in str(error)
    for shown in (str(error), repr(error), repr(error.args), repr(connection), str(logs)):
        assert WRONG_SECRET not in shown


async def test_expired_secret_says_to_create_a_new_one(acme: RunningEmulator, connect: Connect) -> None:
    """An expired secret fails with AADSTS7000222 and points at rotating it."""
    set_switch(acme.state, "expired_secret", True)
    async with open_tenant(connect(acme)) as tenant:
        with pytest.raises(AuthenticationFailed, match="expired: create a new secret") as caught:
            await tenant.exchange.accepted_domains()
    assert caught.value.code == "AADSTS7000222"


async def test_app_from_another_tenant_mentions_consent_elsewhere(
    acme: RunningEmulator, connect: Connect
) -> None:
    """An app unknown to this tenant fails with AADSTS700016 and hints at consent in another tenant."""
    set_switch(acme.state, "wrong_tenant", True)
    tokens = TokenSource(connect(acme))
    try:
        with pytest.raises(AuthenticationFailed, match="consent may have been granted in another tenant"):
            await tokens.token(GRAPH)
    finally:
        tokens.close()


async def test_unknown_tenant_says_to_check_the_tenant(acme: RunningEmulator, connect: Connect) -> None:
    """A tenant domain the identity platform does not know fails with a hint to check it."""
    tokens = TokenSource(connect(acme, tenant_id="nosuchtenant.onmicrosoft.com"))
    try:
        with pytest.raises(AuthenticationFailed, match="check the tenant id or domain") as caught:
            await tokens.token(GRAPH)
    finally:
        tokens.close()
    assert caught.value.code == "AADSTS90002"


async def test_tenant_named_by_domain_reaches_exchange_by_guid(
    acme: RunningEmulator, connect: Connect
) -> None:
    """A connection naming its tenant by domain calls the Exchange admin API with the tenant GUID."""
    async with open_tenant(connect(acme, tenant_id=acme.tenant_domain)) as tenant:
        domains = await tenant.exchange.accepted_domains()
    assert domains
    exchange_paths = [r.path for r in acme.faults.requests("exchange")]
    assert exchange_paths == [f"/adminapi/beta/{acme.tenant_id}/InvokeCommand"]


async def test_consent_granted_later_is_picked_up_with_a_fresh_token(
    acme: RunningEmulator, connect: Connect
) -> None:
    """After a 401 the client fetches a new token once, so consent granted since is seen at once."""
    set_switch(acme.state, "no_exchange_consent", True)
    async with open_tenant(connect(acme)) as tenant:
        with pytest.raises(ConsentMissing, match=r"Exchange\.ManageAsApp"):
            await tenant.exchange.accepted_domains()
        set_switch(acme.state, "no_exchange_consent", False)
        assert await tenant.exchange.accepted_domains()
    statuses = [r.status for r in acme.faults.requests("exchange")]
    # Refused twice (old token, refreshed token), then refused with the stale token and accepted after.
    assert statuses == [401, 401, 401, 200]


async def test_a_token_that_expires_mid_run_is_renewed_never_sent_again(
    acme: RunningEmulator, connect: Connect, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An access token lives about an hour; a long run outlives it. The service then answers 401, and
    the client gets a new token and sends the request again, with the new token: the expired one is not
    sent again, neither to this API nor to the other. The emulator takes every token issued so far for
    expired (as an hour later), while the client's cache still holds it for fresh, as a client whose clock
    runs behind the service's, or a run paused past the hour, does."""
    import time

    import jwt as pyjwt

    import mailwarden.emulator.tokens as emulator_tokens

    async with open_tenant(connect(acme)) as tenant:
        assert await tenant.graph.domains()
        assert await tenant.exchange.accepted_domains()
        first = await tenant.tokens.token(GRAPH)
        cutoff = time.time()
        still_valid = emulator_tokens._still_valid

        def an_hour_later(claims: dict[str, object]) -> dict[str, object]:
            if float(str(claims.get("iat", 0))) <= cutoff:
                raise pyjwt.ExpiredSignatureError("Signature has expired")
            return still_valid(claims)

        await asyncio.sleep(1.1)  # a token issued from now on has a later iat (whole seconds)
        monkeypatch.setattr(emulator_tokens, "_still_valid", an_hour_later)
        acme.faults.reset()
        assert await tenant.graph.domains()
        assert await tenant.exchange.accepted_domains()
        assert await tenant.graph.domains()
        renewed = await tenant.tokens.token(GRAPH)
    assert renewed != first
    assert [r.status for r in acme.faults.requests("graph")] == [401, 200, 200]
    assert [r.status for r in acme.faults.requests("exchange")] == [401, 200]
