"""`AuditLog`: the one hash chain of every event, across all tenants, in the store.

Appending takes the chain's write lock for one short transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL:
a transaction-scoped advisory lock), reads the head, and inserts the next record, so two processes
appending at once never fork the chain; the primary key on `seq` would refuse a fork anyway. Every
`checkpoint_every` records (and on demand) the head is signed in the same transaction.

    log = AuditLog(store, settings.home)
    log.append(tenant="acme", event="request.submitted", actor="sarah@acme.com", request_id=rid, ...)
    log.verify().ok
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import JsonValue
from sqlalchemy import Connection, Row, Select, insert, select, text
from sqlalchemy.orm import Session

from mailwarden.audit.checkpoints import KEY_FILE_NAME, Checkpoint, SigningKey, VerifyingKey
from mailwarden.audit.export import write_records
from mailwarden.audit.records import (
    GENESIS_HASH,
    AuditRecord,
    canonical_json,
    check_no_secrets,
    fields_for_hash,
    record_hash,
)
from mailwarden.audit.verify import ChainVerifier, VerifyResult
from mailwarden.store.db import Store
from mailwarden.store.tables import AuditCheckpointRow, AuditRecordRow

__all__ = ["AuditLog"]

# Any fixed number, distinct from the migration lock: every appender on one PostgreSQL database takes it.
_PG_AUDIT_LOCK = 0x6D77617564697431
_BATCH = 1000

_R = AuditRecordRow
_C = AuditCheckpointRow
# Column rows, not ORM objects: cheaper in bulk, and the same through a Session or a Connection.
_RT = AuditRecordRow.__table__
_CT = AuditCheckpointRow.__table__


class AuditLog:
    """Append, read, verify and export the audit chain kept in `store`, signed with a key in `key_dir`."""

    def __init__(self, store: Store, key_dir: Path, *, checkpoint_every: int = 100) -> None:
        if checkpoint_every < 1:
            raise ValueError("checkpoint_every must be at least 1")
        self._store = store
        self.key_path = Path(key_dir) / KEY_FILE_NAME
        self.checkpoint_every = checkpoint_every
        self._key: SigningKey | None = None

    # ---- writing ---------------------------------------------------------------------------------------
    def append(
        self,
        *,
        tenant: str,
        event: str,
        actor: str,
        channel: str = "cli",
        on_behalf_of: str | None = None,
        request_id: str | None = None,
        action: str | None = None,
        target: str | None = None,
        before: JsonValue = None,
        after: JsonValue = None,
        detail: Mapping[str, JsonValue] | None = None,
        now: dt.datetime | None = None,
    ) -> AuditRecord:
        """Add one record at the end of the chain and return it; ValueError for anything that looks secret."""
        time = now if now is not None else dt.datetime.now(dt.UTC)
        if time.tzinfo is None:
            raise ValueError("audit times must be timezone-aware (use datetime.now(UTC))")
        time = time.astimezone(dt.UTC)
        required = {"tenant": tenant, "event": event, "actor": actor, "channel": channel}
        optional = {
            "on_behalf_of": on_behalf_of,
            "request_id": request_id,
            "action": action,
            "target": target,
        }
        values: dict[str, Any] = {
            "before": before,
            "after": after,
            "detail": {} if detail is None else detail,
        }
        for name, value in {**required, **optional, **values}.items():
            check_no_secrets(name, value)
        for name, value in {**required, **optional}.items():
            if value is not None and not isinstance(value, str):
                raise TypeError(f"audit field {name} must be a string, not {type(value).__name__}")
        for name, value in required.items():
            if not value:
                raise ValueError(f"audit field {name} must not be empty")
        if not isinstance(values["detail"], Mapping):
            raise TypeError("audit detail must be a mapping of names to JSON values")
        # What is stored is exactly what is hashed: the values as they read back from canonical JSON.
        plain: dict[str, Any] = {name: json.loads(canonical_json(value)) for name, value in values.items()}
        # An empty optional field is no value: CSV exports cannot tell '' from none.
        fields: dict[str, Any] = {**required, **{name: value or None for name, value in optional.items()}}

        key = self._signing_key()
        with self._store.session() as session:
            self._lock(session)
            seq, prev_hash = self._head(session)
            seq += 1
            due = self._due(session, seq, key, time)
            hashed = fields_for_hash(seq=seq, time=time, prev_hash=prev_hash, **fields, **plain)
            digest = record_hash(hashed)
            row = {**fields, **plain, "seq": seq, "time": time, "prev_hash": prev_hash, "hash": digest}
            session.execute(insert(_R), [row])
            if seq >= due:
                self._write_checkpoint(session, key.sign(seq, digest, time, seq + self.checkpoint_every))
        return AuditRecord.model_validate(row)

    def checkpoint(self, *, now: dt.datetime | None = None) -> Checkpoint:
        """Sign the current head now (the existing checkpoint if the head has one already)."""
        time = now if now is not None else dt.datetime.now(dt.UTC)
        if time.tzinfo is None:
            raise ValueError("audit times must be timezone-aware (use datetime.now(UTC))")
        time = time.astimezone(dt.UTC)
        key = self._signing_key()
        with self._store.session() as session:
            self._lock(session)
            seq, digest = self._head(session)
            existing = session.execute(select(_CT).where(_C.seq == seq)).first()
            if existing is not None:
                return _checkpoint(existing)
            if seq == 0:
                # An empty log: the genesis, as the first append would write it.
                signed = key.sign(0, GENESIS_HASH, time, self.checkpoint_every)
            else:
                signed = key.sign(seq, digest, time, seq + self.checkpoint_every)
            self._write_checkpoint(session, signed)
            return signed

    def _lock(self, session: Session) -> None:
        connection = session.connection()
        dialect = connection.dialect.name
        if dialect == "sqlite":
            # The write lock now, not at the first INSERT: two deferred readers upgrading would deadlock.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif dialect == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_AUDIT_LOCK})

    @staticmethod
    def _head(session: Session) -> tuple[int, str]:
        last = session.execute(select(_R.seq, _R.hash).order_by(_R.seq.desc()).limit(1)).first()
        return (0, GENESIS_HASH) if last is None else (last.seq, last.hash)

    def _due(self, session: Session, seq: int, key: SigningKey, time: dt.datetime) -> int:
        """The seq by which the next checkpoint is due; writes the genesis checkpoint with record 1."""
        last = session.execute(select(_C.next_due).order_by(_C.seq.desc()).limit(1)).first()
        if last is not None:
            return int(last.next_due)
        if seq == 1:
            self._write_checkpoint(session, key.sign(0, GENESIS_HASH, time, self.checkpoint_every))
            return self.checkpoint_every
        return seq  # records but no checkpoint at all: sign now (verify still reports the lost genesis)

    @staticmethod
    def _write_checkpoint(session: Session, checkpoint: Checkpoint) -> None:
        session.execute(insert(_C), [checkpoint.model_dump()])

    def _signing_key(self) -> SigningKey:
        if self._key is None:
            self._key = SigningKey.load_or_create(self.key_path)
        return self._key

    def public_key_pem(self) -> str:
        """The public half of the signing key (created if there is none yet), for verifying elsewhere."""
        return self._signing_key().verifying.pem()

    # ---- reading ---------------------------------------------------------------------------------------
    def records(
        self,
        *,
        tenant: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        target: str | None = None,
        request_id: str | None = None,
        event: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = False,
    ) -> list[AuditRecord]:
        """Records matching every given filter, in chain order (`since` inclusive, `until` exclusive)."""
        query = _filtered(
            tenant=tenant,
            actor=actor,
            action=action,
            target=target,
            request_id=request_id,
            event=event,
            since=since,
            until=until,
        )
        query = query.order_by(_R.seq.desc() if newest_first else _R.seq).offset(offset).limit(limit)
        with self._store.session() as session:
            return [_record(row) for row in session.execute(query)]

    def iter_records(self, **filters: Any) -> Iterator[AuditRecord]:
        """Every matching record in chain order, read in batches from one consistent snapshot."""
        with self._snapshot() as connection:
            yield from _stream(connection, _filtered(**filters).order_by(_R.seq))

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """A read-only connection whose statements all see the database as of one moment."""
        with self._store.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # pysqlite opens no transaction for a SELECT, so each would see a newer state; open one.
                connection.exec_driver_sql("BEGIN")
            elif connection.dialect.name == "postgresql":
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            try:
                yield connection
            finally:
                connection.rollback()

    def checkpoints(self) -> list[Checkpoint]:
        """Every signed checkpoint, genesis (seq 0) first."""
        with self._store.session() as session:
            return [_checkpoint(row) for row in session.execute(select(_CT).order_by(_C.seq))]

    def head(self) -> int:
        """The seq of the last record (0 for an empty log)."""
        with self._store.session() as session:
            return self._head(session)[0]

    # ---- verifying and exporting -----------------------------------------------------------------------
    def verify(self, *, public_key_pem: str | None = None) -> VerifyResult:
        """Walk the whole chain; the result names the first record that does not verify. Never raises for it.

        The public key defaults to the one beside the data (its private half); pass an exported one to
        check against a key kept elsewhere.
        """
        if public_key_pem is not None:
            key: VerifyingKey | None = VerifyingKey.from_pem(public_key_pem)
        else:
            found = self._key or SigningKey.load(self.key_path)
            key = found.verifying if found is not None else None
        with self._snapshot() as connection:
            checkpoints = [_checkpoint(row) for row in connection.execute(select(_CT).order_by(_C.seq))]
            verifier = ChainVerifier(checkpoints, key)
            for record in _stream(connection, _filtered().order_by(_R.seq)):
                if not verifier.feed(record):
                    break
        return verifier.finish()

    def export(self, fmt: Literal["jsonl", "csv"], out: TextIO, **filters: Any) -> int:
        """Write the matching records to `out` as JSON lines or CSV; returns how many were written."""
        return write_records(fmt, self.iter_records(**filters), out)


def _filtered(
    *,
    tenant: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    request_id: str | None = None,
    event: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> Select[Any]:
    query = select(_RT)
    for column, value in (
        (_R.tenant, tenant),
        (_R.actor, actor),
        (_R.action, action),
        (_R.target, target),
        (_R.request_id, request_id),
        (_R.event, event),
    ):
        if value is not None:
            query = query.where(column == value)
    if since is not None:
        query = query.where(_R.time >= since)
    if until is not None:
        query = query.where(_R.time < until)
    return query


def _stream(connection: Connection, query: Select[Any]) -> Iterator[AuditRecord]:
    result = connection.execution_options(yield_per=_BATCH).execute(query)
    for row in result:
        yield _record(row)


def _record(row: Row[Any]) -> AuditRecord:
    return AuditRecord.model_validate(dict(row._mapping))


def _checkpoint(row: Row[Any]) -> Checkpoint:
    return Checkpoint.model_validate(dict(row._mapping))
