"""Appending, reading and checkpointing the chain; two processes appending at once keep one chain."""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
import stat
import traceback
from pathlib import Path
from typing import Any

import pytest

from mailwarden.audit import GENESIS_HASH, AuditLog
from mailwarden.store import Store

from .helpers import T0, fill


def test_appended_records_are_numbered_linked_and_hashed(log: AuditLog) -> None:
    """Each record gets the next seq, links to the one before, and its hash covers its fields."""
    records = fill(log, 5)
    assert [r.seq for r in records] == [1, 2, 3, 4, 5]
    assert records[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(records))
    assert all(r.computed_hash() == r.hash for r in records)
    assert log.records() == records


def test_a_record_reads_back_exactly_as_it_was_appended(log: AuditLog) -> None:
    """Every field, JSON values and the microseconds of the time included, survives the store."""
    when = dt.datetime(2026, 11, 23, 10, 11, 12, 345678, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    record = log.append(
        tenant="acme",
        event="step.applied",
        actor="grace.hopper@acme.com",
        on_behalf_of="sarah@acme.com",
        channel="web",
        request_id="r-1",
        action="send_as",
        target="support@acme.com",
        before=[],
        after=["sarah@acme.com"],
        detail={"nested": {"a": [1, 2.5, True, None]}},
        now=when,
    )
    assert record.time == when
    assert record.time.tzinfo == dt.UTC
    (stored,) = log.records()
    assert stored == record


def test_empty_optional_fields_are_stored_as_none(log: AuditLog) -> None:
    """'' and None mean the same for optional fields, so a CSV export cannot change a record."""
    record = log.append(tenant="acme", event="policy.set", actor="system", target="", request_id="")
    assert record.target is None
    assert record.request_id is None


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"actor": ""}, ValueError),
        ({"now": dt.datetime(2026, 1, 1)}, ValueError),  # naive: refused
        ({"target": 42}, TypeError),
        ({"detail": ["not", "a", "mapping"]}, TypeError),
        ({"after": {"when": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)}}, ValueError),
        ({"after": float("nan")}, ValueError),
    ],
)
def test_append_refuses_malformed_input_and_writes_nothing(
    log: AuditLog, fields: dict[str, Any], error: type[Exception]
) -> None:
    """An empty actor, a naive time, a non-string target, or a non-JSON value is refused."""
    arguments: dict[str, Any] = {"tenant": "acme", "event": "request.submitted", "actor": "a@acme.com"}
    with pytest.raises(error):
        log.append(**(arguments | fields))
    assert log.head() == 0


def test_records_filter_by_every_field_the_api_offers(log: AuditLog) -> None:
    """tenant, actor, action, target, request id, event and a time window each narrow the list."""
    records = fill(log, 30)

    def expect(predicate: Any) -> list[int]:
        return [r.seq for r in records if predicate(r)]

    assert [r.seq for r in log.records(tenant="contoso")] == expect(lambda r: r.tenant == "contoso")
    assert [r.seq for r in log.records(actor="user1@acme.com")] == expect(
        lambda r: r.actor == "user1@acme.com"
    )
    assert [r.seq for r in log.records(target="mailbox3@acme.com")] == expect(
        lambda r: r.target == "mailbox3@acme.com"
    )
    assert [r.seq for r in log.records(request_id="req-2")] == [11, 12, 13, 14, 15]
    assert [r.seq for r in log.records(event="step.applied", tenant="acme")] == expect(
        lambda r: r.event == "step.applied" and r.tenant == "acme"
    )
    assert log.records(action="send_on_behalf") == []
    window = log.records(since=T0 + dt.timedelta(minutes=10), until=T0 + dt.timedelta(minutes=13))
    assert [r.seq for r in window] == [11, 12, 13]


def test_records_page_with_limit_offset_and_newest_first(log: AuditLog) -> None:
    """limit and offset page through the chain; newest_first reverses it."""
    fill(log, 12)
    assert [r.seq for r in log.records(limit=3, offset=4)] == [5, 6, 7]
    assert [r.seq for r in log.records(limit=3, newest_first=True)] == [12, 11, 10]


def test_checkpoints_are_signed_at_genesis_every_n_records_and_on_demand(log: AuditLog) -> None:
    """Genesis with record 1, then every 10 records; checkpoint() signs the head and resets the count."""
    records = fill(log, 23)
    assert [(c.seq, c.next_due) for c in log.checkpoints()] == [(0, 10), (10, 20), (20, 30)]
    on_demand = log.checkpoint()
    assert (on_demand.seq, on_demand.hash, on_demand.next_due) == (23, records[-1].hash, 33)
    assert log.checkpoint() == on_demand  # the head already has one
    fill(log, 10)
    assert [c.seq for c in log.checkpoints()] == [0, 10, 20, 23, 33]
    assert log.verify().ok


def test_an_empty_log_verifies_and_can_be_checkpointed(log: AuditLog) -> None:
    """No records is a valid chain; a checkpoint of it is the genesis."""
    assert log.verify().ok
    assert log.checkpoint().seq == 0
    assert log.verify().ok
    fill(log, 3)
    assert log.verify().ok


def test_the_signing_key_is_created_once_private_to_its_owner(store: Store, tmp_path: Path) -> None:
    """The key file appears on first use with mode 0600; a second log on the same folder reuses it."""
    home = tmp_path / "home"
    first = AuditLog(store, home)
    assert not (home / "audit-signing-key.pem").exists()
    pem = first.public_key_pem()
    key_file = home / "audit-signing-key.pem"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert "PRIVATE" in key_file.read_text()
    assert "PUBLIC KEY" in pem
    assert "PRIVATE" not in pem
    assert AuditLog(store, home).public_key_pem() == pem


_PER_PROCESS = 200


def _appender(url: str, home: str, name: str, start: Any, results: Any) -> None:
    # A child process: open the store as a fresh command would, then append as fast as it can.
    try:
        start.wait(timeout=60)
        with Store(url) as store:
            log = AuditLog(store, Path(home), checkpoint_every=25)
            for i in range(_PER_PROCESS):
                log.append(tenant=name, event="step.applied", actor=f"{name}@acme.com", detail={"i": i})
        results.put((name, "ok"))
    except Exception as exc:  # noqa: BLE001 - whatever failed in the child must reach the test as text
        results.put((name, f"{exc!r}\n{traceback.format_exc()}"))


def test_two_processes_appending_at_once_keep_one_valid_chain(database_url: str, tmp_path: Path) -> None:
    """400 records from two processes form one gap-free, verifying chain with both processes' records."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    results = context.Queue()
    home = str(tmp_path / "home")
    workers = [
        context.Process(target=_appender, args=(database_url, home, name, start, results))
        for name in ("one", "two")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert dict(results.get(timeout=5) for _ in workers) == {"one": "ok", "two": "ok"}
    with Store(database_url) as store:
        log = AuditLog(store, Path(home), checkpoint_every=25)
        result = log.verify()
        assert result.ok, result.reason
        assert result.checked == 2 * _PER_PROCESS
        records = log.records()
        assert [r.seq for r in records] == list(range(1, 2 * _PER_PROCESS + 1))
        for name in ("one", "two"):
            assert [r.detail["i"] for r in records if r.tenant == name] == list(range(_PER_PROCESS))
        assert [c.seq for c in log.checkpoints()] == list(range(0, 2 * _PER_PROCESS + 1, 25))


def test_records_carrying_many_items_are_inserted_without_the_ones_before_them(
    log: AuditLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """append_many inserts a page of records at a time, a record weighing one plus the items of a list it
    carries (a `request.steps` record: its steps), so the records of a bulk request's steps are never all
    held at once; every record is stored as appended, in one chain."""
    from sqlalchemy.orm import Session
    from sqlalchemy.sql.dml import Insert

    from mailwarden.audit import chain

    monkeypatch.setattr(chain, "_INSERT_PAGE", 10)
    inserted: list[int] = []
    execute = Session.execute

    def counted(self: Session, statement: Any, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        if isinstance(statement, Insert) and statement.table.name == "audit_records":
            inserted.append(len(params))
        return execute(self, statement, params, *args, **kwargs)

    monkeypatch.setattr(Session, "execute", counted)
    entries = [
        {"tenant": "acme", "event": "export.started", "actor": "grace", "channel": "cli", "now": T0},
        *(
            {
                "tenant": "acme",
                "event": "export.rows",
                "actor": "grace",
                "channel": "cli",
                "after": [{"member": f"user{page}{i}@acme.com"} for i in range(6)],
                "now": T0,
            }
            for page in range(3)
        ),
        *({"tenant": "acme", "event": "export.row", "actor": "grace", "channel": "cli", "now": T0},) * 12,
    ]
    appended = log.append_many(iter(entries))
    monkeypatch.setattr(Session, "execute", execute)
    # Weights 1 + 7 | 7 | 7 + 3 x 1 | 9 x 1: 10 at most, a record heavier than what is left starts anew.
    assert inserted == [2, 1, 4, 9], inserted
    assert [r.event for r in appended] == [e["event"] for e in entries]
    assert log.records() == appended
    assert [r.after for r in appended[1:4]] == [e["after"] for e in entries[1:4]]
    assert log.verify().ok
