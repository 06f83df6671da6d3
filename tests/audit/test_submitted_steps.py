"""A request's submitted steps, held a page to a `request.steps` record, are recomputed by verify and must
give the count and sha256 its `request.submitted` names (a page changed, missing, extra, moved is tampering).

The forger here holds the signing key: every record's hash is recomputed and every checkpoint signed again,
so the chain alone verifies (shown first in each test); only the digest check is left to catch it. Without
the key, the chain already catches any of these edits (tests/audit/test_tampering.py); the digest check is
the second line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from mailwarden.audit import GENESIS_HASH, AuditLog, AuditRecord, VerifyResult, verify_chain
from mailwarden.audit.checkpoints import Checkpoint, SigningKey
from mailwarden.audit.records import record_hash
from mailwarden.audit.submissions import STEPS, SUBMITTED

from .helpers import RID, SARAH, T0, fill, steps_of, submit_steps


@pytest.fixture
def logged(log: AuditLog) -> list[AuditRecord]:
    """Some records, a request of 10 steps in pages of 3 (records 5–9), its confirmation, more records."""
    fill(log, 4)
    submit_steps(log, steps_of(10))
    log.append(tenant="acme", event="request.confirmed", actor=SARAH, request_id=RID, now=T0)
    fill(log, 2)
    records = log.records()
    assert [r.event for r in records[4:9]] == [SUBMITTED, *[STEPS] * 4]
    assert log.verify().ok
    return records


def _forged(
    log: AuditLog, records: list[AuditRecord], edit: Callable[[list[dict[str, Any]]], None]
) -> VerifyResult:
    """`edit` the records (plain dicts; a list to change, drop from or add to), then rechain and sign them
    again with the log's own key, as a forger holding it would; verify what results with the public key."""
    rows = [r.model_dump() for r in records]
    edit(rows)
    key = SigningKey.load(log.key_path)
    assert key is not None
    prev, forged = GENESIS_HASH, []
    for seq, row in enumerate(rows, start=1):
        row |= {"seq": seq, "prev_hash": prev}
        record = AuditRecord.model_validate(row | {"hash": "0" * 64})
        prev = record_hash(record.hashed_fields())
        forged.append(record.model_copy(update={"hash": prev}))
    every = 10
    checkpoints: list[Checkpoint] = [key.sign(0, GENESIS_HASH, T0, every)]
    checkpoints += [key.sign(r.seq, r.hash, T0, r.seq + every) for r in forged if r.seq % every == 0]
    checkpoints.append(key.sign(forged[-1].seq, forged[-1].hash, T0, forged[-1].seq + every))
    return verify_chain(forged, checkpoints, key.verifying)


def test_an_untouched_submission_verifies_and_is_counted(log: AuditLog, logged: list[AuditRecord]) -> None:
    assert log.verify().submissions == 1
    assert _forged(log, logged, lambda rows: None).ok  # the forger's tooling changes nothing by itself


def test_one_step_changed_in_a_page_is_caught_by_the_digest_when_the_chain_was_rewritten_with_the_key(
    log: AuditLog, logged: list[AuditRecord]
) -> None:
    def edit(rows: list[dict[str, Any]]) -> None:
        rows[6]["after"][1]["step"]["member"] = "mallory@acme.com"

    result = _forged(log, logged, edit)
    assert not result.ok
    assert result.first_bad_seq == 5
    assert result.reason == (
        f"request {RID}'s 10 steps as recorded in records 5–9 do not give the sha256 its request.submitted "
        "(record 5) names: a step was changed after it was submitted"
    )


def test_a_page_removed_is_named_missing(log: AuditLog, logged: list[AuditRecord]) -> None:
    result = _forged(log, logged, lambda rows: rows.pop(6))
    assert (result.ok, result.first_bad_seq) == (False, 7)
    assert result.reason == (
        f"record 7 holds request {RID}'s steps out of order: the steps at positions 3–5 are missing: "
        "a page was removed"
    )


def test_the_last_page_removed_is_named_missing(log: AuditLog, logged: list[AuditRecord]) -> None:
    result = _forged(log, logged, lambda rows: rows.pop(8))
    assert (result.ok, result.first_bad_seq) == (False, 5)
    assert "names 10 steps, but its pages hold 9 when record 9 (request.confirmed) comes first" in (
        result.reason or ""
    )
    assert "a page of steps is missing" in (result.reason or "")

    tail = _forged(log, logged[:8], lambda rows: None)  # the log ends inside the submission
    assert "when the log ends first: a page of steps is missing" in (tail.reason or "")


def test_pages_swapped_are_named_out_of_order(log: AuditLog, logged: list[AuditRecord]) -> None:
    def swap(rows: list[dict[str, Any]]) -> None:
        rows[5], rows[6] = rows[6], rows[5]

    result = _forged(log, logged, swap)
    assert (result.ok, result.first_bad_seq) == (False, 6)
    assert "record 6 holds request req-bulk's steps out of order: the steps at positions 0–2 are missing" in (
        result.reason or ""
    )


def test_a_page_repeated_or_added_is_named_extra(log: AuditLog, logged: list[AuditRecord]) -> None:
    repeated = _forged(log, logged, lambda rows: rows.insert(7, dict(rows[6])))
    assert (repeated.ok, repeated.first_bad_seq) == (False, 8)
    assert "a position already read: a page was repeated or moved" in (repeated.reason or "")

    def add_after(rows: list[dict[str, Any]]) -> None:
        rows.insert(9, {**rows[8], "after": [steps_of(11)[10]], "detail": {"positions": [10, 10]}})

    added = _forged(log, logged, add_after)
    assert (added.ok, added.first_bad_seq) == (False, 10)
    assert added.reason == (
        f"record 10 holds steps of request {RID} that no request.submitted before it is waiting for: an "
        "extra page of steps was added"
    )

    def add_inside(rows: list[dict[str, Any]]) -> None:
        rows[8]["after"] = [*rows[8]["after"], steps_of(11)[10]]
        rows[8]["detail"] = {"positions": [9, 10]}

    inside = _forged(log, logged, add_inside)
    assert (inside.ok, inside.first_bad_seq) == (False, 5)
    assert "are 11 or more, but its request.submitted (record 5) names 10" in (inside.reason or "")


def test_a_page_in_someone_elses_name_or_a_changed_count_is_caught(
    log: AuditLog, logged: list[AuditRecord]
) -> None:
    def other_actor(rows: list[dict[str, Any]]) -> None:
        rows[7]["actor"] = "mallory@acme.com"

    result = _forged(log, logged, other_actor)
    assert (result.ok, result.first_bad_seq) == (False, 8)
    assert "recorded as mallory@acme.com of tenant acme, but sarah@acme.com" in (result.reason or "")

    def fewer(rows: list[dict[str, Any]]) -> None:
        rows[4]["after"]["steps"] = 9

    assert not _forged(log, logged, fewer).ok


def test_without_the_key_the_chain_itself_names_a_changed_page(
    log: AuditLog, logged: list[AuditRecord]
) -> None:
    """Without the key, an edit of a page is already the chain's to catch: the record is named as changed."""
    with log._store.engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_records SET after = :a WHERE seq = 7"), {"a": '[{"position": 3}]'}
        )
    result = log.verify()
    assert (result.ok, result.first_bad_seq) == (False, 7)
    assert "record 7 was changed" in (result.reason or "")
