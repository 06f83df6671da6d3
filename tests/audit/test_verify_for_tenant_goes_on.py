"""A customer's verification (`verify_for_tenant`) walks the whole chain once, then goes on from where that
walk was over what was appended since (red team 67 F2, F3): what it finds there must be what a whole walk
finds, and what it skips (records and checkpoints it already walked) must not have changed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import update

from mailwarden.audit import AuditLog, chain
from mailwarden.store import Store
from mailwarden.store.tables import AuditRecordRow
from tests.audit.helpers import fill, steps_of, submit_steps

TENANT = "acme"


@pytest.fixture
def log(store: Store, tmp_path: Path) -> AuditLog:
    return AuditLog(store, tmp_path / "home", checkpoint_every=10)


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    counted: list[int] = []
    real = AuditLog._walk

    def walk(self: AuditLog, *args: object) -> object:
        counted.append(1)
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(AuditLog, "_walk", walk)
    return counted


def test_records_appended_since_are_walked_alone_and_an_edit_among_them_is_told(
    log: AuditLog, store: Store, walks: list[int]
) -> None:
    fill(log, 25)
    assert log.verify_for_tenant(TENANT).ok
    fill(log, 12)
    submit_steps(log, steps_of(7))  # a submission and its pages, checkpointed at their end
    log.checkpoint()  # the same head signed again: nothing appended
    assert log.verify_for_tenant(TENANT).ok
    assert len(walks) == 1, "the chain was walked whole again for what was only appended"

    head = log.head()
    fill(log, 3)
    with store.engine.begin() as connection:
        connection.execute(
            update(AuditRecordRow).where(AuditRecordRow.seq == head + 2).values(actor="x@acme.com")
        )
    assert not log.verify().ok
    assert not log.verify_for_tenant(TENANT).ok, "an edit among the records appended since was not told"


def test_an_edit_to_a_record_already_walked_is_told_when_it_is_the_head(log: AuditLog, store: Store) -> None:
    fill(log, 25)
    assert log.verify_for_tenant(TENANT).ok
    fill(log, 1)
    assert log.verify_for_tenant(TENANT).ok
    with store.engine.begin() as connection:  # the record the last walk ended at
        connection.execute(update(AuditRecordRow).where(AuditRecordRow.seq == 26).values(actor="x@acme.com"))
    assert not log.verify_for_tenant(TENANT).ok


def test_a_customers_callers_at_once_wait_for_one_walk(log: AuditLog, walks: list[int]) -> None:
    fill(log, 300)
    answers: list[bool] = []
    start = threading.Barrier(6)

    def ask() -> None:
        start.wait()
        answers.append(log.verify_for_tenant(TENANT).ok)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [True] * 6
    assert len(walks) == 1, f"{len(walks)} whole walks for six callers at once"


def test_an_edit_to_a_record_walked_before_is_told_once_the_whole_chain_is_walked_again(
    log: AuditLog, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(log, 25)
    assert log.verify_for_tenant(TENANT).ok
    with store.engine.begin() as connection:  # in the middle: what going on from the last walk skips
        connection.execute(update(AuditRecordRow).where(AuditRecordRow.seq == 5).values(actor="x@acme.com"))
    monkeypatch.setattr(chain, "_REWALK_AFTER", 0.0)  # the hour since the last whole walk has passed
    assert not log.verify_for_tenant(TENANT).ok
