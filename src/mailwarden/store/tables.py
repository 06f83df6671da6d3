"""The store's tables (SQLAlchemy 2 declarative). The migrations in `migrations/versions` create them.

A change here needs a new migration beside 0001_initial; tests check that the migrated schema matches.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base",
    "DiscoveryRunRow",
    "DomainRow",
    "JSONDocument",
    "RecipientAddressRow",
    "RecipientRow",
    "TenantRow",
    "UTCDateTime",
]

# Named constraints, so migrations can alter them on SQLite (batch mode) and PostgreSQL alike.
_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC datetime on every backend (SQLite keeps no zone; it would come back naive)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware UTC time")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return value.replace(tzinfo=dt.UTC) if value is not None else None


JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=_NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime(), dict[str, Any]: JSONDocument}


class TenantRow(Base):
    """A tenant connection: which cloud, which tenant, which app. The credential is stored encrypted."""

    __tablename__ = "tenants"

    tenant_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(256))
    cloud: Mapped[str] = mapped_column(String(32))
    tenant_id: Mapped[str] = mapped_column(String(64))
    client_id: Mapped[str] = mapped_column(String(64))
    credential_blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    created: Mapped[dt.datetime]


class DomainRow(Base):
    __tablename__ = "tenant_domains"

    tenant_key: Mapped[str] = mapped_column(
        String(64), ForeignKey("tenants.tenant_key", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    verified: Mapped[bool]
    is_default: Mapped[bool]


class RecipientRow(Base):
    """One cached recipient; `data` is the `Recipient` model as JSON, the other columns are for queries."""

    __tablename__ = "recipients"

    tenant_key: Mapped[str] = mapped_column(
        String(64), ForeignKey("tenants.tenant_key", ondelete="CASCADE"), primary_key=True
    )
    recipient_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    primary_address: Mapped[str] = mapped_column(String(320))
    display_name: Mapped[str] = mapped_column(String(256))
    data: Mapped[dict[str, Any]]
    discovered_at: Mapped[dt.datetime]

    __table_args__ = (Index("ix_recipients_tenant_kind", "tenant_key", "kind"),)


class RecipientAddressRow(Base):
    """Every SMTP proxy address of every cached recipient, for lookups without loading the directory."""

    __tablename__ = "recipient_addresses"

    tenant_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    address: Mapped[str] = mapped_column(String(320), primary_key=True)
    recipient_id: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_key", "recipient_id"],
            ["recipients.tenant_key", "recipients.recipient_id"],
            ondelete="CASCADE",
            name="fk_recipient_addresses_recipient",
        ),
        Index("ix_recipient_addresses_recipient", "tenant_key", "recipient_id"),
    )


class DiscoveryRunRow(Base):
    """One discovery of a tenant's recipients: when, how many of each kind, and whether it finished."""

    __tablename__ = "discovery_runs"

    run_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_key: Mapped[str] = mapped_column(String(64), ForeignKey("tenants.tenant_key", ondelete="CASCADE"))
    started: Mapped[dt.datetime]
    finished: Mapped[dt.datetime | None]
    counts: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(String(2000))

    __table_args__ = (Index("ix_discovery_runs_tenant_started", "tenant_key", "started"),)
