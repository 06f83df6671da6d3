"""Tampering with the stored chain, behind the log's back, is caught and the first bad record named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, insert, text, update

from mailwarden.audit import GENESIS_HASH, AuditLog, AuditRecord
from mailwarden.audit.checkpoints import SigningKey
from mailwarden.audit.records import record_hash
from mailwarden.errors import AuditIntegrityError
from mailwarden.store import Store
from mailwarden.store.tables import AuditCheckpointRow, AuditRecordRow

from .helpers import fill


@pytest.fixture
def chain(log: AuditLog) -> list[AuditRecord]:
    """25 records; signed checkpoints at 0 (genesis), 10 and 20."""
    records = fill(log, 25)
    assert log.verify().ok
    return records


def _sql(store: Store, statement: Any, params: dict[str, Any] | None = None) -> None:
    with store.engine.begin() as connection:
        connection.execute(text(statement) if isinstance(statement, str) else statement, params or {})


def _rewrite(store: Store, records: list[AuditRecord], start: int, **changes: Any) -> None:
    """A forger with the database but not the key: change record `start`, recompute every hash after it."""
    prev = records[start - 2].hash if start > 1 else GENESIS_HASH
    for record in records[start - 1 :]:
        fields = record.hashed_fields() | {"prev_hash": prev}
        if record.seq == start:
            fields |= changes
        digest = record_hash(fields)
        values = {"prev_hash": prev, "hash": digest} | (changes if record.seq == start else {})
        _sql(store, update(AuditRecordRow).where(AuditRecordRow.seq == record.seq).values(**values))
        prev = digest


def _bad(log: AuditLog) -> tuple[int | None, str]:
    result = log.verify()
    assert not result.ok
    return result.first_bad_seq, result.reason or ""


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("target", "'ceo@acme.com'"),
        ("actor", "'grace.hopper@acme.com'"),
        ("on_behalf_of", "'mallory@acme.com'"),
        ("request_id", "NULL"),
        ("time", "'2027-01-01 00:00:00'"),
        ("detail", "'{\"step\": 99}'"),
        ("after", "'null'"),
        ("hash", "'" + "a" * 64 + "'"),
    ],
)
def test_a_changed_field_names_that_record(
    store: Store, log: AuditLog, chain: list[AuditRecord], column: str, value: str
) -> None:
    """Changing any column of record 7 with raw SQL makes verify name record 7."""
    _sql(store, f"UPDATE audit_records SET {column} = {value} WHERE seq = 7")
    seq, reason = _bad(log)
    assert seq == 7
    assert "record 7" in reason


def test_a_deleted_record_is_named_as_missing(store: Store, log: AuditLog, chain: list[AuditRecord]) -> None:
    """Deleting record 7 makes verify name 7 as removed."""
    _sql(store, "DELETE FROM audit_records WHERE seq = 7")
    assert _bad(log) == (7, "record 7 is missing: removed from the chain")


def test_swapped_records_are_caught_at_the_first_of_them(
    store: Store, log: AuditLog, chain: list[AuditRecord]
) -> None:
    """Swapping the seq of records 5 and 9 makes verify name record 5."""
    _sql(store, "UPDATE audit_records SET seq = -1 WHERE seq = 5")
    _sql(store, "UPDATE audit_records SET seq = 5 WHERE seq = 9")
    _sql(store, "UPDATE audit_records SET seq = 9 WHERE seq = -1")
    seq, reason = _bad(log)
    assert seq == 5
    assert "does not link" in reason


def test_a_forged_record_inserted_mid_chain_is_named(
    store: Store, log: AuditLog, chain: list[AuditRecord]
) -> None:
    """A well-formed record slipped in as seq 5 (the rest renumbered) is named as inserted."""
    _sql(store, "UPDATE audit_records SET seq = seq + 1000 WHERE seq >= 5")
    _sql(store, "UPDATE audit_records SET seq = seq - 999 WHERE seq >= 1000")
    forged = chain[4].model_copy(update={"actor": "mallory@acme.com", "prev_hash": chain[3].hash})
    forged = forged.model_copy(update={"hash": forged.computed_hash()})
    _sql(store, insert(AuditRecordRow).values(**forged.model_dump()))
    seq, reason = _bad(log)
    assert seq == 5
    assert "record 5 was inserted" in reason


def test_a_forged_record_appended_with_a_made_up_link_is_named(
    store: Store, log: AuditLog, chain: list[AuditRecord]
) -> None:
    """A record added after the head that does not link to it is named."""
    forged = chain[-1].model_copy(update={"seq": 26, "prev_hash": "f" * 64})
    _sql(
        store,
        insert(AuditRecordRow).values(
            **forged.model_copy(update={"hash": forged.computed_hash()}).model_dump()
        ),
    )
    assert _bad(log)[0] == 26


def test_a_tail_cut_after_a_checkpoint_is_named_at_the_first_missing_record(
    store: Store, log: AuditLog, chain: list[AuditRecord]
) -> None:
    """Deleting records 16–25 while checkpoint 20 remains makes verify name 16 as cut off."""
    _sql(store, "DELETE FROM audit_records WHERE seq > 15")
    seq, reason = _bad(log)
    assert seq == 16
    assert "cut off" in reason


def test_every_record_deleted_is_caught(store: Store, log: AuditLog, chain: list[AuditRecord]) -> None:
    """An emptied table with its checkpoints left is not a valid empty log."""
    _sql(store, "DELETE FROM audit_records")
    assert _bad(log)[0] == 1


def test_rewriting_the_whole_chain_without_the_key_is_caught(
    store: Store, log: AuditLog, chain: list[AuditRecord]
) -> None:
    """Every hash recomputed after changing record 1: the chain is consistent, the signatures are not."""
    _rewrite(store, chain, 1, actor="mallory@acme.com")
    seq, reason = _bad(log)
    assert seq == 1
    assert "checkpoint 10" in reason
    assert "rewritten" in reason


def test_a_rewrite_is_reported_from_the_last_good_checkpoint(
    store: Store, log: AuditLog, chain: list[AuditRecord]
) -> None:
    """A rewrite from record 13 on is caught by checkpoint 20; records after checkpoint 10 are untrusted."""
    _rewrite(store, chain, 13, target="ceo@acme.com")
    assert _bad(log)[0] == 11


def test_a_rewrite_that_also_deletes_the_checkpoints_is_caught(
    store: Store, log: AuditLog, chain: list[AuditRecord]
) -> None:
    """Deleting the checkpoints that would expose a rewrite leaves a gap the signed ones still show."""
    _rewrite(store, chain, 1, actor="mallory@acme.com")
    _sql(store, delete(AuditCheckpointRow).where(AuditCheckpointRow.seq > 0))
    seq, reason = _bad(log)
    assert seq == 1
    assert "checkpoint 10 is missing" in reason
    _sql(store, delete(AuditCheckpointRow))
    assert _bad(log) == (1, "the genesis checkpoint (seq 0) is missing: checkpoints were deleted")


def test_a_checkpoint_changed_to_match_a_rewrite_fails_its_signature(
    store: Store, log: AuditLog, chain: list[AuditRecord]
) -> None:
    """Updating checkpoint 10's hash to the rewritten chain's breaks its signature."""
    _rewrite(store, chain, 3, target="ceo@acme.com")
    (rewritten,) = log.records(limit=1, offset=9)
    _sql(store, update(AuditCheckpointRow).where(AuditCheckpointRow.seq == 10).values(hash=rewritten.hash))
    seq, reason = _bad(log)
    assert seq == 1
    assert "invalid signature" in reason


def test_checkpoints_signed_with_another_key_do_not_verify(
    store: Store, log: AuditLog, chain: list[AuditRecord], tmp_path: Path
) -> None:
    """A forger who signs with a key of their own is caught: the key is not the log's."""
    mallory = SigningKey.load_or_create(tmp_path / "mallory" / "key.pem")
    _rewrite(store, chain, 1, actor="mallory@acme.com")
    _sql(store, delete(AuditCheckpointRow))
    for seq, digest in ((0, GENESIS_HASH), (10, None), (20, None)):
        record_digest = digest or log.records(limit=1, offset=seq - 1)[0].hash
        signed = mallory.sign(seq, record_digest, chain[0].time, seq + 10)
        _sql(store, insert(AuditCheckpointRow).values(**signed.model_dump()))
    seq, reason = _bad(log)
    assert seq == 1
    assert "not" in reason


def test_verify_with_the_exported_public_key_elsewhere(
    store: Store, log: AuditLog, chain: list[AuditRecord]
) -> None:
    """The exported public key verifies the log; another key's PEM does not."""
    assert log.verify(public_key_pem=log.public_key_pem()).ok
    other = SigningKey.load_or_create(log.key_path.parent.parent / "other" / "key.pem")
    result = log.verify(public_key_pem=other.verifying.pem())
    assert not result.ok
    assert result.first_bad_seq == 1


def test_without_its_key_the_log_says_it_cannot_check_signatures(
    store: Store, chain: list[AuditRecord], tmp_path: Path
) -> None:
    """A data folder that lost its key reports that, and does not make a new key that would lie."""
    stranger = AuditLog(store, tmp_path / "elsewhere")
    result = stranger.verify()
    assert not result.ok
    assert result.first_bad_seq is None
    assert "signing key is missing" in (result.reason or "")
    assert not stranger.key_path.exists()


def test_raise_for_problem_turns_a_failed_verify_into_an_audit_integrity_error(
    store: Store, log: AuditLog, chain: list[AuditRecord]
) -> None:
    """A caller that wants an exception gets AuditIntegrityError with the seq; a good chain raises nothing."""
    log.verify().raise_for_problem()
    _sql(store, "DELETE FROM audit_records WHERE seq = 3")
    with pytest.raises(AuditIntegrityError) as caught:
        log.verify().raise_for_problem()
    assert caught.value.seq == 3


def test_appending_after_tampering_does_not_hide_it(
    store: Store, log: AuditLog, chain: list[AuditRecord]
) -> None:
    """New records and checkpoints written after a change leave the change detectable."""
    _sql(store, "UPDATE audit_records SET target = 'ceo@acme.com' WHERE seq = 4")
    fill(log, 20)
    assert _bad(log)[0] == 4
