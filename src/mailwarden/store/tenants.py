"""The tenants the store knows: a key chosen by the operator ("acme", "contoso-prod") and its connection."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import Connection, Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from mailwarden.errors import ConfigError
from mailwarden.store.db import Store
from mailwarden.store.schema import tenants

if TYPE_CHECKING:
    from sqlalchemy.orm import Session  # not imported at run time (a cold start imports no ORM)

__all__ = ["TenantRecord", "TenantRegistry"]


class TenantRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    tenant_key: str = Field(min_length=1, max_length=64)
    display_name: str
    cloud: str
    """The endpoint set: 'public', 'usgov', 'china', or 'emulator'."""
    tenant_id: str
    client_id: str
    credential_blob: bytes | None = Field(default=None, repr=False)
    """The app's credential, encrypted by whoever stores it; never logged."""
    created: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    time_zone: str = "UTC"
    """The IANA time zone of the tenant's requesters: "until Friday" in a request ends at midnight there."""

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of zones, a too long name
            raise ValueError(
                f"{value!r} is not a time zone; use an IANA name such as 'Europe/London' or "
                "'Pacific/Auckland'."
            ) from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


def _record(row: Row[Any]) -> TenantRecord:
    return TenantRecord(
        tenant_key=row.tenant_key,
        display_name=row.display_name,
        cloud=row.cloud,
        tenant_id=row.tenant_id,
        client_id=row.client_id,
        credential_blob=row.credential_blob,
        created=row.created,
        time_zone=row.time_zone,
    )


def _taken(tenant_key: str) -> ConfigError:
    return ConfigError(
        f"A tenant named {tenant_key!r} exists already; choose another name, or remove it first."
    )


def taken_error(tenant_key: str) -> ConfigError:
    """What `add` says when the key is taken (for a caller of `write_new` catching the IntegrityError)."""
    return _taken(tenant_key)


class TenantRegistry:
    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, record: TenantRecord, *, replace: bool = False) -> None:
        """Register a tenant; ConfigError if the key is taken, unless `replace`."""
        try:
            with self._store.connection() as connection:  # Core: a cold start imports no ORM
                self.write_new(connection, record, replace=replace)
        except IntegrityError as exc:
            # Another process registered the same key between our read and our insert.
            raise _taken(record.tenant_key) from exc

    @staticmethod
    def write_new(session: Session | Connection, record: TenantRecord, *, replace: bool = False) -> None:
        """`add` in `session` (an audit record's transaction: `tenants/audited.py`): ConfigError if the key
        is taken, unless `replace`; an IntegrityError when another process took it between the read and the
        insert (the caller says it with `taken_error`)."""
        values = {
            "display_name": record.display_name,
            "cloud": record.cloud,
            "tenant_id": record.tenant_id,
            "client_id": record.client_id,
            "credential_blob": record.credential_blob,
            "time_zone": record.time_zone,
        }
        found = session.scalar(select(tenants.c.tenant_key).where(_key(record.tenant_key)))
        if found is not None and not replace:
            raise _taken(record.tenant_key)
        if found is None:
            session.execute(
                insert(tenants).values(tenant_key=record.tenant_key, created=record.created, **values)
            )
        else:
            session.execute(update(tenants).where(_key(record.tenant_key)).values(**values))

    def set_time_zone(self, tenant_key: str, time_zone: str) -> TenantRecord:
        """The tenant with its requesters' time zone changed; ConfigError for an unknown tenant or zone."""
        record, changed = self.with_time_zone(tenant_key, time_zone)
        with self._store.session() as session:
            self.write_time_zone(session, changed, was=record.time_zone)
        return changed

    def with_time_zone(self, tenant_key: str, time_zone: str) -> tuple[TenantRecord, TenantRecord]:
        """The tenant as stored and as it would be with `time_zone` (nothing written); ConfigError for an
        unknown tenant or zone."""
        record = self.get(tenant_key)
        if record is None:
            raise ConfigError(f"No tenant named {tenant_key!r}; 'mailwarden tenant list' shows them.")
        try:
            changed = TenantRecord.model_validate({**record.model_dump(), "time_zone": time_zone.strip()})
        except ValidationError as exc:
            raise ConfigError(str(exc.errors()[0]["msg"]).removeprefix("Value error, ")) from None
        return record, changed

    @staticmethod
    def write_time_zone(session: Session, changed: TenantRecord, *, was: str) -> None:
        """Write `changed`'s time zone (only that column) in `session`, if the zone is still `was`, the one
        read: ConfigError when it changed (or the tenant went) meanwhile, so a record saying "from `was`"
        is true and another admin's change is never written over unseen."""
        key = changed.tenant_key
        result = session.execute(
            update(tenants).where(_key(key), tenants.c.time_zone == was).values(time_zone=changed.time_zone)
        )
        if not getattr(result, "rowcount", 0):
            raise ConfigError(
                f"The time zone of tenant {key!r} changed meanwhile (or the tenant was removed); try again."
            )

    @staticmethod
    def write_credential_blob(session: Session, tenant_key: str, blob: bytes, *, was: bytes | None) -> None:
        """Write the tenant's sealed connection (only that column) in `session`, if it is still `was`, the
        one read: ConfigError when it changed (a credential rotated, other hosts set) or the tenant went
        meanwhile; the rest of the tenant's record (its time zone) is never written back."""
        same = tenants.c.credential_blob.is_(None) if was is None else tenants.c.credential_blob == was
        result = session.execute(update(tenants).where(_key(tenant_key), same).values(credential_blob=blob))
        if not getattr(result, "rowcount", 0):
            raise ConfigError(
                f"The connection of tenant {tenant_key!r} changed meanwhile (or the tenant was removed); "
                "try again."
            )

    def get(self, tenant_key: str) -> TenantRecord | None:
        with self._store.connection() as connection:
            row = connection.execute(select(tenants).where(_key(tenant_key))).first()
            return _record(row) if row is not None else None

    def all(self) -> list[TenantRecord]:
        with self._store.connection() as connection:
            return [_record(r) for r in connection.execute(select(tenants).order_by(tenants.c.tenant_key))]

    def remove(self, tenant_key: str) -> bool:
        """Forget a tenant and everything cached about it (the database cascades); False if there was none."""
        with self._store.connection() as connection:
            return bool(connection.execute(delete(tenants).where(_key(tenant_key))).rowcount)


def _key(tenant_key: str) -> Any:
    return tenants.c.tenant_key == tenant_key
