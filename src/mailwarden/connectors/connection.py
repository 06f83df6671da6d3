"""A tenant connection (cloud, tenant, app, credential) and `open_tenant`, which turns it into clients.

    async with open_tenant(connection) as tenant:
        users = await tenant.graph.users()
        perms = await tenant.exchange.mailbox_permissions("support@acme.com")

Both clients share one `httpx.AsyncClient` (one connection pool, TLS verified against the connection's CA
when it has one), one `TokenSource` and one semaphore that caps the requests in flight to the tenant.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import re
import ssl
from collections.abc import AsyncIterator, Mapping
from dataclasses import InitVar, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from mailwarden import __version__
from mailwarden.connectors.auth import MsalAuth, TokenSource
from mailwarden.connectors.budget import DEFAULT_RATES, Api, Budget, BudgetHooks, Rate, local_budget
from mailwarden.connectors.endpoints import CloudEndpoints
from mailwarden.connectors.exchange import ExchangeClient
from mailwarden.connectors.graph import GraphClient
from mailwarden.connectors.guard import check_allowed, is_loopback
from mailwarden.connectors.retry import RetryPolicy
from mailwarden.connectors.secret import Secret
from mailwarden.connectors.slots import TenantSlots
from mailwarden.errors import ConfigError

if TYPE_CHECKING:
    from cryptography import x509

    from mailwarden.connectors.kept_tokens import Seal

__all__ = [
    "CertificateCredential",
    "ClientSecretCredential",
    "Credential",
    "ExchangeApp",
    "TenantClients",
    "TenantConnection",
    "Timeouts",
    "open_tenant",
]

_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


@dataclass(frozen=True)
class ClientSecretCredential:
    """An app registration's client secret (its Value, not its Secret ID)."""

    secret: Secret

    def to_msal(self) -> str:
        return self.secret.reveal()

    def secret_text(self) -> str:
        return self.secret.reveal()

    def describe(self) -> str:
        return "client secret"


@dataclass(frozen=True)
class CertificateCredential:
    """A certificate registered on the app: its private key (secret) and its public certificate (PEM).

    The certificate is checked when the credential is made, and again before msal signs with it. `check`
    False leaves the first check out, for a certificate mailwarden wrote itself (the demo emulator's): a
    command that sends a kept token never signs, and checking would load cryptography in each of them.
    """

    private_key_pem: Secret
    certificate_pem: str
    check: InitVar[bool] = True

    def __post_init__(self, check: bool) -> None:
        if check:
            self._certificate()

    def _certificate(self) -> x509.Certificate:
        from cryptography import x509

        try:
            return x509.load_pem_x509_certificate(self.certificate_pem.encode())
        except ValueError as exc:
            raise ConfigError("The certificate is not a PEM X.509 certificate.") from exc

    @classmethod
    def from_pem(cls, pem: str, *, check: bool = True) -> CertificateCredential:
        """Split one PEM text holding a private key and a certificate (the order does not matter)."""
        key = re.search(r"-----BEGIN ([A-Z ]*)PRIVATE KEY-----.+?-----END \1PRIVATE KEY-----", pem, re.DOTALL)
        cert = re.search(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", pem, re.DOTALL)
        if key is None or cert is None:
            raise ConfigError(
                "A certificate credential needs a PEM file with both the private key and the certificate."
            )
        return cls(
            private_key_pem=Secret(key.group(0) + "\n"), certificate_pem=cert.group(0) + "\n", check=check
        )

    @classmethod
    def from_file(cls, path: str | Path, *, check: bool = True) -> CertificateCredential:
        return cls.from_pem(Path(path).read_text(encoding="utf-8"), check=check)

    @property
    def thumbprint(self) -> str:
        """The SHA-1 thumbprint in upper-case hex, as the app registration's page shows it."""
        return hashlib.sha1(self._der(), usedforsecurity=False).hexdigest().upper()

    @property
    def thumbprint_sha256(self) -> str:
        return hashlib.sha256(self._der()).hexdigest().upper()

    def _der(self) -> bytes:
        from cryptography.hazmat.primitives import serialization

        return self._certificate().public_bytes(serialization.Encoding.DER)

    def to_msal(self) -> dict[str, str]:
        # With the public certificate msal signs the assertion with the SHA-256 thumbprint (x5t#S256) and
        # sends the chain (x5c); the SHA-1 path is deprecated by msal.
        self._certificate()
        return {"private_key": self.private_key_pem.reveal(), "public_certificate": self.certificate_pem}

    def secret_text(self) -> str:
        return self.private_key_pem.reveal()

    def describe(self) -> str:
        return f"certificate {self.thumbprint}"


Credential = ClientSecretCredential | CertificateCredential


@dataclass(frozen=True)
class Timeouts:
    """Seconds allowed per request phase. Exchange cmdlets run server-side for long (up to 15 minutes)."""

    connect: float = 10.0
    read: float = 60.0
    exchange_read: float = 300.0
    write: float = 30.0
    pool: float = 120.0
    token: float = 30.0

    def graph(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)

    def exchange(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.exchange_read, write=self.write, pool=self.pool)


@dataclass(frozen=True)
class ExchangeApp:
    """A second app registration used only for Exchange (Exchange.ManageAsApp and its Exchange role).

    Many organisations already have an app with Graph permissions and create a dedicated one for Exchange.
    """

    client_id: str
    credential: Credential


@dataclass(frozen=True)
class TenantConnection:
    """Everything needed to reach one tenant as an app: where, which tenant, which app, which credential."""

    endpoints: CloudEndpoints
    tenant_id: str
    """The tenant's GUID or one of its domains."""
    client_id: str
    credential: Credential
    ca_file: str | Path | None = None
    """A CA bundle to verify the tenant's TLS with (the emulator's own CA); None uses the default store."""
    max_concurrency: int = 4
    """Requests in flight to this tenant at once, Graph and Exchange together."""
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    exchange_app: ExchangeApp | None = None
    """A separate app for Exchange; None when one app does both."""
    token_cache: Path | None = None
    """A private folder where the apps' tokens are kept between processes (kept_tokens.py); None keeps
    them in this process only."""
    token_seal: Seal | None = None
    """Seals the kept tokens at rest (the installation's key that seals the credential); None: plain."""
    rates: Mapping[Api, Rate] = field(default_factory=lambda: dict(DEFAULT_RATES), hash=False)
    """The tenant's request budget by API, spent by every request before it goes (connectors/budget.py)."""
    shared_budget: Budget | None = field(default=None, hash=False, compare=False)
    """The budget every process of the installation shares for this tenant (PostgreSQL,
    connectors/shared_limits.py); None: this process's own (SQLite, one process)."""

    @property
    def budget_key(self) -> tuple[str, ...]:
        """Whose budget a request spends: Microsoft's budgets are per app and tenant, in one cloud."""
        return (
            self.endpoints.graph_url,
            self.endpoints.exchange_url,
            self.tenant_id.lower(),
            self.client_id.lower(),
            self.exchange_client_id.lower(),
        )

    @property
    def exchange_client_id(self) -> str:
        return self.exchange_app.client_id if self.exchange_app else self.client_id

    def for_exchange(self) -> TenantConnection:
        """This connection as the Exchange app signs in (itself when one app does both)."""
        if self.exchange_app is None:
            return self
        return replace(
            self,
            client_id=self.exchange_app.client_id,
            credential=self.exchange_app.credential,
            exchange_app=None,
        )

    def __post_init__(self) -> None:
        if self.max_concurrency < 1:
            raise ConfigError("max_concurrency must be at least 1.")
        if not self.tenant_id.strip() or "/" in self.tenant_id:
            raise ConfigError(f"{self.tenant_id!r} is not a tenant id or domain.")

    @property
    def tenant_is_guid(self) -> bool:
        return bool(_GUID.match(self.tenant_id))

    @property
    def trust_env(self) -> bool:
        """Whether proxy settings from the environment apply: never to a tenant on this machine."""
        return not all(is_loopback(url) for url in self.endpoints.hosts)

    def ssl_verify(self) -> ssl.SSLContext | bool:
        """The TLS verification to use: an explicit context (never the environment's CA variables)."""
        if self.ca_file is None:
            return True
        return ssl.create_default_context(cafile=str(self.ca_file))

    def __repr__(self) -> str:
        exchange = (
            f", exchange_client_id={self.exchange_app.client_id!r}, "
            f"exchange_credential={self.exchange_app.credential.describe()!r}"
            if self.exchange_app
            else ""
        )
        return (
            f"TenantConnection(cloud={self.endpoints.name!r}, tenant_id={self.tenant_id!r}, "
            f"client_id={self.client_id!r}, credential={self.credential.describe()!r}{exchange})"
        )


@dataclass(frozen=True)
class TenantClients:
    """The clients of one open tenant connection."""

    graph: GraphClient
    exchange: ExchangeClient
    tokens: TokenSource
    connection: TenantConnection
    exchange_tokens: TokenSource | None = None
    """The Exchange app's tokens when the connection has a separate Exchange app."""

    def token_sources(self) -> tuple[TokenSource, ...]:
        """Every app's token source: the Graph app's, and the Exchange app's when it is a separate one."""
        return (self.tokens,) if self.exchange_tokens is None else (self.tokens, self.exchange_tokens)

    def use_issued_tokens_only(self) -> None:
        """Changes go out only with tokens issued to this process (TokenSource.use_issued_only)."""
        for source in self.token_sources():
            source.use_issued_only()

    def tokens_for(self, resource: str) -> TokenSource:
        """The token source of the app that calls `resource` (Graph app or Exchange app)."""
        if self.exchange_tokens is not None and resource == self.connection.endpoints.exchange_resource:
            return self.exchange_tokens
        return self.tokens


@contextlib.asynccontextmanager
async def open_tenant(
    connection: TenantConnection, *, budget: Budget | None = None
) -> AsyncIterator[TenantClients]:
    """Open clients for `connection`; raises `RemoteTenantBlocked` first if its hosts are not allowed.

    Every Graph and Exchange request spends the tenant's budget first: `budget` when given (the one shared
    by all processes, connectors/shared_limits.py), else this process's own for the tenant and app
    (connectors/budget.py), so a bulk run paces itself instead of spending the tenant's budget on 429s."""
    check_allowed(connection.endpoints)
    verify = connection.ssl_verify()
    tokens = TokenSource(connection, verify=verify)
    exchange_tokens = (
        TokenSource(connection.for_exchange(), verify=verify) if connection.exchange_app else None
    )
    limits = httpx.Limits(
        max_connections=max(8, 2 * connection.max_concurrency),
        max_keepalive_connections=connection.max_concurrency,
    )
    if budget is None:
        budget = connection.shared_budget or local_budget(connection.budget_key, connection.rates)
    http = httpx.AsyncClient(
        verify=verify,
        limits=limits,
        event_hooks=BudgetHooks(budget, connection.endpoints).hooks(),
        timeout=connection.timeouts.graph(),
        headers={"User-Agent": f"mailwarden/{__version__}"},
        follow_redirects=False,
        trust_env=connection.trust_env,
    )
    # The next page of a listing goes first: its pages follow one another (connectors/slots.py).
    semaphore = TenantSlots(connection.max_concurrency)
    endpoints = connection.endpoints
    graph = GraphClient(
        http,
        endpoints,
        semaphore,
        auth=MsalAuth(tokens, endpoints.graph_resource),
        policy=connection.retry,
        timeout=connection.timeouts.graph(),
    )

    async def tenant_guid() -> str:
        return await (exchange_tokens or tokens).tenant_guid(endpoints.exchange_resource)

    exchange = ExchangeClient(
        http,
        endpoints,
        connection.tenant_id if connection.tenant_is_guid else tenant_guid,
        semaphore,
        auth=MsalAuth(exchange_tokens or tokens, endpoints.exchange_resource),
        policy=connection.retry,
        timeout=connection.timeouts.exchange(),
    )
    try:
        yield TenantClients(
            graph=graph,
            exchange=exchange,
            tokens=tokens,
            connection=connection,
            exchange_tokens=exchange_tokens,
        )
    finally:
        await http.aclose()
        await asyncio.to_thread(tokens.close)
        if exchange_tokens is not None:
            await asyncio.to_thread(exchange_tokens.close)
