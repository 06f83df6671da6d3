"""The store's metadata, its column types, and the tables a plan reads, as SQLAlchemy Core tables.

A plan reads the tenant, its cached directory and change-tracking state, its documents (the policy), and
the requests' steps (a grant over a time-bound one is an extension: workflow/extension.py).
Those tables are defined here, in Core, and read and written through Core by store/tenants.py,
store/recipient_cache.py and store/documents.py, so a plan never imports SQLAlchemy's ORM (about 0.2 s of
every command: the ORM itself, the declarative classes of all the other tables, and configuring them).
store/tables.py maps a class onto each of these (`__table__`) for the code that works with rows as
objects, and defines every other table; both share one `MetaData`, which the migrations compare with.
"""

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

__all__ = [
    "JSONDocument",
    "UTCDateTime",
    "directory_sync",
    "discovery_runs",
    "metadata",
    "recipient_addresses",
    "recipients",
    "request_steps",
    "requests",
    "tenant_documents",
    "tenant_domains",
    "tenants",
]

# Named constraints, so migrations can alter them on SQLite (batch mode) and PostgreSQL alike.
_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=_NAMING)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC datetime on every backend (SQLite keeps no zone; it would come back naive)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware UTC time")
        try:
            return value.astimezone(dt.UTC).replace(tzinfo=None)
        except OverflowError:
            # 0001-01-01T00:00+05:00 is before the first UTC time Python holds, 9999-12-31T23:59-05:00 after
            # the last (a filter's "since always" or "until the end"): the nearest one compares the same.
            return dt.datetime.min if value.year == 1 else dt.datetime.max

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return value.replace(tzinfo=dt.UTC) if value is not None else None


class _JSONDocument(TypeDecorator[Any]):
    """JSON; JSONB on PostgreSQL. The PostgreSQL dialect (all its drivers' modules) is imported only when
    talking to PostgreSQL: on SQLite, the embedded default, every command would pay for it."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())


JSONDocument = _JSONDocument()


def _tenant_key(*, primary_key: bool = True) -> Column[str]:
    return Column(
        "tenant_key",
        String(64),
        ForeignKey("tenants.tenant_key", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
    )


tenants = Table(
    "tenants",
    metadata,
    Column("tenant_key", String(64), primary_key=True),
    Column("display_name", String(256), nullable=False),
    Column("cloud", String(32), nullable=False),
    Column("tenant_id", String(64), nullable=False),
    Column("client_id", String(64), nullable=False),
    # The app's credential, encrypted by whoever stores it (tenants/credentials.py).
    Column("credential_blob", LargeBinary, nullable=True),
    Column("created", UTCDateTime(), nullable=False),
    # IANA name ("Europe/London"): where the tenant's requesters are, for "until Friday" in a request.
    Column("time_zone", String(64), nullable=False, default="UTC", server_default="UTC"),
)
"""A tenant connection: which cloud, which tenant, which app. The credential is stored encrypted."""

tenant_domains = Table(
    "tenant_domains",
    metadata,
    _tenant_key(),
    Column("name", String(255), primary_key=True),
    Column("verified", Boolean(), nullable=False),
    Column("is_default", Boolean(), nullable=False),
)

recipients = Table(
    "recipients",
    metadata,
    _tenant_key(),
    Column("recipient_id", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("primary_address", String(320), nullable=False),
    Column("display_name", String(256), nullable=False),
    Column("data", JSONDocument, nullable=False),
    Column("discovered_at", UTCDateTime(), nullable=False),
    Index("ix_recipients_tenant_kind", "tenant_key", "kind"),
)
"""One cached recipient; `data` is the `Recipient` model as JSON, the other columns are for queries."""

recipient_addresses = Table(
    "recipient_addresses",
    metadata,
    Column("tenant_key", String(64), primary_key=True),
    Column("address", String(320), primary_key=True),
    Column("recipient_id", String(64), nullable=False),
    ForeignKeyConstraint(
        ["tenant_key", "recipient_id"],
        ["recipients.tenant_key", "recipients.recipient_id"],
        ondelete="CASCADE",
        name="fk_recipient_addresses_recipient",
    ),
    Index("ix_recipient_addresses_recipient", "tenant_key", "recipient_id"),
)
"""Every SMTP proxy address of every cached recipient, for lookups without loading the directory."""

discovery_runs = Table(
    "discovery_runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    _tenant_key(primary_key=False),
    Column("started", UTCDateTime(), nullable=False),
    Column("finished", UTCDateTime(), nullable=True),
    Column("counts", JSONDocument, nullable=False),
    Column("status", String(16), nullable=False),
    Column("error", String(2000), nullable=True),
    Index("ix_discovery_runs_tenant_started", "tenant_key", "started"),
)
"""One discovery of a tenant's recipients: when, how many of each kind, and whether it finished."""

directory_sync = Table(
    "directory_sync",
    metadata,
    _tenant_key(),
    # A deltaLink carries Graph's state token for the tenant's directory; it is not a credential (it works
    # only with the app's own token), but it is kept no longer than the tenant is.
    Column("users_delta_link", Text, nullable=True),
    Column("groups_delta_link", Text, nullable=True),
    # When the cache last caught up with the tenant (a delta round, or a full discovery).
    Column("synced_at", UTCDateTime(), nullable=True),
    # {recipient id: [directory role names]} as last read, so a role taken away is noticed.
    Column("role_holders", JSONDocument, nullable=False),
    # What the last round did: requests, changed, removed, and whether it fell back to a full discovery.
    Column("last_round", JSONDocument, nullable=False),
)
"""Where the recipient cache of a tenant stands in Graph's change tracking: the next rounds' links."""

tenant_documents = Table(
    "tenant_documents",
    metadata,
    Column("tenant_key", String(64), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("body", Text, nullable=False),
    Column("updated", UTCDateTime(), nullable=False),
    # Where the text came from, where that decides how it is read (migration 0013): for the policy,
    # "default" (stored as the then-current shipped default: it follows later defaults) or "own" (the
    # tenant's text, decided as written); NULL for a row stored before it was recorded.
    Column("origin", String(16), nullable=True),
)
"""A tenant's document kept as text (its policy, its last health report): store/documents.py."""

requests = Table(
    "requests",
    metadata,
    Column("request_id", String(36), primary_key=True),
    Column("tenant_key", String(64), ForeignKey("tenants.tenant_key", ondelete="CASCADE"), nullable=False),
    Column("requester_id", String(64), nullable=False),
    Column("requester", String(320), nullable=False),
    Column("channel", String(16), nullable=False),
    # change (asked for), undo (of another request), expiry (time-bound access ending).
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=True),
    Column("justification", Text, nullable=True),
    Column("state", String(24), nullable=False),
    Column("created", UTCDateTime(), nullable=False),
    Column("updated", UTCDateTime(), nullable=False),
    Column("approval_deadline", UTCDateTime(), nullable=True),
    # While executing: until when this run owns the request (a crashed run's lease runs out).
    Column("lease_until", UTCDateTime(), nullable=True),
    Column("parent_request_id", String(36), nullable=True),
    Index("ix_requests_tenant_state", "tenant_key", "state"),
    Index("ix_requests_tenant_requester", "tenant_key", "requester_id"),
)
"""One request: who asked what, on which tenant, and where it stands."""

request_steps = Table(
    "request_steps",
    metadata,
    Column(
        "request_id",
        String(36),
        ForeignKey("requests.request_id", ondelete="CASCADE"),
        primary_key=True,
        nullable=False,
    ),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("step", JSONDocument, nullable=False),
    Column("preview", JSONDocument, nullable=False),
    Column("decision", JSONDocument, nullable=False),
    # pending, applying (being written: a run that died there left it so), applied, already, refused,
    # failed, drifted (the tenant changed since the preview), dropped (denied, and left out at the
    # requester's word).
    Column("status", String(16), nullable=False),
    Column("outcome", JSONDocument, nullable=True),
    Column("expires", UTCDateTime(), nullable=True),
    Column("reverted_by", String(36), nullable=True),
    # An end the scheduler refused or left to an admin (workflow/overdue.py): the end that passed, and why,
    # written with its audit record (`expiry.refused`, `expiry.left_for_admin`) as the end is taken off;
    # cleared when the step is taken back (migration 0014).
    Column("refused_end", UTCDateTime(), nullable=True),
    Column("refused_reason", Text, nullable=True),
    Index("ix_request_steps_expires", "expires"),
    Index("ix_request_steps_refused_end", "refused_end"),
)
"""One step of a request, with what preflight showed, what policy decided and what running it did."""
