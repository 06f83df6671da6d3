"""Red team 11: forged id_tokens at the sign-in's verification (auth.OidcClient._verify). Each forgery a
sign-in answer could carry is refused: `alg: none`, HS256 keyed with the provider's public key, a key the
provider does not publish (with or without a `kid` of its own), another app's audience, another issuer,
another tenant, an expired or not-yet-valid token, a replayed nonce. Held on today's code; kept so that it
stays so."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from mailwarden.api.auth import OidcClient, OidcSettings, SignInFailed

TENANT = "7e1f0000-0000-4000-8000-0000000000aa"
OTHER_TENANT = "7e1f0000-0000-4000-8000-0000000000bb"
APP = "11111111-2222-3333-4444-555555555555"
ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"
NONCE = "n-0S6_WzA2Mj"

_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
_OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    public: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {**public, "kid": kid, "use": "sig", "alg": "RS256"}


def _client(*keys: dict[str, Any]) -> OidcClient:
    client = OidcClient(OidcSettings(metadata_url="https://unused.example", client_id=APP, tenant_id=TENANT))
    client._jwks = {"keys": list(keys) or [_jwk(_KEY, "k1")]}
    return client


def _claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": APP,
        "sub": "s",
        "oid": "7e1f0000-0000-4000-8000-000000000011",
        "tid": TENANT,
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "nonce": NONCE,
    }
    return {**claims, **changes}


def _signed(claims: dict[str, Any], key: rsa.RSAPrivateKey = _KEY, kid: str | None = "k1") -> str:
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid} if kid else None)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}.{_b64(signature)}"


def _verify(token: str, client: OidcClient | None = None) -> dict[str, Any]:
    return (client or _client())._verify(token, {"issuer": ISSUER}, NONCE)


def test_a_genuine_token_verifies() -> None:
    assert _verify(_signed(_claims()))["tid"] == TENANT


def _hs256_with_the_public_key() -> str:
    public = _KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "typ": "JWT", "kid": "k1"}
    signing_input = _unsigned(header, _claims()).rsplit(".", 1)[0]
    signature = hmac.new(public, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


FORGERIES = {
    "alg none": lambda: _unsigned({"alg": "none", "typ": "JWT", "kid": "k1"}, _claims()),
    "HS256 keyed with the public key": _hs256_with_the_public_key,
    "another key under the published kid": lambda: _signed(_claims(), _OTHER_KEY),
    "another key without a kid": lambda: _signed(_claims(), _OTHER_KEY, kid=None),
    "a kid pointing elsewhere": lambda: jwt.encode(
        _claims(), _OTHER_KEY, algorithm="RS256", headers={"kid": "k9", "jku": "https://evil.example/keys"}
    ),
    "another app's audience": lambda: _signed(_claims(aud="99999999-2222-3333-4444-555555555555")),
    "another tenant's issuer": lambda: _signed(
        _claims(iss=f"https://login.microsoftonline.com/{OTHER_TENANT}/v2.0", tid=OTHER_TENANT)
    ),
    "another tenant under this issuer": lambda: _signed(_claims(tid=OTHER_TENANT)),
    "expired": lambda: _signed(_claims(exp=int(time.time()) - 600, iat=int(time.time()) - 4200)),
    "not valid yet": lambda: _signed(_claims(nbf=int(time.time()) + 600)),
    "another sign-in's nonce": lambda: _signed(_claims(nonce="replayed")),
    "no nonce": lambda: _signed({k: v for k, v in _claims().items() if k != "nonce"}),
    "no tenant": lambda: _signed({k: v for k, v in _claims().items() if k != "tid"}),
}


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_a_forged_id_token_signs_nobody_in(forgery: str) -> None:
    with pytest.raises(SignInFailed):
        _verify(FORGERIES[forgery]())


def test_an_unknown_kid_is_refused_when_the_provider_publishes_several_keys() -> None:
    client = _client(_jwk(_KEY, "k1"), _jwk(_OTHER_KEY, "k2"))
    assert _verify(_signed(_claims(), _OTHER_KEY, kid="k2"), client)["oid"]
    with pytest.raises(SignInFailed):
        _verify(_signed(_claims(), _OTHER_KEY, kid="k3"), client)
