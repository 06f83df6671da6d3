"""Red team 67 F2: sec66 keeps the whole chain's verification a customer sees (`verify_for_tenant`) per chain
head, the last record (seq, hash) and the last checkpoint (seq, signature), and walks again only when that
moved. Accepted there: an edit in the middle reaches a customer with the next record. But the head is not
all a walk checks, and a tamperer who knows this can leave it as it was:

- the chain cut back to a head a customer was already told "verifies" (records and checkpoints appended
  after it deleted: the witness holds the later heads, `verify` says the chain was cut);
- the head record itself edited (its fields, not its stored hash);
- the witness deleted (`verify`: "the audit witness ... does not exist").

Each time the operator's `verify` says the log does not verify, and the customer's says it does, for as
long as no new record is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from mailwarden.audit import AuditLog
from mailwarden.store import Store
from mailwarden.store.tables import AuditCheckpointRow, AuditRecordRow
from tests.audit.helpers import fill

TENANT = "acme"


@pytest.fixture
def log(store: Store, tmp_path: Path) -> AuditLog:
    return AuditLog(store, tmp_path / "home", checkpoint_every=10)


def _told_ok(log: AuditLog) -> None:
    fill(log, 25)  # checkpoints at 10 and 20
    assert log.verify().ok
    assert log.verify_for_tenant(TENANT).ok  # the customer looked: this head is cached


def test_a_chain_cut_back_to_a_head_a_customer_was_told_of_does_not_verify_for_them(
    log: AuditLog, store: Store
) -> None:
    _told_ok(log)
    head = log.records()[-1].seq
    fill(log, 12)  # what a tamperer then wants gone (a grant, say): records 26..37, a checkpoint at 30
    log.checkpoint()  # witnessed at 37
    with store.engine.begin() as connection:
        connection.execute(delete(AuditRecordRow).where(AuditRecordRow.seq > head))
        connection.execute(delete(AuditCheckpointRow).where(AuditCheckpointRow.seq > 20))
    assert not log.verify().ok, "the witness holds heads past the chain's end"
    assert not log.verify_for_tenant(TENANT).ok, "the customer is told the cut chain verifies"


def test_an_edited_head_record_does_not_verify_for_a_customer(log: AuditLog, store: Store) -> None:
    _told_ok(log)
    head = log.records()[-1].seq
    with store.engine.begin() as connection:
        connection.execute(
            update(AuditRecordRow).where(AuditRecordRow.seq == head).values(target="someone-else@acme.com")
        )
    assert not log.verify().ok
    assert not log.verify_for_tenant(TENANT).ok, "the customer is told the edited chain verifies"


def test_a_deleted_witness_does_not_verify_for_a_customer(log: AuditLog, tmp_path: Path) -> None:
    _told_ok(log)
    for witness in (tmp_path / "home").glob("*witness*"):
        witness.unlink()
    assert not log.verify().ok
    assert not log.verify_for_tenant(TENANT).ok, "the customer is told the chain verifies without its witness"


def test_an_edited_last_checkpoint_does_not_verify_for_a_customer(log: AuditLog, store: Store) -> None:
    _told_ok(log)
    with store.engine.begin() as connection:
        last = max(connection.execute(select(AuditCheckpointRow.seq)).scalars())
        # its signature (part of the cached head) left as it was; what it signs changed
        connection.execute(
            update(AuditCheckpointRow).where(AuditCheckpointRow.seq == last).values(next_due=last + 10_000)
        )
    assert not log.verify().ok
    assert not log.verify_for_tenant(TENANT).ok, (
        "the customer is told the chain with a forged checkpoint verifies"
    )
