"""The emulator's interactive sign-in: OpenID Connect authorization code flow with PKCE, for the demo web UI.

    GET  /{tenant}/oauth2/v2.0/authorize   a sign-in page listing the tenant's people (no passwords: pick one)
    POST /{tenant}/oauth2/v2.0/authorize   the choice; redirects to the client's redirect_uri with a code
    POST /{tenant}/oauth2/v2.0/token       grant_type=authorization_code is redeemed by `redeem_code` below
                                           (identity.py's token endpoint delegates that grant here)

Like Entra ID, a code is single-use, lives a few minutes, is bound to the client, the redirect URI and the
PKCE challenge (S256 only), and buys an id_token signed with the tenant's token signing key (RS256, the
key of the JWKS). The client may be confidential (it proves itself as in the client credentials grant) or
public (PKCE alone). Redirect URIs must be loopback: the emulator has no app registration UI to list them,
and a loopback-only rule keeps a code from being sent anywhere else.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import jwt
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from mailwarden.emulator import identity, tokens
from mailwarden.emulator.state import Recipient, TenantState

SIGN_IN_KINDS = ("UserMailbox", "GuestMailUser")
"""Accounts that may sign in, as in Entra: members, and guests invited into the tenant (their token names
the tenant they were invited to). A shared or room mailbox's account, or a contact, cannot."""


router = APIRouter()

CODE_LIFETIME_S = 300
ID_TOKEN_LIFETIME_S = 3600
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
_AUTH_PARAMS = (
    "client_id",
    "response_type",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "response_mode",
)


@dataclass(frozen=True)
class _Grant:
    """What a code stands for until it is redeemed."""

    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str | None
    scope: str
    user_id: str
    issued: float


class _Codes:
    """Outstanding authorization codes of one emulator process (a code is redeemed where it was issued)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._grants: dict[str, _Grant] = {}

    def issue(self, grant: _Grant) -> str:
        code = secrets.token_urlsafe(32)
        with self._lock:
            now = time.time()
            self._grants = {k: g for k, g in self._grants.items() if now - g.issued < CODE_LIFETIME_S}
            self._grants[code] = grant
        return code

    def take(self, code: str) -> _Grant | None:
        """The grant of `code`, once: a second redemption finds nothing."""
        with self._lock:
            grant = self._grants.pop(code, None)
        if grant is None or time.time() - grant.issued >= CODE_LIFETIME_S:
            return None
        return grant


_CODES_LOCK = threading.Lock()


def _codes(request: Request) -> _Codes:
    return codes_of(request.app)


def codes_of(app: Any) -> _Codes:
    """The app's outstanding codes (the sign-in page's app shares the emulator's: app.py)."""
    with _CODES_LOCK:
        codes: _Codes | None = getattr(app.state, "login_codes", None)
        if codes is None:
            codes = app.state.login_codes = _Codes()
    return codes


def _is_loopback(uri: str) -> bool:
    try:
        parts = urlsplit(uri)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and (parts.hostname or "") in _LOOPBACK_HOSTS


def _people(state: TenantState) -> list[Recipient]:
    """Who can sign in: enabled user mailboxes, by name."""
    found = [r for r in state.recipients.values() if r.kind == "UserMailbox" and r.account_enabled]
    return sorted(found, key=lambda r: (r.display_name.lower(), r.primary_smtp))


def _problem_page(message: str, status: int = 400) -> HTMLResponse:
    body = (
        "<!doctype html><html lang='en'><meta charset='utf-8'><title>Sign-in error</title>"
        f"<main><h1>Sorry, we can't sign you in</h1><p>{html.escape(message)}</p></main></html>"
    )
    return HTMLResponse(body, status_code=status)


def _check_authorize(state: TenantState, tenant: str, params: dict[str, str]) -> str | None:
    """Why the authorization request cannot go on (shown on the page, never redirected), or None."""
    if not identity.tenant_matches(state, tenant):
        return f"AADSTS90002: Tenant '{tenant}' not found."
    client_id = params.get("client_id", "").strip().lower()
    if not client_id or state.application(client_id) is None:
        return f"AADSTS700016: Application with identifier '{client_id}' was not found in the directory."
    if params.get("response_type") != "code":
        return "AADSTS900144: This sign-in page serves response_type=code only."
    if not _is_loopback(params.get("redirect_uri", "")):
        return (
            "AADSTS50011: The redirect URI specified in the request does not match the redirect URIs "
            "configured for the application (the emulator accepts loopback redirect URIs only)."
        )
    if not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
        return "AADSTS9002325: Proof Key for Code Exchange is required: send code_challenge with method S256."
    if "openid" not in params.get("scope", "").split():
        return "AADSTS900144: The scope must include 'openid'."
    return None


@router.get("/{tenant}/oauth2/v2.0/authorize", response_class=HTMLResponse)
def authorize_page(tenant: str, request: Request) -> HTMLResponse:
    """The sign-in page: one button per person of the tenant."""
    params = {k: v for k, v in request.query_params.items() if k in _AUTH_PARAMS}
    state = identity._state(request)
    with state.transaction():
        problem = _check_authorize(state, tenant, params)
        if problem:
            return _problem_page(problem)
        people = _people(state)
        org = state.tenant.display_name
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in params.items()
    )
    buttons = "".join(
        f'<li><button type="submit" name="login_hint" value="{html.escape(p.id)}">'
        f"{html.escape(p.display_name)} <small>{html.escape(p.user_principal_name or p.primary_smtp)}"
        f"{' · ' + html.escape(p.job_title) if p.job_title else ''}</small></button></li>"
        for p in people
    )
    body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to {html.escape(org)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}}
ul{{list-style:none;padding:0}}li{{margin:.3rem 0}}
button{{width:100%;text-align:left;padding:.6rem;font-size:1rem}}
small{{color:#555;display:block}}</style></head>
<body><main><h1>Sign in to {html.escape(org)}</h1>
<p>Demo tenant emulator: choose who you are. There are no passwords here.</p>
<form method="post">{hidden}<ul>{buttons}</ul></form></main></body></html>"""
    return HTMLResponse(body)


@router.post("/{tenant}/oauth2/v2.0/authorize")
async def authorize_choice(tenant: str, request: Request) -> Response:
    """The person chose who they are: send the browser back to the client with a code."""
    form = await request.form()
    params = {k: str(form.get(k, "")) for k in _AUTH_PARAMS if form.get(k) is not None}
    user_id = str(form.get("login_hint", ""))
    state = identity._state(request)
    with state.transaction():
        problem = _check_authorize(state, tenant, params)
        if problem:
            return _problem_page(problem)
        user = state.get(user_id)
        if user is None or user.kind not in SIGN_IN_KINDS or not user.account_enabled:
            return _problem_page("AADSTS50034: The user account does not exist in this directory.")
    code = _codes(request).issue(
        _Grant(
            client_id=params["client_id"].lower(),
            redirect_uri=params["redirect_uri"],
            code_challenge=params["code_challenge"],
            nonce=params.get("nonce") or None,
            scope=params.get("scope", ""),
            user_id=user.id,
            issued=time.time(),
        )
    )
    answer = {"code": code}
    if params.get("state"):
        answer["state"] = params["state"]
    if params.get("response_mode") == "form_post":
        # The code travels in a POST body, never in a URL a browser history or a proxy log keeps.
        fields = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in answer.items()
        )
        return HTMLResponse(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Working...</title></head>"
            f'<body onload="document.forms[0].submit()"><form method="post" '
            f'action="{html.escape(params["redirect_uri"])}">{fields}<noscript><button type="submit">'
            "Continue</button></noscript></form></body></html>"
        )
    separator = "&" if "?" in params["redirect_uri"] else "?"
    return RedirectResponse(params["redirect_uri"] + separator + urlencode(answer), status_code=302)


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _invalid_grant(request: Request, text: str) -> JSONResponse:
    return identity.aad_error(request, 400, "invalid_grant", 70008, text)


def redeem_code(request: Request, state: TenantState, tenant: str, form: dict[str, str]) -> JSONResponse:
    """grant_type=authorization_code at the token endpoint: the code, its PKCE verifier → an id_token.

    Called by identity.py's token endpoint inside the state's transaction, after the tenant was checked.
    """
    for name in ("code", "client_id", "redirect_uri", "code_verifier"):
        if not form.get(name):
            return identity.missing_parameter(request, name)
    grant = _codes(request).take(form["code"])
    if grant is None:
        return _invalid_grant(
            request, "The provided authorization code or refresh token has expired or was already redeemed."
        )
    client_id = form["client_id"].strip().lower()
    if grant.client_id != client_id or grant.redirect_uri != form["redirect_uri"]:
        return _invalid_grant(request, "The code was issued to another client or redirect URI.")
    if not hmac.compare_digest(_s256(form["code_verifier"]), grant.code_challenge):
        return _invalid_grant(request, "The code_verifier does not match the code_challenge supplied.")
    app = state.application(client_id)
    user = state.get(grant.user_id)
    if app is None or user is None or not user.account_enabled:
        return _invalid_grant(request, "The user or the application no longer exists in the directory.")
    if form.get("client_secret") or form.get("client_assertion"):
        # A confidential client proves itself as in the client credentials grant.
        refused = identity._authenticate(request, state, tenant, app, form)
        if refused is not None:
            return refused
    from mailwarden.emulator import user_tokens  # builds on this module's claims

    scopes, bad = user_tokens.delegated_scopes(grant.scope)
    if bad is not None:
        return user_tokens.invalid_scope(request, bad)
    return user_tokens.token_response(request, state, app, user, scopes, form, nonce=grant.nonce)


def _user_claims(
    request: Request, state: TenantState, client_id: str, user: Recipient, nonce: str | None
) -> dict[str, Any]:
    now = int(time.time())
    base = str(request.base_url).rstrip("/")
    # Entra's `sub` is pairwise: stable for one user and one app, different across apps.
    sub = base64.urlsafe_b64encode(hashlib.sha256(f"{user.id}:{client_id}".encode()).digest())
    claims: dict[str, Any] = {
        "iss": f"{base}/{state.tenant.id}/v2.0",
        "aud": client_id,
        "iat": now,
        "nbf": now,
        "exp": now + ID_TOKEN_LIFETIME_S,
        "sub": sub.rstrip(b"=").decode(),
        "oid": user.id,
        "tid": state.tenant.id,
        "preferred_username": user.user_principal_name or user.primary_smtp,
        "name": user.display_name,
        "email": user.primary_smtp,
        "ver": "2.0",
        "uti": uuid.uuid4().hex[:22],
    }
    if nonce:
        claims["nonce"] = nonce
    return claims


def _id_token(
    request: Request, state: TenantState, client_id: str, user: Recipient, nonce: str | None
) -> str:
    return _signed(state, _user_claims(request, state, client_id, user, nonce))


def _signed(state: TenantState, claims: dict[str, Any]) -> str:
    return jwt.encode(claims, tokens._private_key(state), algorithm="RS256", headers={"kid": tokens.KEY_ID})
