"""Who is asking: OpenID Connect sign-in, the session cookie, CSRF, and API tokens, resolved to a recipient.

Sign-in is the authorization code flow with PKCE (S256) and a nonce against the tenant's identity platform
(Microsoft Entra ID; in the demo, the tenant emulator's sign-in page). The id_token is verified against the
provider's JWKS (signature, issuer, audience, lifetime, nonce, tenant); its `oid` alone names the person, who
must be an enabled user of the tenant's directory (read live by that id when the cache does not know it yet;
never found by `preferred_username` or `email`, which are mutable). The session cookie holds only that id
and a CSRF token, signed (itsdangerous), HttpOnly, SameSite=Lax, Secure when served over https. The
person's role is looked up in the directory on every request, never taken from the browser.

Automation sends `Authorization: Bearer mwt_...` (tokens.py) instead: no cookie, so no CSRF token either.
Every state-changing request made with the session cookie must carry the session's CSRF token, as the
`X-CSRF-Token` header or a `csrf_token` form field; sign-out alone also ends the cookie's session without it
when the browser shows the POST comes from this origin (web/signin.py: a tab older than the session).
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import secrets
import ssl
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

import httpx
import itsdangerous
import jwt
from authlib.common.security import generate_token  # type: ignore[import-untyped]
from authlib.oauth2.rfc7636 import create_s256_code_challenge  # type: ignore[import-untyped]
from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mailwarden.api.problems import Problem
from mailwarden.api.tokens import SCOPES
from mailwarden.connectors.secret import Secret
from mailwarden.data_folder import private_dir
from mailwarden.directory.live_facts import LiveFacts
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.workflow.service import Actor

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "OidcClient",
    "OidcSettings",
    "Principal",
    "SessionMiddleware",
    "check_csrf",
    "session_key",
]

SESSION_COOKIE = "mailwarden_session"
SESSION_MAX_AGE_S = 8 * 3600
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_KEY_FILE = "session.key"


# ---- the session cookie ---------------------------------------------------------------------------------


def session_key(home: Path, environ: dict[str, str] | None = None) -> str:
    """MAILWARDEN_SESSION_KEY, else a key kept in the data folder (made on first use, mode 0600)."""
    env = os.environ if environ is None else environ
    given = env.get("MAILWARDEN_SESSION_KEY", "").strip()
    if given:
        return given
    path = home / _KEY_FILE
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    private_dir(home)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text().strip()
    with os.fdopen(fd, "w") as out:
        out.write(key)
    return key


class SessionMiddleware:
    """A signed-cookie session (`request.session`), like Starlette's, but Secure exactly when the request
    came over https, so one app serves loopback http in the demo and https behind a proxy."""

    def __init__(self, app: ASGIApp, secret_key: str, max_age: int = SESSION_MAX_AGE_S) -> None:
        self.app = app
        self.signer = itsdangerous.TimestampSigner(secret_key, salt="mailwarden.session")
        self.max_age = max_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        scope["session"] = self._load(scope)
        initial = json.dumps(scope["session"], sort_keys=True)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                current = json.dumps(scope["session"], sort_keys=True)
                if current != initial:
                    headers = MutableHeaders(scope=message)
                    headers.append("Set-Cookie", self._cookie(scope, scope["session"]))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _load(self, scope: Scope) -> dict[str, Any]:
        for name, value in scope.get("headers", []):
            if name != b"cookie":
                continue
            for part in value.decode("latin-1").split(";"):
                key, _, raw = part.strip().partition("=")
                if key != SESSION_COOKIE:
                    continue
                try:
                    payload = self.signer.unsign(raw.encode(), max_age=self.max_age)
                    data = json.loads(base64.urlsafe_b64decode(payload))
                except (itsdangerous.BadSignature, ValueError):
                    return {}
                return data if isinstance(data, dict) else {}
        return {}

    def _cookie(self, scope: Scope, data: dict[str, Any]) -> str:
        flags = "Path=/; HttpOnly; SameSite=Lax"
        if scope.get("scheme") == "https":
            flags += "; Secure"
        if not data:
            return f"{SESSION_COOKIE}=; {flags}; Max-Age=0"
        payload = base64.urlsafe_b64encode(json.dumps(data).encode())
        signed = self.signer.sign(payload).decode()
        return f"{SESSION_COOKIE}={signed}; {flags}; Max-Age={self.max_age}"


# ---- who is asking ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Principal:
    """The person a request acts as (a recipient of the tenant), how they proved it, and what they may use."""

    recipient: Recipient
    via: Literal["session", "token"]
    scopes: frozenset[str] = field(default_factory=lambda: frozenset(SCOPES))
    token_id: str | None = None
    live: LiveFacts | None = None
    """The person's facts (enabled, roles) and the tenant's admins, read live for this request."""

    @property
    def is_admin(self) -> bool:
        """From the roles the person holds now (the Exchange or Global Administrator role)."""
        return self.recipient.is_admin

    @property
    def actor_id(self) -> str:
        return self.recipient.recipient_id

    @property
    def address(self) -> str:
        return self.recipient.primary_address

    @property
    def actor(self) -> Actor:
        r = self.recipient
        return Actor(actor_id=r.recipient_id, address=r.primary_address, is_admin=r.is_admin)


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request made with the session cookie unless it carries the CSRF token."""
    expected = str(request.session.get("csrf", ""))
    given = request.headers.get(CSRF_HEADER, "")
    content_type = request.headers.get("content-type", "")
    if not given and content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        given = str((await request.form()).get(CSRF_FIELD, ""))
    if not expected or not given or not hmac.compare_digest(expected, given):
        raise Problem(
            403,
            "csrf",
            "Missing or wrong CSRF token",
            "This change was sent without the page's CSRF token, so it was refused. Reload the page and "
            f"try again (scripts: send the token from GET /api/v1/me as the {CSRF_HEADER!r} header, or use "
            "an API token).",
        )


def is_person(recipient: Recipient | None) -> bool:
    return recipient is not None and recipient.kind is RecipientKind.USER and recipient.enabled


# ---- OpenID Connect -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OidcSettings:
    """Where people sign in: the provider's metadata, this app's client id (and secret when confidential)."""

    metadata_url: str
    client_id: str
    tenant_id: str
    """The id_token's `tid` must be this tenant's id."""
    client_secret: Secret | None = None
    ca_file: str | None = None
    scope: str = "openid profile email"


class SignInFailed(Exception):
    """The provider's answer cannot be trusted or does not name a person of the tenant."""


class OidcClient:
    """The authorization code flow with PKCE, over httpx, with authlib's PKCE and token helpers."""

    def __init__(self, settings: OidcSettings) -> None:
        self.settings = settings
        self._metadata: dict[str, Any] | None = None
        self._jwks: dict[str, Any] | None = None
        self._fetched_at = 0.0

    def _http(self) -> httpx.AsyncClient:
        verify: ssl.SSLContext | bool = (
            ssl.create_default_context(cafile=self.settings.ca_file) if self.settings.ca_file else True
        )
        # trust_env=False: CA and proxy variables of the environment must not change whom we trust.
        return httpx.AsyncClient(verify=verify, trust_env=self.settings.ca_file is None, timeout=15)

    async def metadata(self) -> dict[str, Any]:
        if self._metadata is None or time.monotonic() - self._fetched_at > 3600:
            async with self._http() as http:
                answer = await http.get(self.settings.metadata_url)
                answer.raise_for_status()
                self._metadata = answer.json()
                keys = await http.get(self._metadata["jwks_uri"])
                keys.raise_for_status()
                self._jwks = keys.json()
            self._fetched_at = time.monotonic()
        return self._metadata

    async def start(self, redirect_uri: str) -> tuple[str, dict[str, str]]:
        """The provider URL to send the browser to, and what to keep in the session until it returns."""
        metadata = await self.metadata()
        pending = {
            "state": generate_token(32),
            "nonce": generate_token(32),
            "verifier": generate_token(64),
            "redirect_uri": redirect_uri,
        }
        query = {
            "client_id": self.settings.client_id,
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "scope": self.settings.scope,
            "state": pending["state"],
            "nonce": pending["nonce"],
            "code_challenge": create_s256_code_challenge(pending["verifier"]),
            "code_challenge_method": "S256",
            "response_mode": "query",
        }
        return f"{metadata['authorization_endpoint']}?{urlencode(query)}", pending

    async def finish(self, pending: dict[str, str], code: str) -> dict[str, Any]:
        """Redeem the code and return the verified id_token's claims."""
        metadata = await self.metadata()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": pending["redirect_uri"],
            "client_id": self.settings.client_id,
            "code_verifier": pending["verifier"],
            "scope": self.settings.scope,
        }
        if self.settings.client_secret:
            form["client_secret"] = self.settings.client_secret.reveal()
        async with self._http() as http:
            answer = await http.post(metadata["token_endpoint"], data=form)
        if answer.status_code != 200:
            try:
                reason = str(answer.json().get("error_description", "")).split("\r\n")[0]
            except ValueError:
                reason = f"HTTP {answer.status_code}"
            raise SignInFailed(f"The identity provider refused the sign-in: {reason}")
        id_token = answer.json().get("id_token")
        if not id_token:
            raise SignInFailed("The identity provider sent no id_token.")
        return self._verify(id_token, metadata, pending["nonce"])

    def _verify(self, id_token: str, metadata: dict[str, Any], nonce: str) -> dict[str, Any]:
        try:
            kid = jwt.get_unverified_header(id_token).get("kid")
            keys = (self._jwks or {}).get("keys", [])
            jwk = next((k for k in keys if k.get("kid") == kid), keys[0] if len(keys) == 1 else None)
            if jwk is None:
                raise SignInFailed("The id_token is signed with a key the provider does not publish.")
            claims: dict[str, Any] = jwt.decode(
                id_token,
                jwt.PyJWK(jwk).key,
                algorithms=["RS256"],
                audience=self.settings.client_id,
                issuer=metadata["issuer"],
                options={"require": ["exp", "iat", "iss", "aud", "sub", "oid", "tid"]},
                leeway=60,
            )
        except jwt.PyJWTError as exc:
            raise SignInFailed(f"The id_token does not verify: {exc}.") from None
        if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
            raise SignInFailed("The id_token's nonce is not the one this sign-in sent.")
        if str(claims.get("tid", "")).lower() != self.settings.tenant_id.lower():
            raise SignInFailed("The id_token is from another tenant.")
        return claims
