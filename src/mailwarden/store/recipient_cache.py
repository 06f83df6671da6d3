"""The recipient cache: what the last discovery found in a tenant, so planning needs no tenant round trip.

Discovery replaces a tenant's whole cache at once (`replace_all`); the executor keeps it current between
discoveries (`upsert` after a change, `remove` after a deletion), and so does Graph change tracking
(`apply_delta`, with the deltaLinks of the next round in the same transaction: see directory/delta.py).
`freshness` is when the last full discovery finished, `sync_state` where change tracking stands.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, update
from sqlalchemy.sql.expression import Executable

from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ConfigError
from mailwarden.model.domains import Domain
from mailwarden.model.recipients import Recipient, strip_proxy_prefix
from mailwarden.store import schema
from mailwarden.store.db import Store

__all__ = ["RecipientCache", "SyncState"]


@dataclass(frozen=True)
class SyncState:
    """Where a tenant's cache stands in Graph change tracking."""

    users_delta_link: str | None
    groups_delta_link: str | None
    synced_at: dt.datetime | None
    role_holders: dict[str, tuple[str, ...]]
    last_round: dict[str, Any]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _row(tenant: str, recipient: Recipient, when: dt.datetime) -> dict[str, Any]:
    return {
        "tenant_key": tenant,
        "recipient_id": recipient.recipient_id,
        "kind": str(recipient.kind),
        "primary_address": recipient.primary_address,
        "display_name": recipient.display_name,
        "data": recipient.model_dump(mode="json", exclude={"internal"}),
        "discovered_at": when,
    }


class RecipientCache:
    def __init__(self, store: Store) -> None:
        self._store = store

    # ---- discovery -------------------------------------------------------------------------------
    def begin_discovery(self, tenant: str) -> int:
        """Record that a discovery started; pass the id to `replace_all` or `fail_discovery`."""
        with self._store.connection() as connection:
            _require_tenant(connection, tenant)
            started = insert(schema.discovery_runs).values(
                tenant_key=tenant, started=_now(), counts={}, status="running"
            )
            return int(connection.execute(started.returning(schema.discovery_runs.c.run_id)).scalar_one())

    def fail_discovery(self, run_id: int, error: str) -> None:
        with self._store.connection() as connection:
            connection.execute(
                update(schema.discovery_runs)
                .where(schema.discovery_runs.c.run_id == run_id)
                .values(finished=_now(), status="failed", error=error[:2000])
            )

    def replace_all(
        self,
        tenant: str,
        recipients: Iterable[Recipient],
        domains: Iterable[Domain],
        *,
        run_id: int | None = None,
    ) -> dict[str, int]:
        """Make the cache exactly `recipients` and `domains`, in one transaction; returns counts by kind."""
        when = _now()
        unique = {r.recipient_id: r for r in recipients}
        owners: dict[str, str] = {}
        for r in unique.values():
            for address in r.addresses:
                # Exchange keeps proxy addresses unique; should a discovery straddle a rename, the first wins.
                owners.setdefault(address, r.recipient_id)
        counts = dict(Counter(str(r.kind) for r in unique.values()))
        with self._store.connection() as connection:
            _require_tenant(connection, tenant)
            connection.execute(
                delete(schema.recipient_addresses).where(schema.recipient_addresses.c.tenant_key == tenant)
            )
            connection.execute(delete(schema.recipients).where(schema.recipients.c.tenant_key == tenant))
            connection.execute(
                delete(schema.tenant_domains).where(schema.tenant_domains.c.tenant_key == tenant)
            )
            if unique:
                connection.execute(
                    insert(schema.recipients), [_row(tenant, r, when) for r in unique.values()]
                )
            if owners:
                connection.execute(
                    insert(schema.recipient_addresses),
                    [{"tenant_key": tenant, "address": a, "recipient_id": rid} for a, rid in owners.items()],
                )
            domain_rows = {d.name: d for d in domains}
            if domain_rows:
                connection.execute(
                    insert(schema.tenant_domains),
                    [
                        {
                            "tenant_key": tenant,
                            "name": d.name,
                            "verified": d.verified,
                            "is_default": d.default,
                        }
                        for d in domain_rows.values()
                    ],
                )
            if run_id is None:
                connection.execute(
                    insert(schema.discovery_runs).values(
                        tenant_key=tenant, started=when, finished=when, counts=counts, status="succeeded"
                    )
                )
            else:
                connection.execute(
                    update(schema.discovery_runs)
                    .where(schema.discovery_runs.c.run_id == run_id)
                    .values(finished=when, counts=counts, status="succeeded")
                )
        return counts

    # ---- single changes --------------------------------------------------------------------------
    def upsert(self, tenant: str, recipient: Recipient) -> None:
        """Add or replace one recipient (after a change the executor made); its addresses become its own."""
        with self._store.connection() as connection:
            _require_tenant(connection, tenant)
            _upsert_recipient(connection, tenant, recipient, _now())

    def remove(self, tenant: str, recipient_id: str) -> bool:
        """Forget one recipient (deleted in the tenant); False if it was not cached."""
        with self._store.connection() as connection:
            return _remove_recipient(connection, tenant, recipient_id)

    # ---- change tracking -------------------------------------------------------------------------
    def sync_state(self, tenant: str) -> SyncState | None:
        """Where change tracking stands for `tenant`; None before the first discovery that started it."""
        with self._store.connection() as connection:
            row = connection.execute(
                select(schema.directory_sync).where(schema.directory_sync.c.tenant_key == tenant)
            ).first()
            if row is None:
                return None
            return SyncState(
                users_delta_link=row.users_delta_link,
                groups_delta_link=row.groups_delta_link,
                synced_at=row.synced_at,
                role_holders={k: tuple(v) for k, v in (row.role_holders or {}).items()},
                last_round=dict(row.last_round or {}),
            )

    def get_many(self, tenant: str, recipient_ids: Iterable[str]) -> dict[str, Recipient]:
        """The cached recipients among `recipient_ids`, by id (a delta round loads only what it touches)."""
        ids = sorted({i.strip().lower() for i in recipient_ids})
        found: dict[str, Recipient] = {}
        with self._store.connection() as connection:
            for start in range(0, len(ids), 500):
                rows = connection.scalars(
                    select(schema.recipients.c.data).where(
                        schema.recipients.c.tenant_key == tenant,
                        schema.recipients.c.recipient_id.in_(ids[start : start + 500]),
                    )
                ).all()
                for data in rows:
                    r = Recipient.model_validate(data)
                    found[r.recipient_id] = r
        return found

    def apply_delta(
        self,
        tenant: str,
        *,
        upserts: Sequence[Recipient],
        removals: Sequence[str],
        users_delta_link: str | None,
        groups_delta_link: str | None,
        role_holders: Mapping[str, Sequence[str]],
        last_round: Mapping[str, Any],
    ) -> None:
        """Apply one round of changes and record where the next round starts, in one transaction."""
        when = _now()
        with self._store.connection() as connection:
            _require_tenant(connection, tenant)
            for rid in removals:
                _remove_recipient(connection, tenant, rid)
            for recipient in upserts:
                _upsert_recipient(connection, tenant, recipient, when)
            values = {
                "tenant_key": tenant,
                "users_delta_link": users_delta_link,
                "groups_delta_link": groups_delta_link,
                "synced_at": when,
                "role_holders": {k: list(v) for k, v in role_holders.items()},
                "last_round": dict(last_round),
            }
            connection.execute(_upsert(connection, schema.directory_sync, values, keys=("tenant_key",)))

    # ---- reading ---------------------------------------------------------------------------------
    def load_directory(self, tenant: str) -> Directory:
        """The whole cached tenant as an in-memory `Directory` (empty before the first discovery)."""
        with self._store.connection() as connection:
            _require_tenant(connection, tenant)
            data = connection.scalars(
                select(schema.recipients.c.data)
                .where(schema.recipients.c.tenant_key == tenant)
                .order_by(schema.recipients.c.recipient_id)
            ).all()
            domains = connection.execute(
                select(schema.tenant_domains).where(schema.tenant_domains.c.tenant_key == tenant)
            ).all()
            return Directory(
                (Recipient.model_validate(d) for d in data),
                [Domain(name=d.name, verified=d.verified, default=d.is_default) for d in domains],
            )

    def lookup_address(self, tenant: str, address: str) -> Recipient | None:
        """The cached recipient holding `address`, without loading the directory."""
        with self._store.connection() as connection:
            data = connection.scalar(
                select(schema.recipients.c.data)
                .join(
                    schema.recipient_addresses,
                    (schema.recipient_addresses.c.tenant_key == schema.recipients.c.tenant_key)
                    & (schema.recipient_addresses.c.recipient_id == schema.recipients.c.recipient_id),
                )
                .where(
                    schema.recipient_addresses.c.tenant_key == tenant,
                    schema.recipient_addresses.c.address == strip_proxy_prefix(address).lower(),
                )
            )
            return Recipient.model_validate(data) if data is not None else None

    def signature(self, tenant: str) -> tuple[int, dt.datetime | None, dt.datetime | None]:
        """What changes whenever the cached tenant does (a recipient written, removed, or a discovery): a
        server that holds the directory in memory compares it to know when to load it again."""
        with self._store.connection() as connection:
            count, latest = connection.execute(
                select(func.count(), func.max(schema.recipients.c.discovered_at)).where(
                    schema.recipients.c.tenant_key == tenant
                )
            ).one()
        return int(count), latest, self.freshness(tenant)

    def freshness(self, tenant: str) -> dt.datetime | None:
        """When the last successful full discovery finished; None if there was none."""
        with self._store.connection() as connection:
            return connection.scalar(
                select(schema.discovery_runs.c.finished)
                .where(
                    schema.discovery_runs.c.tenant_key == tenant,
                    schema.discovery_runs.c.status == "succeeded",
                )
                .order_by(schema.discovery_runs.c.finished.desc())
                .limit(1)
            )


def _upsert_recipient(connection: Connection, tenant: str, recipient: Recipient, when: dt.datetime) -> None:
    connection.execute(
        _upsert(
            connection, schema.recipients, _row(tenant, recipient, when), keys=("tenant_key", "recipient_id")
        )
    )
    connection.execute(
        delete(schema.recipient_addresses).where(
            schema.recipient_addresses.c.tenant_key == tenant,
            schema.recipient_addresses.c.recipient_id == recipient.recipient_id,
            schema.recipient_addresses.c.address.not_in(recipient.addresses),
        )
    )
    for address in recipient.addresses:
        owned = {"tenant_key": tenant, "address": address, "recipient_id": recipient.recipient_id}
        connection.execute(
            _upsert(connection, schema.recipient_addresses, owned, keys=("tenant_key", "address"))
        )


def _remove_recipient(connection: Connection, tenant: str, recipient_id: str) -> bool:
    rid = recipient_id.strip().lower()
    connection.execute(
        delete(schema.recipient_addresses).where(
            schema.recipient_addresses.c.tenant_key == tenant,
            schema.recipient_addresses.c.recipient_id == rid,
        )
    )
    result = connection.execute(
        delete(schema.recipients).where(
            schema.recipients.c.tenant_key == tenant, schema.recipients.c.recipient_id == rid
        )
    )
    return bool(getattr(result, "rowcount", 0))


def _require_tenant(connection: Connection, tenant: str) -> None:
    if (
        connection.scalar(select(schema.tenants.c.tenant_key).where(schema.tenants.c.tenant_key == tenant))
        is None
    ):
        raise ConfigError(
            f"No tenant named {tenant!r} is registered; add it before discovering its recipients."
        )


def _upsert(
    connection: Connection, table: Table, values: dict[str, Any], *, keys: tuple[str, ...]
) -> Executable:
    """INSERT ... ON CONFLICT (keys) DO UPDATE: one statement, so concurrent writers cannot collide."""
    changed = {k: v for k, v in values.items() if k not in keys}
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql  # only on PostgreSQL (tables.py says why)

        return (
            postgresql.insert(table).values(values).on_conflict_do_update(index_elements=keys, set_=changed)
        )
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).values(values).on_conflict_do_update(index_elements=keys, set_=changed)
