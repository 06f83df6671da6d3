"""The workspace a command runs in: the composition root of settings, the store and the services on it.

Each property builds one service over the store; the logic lives with the service: the directory cache
(directory/cache.py), what the policy knows of a tenant (policy/org_facts.py), each tenant's policy
(policy/store.py), the demo tenant's registration and emulator (demo_tenant.py), a real tenant's
credentials (tenants/connect.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Coroutine, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from mailwarden.data_folder import secure_data_folder
from mailwarden.demo_tenant import DEMO_TENANT, demo_connection, register_demo
from mailwarden.directory.cache import DirectoryCache
from mailwarden.errors import ConfigError
from mailwarden.settings import Settings, load_settings
from mailwarden.store.db import Store
from mailwarden.store.recipient_cache import RecipientCache
from mailwarden.store.tenants import TenantRecord, TenantRegistry

if TYPE_CHECKING:
    from mailwarden.audit import AuditLog
    from mailwarden.connectors.connection import TenantClients, TenantConnection
    from mailwarden.connectors.shared_limits import SharedBudget
    from mailwarden.directory.delta import SyncResult
    from mailwarden.directory.discovery import Progress
    from mailwarden.directory.snapshot import Directory
    from mailwarden.policy import Org
    from mailwarden.policy.engine import PolicyEngine
    from mailwarden.policy.store import PolicyStore
    from mailwarden.store.documents import TenantDocuments
    from mailwarden.workflow.service import RequestService

__all__ = ["DEMO_TENANT", "Workspace", "run"]

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
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
    def directories(self) -> DirectoryCache:
        """Each known tenant's cached directory: loaded, discovered, caught up, refreshed."""
        return DirectoryCache(self.cache, known=self.tenant_record)

    @property
    def audit(self) -> AuditLog:
        from mailwarden.audit import AuditLog

        return AuditLog.from_settings(self.store, self.settings)

    @property
    def requests(self) -> RequestService:
        from mailwarden.workflow.service import RequestService

        lease = dt.timedelta(seconds=self.settings.execution_lease_seconds)
        return RequestService(self.store, self.audit, lease=lease)

    @property
    def documents(self) -> TenantDocuments:
        """Each tenant's documents (policy, health report) in the database, old files imported once."""
        from mailwarden.store.documents import TenantDocuments

        return TenantDocuments(self.store, self.settings.home)

    @property
    def policies(self) -> PolicyStore:
        """Every tenant's policy, in the database (old policy files in the data folder imported once)."""
        from mailwarden.policy.store import PolicyStore

        return PolicyStore(self.store, self.settings.home)

    def policy(self, tenant_key: str) -> PolicyEngine:
        """The tenant's policy: its own when its admins set one, else the default."""
        return self.policies.engine(tenant_key)

    def org(self, tenant_key: str, directory: Directory) -> Org:
        """What the policy knows of the tenant without reading it live (policy/org_facts.py)."""
        from mailwarden.policy.org_facts import org_facts

        return org_facts(self, tenant_key, directory)

    def tenant_record(self, tenant_key: str) -> TenantRecord:
        record = self.tenants.get(tenant_key)
        if record is None and tenant_key == DEMO_TENANT:
            return register_demo(self.store)
        if record is None:
            known = ", ".join(r.tenant_key for r in self.tenants.all()) or "none yet"
            raise ConfigError(
                f"No tenant named {tenant_key!r} (known: {known}). Add it with 'mailwarden tenant add', "
                f"or leave out --tenant to use the demo tenant."
            )
        return record

    @contextlib.contextmanager
    def connection(self, tenant_key: str = DEMO_TENANT) -> Iterator[TenantConnection]:
        """A connection to the tenant: the demo tenant through its emulator (demo_tenant.py), any other with
        its stored credential, opened with this installation's key."""
        from dataclasses import replace

        from mailwarden.connectors.kept_tokens import tokens_folder

        record = self.tenant_record(tenant_key)
        # The apps' tokens are kept between commands, in the tenant's folder (connectors/kept_tokens.py).
        kept = tokens_folder(self.settings.home, tenant_key)
        if tenant_key == DEMO_TENANT:
            with demo_connection(record, self.settings.emulator_dir, self.settings) as connection:
                yield replace(
                    connection,
                    token_cache=kept,
                    rates=self.settings.budget_rates(),
                    shared_budget=self.shared_budget(tenant_key),
                )
            return
        from mailwarden.tenants.connect import connection_for  # tenants builds on the workspace
        from mailwarden.tenants.credentials import Keyring

        # Sealed with the key that seals the credential: a kept token is as good as it, for an hour.
        seal = Keyring.for_home(self.settings.home)
        yield replace(
            connection_for(self, tenant_key),
            token_cache=kept,
            token_seal=seal,
            rates=self.settings.budget_rates(),
            shared_budget=self.shared_budget(tenant_key),
        )

    def shared_budget(self, tenant_key: str) -> SharedBudget | None:
        """The tenant's request budget shared by every process on PostgreSQL (workers, web servers and
        commands alike: ten of them never send one tenant more than its budget together); None on SQLite,
        where `open_tenant` keeps the budget in this process (connectors/budget.py)."""
        if self.store.is_sqlite:
            return None
        from mailwarden.connectors.shared_limits import SharedBudget as Shared

        return Shared(self.store.engine, tenant_key, self.settings.budget_rates())

    @contextlib.asynccontextmanager
    async def clients(self, connection: TenantConnection) -> AsyncIterator[TenantClients]:
        from mailwarden.connectors.connection import open_tenant

        async with open_tenant(connection) as clients:
            yield clients

    # The directory cache, by the names every channel calls (directory/cache.py has the logic).
    def directory(self, tenant_key: str) -> Directory:
        return self.directories.load(tenant_key)

    async def discover(
        self, tenant_key: str, clients: TenantClients, progress: Progress | None = None
    ) -> Directory:
        return await self.directories.discover(tenant_key, clients, progress)

    async def sync_directory(
        self, tenant_key: str, clients: TenantClients, *, older_than: float = 0.0
    ) -> SyncResult | None:
        return await self.directories.sync(tenant_key, clients, older_than=older_than)

    async def refresh(
        self, tenant_key: str, clients: TenantClients, directory: Directory, addresses: list[str]
    ) -> Directory:
        return await self.directories.refresh(tenant_key, clients, directory, addresses)

    async def ensure_directory(
        self, tenant_key: str, clients: TenantClients, progress: Progress | None = None
    ) -> Directory:
        return await self.directories.ensure(tenant_key, clients, progress)
