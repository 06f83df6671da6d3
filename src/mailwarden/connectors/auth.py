"""App-only access tokens from the Microsoft identity platform (msal), and the httpx auth flow using them.

`TokenSource` owns one msal `ConfidentialClientApplication` per tenant connection, with msal's token cache:
one token per resource (`<resource>/.default`), reused until it nears expiry. msal is synchronous and does
network I/O (discovery, the token request), so every msal call runs in a worker thread. A connection with a
`token_cache` folder keeps msal's cache there between commands (kept_tokens.py): a token still valid in it
is sent without importing msal at all, and msal loads and saves the file when it runs.

`MsalAuth` is the `httpx.Auth` flow the Graph and Exchange clients send with: it attaches the bearer and,
when the service answers 401, fetches a new token once and tries again (a role or consent granted since the
token was issued only shows up in a new token). A 403 to a token kept from an earlier command is treated
the same way: before tokens were kept, every command had a new one, so a permission consented since
showed at once.

Failures become `AuthenticationFailed` whose message names the cause and the fix; a secret never appears in
a message, a log event or an exception.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import threading
import time
from collections.abc import AsyncGenerator, Generator
from typing import TYPE_CHECKING, Any

import httpx

from mailwarden.connectors.guard import check_allowed
from mailwarden.connectors.kept_tokens import KeptTokens
from mailwarden.errors import AuthenticationFailed, TenantUnreachable

if TYPE_CHECKING:
    from mailwarden.connectors.connection import TenantConnection

__all__ = ["MsalAuth", "TokenSource"]

_ROTATE = "run `mailwarden tenant rotate <name>` with the new one"
_CHECK = "then run `mailwarden tenant check`"


def _hint(code: int, client_id: str, tenant: str) -> str:
    hints = {
        90002: f"the tenant {tenant!r} was not found: check the tenant id or domain, and the cloud",
        900023: f"{tenant!r} is not a valid tenant: check the tenant id or domain",
        90072: "the app is not from this tenant and has no guest access: check the tenant id",
        700016: (
            f"the app {client_id!r} is not registered or not consented in this tenant; consent may have been "
            "granted in another tenant. Check the client id and tenant id, or have an admin of this tenant "
            f"grant consent, {_CHECK}"
        ),
        7000215: (
            "the client secret is wrong: copy the secret's Value (not its Secret ID) from the app "
            f"registration and {_ROTATE}"
        ),
        7000222: f"the client secret has expired: create a new secret on the app registration and {_ROTATE}",
        700027: (
            "the certificate was not accepted: upload the certificate's public part to the app "
            "registration (Certificates & secrets), or use the certificate that is registered there"
        ),
        700024: "the certificate assertion is outside its valid time: check this machine's clock",
        7000112: f"the app {client_id!r} is disabled in this tenant: ask an admin to enable it",
        500011: "the resource (Exchange Online or Graph) is not available in this tenant: check its licences",
        50126: "the credential was refused: check the client id and credential",
    }
    return hints.get(code, "")


class _MsalHttpClient(httpx.Client):
    """httpx shaped for msal: msal posts the certificate assertion as bytes, which httpx would send as the
    text "b'...'" where requests sends the decoded string."""

    def post(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        data = kwargs.get("data")
        if isinstance(data, dict):
            kwargs["data"] = {k: v.decode() if isinstance(v, bytes) else v for k, v in data.items()}
        return super().post(url, **kwargs)


_FRESH_MARGIN = 5 * 60
"""msal hands out a cached access token until 5 minutes before it expires (kept_tokens._EXPIRY_MARGIN)."""


def _fresh_until(token: str, result: dict[str, Any]) -> tuple[str, float] | None:
    """`token` and until when msal would hand it out again from its cache: 5 minutes before it expires, or
    when the identity platform said to refresh it (`refresh_in`); None when that is past or unknown."""
    now = time.time()
    expires_in, refresh_in = result.get("expires_in"), result.get("refresh_in")
    if not isinstance(expires_in, int | float) or isinstance(expires_in, bool):
        return None
    until = now + expires_in - _FRESH_MARGIN
    if isinstance(refresh_in, int | float) and not isinstance(refresh_in, bool):
        until = min(until, now + refresh_in)
    return (token, until) if until > now else None


class TokenSource:
    """Access tokens for one tenant connection; one msal app, one cached token per resource."""

    def __init__(self, connection: TenantConnection, *, verify: ssl.SSLContext | bool | None = None) -> None:
        self._connection = connection
        self._verify = connection.ssl_verify() if verify is None else verify
        self._app: Any = None
        self._http: httpx.Client | None = None
        self._build_lock = threading.Lock()
        self._locks: dict[str, asyncio.Lock] = {}
        self._tenant_guid: str | None = None
        self._kept = (
            KeptTokens(
                connection.token_cache,
                authority=self.authority,
                client_id=connection.client_id,
                seal=connection.token_seal,
            )
            if connection.token_cache is not None
            else None
        )
        self._read_kept = self._kept is not None
        self._issued: set[str] = set()  # tokens the identity platform issued to this process
        self._fresh: dict[str, tuple[str, float]] = {}
        """Resource -> the token msal last handed out for it, and until when (epoch seconds) msal would hand
        it out again from its cache: asked again before then, it is that token, with no lock and no thread
        (a bulk run sends thousands of requests, and each asked msal's cache in a worker thread)."""
        self._drops = 0
        """How many times cached tokens were dropped: a fetch under way in the worker thread when they are
        keeps what it found out of `_fresh` (it would put back a token just dropped; red team 28)."""
        self._fresh_guard = threading.Lock()
        """Makes "no drop since the fetch began, so keep its token" one step against a drop elsewhere."""

    @property
    def authority(self) -> str:
        return f"{self._connection.endpoints.authority_host.rstrip('/')}/{self._connection.tenant_id}"

    async def token(self, resource: str, *, reject: str | None = None) -> str:
        """A valid access token for `resource`; one different from `reject` (a token just refused)."""
        check_allowed(self._connection.endpoints)
        fresh = self._fresh.get(resource)
        if fresh is not None:
            # Only a token issued to this process once kept ones are no longer read (a change, a check).
            usable = self._read_kept or fresh[0] in self._issued
            if reject is None and usable and time.time() < fresh[1]:
                return fresh[0]
            if reject is not None and fresh[0] == reject:
                self._fresh.pop(resource, None)
        lock = self._locks.setdefault(resource, asyncio.Lock())
        # One fetch per resource at a time: concurrent requests at start-up share the first token.
        async with lock:
            return await asyncio.to_thread(self._acquire, resource, reject)

    async def tenant_guid(self, resource: str) -> str:
        """The tenant's GUID as the identity platform reports it (the `tid` of a token for `resource`).

        A connection may name its tenant by domain; the Exchange admin API's URL wants the GUID.
        """
        if self._tenant_guid is None:
            import jwt  # only for a tenant named by domain; msal imports it anyway when it runs

            token = await self.token(resource)
            claims = jwt.decode(token, options={"verify_signature": False})
            self._tenant_guid = str(claims["tid"])
        return self._tenant_guid

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def kept_from_before(self, token: str) -> bool:
        """Whether `token` was kept from an earlier process rather than issued to this one."""
        return self._kept is not None and token not in self._issued

    def forget_kept(self) -> None:
        """Get new tokens from now on, never one kept from before (whose roles may be older than a consent
        just granted): the tenant's kept files are removed, and this source's cached tokens dropped."""
        from mailwarden.connectors.kept_tokens import forget

        with self._build_lock:
            self._read_kept = False
            if self._kept is not None:
                forget(self._kept.folder)
        self._drop_cached(keep=frozenset())

    def use_issued_only(self) -> None:
        """Send only tokens issued to this process from now on, never one kept from an earlier command.

        For changes: a kept token carries the roles the app had when it was issued, and Microsoft honours it
        until it expires (about an hour), so an app role or consent taken away in Entra would not stop a
        change sent with it, where a new token stops it at once. The kept files stay: the next token this
        source gets replaces them, and later reads use it."""
        with self._build_lock:
            self._read_kept = False
        if self._kept is not None:
            self._drop_cached(keep=frozenset(self._issued))

    def _drop_cached(self, *, keep: frozenset[str]) -> None:
        """Drop the access tokens in msal's memory but those in `keep`, in place: a long-lived source (the
        web server's) may be fetching a token in another thread."""
        with self._fresh_guard:
            self._drops += 1
            self._fresh = {r: held for r, held in self._fresh.items() if held[0] in keep}
        app = self._app
        if app is None:
            return
        import msal

        cache = app.token_cache
        for item in list(cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN)):
            if item.get("secret") not in keep:
                cache.remove_at(item)

    # ---- in the worker thread ------------------------------------------------------------------
    def _acquire(self, resource: str, reject: str | None) -> str:
        scopes = [f"{resource.rstrip('/')}/.default"]
        drops = self._drops
        if reject is None and self._read_kept and self._kept is not None and self._app is None:
            kept = self._kept.access_token_until(scopes[0])
            if kept is not None:
                self._remember(resource, kept, drops)
                return kept[0]
        import msal

        app = self._application()
        result = self._call(lambda: app.acquire_token_for_client(scopes=scopes))
        if reject is not None and result.get("access_token") == reject:
            # The cached token was refused: drop it so msal asks the identity platform for a new one.
            cache = app.token_cache
            query = {"client_id": self._connection.client_id}
            for item in list(
                cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN, target=scopes, query=query)
            ):
                cache.remove_at(item)
            result = self._call(lambda: app.acquire_token_for_client(scopes=scopes))
        if self._kept is not None:
            self._kept.save(app.token_cache, token=result.get("access_token"), refused=reject)
        token = result.get("access_token")
        if not token:
            raise self._failure(result, resource)
        if result.get("token_source") != "cache":
            self._issued.add(str(token))
        self._remember(resource, _fresh_until(str(token), result), drops)
        return str(token)

    def _remember(self, resource: str, held: tuple[str, float] | None, drops: int) -> None:
        """Keep `held` (token, until when) for `resource`, unless cached tokens were dropped since the fetch
        began (`drops`): checked and stored under one lock, so a drop in between cannot be undone."""
        with self._fresh_guard:
            if drops != self._drops:
                return
            if held is None:
                self._fresh.pop(resource, None)
            elif held[0] in self._issued or self._read_kept:
                self._fresh[resource] = held

    def _application(self) -> Any:
        import msal  # here, not at import: a command with a kept token never needs it

        with self._build_lock:
            if self._app is None:
                connection = self._connection
                cache = msal.SerializableTokenCache()
                if self._kept is not None and self._read_kept:
                    self._kept.load_into(cache)
                self._http = _MsalHttpClient(
                    verify=self._verify,
                    timeout=connection.timeouts.token,
                    follow_redirects=False,
                    trust_env=connection.trust_env,
                )
                self._app = self._call(
                    lambda: msal.ConfidentialClientApplication(
                        connection.client_id,
                        client_credential=connection.credential.to_msal(),
                        authority=self.authority,
                        # Off the public cloud msal must not ask login.microsoftonline.com about the host.
                        instance_discovery=connection.endpoints.is_public_login,
                        http_client=self._http,
                        token_cache=cache,
                    )
                )
            return self._app

    def _call(self, fn: Any) -> Any:
        import jwt  # loaded by msal already

        try:
            return fn()
        except httpx.TransportError as exc:
            raise TenantUnreachable(
                f"Could not reach the identity platform at {self.authority!r} ({type(exc).__name__}). "
                "Check the network and the connection's cloud.",
                operation="token",
            ) from None
        except (ValueError, TypeError, jwt.InvalidKeyError) as exc:
            # msal raises ValueError when the authority's OpenID configuration cannot be read: in
            # practice a tenant id or domain the identity platform does not know.
            if isinstance(exc, ValueError) and "authority" in str(exc).lower():
                tenant = self._connection.tenant_id
                raise AuthenticationFailed(
                    f"No token from {self.authority!r}: {_hint(90002, '', tenant)}.",
                    code="AADSTS90002",
                    operation="token",
                ) from None
            from mailwarden.connectors.connection import CertificateCredential

            credential = self._connection.credential
            if isinstance(credential, CertificateCredential):
                # msal signs the client assertion with the key: a key it cannot load (or, before msal
                # 1.35, a certificate without a thumbprint) fails here, deep in PyJWT or cryptography.
                raise AuthenticationFailed(
                    f"No token from {self.authority!r}: the private key of {credential.describe()} could "
                    f"not be used to sign the sign-in assertion ({type(exc).__name__}). Give the PEM of "
                    "the app's certificate with its unencrypted private key (PKCS#8 or PKCS#1), and check "
                    "that msal is 1.35 or later.",
                    operation="token",
                ) from None
            raise

    def _failure(self, result: dict[str, Any], resource: str) -> AuthenticationFailed:
        connection = self._connection
        codes = result.get("error_codes") or []
        description = str(result.get("error_description") or result.get("error") or "unknown error")
        if not codes:
            found = re.search(r"AADSTS(\d+)", description)
            codes = [int(found.group(1))] if found else []
        code = int(codes[0]) if codes else None
        first_line = self._scrub(description.splitlines()[0] if description else "")
        hint = _hint(code, connection.client_id, connection.tenant_id) if code is not None else ""
        message = f"No token for {resource} from {self.authority!r}: "
        message += f"{hint}. (The identity platform said: {first_line})" if hint else first_line
        return AuthenticationFailed(
            message,
            code=f"AADSTS{code}" if code is not None else result.get("error"),
            operation="token",
            status=None,
        )

    def _scrub(self, text: str) -> str:
        # The identity platform does not echo credentials, but a message is no place to find out it did.
        secret = self._connection.credential.secret_text()
        return text.replace(secret, "**********") if secret else text


class MsalAuth(httpx.Auth):
    """Bearer tokens for one resource from a `TokenSource`; on a 401 (or a 403 to a token kept from an
    earlier command), one new token and one more try."""

    def __init__(self, tokens: TokenSource, resource: str) -> None:
        self.tokens = tokens
        self.resource = resource

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        raise RuntimeError("MsalAuth is async only: send through an httpx.AsyncClient.")

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.tokens.token(self.resource)
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401 or (
            response.status_code == 403 and self.tokens.kept_from_before(token)
        ):
            token = await self.tokens.token(self.resource, reject=token)
            request.headers["Authorization"] = f"Bearer {token}"
            yield request
