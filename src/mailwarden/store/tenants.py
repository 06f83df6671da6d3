"""The tenants the store knows: a key chosen by the operator ("acme", "contoso-prod") and its connection."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mailwarden.errors import ConfigError
from mailwarden.store.db import Store
from mailwarden.store.tables import TenantRow

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


def _record(row: TenantRow) -> TenantRecord:
    return TenantRecord(
        tenant_key=row.tenant_key,
        display_name=row.display_name,
        cloud=row.cloud,
        tenant_id=row.tenant_id,
        client_id=row.client_id,
        credential_blob=row.credential_blob,
        created=row.created,
    )


class TenantRegistry:
    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, record: TenantRecord, *, replace: bool = False) -> None:
        """Register a tenant; ConfigError if the key is taken, unless `replace`."""
        taken = ConfigError(
            f"A tenant named {record.tenant_key!r} exists already; choose another name, or remove it first."
        )
        try:
            with self._store.session() as session:
                row = session.get(TenantRow, record.tenant_key)
                if row is not None and not replace:
                    raise taken
                if row is None:
                    row = TenantRow(tenant_key=record.tenant_key, created=record.created)
                    session.add(row)
                row.display_name = record.display_name
                row.cloud = record.cloud
                row.tenant_id = record.tenant_id
                row.client_id = record.client_id
                row.credential_blob = record.credential_blob
        except IntegrityError as exc:
            # Another process registered the same key between our read and our insert.
            raise taken from exc

    def get(self, tenant_key: str) -> TenantRecord | None:
        with self._store.session() as session:
            row = session.get(TenantRow, tenant_key)
            return _record(row) if row is not None else None

    def all(self) -> list[TenantRecord]:
        with self._store.session() as session:
            return [_record(r) for r in session.scalars(select(TenantRow).order_by(TenantRow.tenant_key))]

    def remove(self, tenant_key: str) -> bool:
        """Forget a tenant and everything cached about it; False if there was none."""
        with self._store.session() as session:
            row = session.get(TenantRow, tenant_key)
            if row is None:
                return False
            session.delete(row)
            return True
