"""`AuditLog`: the one hash chain of every event, across all tenants, in the store.

Appending takes the chain's write lock for one short transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL:
a transaction-scoped advisory lock), reads the head, and inserts the next record, so two processes
appending at once never fork the chain; the primary key on `seq` would refuse a fork anyway. The head is
signed in the same transaction when the caller asks (`append(..., checkpoint=True)`: the workflow does when
a request comes to rest), on demand (`checkpoint()`), and at the latest every `checkpoint_every` records.
Each signed head is then written to the witnesses outside the database (`witness.py`).

    log = AuditLog.from_settings(store, settings)
    log.append(tenant="acme", event="request.submitted", actor="sarah@acme.com", request_id=rid, ...)
    log.verify().ok
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TextIO

import httpx
from pydantic import JsonValue
from sqlalchemy import Connection, Row, Select, func, insert, select, text
from sqlalchemy.orm import Session

from mailwarden.audit.checkpoints import KEY_FILE_NAME, Checkpoint, SigningKey, VerifyingKey
from mailwarden.audit.export import TENANT_CSV_COLUMNS, write_records
from mailwarden.audit.records import (
    GENESIS_HASH,
    AuditRecord,
    TenantAuditRecord,
    canonical_json,
    fields_for_hash,
    mask_secrets,
    record_hash,
)
from mailwarden.audit.verify import ChainVerifier, VerifyResult, Witnessed
from mailwarden.audit.witness import (
    WITNESS_FILE_NAME,
    FileWitness,
    ReadableWitness,
    WitnessSink,
    WitnessUnreadable,
    readable,
    witnesses_from_spec,
)
from mailwarden.errors import ConfigError
from mailwarden.settings import Settings
from mailwarden.store.db import Store
from mailwarden.store.tables import AuditCheckpointRow, AuditRecordRow

__all__ = ["AuditLog", "WitnessFailed"]

# Any fixed number, distinct from the migration lock: every appender on one PostgreSQL database takes it.
_PG_AUDIT_LOCK = 0x6D77617564697431
_log = logging.getLogger(__name__)
_BATCH = 1000

_R = AuditRecordRow
_C = AuditCheckpointRow
_INSERT_PAGE = 500
"""Records inserted per statement by append_many, each weighing one plus the items of a list it carries
(`_weight`): what it holds at once, however many records it appends and however many steps each names
(the `request.steps` records of a 5,000-step request were all held, parsed, until the last was prepared)."""
# Column rows, not ORM objects: cheaper in bulk, and the same through a Session or a Connection.
_RT = AuditRecordRow.__table__
_CT = AuditCheckpointRow.__table__
_CHAIN_ONLY = frozenset({"seq", "prev_hash", "hash"})

_Mark = tuple[int, str | None]
"""Where a witness was read up to: its size (bytes of a file; heads of another kind) and its last line."""


@dataclasses.dataclass
class _Told:
    """The whole chain's verification a customer's view was last told (`verify_for_tenant`), and the walk
    it came from, to go on from when the chain only grew."""

    pem: str | None
    result: VerifyResult
    verifier: ChainVerifier | None
    """None when the walk failed: its result is then kept against `fingerprint` only."""
    fingerprint: tuple[Any, ...]
    mark: _Mark | None = None
    """Where the witness was read up to (None: there was none)."""
    checkpoint: Checkpoint | None = None
    """The last checkpoint the walk met."""
    walked: float = dataclasses.field(default_factory=time.monotonic)
    """When the whole chain was last walked (`_REWALK_AFTER`)."""


_REWALK_AFTER = 3600.0
"""Seconds after which a customer's verification walks the whole chain again, however little moved: going
on from the last walk checks only what was appended, so an edit to a record walked before (in the middle)
reaches a customer within this, and the walk's time is the clock's, not anyone's activity."""


_VERIFIED: dict[tuple[str, str], _Told] = {}
"""Per database and signing key path: the log objects are made per use, so it is kept here."""
_WALKING: dict[tuple[str, str], threading.Lock] = {}
_WALKING_GUARD = threading.Lock()


def _single_flight(where: tuple[str, str]) -> threading.Lock:
    """The lock one walk of a database's chain is made under: callers meanwhile wait for its result."""
    with _WALKING_GUARD:
        return _WALKING.setdefault(where, threading.Lock())


def _pem(key: VerifyingKey | None) -> str | None:
    return key.pem() if key is not None else None


def _witness_since(
    source: ReadableWitness | None, mark: _Mark | None
) -> tuple[list[tuple[int, str, str]], _Mark | None]:
    """The witness's heads written after `mark` (all of them when None) and where it now ends; no mark when
    it does not exist or no longer begins as it did at `mark`."""
    if source is None:
        return [], None
    size, last = mark if mark is not None else (0, None)
    if isinstance(source, FileWitness):
        since = source.heads_since(size, last)
        return ([], None) if since is None else (since[0], (since[1], since[2]))
    if not source.exists():
        return [], None
    heads = list(source.heads())
    if size and (len(heads) < size or heads[size - 1][2] != last):
        return [], None
    return heads[size:], (len(heads), heads[-1][2] if heads else None)


class AuditLog:
    """Append, read, verify and export the audit chain kept in `store`.

    Its signing key is `key_path` (default: in `key_dir`), and every signed head is also written to
    `witnesses` (default: a file in `key_dir`).
    """

    def __init__(
        self,
        store: Store,
        key_dir: Path,
        *,
        checkpoint_every: int = 100,
        key_path: Path | None = None,
        witnesses: Sequence[WitnessSink] | None = None,
    ) -> None:
        if checkpoint_every < 1:
            raise ValueError("checkpoint_every must be at least 1")
        self._store = store
        self.key_path = Path(key_path) if key_path is not None else Path(key_dir) / KEY_FILE_NAME
        self.witnesses: list[WitnessSink] = (
            list(witnesses) if witnesses is not None else [FileWitness(Path(key_dir) / WITNESS_FILE_NAME)]
        )
        self.checkpoint_every = checkpoint_every
        self._key: SigningKey | None = None

    @classmethod
    def from_settings(cls, store: Store, settings: Settings, **options: Any) -> AuditLog:
        """The log as configured (MAILWARDEN_AUDIT_KEY, MAILWARDEN_AUDIT_WITNESS; else in the data folder)."""
        witnesses = witnesses_from_spec(settings.audit_witness, settings.home / WITNESS_FILE_NAME)
        return cls(store, settings.home, key_path=settings.audit_key, witnesses=witnesses, **options)

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
        checkpoint: bool = False,
        with_records: Callable[[Session], None] | None = None,
    ) -> AuditRecord:
        """Add one record at the end of the chain and return it. Anything that looks secret is masked, and
        the record's `detail['masked']` names where (never what).

        `checkpoint=True` signs the new head in the same transaction and witnesses it (the end of a request).
        `with_records(session)` writes what the record tells of in its transaction (`append_many`).
        """
        return self.append_many(
            [
                {
                    "tenant": tenant,
                    "event": event,
                    "actor": actor,
                    "channel": channel,
                    "on_behalf_of": on_behalf_of,
                    "request_id": request_id,
                    "action": action,
                    "target": target,
                    "before": before,
                    "after": after,
                    "detail": detail,
                    "now": now,
                }
            ],
            checkpoint=checkpoint,
            with_records=with_records,
        )[0]

    def append_many(
        self,
        entries: Iterable[Mapping[str, Any]],
        *,
        checkpoint: bool = False,
        with_records: Callable[[Session], None] | None = None,
        returned: bool = True,
    ) -> list[AuditRecord]:
        """Add records (each given as `append`'s keyword arguments) at the end of the chain, in order, in one
        transaction: the outcomes of a thousand steps run together cost one commit, not a thousand. Nothing
        is written when any of them is refused. `checkpoint=True` signs the head after the last. With
        `returned=False` the records are not returned (nor built: a bulk run's thousands are not read back).

        `with_records(session)` writes what the records tell of in their transaction: both are committed or
        neither (a process dying between two commits would leave a change the log does not tell).

        `entries` may be a generator: they are prepared and inserted a page at a time (still in the one
        transaction), so a bulk request's thousands of records are never all in memory unless returned."""
        pending = iter(entries)
        upcoming = next(pending, None)
        if upcoming is None:
            if with_records is not None:
                with self._store.session() as session:
                    with_records(session)
            return []
        first = _prepared(**upcoming)  # refused before anything is written
        key = self._signing_key()
        signed: list[Checkpoint] = []
        rows: list[dict[str, Any]] = []
        held = 0  # the weight of `rows` (_weight)
        kept: list[dict[str, Any]] = []
        with self._store.session() as session:
            self._lock(session)
            seq, prev_hash = self._head(session)
            due = self._due(session, seq + 1, key, first[0], signed)
            current: tuple[dt.datetime, dict[str, Any], dict[str, Any]] | None = first
            while current is not None:
                time, fields, plain = current
                upcoming = next(pending, None)
                current = None if upcoming is None else _prepared(**upcoming)
                seq += 1
                hashed = fields_for_hash(seq=seq, time=time, prev_hash=prev_hash, **fields, **plain)
                digest = record_hash(hashed)
                row = {**fields, **plain, "seq": seq, "time": time, "prev_hash": prev_hash, "hash": digest}
                weight = _weight(plain)
                if rows and held + weight > _INSERT_PAGE:
                    # A record of many steps (`request.steps`) is not held with the ones before it.
                    session.execute(insert(_R), rows)
                    if returned:
                        kept.extend(rows)
                    rows, held = [], 0
                rows.append(row)
                held += weight
                prev_hash = digest
                if (checkpoint and current is None) or seq >= due:
                    signed.append(key.sign(seq, digest, time, seq + self.checkpoint_every))
                    due = seq + self.checkpoint_every
                if held >= _INSERT_PAGE or current is None:
                    session.execute(insert(_R), rows)
                    if returned:
                        kept.extend(rows)
                    rows, held = [], 0
            if with_records is not None:
                with_records(session)
            for head in signed:
                if head.seq > 0:
                    self._write_checkpoint(session, head)
        # Only after the commit: a witnessed head the database then lost would read as a cut tail.
        self._witness(signed)
        return [AuditRecord.model_validate(row) for row in kept] if returned else []

    def checkpoint(self, *, now: dt.datetime | None = None, strict: bool = False) -> Checkpoint:
        """Sign the current head now (the existing checkpoint if the head has one already) and witness it.

        A witness that cannot be written is logged; with `strict` it raises WitnessFailed instead.
        """
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
                signed = _checkpoint(existing)
            elif seq == 0:
                # An empty log: the genesis, as the first append would write it.
                signed = key.sign(0, GENESIS_HASH, time, self.checkpoint_every)
                self._write_checkpoint(session, signed)
            else:
                signed = key.sign(seq, digest, time, seq + self.checkpoint_every)
                self._write_checkpoint(session, signed)
        # Witnessed again even when it existed: a head whose witness write failed before gets another chance.
        self._witness([signed], strict=strict)
        return signed

    def _witness(self, signed: Sequence[Checkpoint], *, strict: bool = False) -> None:
        failures = []
        for sink in self.witnesses:
            for checkpoint in signed:
                try:
                    sink.record(checkpoint)
                except (OSError, httpx.HTTPError) as exc:  # a sink that is down must not undo what was done
                    _log.warning(
                        "audit witness %s could not be written (head at record %d): %s",
                        sink.name,
                        checkpoint.seq,
                        exc,
                    )
                    failures.append(f"{sink.name}: {exc}")
                    break
        if failures and strict:
            raise WitnessFailed(failures)

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

    def _due(
        self, session: Session, seq: int, key: SigningKey, time: dt.datetime, signed: list[Checkpoint]
    ) -> int:
        """The seq by which the next checkpoint is due; writes the genesis checkpoint with record 1."""
        last = session.execute(select(_C.next_due).order_by(_C.seq.desc()).limit(1)).first()
        if last is not None:
            return int(last.next_due)
        if seq == 1:
            signed.append(key.sign(0, GENESIS_HASH, time, self.checkpoint_every))
            self._write_checkpoint(session, signed[-1])
            return self.checkpoint_every
        return seq  # records but no checkpoint at all: sign now (verify still reports the lost genesis)

    @staticmethod
    def _write_checkpoint(session: Session, checkpoint: Checkpoint) -> None:
        session.execute(insert(_C), [checkpoint.model_dump()])

    def _signing_key(self) -> SigningKey:
        if self._key is None:
            # Decided under the lock the key is created under: another process may be creating it this
            # instant and then signing with it, and its first checkpoint must not look orphaned here.
            found = SigningKey.load_or_create(self.key_path, may_create=lambda: not self._has_checkpoints())
            if found is None:
                # A new key would sign on, and verification would then fail at the first old checkpoint.
                raise ConfigError(
                    f"The audit signing key {str(self.key_path)!r} is missing, but the audit log holds "
                    "checkpoints signed with a key. Restore the key there, or set MAILWARDEN_AUDIT_KEY to "
                    "where it is kept; a new key cannot vouch for the existing checkpoints."
                )
            self._key = found
        return self._key

    def _has_checkpoints(self) -> bool:
        with self._store.session() as session:
            return session.execute(select(_C.seq).limit(1)).first() is not None

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
        request_ids: Collection[str] | None = None,
        event: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = False,
    ) -> list[AuditRecord]:
        """Records matching every given filter, in chain order (`since` inclusive, `until` exclusive);
        `request_ids`: those of any of these requests, in one query."""
        query = _filtered(
            tenant=tenant,
            actor=actor,
            action=action,
            target=target,
            request_id=request_id,
            request_ids=request_ids,
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
    def verify(
        self, *, public_key_pem: str | None = None, witness: ReadableWitness | None = None
    ) -> VerifyResult:
        """Walk the whole chain and compare it with the witness; the result names the first record that does
        not verify. Never raises for tampering, and only reads: no private key, no write to the database.

        The public key defaults to the one of the signing key; pass an exported one to check against a key
        kept elsewhere. The witness defaults to the first configured one that can be read back.
        """
        if public_key_pem is not None:
            key: VerifyingKey | None = VerifyingKey.from_pem(public_key_pem)
        else:
            key = self._verifying_key()
        source = witness if witness is not None else readable(self.witnesses)
        # The witness first: every head in it was committed before it was written, so the snapshot taken
        # after holds it; read the other way round, a head appended in between would look cut off.
        try:
            witnessed = _read_witness(source)
        except WitnessUnreadable as exc:
            return VerifyResult(ok=False, checked=0, reason=str(exc), witness=source.name if source else None)
        return self._walk(key, source, witnessed)[0]

    def _verifying_key(self) -> VerifyingKey | None:
        found = self._key or SigningKey.load(self.key_path)
        return found.verifying if found is not None else None

    def _walk(
        self, key: VerifyingKey | None, source: ReadableWitness | None, witnessed: Witnessed | None
    ) -> tuple[VerifyResult, ChainVerifier, Checkpoint | None]:
        """`verify`'s walk of the whole chain, with the verifier (to go on from) and the last checkpoint."""
        with self._snapshot() as connection:
            checkpoints = [_checkpoint(row) for row in connection.execute(select(_CT).order_by(_C.seq))]
            verifier = ChainVerifier(checkpoints, key, witnessed)
            last = checkpoints[-1] if checkpoints else None
            if witnessed is None and source is not None and checkpoints and not verifier.failed:
                missing = VerifyResult(
                    ok=False,
                    checked=0,
                    witness=source.name,
                    reason=(
                        f"the audit witness {source.name!r} does not exist, but the log holds signed "
                        "checkpoints: it was deleted or moved. Restore it (or point --witness at a copy); "
                        "a log that never had a witness starts one with 'mailwarden audit checkpoint'"
                    ),
                )
                return missing, verifier, last
            for record in _stream(connection, _filtered().order_by(_R.seq)):
                if not verifier.feed(record):
                    break
        return verifier.finish(), verifier, last

    def verify_for_tenant(self, tenant: str) -> VerifyResult:
        """The chain's verification as one customer of a shared installation may see it: whether the whole
        log verifies, and how many of this tenant's records it holds, nothing else.

        The chain is one for the installation, so its walk is the same. What a bad link is, where it sits,
        how many checkpoints and witnessed heads there are and where the witness is kept are facts about
        every tenant's activity (red team 63 F4), and whose record went bad cannot be told from the log
        itself: a removed record has no tenant left, and an edited one says whatever the edit made it say
        (F3). So a customer hears that the log does not verify and that the operator can say where; the
        provider's admins call `verify`.

        The whole chain is walked once; after that each call checks, every time, what is cheap to check:
        the head record still hashes to its hash, the last checkpoint's signature holds and it is the one
        the walk saw, the witness still begins as it did (its last line then is still where it was) and
        the signing key is the same. When only records, checkpoints and witness heads were appended since,
        the walk goes on from where it was, over those alone; anything else (a record or checkpoint the
        walk had seen changed or gone, the witness cut or replaced) walks the whole chain again. So what a
        customer's call costs does not depend on how large the installation's log is, and one walk at a
        time is made per database: the others wait for its result (red team 67 F2, F3). An edit to a
        record in the middle is told to the operator's `verify` at once, to a customer after the next
        whole walk.
        """
        whole = self._verified_now()
        with self._store.session() as session:
            checked = int(
                session.execute(select(func.count()).select_from(_RT).where(_R.tenant == tenant)).scalar_one()
            )
        if whole.ok:
            return VerifyResult(ok=True, checked=checked)
        return VerifyResult(
            ok=False,
            checked=checked,
            reason=(
                "the installation's audit log does not verify: a record was changed or removed, or its "
                "witness cannot be read. Which record, and whose, only the whole log can tell: ask the "
                "installation's operator (mailwarden audit verify)"
            ),
        )

    def _verified_now(self) -> VerifyResult:
        """The whole chain's verification now: gone on from the last walk when the chain only grew."""
        where = (self._store.engine.url.render_as_string(hide_password=True), str(self.key_path))
        with _single_flight(where):
            key = self._verifying_key()
            source = readable(self.witnesses)
            known = _VERIFIED.pop(where, None)
            told: _Told | None = None
            fresh = known is not None and time.monotonic() - known.walked < _REWALK_AFTER
            if known is not None and fresh and known.pem == _pem(key):
                if known.verifier is None:
                    if known.fingerprint == self._fingerprint(key, source):
                        told = known
                else:
                    told = self._go_on(known, key, source)
            if told is None:
                told = self._walk_whole(key, source)
            _VERIFIED[where] = told
            return told.result

    def _walk_whole(self, key: VerifyingKey | None, source: ReadableWitness | None) -> _Told:
        fingerprint = self._fingerprint(key, source)
        try:
            heads, mark = _witness_since(source, None)
        except WitnessUnreadable as exc:
            failed = VerifyResult(
                ok=False, checked=0, reason=str(exc), witness=source.name if source else None
            )
            return _Told(_pem(key), failed, None, fingerprint)
        witnessed = Witnessed(source.name, heads) if source is not None and mark is not None else None
        result, verifier, last = self._walk(key, source, witnessed)
        if not result.ok:
            return _Told(_pem(key), result, None, fingerprint)
        return _Told(_pem(key), result, verifier, fingerprint, mark=mark, checkpoint=last)

    def _go_on(self, known: _Told, key: VerifyingKey | None, source: ReadableWitness | None) -> _Told | None:
        """`known` gone on over what was appended since; None when more than that changed (walk it all)."""
        verifier = known.verifier
        assert verifier is not None
        fingerprint = self._fingerprint(key, source)  # before: a failure is never kept against a later state
        if known.mark is None:
            if source is not None and source.exists():
                return None
            heads: list[tuple[int, str, str]] = []
            mark = None
        else:
            try:
                since = _witness_since(source, known.mark)
            except WitnessUnreadable:
                return None
            if since[1] is None:
                return None  # deleted, cut back or replaced
            heads, mark = since
        seq, digest = verifier.head
        after = known.checkpoint.seq if known.checkpoint is not None else -1
        with self._snapshot() as connection:
            last = connection.execute(select(_RT).order_by(_R.seq.desc()).limit(1)).first()
            head = _record(last) if last is not None else None
            if head is None or head.computed_hash() != head.hash:
                if head is not None or seq:
                    return None
            elif head.seq < seq:
                return None
            if seq and connection.execute(select(_R.hash).where(_R.seq == seq)).scalar() != digest:
                return None
            if known.checkpoint is not None:
                kept = connection.execute(select(_CT).where(_C.seq == known.checkpoint.seq)).first()
                if kept is None or _checkpoint(kept) != known.checkpoint:
                    return None
            signed = [
                _checkpoint(r) for r in connection.execute(select(_CT).where(_C.seq > after).order_by(_C.seq))
            ]
            newest = signed[-1] if signed else known.checkpoint
            if newest is not None and (key is None or key.problem(newest) is not None):
                return None
            if any(c.seq < seq for c in signed):
                return None  # a checkpoint the walk should have met: written behind its back
            for at, witnessed, _line in heads:
                if (
                    at <= seq
                    and connection.execute(select(_R.hash).where(_R.seq == at)).scalar() != witnessed
                ):
                    return None
            if head is not None and head.seq == seq and not signed and not heads:
                return known  # nothing moved: the walk's result holds
            try:
                verifier.resume(signed, heads)
                for record in _stream(connection, _filtered().where(_R.seq > seq).order_by(_R.seq)):
                    if not verifier.feed(record):
                        break
                result = verifier.finish()
            except BaseException:
                known.verifier = None  # part gone on: never gone on from again
                raise
        if not result.ok:
            return _Told(known.pem, result, None, fingerprint, walked=known.walked)
        return _Told(known.pem, result, verifier, fingerprint, mark, newest, known.walked)

    def _fingerprint(self, key: VerifyingKey | None, source: ReadableWitness | None) -> tuple[Any, ...]:
        """What a failed walk's result is kept against: any change to it walks again."""
        with self._store.session() as session:
            last = session.execute(select(_RT).order_by(_R.seq.desc()).limit(1)).first()
            signed = session.execute(select(_CT).order_by(_C.seq.desc()).limit(1)).first()
        witness: Any = None
        if isinstance(source, FileWitness):
            with contextlib.suppress(OSError):
                stat = source.path.stat()
                witness = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        return (
            _pem(key),
            tuple(last) if last is not None else None,
            tuple(signed) if signed is not None else None,
            witness,
        )

    def tenant_records(
        self,
        tenant: str,
        *,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = False,
        **filters: Any,
    ) -> list[TenantAuditRecord]:
        """`records` of `tenant` as its customer reads them (`TenantAuditRecord`: numbered among the
        tenant's own, without the chain's seq or hashes)."""
        numbered = _numbered(tenant)
        query = _filtered(**filters, source=numbered)
        query = query.order_by(numbered.c.seq.desc() if newest_first else numbered.c.seq)
        with self._store.session() as session:
            rows = session.execute(query.offset(offset).limit(limit))
            return [_tenant_record(row) for row in rows]

    def holds_others_than(self, tenant: str) -> bool:
        """Whether the chain holds a record of any tenant but `tenant` (a removed one's too: the chain keeps
        every record). The least and greatest tenant, read off the tenant index."""
        with self._store.session() as session:
            least, greatest = session.execute(select(func.min(_R.tenant), func.max(_R.tenant))).one()
        return least is not None and (least != tenant or greatest != tenant)

    def as_told_to_tenant(self, record: AuditRecord) -> TenantAuditRecord:
        """`record` as its tenant's customer reads it (`tenant_records`): numbered among the tenant's own."""
        numbered = _numbered(record.tenant)
        with self._store.session() as session:
            row = session.execute(select(numbered).where(numbered.c.seq == record.seq)).one()
        return _tenant_record(row)

    def export_for_tenant(
        self, fmt: Literal["jsonl", "csv"], out: TextIO, *, tenant: str, **filters: Any
    ) -> int:
        """`export` of `tenant`'s matching records as its customer reads them (`tenant_records`)."""
        numbered = _numbered(tenant)
        query = _filtered(**filters, source=numbered).order_by(numbered.c.seq)
        with self._snapshot() as connection:
            records = (
                _tenant_record(row) for row in connection.execution_options(yield_per=_BATCH).execute(query)
            )
            return write_records(fmt, records, out, columns=TENANT_CSV_COLUMNS)

    def export(self, fmt: Literal["jsonl", "csv"], out: TextIO, **filters: Any) -> int:
        """Write the matching records to `out` as JSON lines or CSV; returns how many were written."""
        return write_records(fmt, self.iter_records(**filters), out)


class WitnessFailed(ConfigError):
    """A signed head could not be written to one or more witnesses (`checkpoint(strict=True)`)."""

    def __init__(self, failures: Sequence[str]) -> None:
        self.failures = list(failures)
        super().__init__(
            "The audit head was signed, but could not be written to the witness: "
            + "; ".join(self.failures)
            + ". Fix the witness (MAILWARDEN_AUDIT_WITNESS) and run 'mailwarden audit checkpoint' again."
        )


def _read_witness(source: ReadableWitness | None) -> Witnessed | None:
    if source is None or not source.exists():
        return None
    return Witnessed(source.name, source.heads())


def _filtered(
    *,
    tenant: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    request_id: str | None = None,
    request_ids: Collection[str] | None = None,
    event: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    source: Any = _RT,
) -> Select[Any]:
    """The records of `source` (the records' table, or `_numbered`) matching every given filter."""
    query = select(source)
    c = source.c
    for column, value in (
        (c.tenant, tenant),
        (c.actor, actor),
        (c.action, action),
        (c.target, target),
        (c.request_id, request_id),
        (c.event, event),
    ):
        if value is not None:
            query = query.where(column == value)
    if request_ids is not None:
        query = query.where(c.request_id.in_(sorted(request_ids)))
    if since is not None:
        query = query.where(c.time >= since)
    if until is not None:
        query = query.where(c.time < until)
    return query


def _numbered(tenant: str) -> Any:
    """`tenant`'s records, each with its `ordinal` among them in chain order (numbered before any other
    filter, so a record keeps its number whatever a reader filters by)."""
    ordinal = func.row_number().over(order_by=_R.seq).label("ordinal")
    return select(_RT, ordinal).where(_R.tenant == tenant).subquery()


def _tenant_record(row: Row[Any]) -> TenantAuditRecord:
    fields = {k: v for k, v in row._mapping.items() if k not in _CHAIN_ONLY}
    return TenantAuditRecord.model_validate(fields)


def _stream(connection: Connection, query: Select[Any]) -> Iterator[AuditRecord]:
    result = connection.execution_options(yield_per=_BATCH).execute(query)
    for row in result:
        yield _record(row)


def _record(row: Row[Any]) -> AuditRecord:
    return AuditRecord.model_validate(dict(row._mapping))


def _checkpoint(row: Row[Any]) -> Checkpoint:
    return Checkpoint.model_validate(dict(row._mapping))


def _weight(plain: Mapping[str, Any]) -> int:
    """What a prepared record weighs against `_INSERT_PAGE`: one, plus the items of a list it carries in
    `before` or `after` (a `request.steps` record: its steps)."""
    return 1 + sum(len(v) for v in (plain.get("before"), plain.get("after")) if isinstance(v, list))


_IDENTITIES = frozenset({"actor", "on_behalf_of"})


def _prepared(
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
) -> tuple[dt.datetime, dict[str, Any], dict[str, Any]]:
    """One record's time, fields and values as stored and hashed; what looks secret masked (mask_secrets)."""
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
    # What looks like a secret is masked, the record saying where (never what): a value recorded of the
    # tenant (a name its owner chose) must not stop what it records (red team 79). Typed text was refused
    # before anything was written (refuse_secret_text).
    # Who acted and for whom are recorded as they are, never masked: they are the identities the actor
    # signed in as, or the directory holds, not text of the tenant's, and a mask would make the log say no
    # one acted (red team 81 F4: an admin whose address an Exchange admin made token-shaped).
    masked: list[str] = []
    for fields_of in (required, optional, values):
        for name, value in fields_of.items():
            if name not in _IDENTITIES:
                fields_of[name], places = mask_secrets(name, value)
                masked.extend(places)
    for name, value in {**required, **optional}.items():
        if value is not None and not isinstance(value, str):
            raise TypeError(f"audit field {name} must be a string, not {type(value).__name__}")
    for name, value in required.items():
        if not value:
            raise ValueError(f"audit field {name} must not be empty")
    if not isinstance(values["detail"], Mapping):
        raise TypeError("audit detail must be a mapping of names to JSON values")
    if masked:
        values["detail"] = {**values["detail"], "masked": masked}
    # What is stored is exactly what is hashed: the values as they read back from canonical JSON.
    plain: dict[str, Any] = {name: json.loads(canonical_json(value)) for name, value in values.items()}
    # An empty optional field is no value: CSV exports cannot tell '' from none.
    fields: dict[str, Any] = {**required, **{name: value or None for name, value in optional.items()}}
    return time, fields, plain
