"""Tokens issued to a signed-in person (delegated), and the refresh token grant that renews them.

The device code grant (devicecode.py) and the authorization code grant (login.py) end here: an id_token
for the client, an access token for Microsoft Graph with the delegated scopes (`scp`, no `roles`: Graph's
app-permission checks refuse it), `client_info` when the client asks (msal does, to key its cache by
`oid.tid`), and a refresh token when `offline_access` was asked for.

Refresh tokens are opaque, live in this emulator process (a restarted emulator forgets them, as a revoked
session would: the client must sign in again) and are refused once the person is disabled or deleted,
like Entra's AADSTS50057 / AADSTS50034.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from mailwarden.emulator import identity, login, tokens
from mailwarden.emulator.state import GRAPH_APP_ID, Application, Recipient, TenantState

__all__ = [
    "ACCESS_TOKEN_LIFETIME_S",
    "REFRESH_TOKEN_LIFETIME_S",
    "check_public_client",
    "delegated_scopes",
    "redeem_refresh_token",
    "token_response",
]

ACCESS_TOKEN_LIFETIME_S = 3599
REFRESH_TOKEN_LIFETIME_S = 90 * 24 * 3600
OIDC_SCOPES = frozenset({"openid", "profile", "email", "offline_access"})
# The delegated Graph permissions a person consents to for themselves when signing in to mailwarden.
_GRAPH_DELEGATED = {"user.read": "User.Read"}
_NO_STORE = {"Cache-Control": "no-store, no-cache", "Pragma": "no-cache"}


def delegated_scopes(scope: str) -> tuple[list[str], str | None]:
    """(granted scope names, None) for a `scope` parameter, or ([], the offending scope) when one is unknown.

    Graph scopes may be named bare (`User.Read`) or with the resource (`https://graph.microsoft.com/User.Read`);
    `<graph>/.default` means the scopes consented before, here User.Read.
    """
    granted: list[str] = []
    for item in scope.split():
        lower = item.lower()
        if lower in OIDC_SCOPES:
            granted.append(lower)
            continue
        resource, _, name = lower.rpartition("/")
        if resource and tokens.RESOURCES.get(resource.rstrip("/"), ("", ""))[1] != GRAPH_APP_ID:
            return [], item
        if name == ".default" and resource:
            granted.append("User.Read")
        elif name in _GRAPH_DELEGATED:
            granted.append(_GRAPH_DELEGATED[name])
        else:
            return [], item
    if not any(s not in OIDC_SCOPES for s in granted):
        granted.append("User.Read")  # Entra answers an OIDC-only request with a Graph token for User.Read
    return list(dict.fromkeys(granted)), None


def invalid_scope(request: Request, scope: str) -> JSONResponse:
    return identity.aad_error(
        request,
        400,
        "invalid_scope",
        70011,
        f"The provided value for the input parameter 'scope' is not valid. The scope '{scope}' does not "
        "exist.",
    )


def check_public_client(request: Request, app: Application, form: dict[str, str]) -> JSONResponse | None:
    """Entra's answer when an app that does not allow public client flows redeems a grant without a secret."""
    if form.get("client_secret") or form.get("client_assertion") or app.is_fallback_public_client:
        return None
    return identity.aad_error(
        request,
        401,
        "invalid_client",
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    )


@dataclass(frozen=True)
class _Refresh:
    client_id: str
    user_id: str
    scopes: tuple[str, ...]
    issued: float


class _RefreshTokens:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._grants: dict[str, _Refresh] = {}

    def issue(self, grant: _Refresh) -> str:
        token = "1.emu." + secrets.token_urlsafe(48)
        with self._lock:
            now = time.time()
            self._grants = {
                k: g for k, g in self._grants.items() if now - g.issued < REFRESH_TOKEN_LIFETIME_S
            }
            self._grants[token] = grant
        return token

    def get(self, token: str) -> _Refresh | None:
        with self._lock:
            grant = self._grants.get(token)
        if grant is None or time.time() - grant.issued >= REFRESH_TOKEN_LIFETIME_S:
            return None
        return grant

    def revoke_user(self, user_id: str) -> None:
        with self._lock:
            self._grants = {k: g for k, g in self._grants.items() if g.user_id != user_id}


_STORE_LOCK = threading.Lock()


def refresh_tokens(request: Request) -> _RefreshTokens:
    with _STORE_LOCK:
        store: _RefreshTokens | None = getattr(request.app.state, "refresh_tokens", None)
        if store is None:
            store = request.app.state.refresh_tokens = _RefreshTokens()
    return store


def _client_info(state: TenantState, user: Recipient) -> str:
    raw = json.dumps({"uid": user.id, "utid": state.tenant.id}).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _access_token(state: TenantState, app: Application, user: Recipient, scopes: list[str]) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "aud": tokens.GRAPH_AUDIENCE,
        "iss": f"https://sts.windows.net/{state.tenant.id}/",
        "iat": now,
        "nbf": now,
        "exp": now + ACCESS_TOKEN_LIFETIME_S,
        "appid": app.app_id,
        "app_displayname": app.display_name,
        "appidacr": "0",
        "idtyp": "user",
        "name": user.display_name,
        "oid": user.id,
        "sub": user.id,
        "tid": state.tenant.id,
        "upn": user.user_principal_name or user.primary_smtp,
        "scp": " ".join(s for s in scopes if s not in ("offline_access",)),
        "ver": "1.0",
    }
    return login._signed(state, claims)


def token_response(
    request: Request,
    state: TenantState,
    app: Application,
    user: Recipient,
    scopes: list[str],
    form: dict[str, str],
    *,
    nonce: str | None = None,
) -> JSONResponse:
    """The token endpoint's answer for a person: id_token, access token, and a refresh token if asked."""
    body: dict[str, Any] = {
        "token_type": "Bearer",
        "scope": " ".join(s for s in scopes if s != "offline_access"),
        "expires_in": ACCESS_TOKEN_LIFETIME_S,
        "ext_expires_in": ACCESS_TOKEN_LIFETIME_S,
        "access_token": _access_token(state, app, user, scopes),
    }
    if "openid" in scopes:
        body["id_token"] = login._id_token(request, state, app.app_id, user, nonce)
    if "offline_access" in scopes:
        body["refresh_token"] = refresh_tokens(request).issue(
            _Refresh(client_id=app.app_id, user_id=user.id, scopes=tuple(scopes), issued=time.time())
        )
    if form.get("client_info") == "1":
        body["client_info"] = _client_info(state, user)
    return JSONResponse(body, headers=_NO_STORE)


def person_refusal(request: Request, user: Recipient | None) -> JSONResponse | None:
    """Entra's refusal when the person behind a grant was deleted or disabled since it was given."""
    if user is None or user.kind not in login.SIGN_IN_KINDS:
        return identity.aad_error(
            request,
            400,
            "invalid_grant",
            50034,
            "The user account does not exist in the directory. To sign into this application, the account "
            "must be added to the directory.",
        )
    if not user.account_enabled:
        return identity.aad_error(
            request,
            400,
            "invalid_grant",
            50057,
            "The user account is disabled. The user object in Active Directory backing this account has "
            "been disabled. An admin can re-enable this account through PowerShell.",
        )
    return None


def redeem_refresh_token(
    request: Request, state: TenantState, tenant: str, form: dict[str, str]
) -> JSONResponse:
    """grant_type=refresh_token: new tokens for the same person, client and (at most the same) scopes.

    Called by identity.py's token endpoint inside the state's transaction, after the tenant was checked.
    """
    for name in ("client_id", "refresh_token"):
        if not form.get(name):
            return identity.missing_parameter(request, name)
    grant = refresh_tokens(request).get(form["refresh_token"])
    if grant is None:
        return identity.aad_error(
            request,
            400,
            "invalid_grant",
            70008,
            "The provided authorization code or refresh token has expired due to inactivity. Send a new "
            "interactive authorization request for this user and resource.",
        )
    client_id = form["client_id"].strip().lower()
    app = state.application(client_id)
    if app is None or grant.client_id != client_id:
        return identity.aad_error(
            request, 400, "invalid_grant", 700005, "The refresh token was issued to a different client."
        )
    refused = check_public_client(request, app, form)
    if refused is None and (form.get("client_secret") or form.get("client_assertion")):
        refused = identity._authenticate(request, state, tenant, app, form)
    if refused is not None:
        return refused
    user = state.get(grant.user_id)
    refused = person_refusal(request, user)
    if refused is not None or user is None:
        return refused or identity.aad_error(request, 400, "invalid_grant", 50034, "No such user.")
    scopes = list(grant.scopes)
    if form.get("scope"):
        asked, bad = delegated_scopes(form["scope"])
        if bad is not None:
            return invalid_scope(request, bad)
        beyond = [s for s in asked if s not in grant.scopes]
        if beyond:
            return identity.aad_error(
                request,
                400,
                "invalid_grant",
                65001,
                f"The user or administrator has not consented to use the application with ID '{client_id}'"
                f" for the scope(s) {' '.join(beyond)}. Send an interactive authorization request for this "
                "user and resource.",
            )
        scopes = asked + (["offline_access"] if "offline_access" in grant.scopes else [])
    state.record("emulator", "SignIn", user.id, client_id=client_id, grant="refresh_token")
    return token_response(request, state, app, user, list(dict.fromkeys(scopes)), form)
