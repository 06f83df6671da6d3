"""The operator's sign-in: the person at the CLI proves who they are to the tenant's Entra ID.

`SignInClient` wraps one msal `PublicClientApplication` (the tenant's sign-in app, a public client) and a
`msal.SerializableTokenCache` the caller loads and stores (sealed at rest: tenants/signin.py).

    client = SignInClient(target, cache)
    code = client.start_device_flow()          # the default: RFC 8628, works over SSH and on servers
    print(code.message)                        # "To sign in, ... open the page ... and enter the code ..."
    person = client.finish_device_flow(code)   # polls the token endpoint until the person finished
    person = client.browser(open_url)          # or: authorization code + PKCE on a loopback redirect
    person = client.current()                  # later: from the cache, refreshed when the token expired

Identity is the id token's `oid` and `tid`, never a name or UPN claim. The id token is checked here, not
only by msal: its signature against the tenant's published keys (so a token cache written by anyone but
the identity platform is refused), its issuer, audience (the sign-in app), tenant and lifetime. A person
the tenant disabled or whose sessions were revoked fails at the next refresh, within an hour.
"""

from __future__ import annotations

import contextlib
import http.server
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import jwt
import msal

from mailwarden import __version__
from mailwarden.connectors.auth import _MsalHttpClient  # msal's http seam, shared with app-only tokens
from mailwarden.connectors.endpoints import CloudEndpoints
from mailwarden.connectors.guard import check_allowed, is_loopback
from mailwarden.errors import AuthenticationFailed, ConfigError, TenantUnreachable

__all__ = ["DeviceCode", "Operator", "SignInClient", "SignInFailed", "SignInTarget"]

_ID_TOKEN_LEEWAY_S = 300
_DEVICE_FLOW_ERRORS = {
    "authorization_declined": "the sign-in was cancelled on the sign-in page",
    "expired_token": "the code expired before the sign-in was finished: run the command again",
    "bad_verification_code": "the identity platform did not recognise the device code: run the command again",
}


class SignInFailed(AuthenticationFailed):
    """The operator could not be signed in, or their sign-in no longer holds; the message says why."""


@dataclass(frozen=True)
class SignInTarget:
    """Where the operator signs in: the tenant's identity platform and its public-client sign-in app."""

    endpoints: CloudEndpoints
    tenant_id: str
    """The tenant's GUID (a token's `tid` must equal it)."""
    client_id: str
    ca_file: str | Path | None = None

    @property
    def authority(self) -> str:
        return f"{self.endpoints.authority_host.rstrip('/')}/{self.tenant_id}"

    @property
    def scopes(self) -> list[str]:
        # Graph's User.Read, named as the identity platform names it back (a scope spelt with the resource
        # URI would never match msal's cached token, so every command would refresh): the delegated
        # permission every person may consent to for themselves. msal adds openid, profile and
        # offline_access (the id token and the refresh token) on its own.
        return ["User.Read"]


@dataclass(frozen=True)
class Operator:
    """The signed-in person as the identity platform vouched for them."""

    oid: str
    """The person's object id in the tenant: what identity is bound on."""
    tid: str
    name: str
    username: str
    """`preferred_username` (usually the UPN): shown to people, never used to decide who someone is."""
    expires: int
    """When the id token that proved it expires (epoch seconds)."""


@dataclass(frozen=True)
class DeviceCode:
    """What to show the person: where to go and which code to enter."""

    user_code: str
    verification_uri: str
    message: str
    expires_at: float
    flow: dict[str, Any] = field(repr=False, compare=False)


class SignInClient:
    """One tenant's sign-in through msal's public client, on the given token cache. Synchronous: msal is."""

    def __init__(self, target: SignInTarget, cache: msal.SerializableTokenCache) -> None:
        check_allowed(target.endpoints)
        self.target = target
        self.cache = cache
        verify: ssl.SSLContext | bool = (
            ssl.create_default_context(cafile=str(target.ca_file)) if target.ca_file else True
        )
        self._http = _MsalHttpClient(
            verify=verify,
            timeout=30,
            follow_redirects=False,
            trust_env=not is_loopback(target.endpoints.authority_host),
            headers={"User-Agent": f"mailwarden/{__version__}"},
        )
        self._app: Any = self._call(
            lambda: msal.PublicClientApplication(
                target.client_id,
                authority=target.authority,
                # Off the public cloud msal must not ask login.microsoftonline.com about the host.
                instance_discovery=target.endpoints.is_public_login,
                http_client=self._http,
                token_cache=cache,
            )
        )
        self._keys: jwt.PyJWKSet | None = None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SignInClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- signing in ------------------------------------------------------------------------------
    def start_device_flow(self) -> DeviceCode:
        flow = self._call(lambda: self._app.initiate_device_flow(scopes=self.target.scopes))
        if "user_code" not in flow:
            raise self._failure(flow, "could not start the device code sign-in")
        return DeviceCode(
            user_code=str(flow["user_code"]),
            verification_uri=str(flow.get("verification_uri") or ""),
            message=str(flow.get("message") or ""),
            expires_at=float(flow.get("expires_at") or time.time() + 900),
            flow=flow,
        )

    def finish_device_flow(self, code: DeviceCode) -> Operator:
        """Poll until the person finished on the sign-in page (or cancelled, or the code expired)."""
        result = self._call(lambda: self._app.acquire_token_by_device_flow(code.flow))
        if "access_token" not in result:
            error = str(result.get("error") or "")
            if error in ("authorization_pending", "slow_down"):
                raise SignInFailed("The code expired before the sign-in was finished: run the command again.")
            raise self._failure(result, _DEVICE_FLOW_ERRORS.get(error, "the sign-in failed"))
        return self._replace_others(self._answered(result))

    def browser(self, open_url: Callable[[str], object], *, timeout: float = 300) -> Operator:
        """Authorization code with PKCE: the browser comes back to a loopback port of this machine."""
        with _LoopbackReceiver() as receiver:
            flow = self._call(
                lambda: self._app.initiate_auth_code_flow(
                    scopes=self.target.scopes,
                    redirect_uri=receiver.redirect_uri,
                    response_mode="form_post",
                )
            )
            if "auth_uri" not in flow:
                raise self._failure(flow, "could not start the browser sign-in")
            open_url(str(flow["auth_uri"]))
            response = receiver.wait(timeout)
        if response is None:
            raise SignInFailed(
                f"No answer from the browser within {int(timeout)} seconds: run the command again."
            )
        result = self._call(lambda: self._app.acquire_token_by_auth_code_flow(flow, response))
        if "access_token" not in result:
            raise self._failure(result, "the browser sign-in failed")
        return self._replace_others(self._answered(result))

    # ---- later commands ----------------------------------------------------------------------------
    def current(self) -> Operator | None:
        """The signed-in person, refreshing tokens that expired; None when nobody is signed in."""
        account = self._account()
        if account is None:
            return None
        result = self._call(
            lambda: self._app.acquire_token_silent_with_error(self.target.scopes, account=account)
        )
        if not result or "access_token" not in result:
            raise self._failure(result or {}, "the sign-in no longer holds")
        operator = self._verified(account)
        if operator.expires <= time.time():
            # The access token outlived the id token: ask the identity platform again, not the cache.
            result = self._call(
                lambda: self._app.acquire_token_silent_with_error(
                    self.target.scopes, account=account, force_refresh=True
                )
            )
            if not result or "access_token" not in result:
                raise self._failure(result or {}, "the sign-in no longer holds")
            operator = self._verified(account)
        return operator

    def sign_out(self) -> bool:
        """Forget every account in the cache; False when nobody was signed in."""
        accounts = self._app.get_accounts()
        for account in accounts:
            self._app.remove_account(account)
        return bool(accounts)

    # ---- helpers -----------------------------------------------------------------------------------
    def _account(self) -> dict[str, Any] | None:
        accounts: list[dict[str, Any]] = self._app.get_accounts()
        suffix = "." + self.target.tenant_id.lower()
        mine = [a for a in accounts if str(a.get("home_account_id", "")).lower().endswith(suffix)]
        return mine[0] if len(mine) == 1 else None

    def _replace_others(self, operator: Operator) -> Operator:
        """One person per tenant: a new sign-in removes whoever was signed in before."""
        for account in self._app.get_accounts():
            if str(account.get("home_account_id", "")).lower() != f"{operator.oid}.{operator.tid}":
                self._app.remove_account(account)
        return operator

    def _answered(self, result: dict[str, Any]) -> Operator:
        """Who just signed in: the id token in the identity platform's answer to this very sign-in, verified.

        Never "the newest id token in the cache": the cache still holds whoever was signed in before, and
        `iat` counts whole seconds, so two sign-ins within one second tie and the older person could win."""
        token = result.get("id_token")
        if not isinstance(token, str) or not token:
            raise SignInFailed(
                "The identity platform answered the sign-in without an id token: sign in again."
            )
        return self._check_id_token(token)

    def _verified(self, account: dict[str, Any]) -> Operator:
        """The id token cached for `account`, verified and bound to it; SignInFailed if it is not."""
        query = {"client_id": self.target.client_id, "home_account_id": str(account["home_account_id"])}
        found = list(self.cache.search(msal.TokenCache.CredentialType.ID_TOKEN, query=query))
        if not found:
            raise SignInFailed("The sign-in cache holds no id token: sign in again.")
        newest = max(found, key=lambda e: _issued_at(str(e["secret"])))
        operator = self._check_id_token(str(newest["secret"]))
        if f"{operator.oid}.{operator.tid}" != str(account["home_account_id"]).lower():
            # The account's key comes from client_info, which nobody signs: the id token says who it is.
            raise SignInFailed(
                "The signed-in identity does not match its account in the cache: sign in again."
            )
        return operator

    def _check_id_token(self, token: str) -> Operator:
        try:
            header = jwt.get_unverified_header(token)
            key = self._signing_key(str(header.get("kid") or ""))
            claims = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=self.target.client_id,
                issuer=f"{self.target.authority}/v2.0",
                options={"require": ["exp", "iat", "aud", "iss", "oid", "tid"], "verify_exp": False},
                leeway=_ID_TOKEN_LEEWAY_S,
            )
        except jwt.PyJWTError as exc:
            raise SignInFailed(
                f"The signed-in identity does not verify ({exc}): sign in again with 'mailwarden login'."
            ) from None
        if str(claims["tid"]).lower() != self.target.tenant_id.lower():
            raise SignInFailed("The signed-in identity belongs to another tenant: sign in again.")
        return Operator(
            oid=str(claims["oid"]).lower(),
            tid=str(claims["tid"]).lower(),
            name=str(claims.get("name") or ""),
            username=str(claims.get("preferred_username") or ""),
            expires=int(claims["exp"]),
        )

    def _signing_key(self, kid: str) -> Any:
        for attempt in range(2):
            if self._keys is None or attempt:
                self._keys = self._fetch_keys()
            with contextlib.suppress(KeyError):
                return self._keys[kid].key
        raise jwt.InvalidTokenError(f"no signing key {kid!r} is published by the tenant")

    def _fetch_keys(self) -> jwt.PyJWKSet:
        def get(url: str) -> dict[str, Any]:
            response = self._http.get(url)
            response.raise_for_status()
            body: dict[str, Any] = response.json()
            return body

        try:
            config = get(f"{self.target.authority}/v2.0/.well-known/openid-configuration")
            return jwt.PyJWKSet.from_dict(get(str(config["jwks_uri"])))
        except (httpx.HTTPError, KeyError, ValueError, jwt.PyJWTError) as exc:
            raise SignInFailed(
                f"Could not read the tenant's signing keys from {self.target.authority!r} "
                f"({type(exc).__name__})."
            ) from None

    def _call(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except httpx.TransportError as exc:
            raise TenantUnreachable(
                f"Could not reach the identity platform at {self.target.authority!r} ({type(exc).__name__}). "
                "Check the network and the tenant's cloud.",
                operation="sign-in",
            ) from None
        except ValueError as exc:
            if "authority" in str(exc).lower():
                raise ConfigError(
                    f"The identity platform does not know tenant {self.target.tenant_id!r} at "
                    f"{self.target.authority!r}."
                ) from None
            raise

    def _failure(self, result: dict[str, Any], what: str) -> SignInFailed:
        said = str(result.get("error_description") or result.get("error") or "no answer")
        description = said.splitlines()[0]
        hint = _hint(result, self.target.client_id)
        return SignInFailed(
            f"Sign-in to tenant {self.target.tenant_id!r}: {what}"
            + (f"; {hint}" if hint else "")
            + f". (The identity platform said: {description})",
            code=str(result.get("error") or "") or None,
            operation="sign-in",
        )


def _issued_at(token: str) -> int:
    try:
        return int(jwt.decode(token, options={"verify_signature": False}).get("iat") or 0)
    except (jwt.PyJWTError, ValueError):
        return 0


def _hint(result: dict[str, Any], client_id: str) -> str:
    codes = [int(c) for c in result.get("error_codes") or [] if str(c).isdigit()]
    hints = {
        7000218: f"the sign-in app {client_id!r} does not allow public client flows: turn on 'Allow public "
        "client flows' on its Authentication page, or name another app with --signin-client-id",
        700016: f"the sign-in app {client_id!r} is unknown in this tenant: check --signin-client-id",
        50057: "the account is disabled in the tenant",
        50034: "the account no longer exists in the tenant",
        70008: "the sign-in expired: sign in again",
        65001: "consent for User.Read is missing: an admin can grant it on the app's API permissions page",
    }
    return next((hints[c] for c in codes if c in hints), "")


class _LoopbackReceiver:
    """A one-shot HTTP server on 127.0.0.1 that receives the authorization response (query or form_post)."""

    def __init__(self) -> None:
        received: dict[str, str] = {}
        done = threading.Event()

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self, params: dict[str, str]) -> None:
                if "code" not in params and "error" not in params:
                    self.send_response(404)
                    self.end_headers()
                    return
                received.update(params)
                done.set()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(
                    b"<!doctype html><title>mailwarden</title><p>Sign-in complete. You can close this tab "
                    b"and return to mailwarden.</p>"
                )

            def do_GET(self) -> None:
                self._answer(dict(parse_qsl(urlsplit(self.path).query)))

            def do_POST(self) -> None:
                length = min(int(self.headers.get("Content-Length") or 0), 64 * 1024)
                self._answer(dict(parse_qsl(self.rfile.read(length).decode("utf-8", "replace"))))

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self._received = received
        self._done = done
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def redirect_uri(self) -> str:
        # Entra matches a registered 'http://localhost' whatever the port (RFC 8252 §7.3).
        return f"http://localhost:{self._server.server_address[1]}"

    def wait(self, timeout: float) -> dict[str, str] | None:
        return dict(self._received) if self._done.wait(timeout) else None

    def __enter__(self) -> _LoopbackReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
