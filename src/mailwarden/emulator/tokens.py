"""Access tokens of the emulated identity platform: issued by identity.py, checked by Graph and Exchange.

Tokens are RS256 JWTs shaped like Microsoft's app-only v1.0 access tokens: `aud` is the resource
(`https://graph.microsoft.com`, `https://outlook.office365.com`), `roles` the consented app roles of that
resource, `wids` the directory role templates of the app's service principal, `tid`/`appid`/`oid` the tenant,
client and service principal.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from mailwarden.emulator.state import EXCHANGE_APP_ID, GRAPH_APP_ID, Application, TenantState

GRAPH_AUDIENCE = "https://graph.microsoft.com"
EXCHANGE_AUDIENCE = "https://outlook.office365.com"
# A resource can be named by its URI or its app id; both map to the audience the token carries.
RESOURCES: dict[str, tuple[str, str]] = {
    GRAPH_AUDIENCE: (GRAPH_AUDIENCE, GRAPH_APP_ID),
    GRAPH_APP_ID: (GRAPH_AUDIENCE, GRAPH_APP_ID),
    "https://graph.microsoft.us": (GRAPH_AUDIENCE, GRAPH_APP_ID),
    "https://microsoftgraph.chinacloudapi.cn": (GRAPH_AUDIENCE, GRAPH_APP_ID),
    EXCHANGE_AUDIENCE: (EXCHANGE_AUDIENCE, EXCHANGE_APP_ID),
    EXCHANGE_APP_ID: (EXCHANGE_AUDIENCE, EXCHANGE_APP_ID),
    "https://outlook.office365.us": (EXCHANGE_AUDIENCE, EXCHANGE_APP_ID),
    "https://partner.outlook.cn": (EXCHANGE_AUDIENCE, EXCHANGE_APP_ID),
}
TOKEN_LIFETIME = 3599
KEY_ID = "emulator-signing-key"


@dataclass(frozen=True)
class Claims:
    """The parts of a verified access token the resource APIs act on."""

    tenant_id: str
    app_id: str
    sp_id: str
    audience: str
    roles: frozenset[str] = field(default_factory=frozenset)
    wids: frozenset[str] = field(default_factory=frozenset)


def ensure_signing_key(state: TenantState) -> None:
    """Give the tenant an RSA signing key on first use (persisted with the state)."""
    if state.data.signing_key_pem:
        return
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    state.data.signing_key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    state.mark_dirty()


def _private_key(state: TenantState) -> rsa.RSAPrivateKey:
    ensure_signing_key(state)
    return _load_key(state.data.signing_key_pem)


@functools.lru_cache(maxsize=8)
def _load_key(pem: str) -> rsa.RSAPrivateKey:
    # Parsing a PEM costs milliseconds; every request verifies a token.
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def public_jwk(state: TenantState) -> dict[str, str]:
    jwk: dict[str, str] = jwt.algorithms.RSAAlgorithm.to_jwk(_private_key(state).public_key(), as_dict=True)
    jwk.update({"kid": KEY_ID, "use": "sig", "alg": "RS256"})
    return jwk


def roles_for(state: TenantState, app: Application, resource_app_id: str) -> list[str]:
    """The app role values consented for `app` on the resource, as a token's `roles` claim lists them."""
    sp = next((s for s in state.data.resource_sps if s.app_id == resource_app_id), None)
    if sp is None:
        return []
    by_id = {role_id: value for value, role_id in sp.app_roles.items()}
    roles = [
        by_id[role_id]
        for res, role_id in app.app_role_assignments
        if res == resource_app_id and role_id in by_id
    ]
    if resource_app_id == EXCHANGE_APP_ID and state.data.switches.no_exchange_consent:
        roles = [r for r in roles if r != "Exchange.ManageAsApp"]
    return sorted(roles)


def wids_for(state: TenantState, app: Application) -> list[str]:
    if state.data.switches.no_exchange_role:
        return []
    if app.role_assigned_at and state.data.switches.role_propagation_seconds:
        assigned = time.mktime(time.strptime(app.role_assigned_at, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
        if time.time() - assigned < state.data.switches.role_propagation_seconds:
            return []
    return list(app.directory_roles)


def issue(state: TenantState, app: Application, resource: str, issuer_host: str) -> str:
    """An access token for `app` to call `resource` (a URI or app id)."""
    audience, resource_app_id = RESOURCES[resource]
    now = int(time.time())
    claims = {
        "aud": audience,
        "iss": f"https://sts.windows.net/{state.tenant.id}/",
        "iat": now,
        "nbf": now,
        "exp": now + TOKEN_LIFETIME,
        "appid": app.app_id,
        "app_displayname": app.display_name,
        "appidacr": "1",
        "idp": f"https://sts.windows.net/{state.tenant.id}/",
        "idtyp": "app",
        "oid": app.sp_id,
        "sub": app.sp_id,
        "tid": state.tenant.id,
        "roles": roles_for(state, app, resource_app_id),
        "wids": wids_for(state, app),
        "ver": "1.0",
        "xms_emulator_host": issuer_host,
    }
    return jwt.encode(claims, _private_key(state), algorithm="RS256", headers={"kid": KEY_ID})


@functools.lru_cache(maxsize=256)
def _decoded(pem: str, token: str, audience: str) -> dict[str, Any]:
    """The claims of `token`, its signature checked with the key of `pem`, for `audience`.

    Kept per (key, token, audience): a `$batch` of 20 is 20 sub-requests with the batch's one token, and an
    RSA check with PyJWT's parsing cost each of them ~1 ms of the emulator's time, a fifth of what a bulk
    run made it spend. Only what passed is kept (a failure raises, and is checked again next time); what
    depends on the clock is checked again on every use (`_still_valid`), so a kept token expires on time."""
    return jwt.decode(
        token,
        _load_key(pem).public_key(),
        algorithms=["RS256"],
        audience=audience,
        options={"require": ["exp", "aud", "tid"]},
    )


def _still_valid(claims: dict[str, Any]) -> dict[str, Any]:
    """`claims` if their time checks (PyJWT's, no leeway) still pass now; raise PyJWT's error if not."""
    now = time.time()
    if int(claims["exp"]) <= now:
        raise jwt.ExpiredSignatureError("Signature has expired")
    if int(claims.get("nbf", 0)) > now or int(claims.get("iat", 0)) > now:
        raise jwt.ImmatureSignatureError("The token is not yet valid")
    return claims


class InvalidToken(Exception):
    """The bearer token is missing, malformed, expired, for another audience or another tenant."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def verify(state: TenantState, authorization: str | None, audience: str) -> Claims:
    """Check an `Authorization: Bearer` header for `audience` in this tenant; raise InvalidToken if not."""
    if not authorization or not authorization.lower().startswith("bearer "):
        raise InvalidToken("Access token is empty.")
    token = authorization.split(" ", 1)[1].strip()
    try:
        ensure_signing_key(state)
        claims = _still_valid(_decoded(state.data.signing_key_pem, token, audience))
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("Lifetime validation failed, the token is expired.") from exc
    except jwt.InvalidAudienceError as exc:
        raise InvalidToken("Invalid audience.") from exc
    except jwt.PyJWTError as exc:
        raise InvalidToken("Access token validation failure. Invalid audience.") from exc
    if claims["tid"] != state.tenant.id:
        raise InvalidToken("The token's tenant does not match the resource's tenant.")
    return Claims(
        tenant_id=claims["tid"],
        app_id=claims["appid"],
        sp_id=claims["oid"],
        audience=audience,
        roles=frozenset(claims.get("roles", [])),
        wids=frozenset(claims.get("wids", [])),
    )
