"""A tenant's cached directory: loaded from the store, discovered afresh, caught up, refreshed in part.

    directories = DirectoryCache(RecipientCache(store), known=registry_check)
    directory = await directories.ensure(tenant, clients)       # discovered first when nothing is cached
    await directories.sync(tenant, clients, older_than=60)      # one Graph delta round, when due
    directory = await directories.refresh(tenant, clients, directory, ["tom@acme.com"])

`known` raises ConfigError for a tenant this installation does not know (the workspace registers the demo
tenant there on first use), so nothing is cached for a tenant nobody added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailwarden.directory.snapshot import Directory
from mailwarden.errors import TenantError

if TYPE_CHECKING:
    from mailwarden.connectors.connection import TenantClients
    from mailwarden.directory.delta import DeltaLinks, SyncResult
    from mailwarden.directory.discovery import Progress
    from mailwarden.store.recipient_cache import RecipientCache

__all__ = ["DirectoryCache"]


@dataclass(frozen=True)
class DirectoryCache:
    cache: RecipientCache
    known: Callable[[str], object]
    """Raises ConfigError when the tenant is not one this installation knows."""

    def load(self, tenant_key: str) -> Directory:
        """The cached directory of the tenant (empty before the first discovery)."""
        self.known(tenant_key)
        return self.cache.load_directory(tenant_key)

    async def discover(
        self, tenant_key: str, clients: TenantClients, progress: Progress | None = None
    ) -> Directory:
        """Read the tenant afresh, replace the cache with it, and return the new directory."""
        from mailwarden.directory.discovery import discover

        self.known(tenant_key)
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

    async def sync(
        self, tenant_key: str, clients: TenantClients, *, older_than: float = 0.0
    ) -> SyncResult | None:
        """Catch the cache up with the tenant (one Graph delta round) unless it caught up less than
        `older_than` seconds ago (then None)."""
        from mailwarden.directory import delta

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
        from mailwarden.directory.discovery import discover_new, rediscover

        for address in addresses:
            known = directory.address_owner(address)
            fresh = await (rediscover(clients, known) if known else discover_new(clients, address))
            if fresh is not None:
                self.cache.upsert(tenant_key, fresh)
            elif known is not None:
                self.cache.remove(tenant_key, known.recipient_id)
        return self.cache.load_directory(tenant_key)

    async def ensure(
        self, tenant_key: str, clients: TenantClients, progress: Progress | None = None
    ) -> Directory:
        """The cached directory, discovering it first when nothing has been discovered yet."""
        directory = self.load(tenant_key)
        if len(directory) == 0:
            directory = await self.discover(tenant_key, clients, progress)
        return directory


async def _start_tracking(clients: TenantClients) -> tuple[DeltaLinks | None, str | None]:
    """DeltaLinks from now, or why there are none (kept with the sync state, shown nowhere else: a command's
    --json output must stay clean). Without them the cache is caught up by full discoveries instead."""
    from mailwarden.directory import delta

    try:
        return await delta.start_tracking(clients), None
    except TenantError as exc:
        return None, str(exc)[:500]
