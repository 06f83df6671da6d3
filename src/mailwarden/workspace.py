"""The workspace a command runs in: settings, the store, and the way to reach each tenant.

With no configuration there is one tenant, "demo": the embedded tenant emulator seeded with Acme
Corporation, its state in `$MAILWARDEN_HOME/emulator`. A command that needs it starts it on an ephemeral
loopback port for its own lifetime (several commands at once each start their own over the same state
folder, which the emulator's file lock keeps consistent), unless `mailwarden demo` already serves it, in
which case the command uses that one.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from mailwarden.audit import AuditLog
from mailwarden.connectors.connection import (
    CertificateCredential,
    TenantClients,
    TenantConnection,
    open_tenant,
)
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.data_folder import secure_data_folder
from mailwarden.directory import delta
from mailwarden.directory.discovery import Progress, discover, discover_new, rediscover
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ConfigError, TenantError
from mailwarden.policy import Org
from mailwarden.policy.engine import PolicyEngine
from mailwarden.policy.store import PolicyStore
from mailwarden.settings import Settings, load_settings
from mailwarden.store.db import Store
from mailwarden.store.documents import TenantDocuments
from mailwarden.store.recipient_cache import RecipientCache
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.workflow.service import RequestService

__all__ = ["DEMO_TENANT", "Workspace", "run"]

DEMO_TENANT = "demo"
DEMO_TIME_ZONE = "America/New_York"
"""Acme's head office: the demo tenant's requesters' time zone ("until Friday" ends at midnight there)."""
DEMO_WEB_URL = "http://127.0.0.1:8000"
"""Where `mailwarden demo` serves the web app by default: the demo's notifications link there."""
RUNNING_FILE = "running.json"
"""Written by `mailwarden demo` into the emulator's folder while it serves, so commands reuse it."""


def run(coro: Any) -> Any:
    """Run a coroutine from a synchronous command."""
    return asyncio.run(coro)


@dataclass
class Workspace:
    settings: Settings
    store: Store

    @classmethod
    def open(cls, settings: Settings | None = None) -> Workspace:
        settings = settings or load_settings()
        secure_data_folder(settings.home)
        return cls(settings=settings, store=Store.from_settings(settings))

    def close(self) -> None:
        self.store.close()

    @property
    def tenants(self) -> TenantRegistry:
        return TenantRegistry(self.store)

    @property
    def cache(self) -> RecipientCache:
        return RecipientCache(self.store)

    @property
    def audit(self) -> AuditLog:
        return AuditLog.from_settings(self.store, self.settings)

    @property
    def requests(self) -> RequestService:
        lease = dt.timedelta(seconds=self.settings.execution_lease_seconds)
        return RequestService(self.store, self.audit, lease=lease)

    def org(self, tenant_key: str, directory: Directory) -> Org:
        """What the policy knows of the tenant: the directory, its admins, and the targets its admins set
        (sensitive resources, owners) — the same for the CLI, the API and the pages."""
        from mailwarden.tenants.targets import org_overrides

        sensitive, owners = org_overrides(self, tenant_key, directory)
        admins = frozenset(r.recipient_id for r in directory if r.is_admin)
        return Org(directory=directory, admins=admins, sensitive=sensitive, owners=owners)

    def policy(self, tenant_key: str) -> PolicyEngine:
        """The tenant's policy: its own file when its admins set one, else the default."""
        return self.policies.engine(tenant_key)

    @property
    def documents(self) -> TenantDocuments:
        """Each tenant's documents (policy, health report) in the database, old files imported once."""
        return TenantDocuments(self.store, self.settings.home)

    @property
    def policies(self) -> PolicyStore:
        """Every tenant's policy, in the database (old policy files in the data folder imported once)."""
        return PolicyStore(self.store, self.settings.home)

    def tenant_record(self, tenant_key: str) -> TenantRecord:
        record = self.tenants.get(tenant_key)
        if record is None and tenant_key == DEMO_TENANT:
            return self._register_demo()
        if record is None:
            known = ", ".join(r.tenant_key for r in self.tenants.all()) or "none yet"
            raise ConfigError(
                f"No tenant named {tenant_key!r} (known: {known}). Add it with 'mailwarden tenant add', "
                f"or leave out --tenant to use the demo tenant."
            )
        return record

    def _register_demo(self) -> TenantRecord:
        from mailwarden.emulator.seed import load_fixture

        tenant = load_fixture()["tenant"]
        record = TenantRecord(
            tenant_key=DEMO_TENANT,
            display_name=f"{tenant['display_name']} (demo)",
            cloud="emulator",
            tenant_id=tenant["id"],
            client_id="embedded",
            time_zone=DEMO_TIME_ZONE,
        )
        with contextlib.suppress(ConfigError):  # another command registered it at the same moment
            self.tenants.add(record)
        from mailwarden.notifications.config import ensure_demo_config

        ensure_demo_config(self.store, DEMO_TENANT, DEMO_WEB_URL)
        return record

    @contextlib.contextmanager
    def connection(self, tenant_key: str = DEMO_TENANT) -> Iterator[TenantConnection]:
        """A connection to the tenant, starting the embedded emulator for the demo tenant if needed.

        Any other tenant connects with its stored credential, opened with this installation's key.
        """
        record = self.tenant_record(tenant_key)
        if tenant_key != DEMO_TENANT:
            from mailwarden.tenants.connect import connection_for  # tenants builds on the workspace

            yield connection_for(self, tenant_key)
            return
        if record.cloud != "emulator":
            raise ConfigError(f"The demo tenant must use the emulator, not the {record.cloud!r} cloud.")
        state_dir = self.settings.emulator_dir
        served = _served_emulator(state_dir)
        if served is not None:
            yield _emulator_connection(served)
            return
        from mailwarden.testing import running_emulator

        with running_emulator(state_dir) as em:
            yield _emulator_connection(em.info())

    @contextlib.asynccontextmanager
    async def clients(self, connection: TenantConnection) -> Any:
        async with open_tenant(connection) as clients:
            yield clients

    def directory(self, tenant_key: str) -> Directory:
        """The cached directory of the tenant (empty before the first discovery)."""
        self.tenant_record(tenant_key)
        return self.cache.load_directory(tenant_key)

    async def discover(
        self, tenant_key: str, clients: TenantClients, progress: Progress | None = None
    ) -> Directory:
        """Read the tenant afresh, replace the cache with it, and return the new directory."""
        self.tenant_record(tenant_key)
        run_id = self.cache.begin_discovery(tenant_key)
        try:
            # Change tracking starts before the read, so what changes during it comes in the next round.
            links, tracking_error = await _start_tracking(clients)
            found = await discover(clients, progress)
        except Exception as exc:
            self.cache.fail_discovery(run_id, str(exc))
            raise
        self.cache.replace_all(tenant_key, found.recipients, found.domains, run_id=run_id)
        self.cache.apply_delta(
            tenant_key,
            upserts=[],
            removals=[],
            users_delta_link=links.users if links else None,
            groups_delta_link=links.groups if links else None,
            role_holders={r.recipient_id: r.roles for r in found.recipients if r.roles},
            last_round={"full": True, "recipients": len(found.recipients), "tracking_error": tracking_error},
        )
        return self.cache.load_directory(tenant_key)

    async def sync_directory(
        self, tenant_key: str, clients: TenantClients, *, older_than: float = 0.0
    ) -> delta.SyncResult | None:
        """Catch the cache up with the tenant (one Graph delta round) unless it caught up less than
        `older_than` seconds ago (then None)."""
        if older_than > 0:
            state = self.cache.sync_state(tenant_key)
            synced = state.synced_at if state is not None else None
            if synced is not None and (dt.datetime.now(dt.UTC) - synced).total_seconds() < older_than:
                return None
        return await delta.sync(
            self.cache, tenant_key, clients, full=lambda: self.discover(tenant_key, clients)
        )

    async def refresh(
        self, tenant_key: str, clients: TenantClients, directory: Directory, addresses: list[str]
    ) -> Directory:
        """Re-read the recipients a change touched (by address) and update the cache with them."""
        for address in addresses:
            known = directory.address_owner(address)
            fresh = await (rediscover(clients, known) if known else discover_new(clients, address))
            if fresh is not None:
                self.cache.upsert(tenant_key, fresh)
            elif known is not None:
                self.cache.remove(tenant_key, known.recipient_id)
        return self.cache.load_directory(tenant_key)

    async def ensure_directory(
        self, tenant_key: str, clients: TenantClients, progress: Progress | None = None
    ) -> Directory:
        """The cached directory, discovering it first when nothing has been discovered yet."""
        directory = self.directory(tenant_key)
        if len(directory) == 0:
            directory = await self.discover(tenant_key, clients, progress)
        return directory


async def _start_tracking(clients: TenantClients) -> tuple[delta.DeltaLinks | None, str | None]:
    """DeltaLinks from now, or why there are none (kept with the sync state, shown nowhere else: a command's
    --json output must stay clean). Without them the cache is caught up by full discoveries instead."""
    try:
        return await delta.start_tracking(clients), None
    except TenantError as exc:
        return None, str(exc)[:500]


def _emulator_connection(info: dict[str, Any]) -> TenantConnection:
    return TenantConnection(
        endpoints=emulator_endpoints(info["url"], str(info.get("signin_url") or "")),
        tenant_id=info["tenant_id"],
        client_id=info["client_id"],
        credential=CertificateCredential.from_file(info["certificate_file"]),
        ca_file=info["ca_file"],
    )


def _served_emulator(state_dir: Path) -> dict[str, Any] | None:
    """The emulator `mailwarden demo` serves from this folder, if it is running and answers."""
    path = state_dir / RUNNING_FILE
    try:
        info: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    try:
        ctx = ssl.create_default_context(cafile=info["ca_file"])
        with httpx.Client(verify=ctx, trust_env=False, timeout=2) as http:
            ok = http.get(f"{info['url']}/{info['tenant_id']}/v2.0/.well-known/openid-configuration")
    except (httpx.HTTPError, OSError, KeyError):
        return None
    return info if ok.status_code == 200 else None
