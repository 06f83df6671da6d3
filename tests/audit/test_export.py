"""Exports as JSON lines and CSV read back as the same records, which still verify elsewhere."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Literal

import pytest

from mailwarden.audit import AuditLog, AuditRecord, VerifyingKey, read_records, verify_chain

from .helpers import T0, fill


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_export_reads_back_as_the_same_records(log: AuditLog, fmt: Literal["jsonl", "csv"]) -> None:
    """Every field of every record, JSON values, None and unicode included, survives the round trip."""
    records = fill(log, 23)
    out = io.StringIO()
    assert log.export(fmt, out) == 23
    assert list(read_records(fmt, io.StringIO(out.getvalue()))) == records


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_exported_chain_verifies_with_the_public_key_alone(
    log: AuditLog, fmt: Literal["jsonl", "csv"]
) -> None:
    """Export, checkpoints and public key are enough to verify the chain away from the database."""
    fill(log, 23)
    out = io.StringIO()
    log.export(fmt, out)
    key = VerifyingKey.from_pem(log.public_key_pem())
    exported = list(read_records(fmt, io.StringIO(out.getvalue())))
    assert verify_chain(exported, log.checkpoints(), key).ok
    changed = [*exported[:4], exported[4].model_copy(update={"actor": "mallory@acme.com"}), *exported[5:]]
    result = verify_chain(changed, log.checkpoints(), key)
    assert (result.ok, result.first_bad_seq) == (False, 5)


def test_export_takes_the_same_filters_as_records(log: AuditLog) -> None:
    """A filtered export holds exactly what records() returns for the same filters."""
    fill(log, 30)
    out = io.StringIO()
    count = log.export("jsonl", out, tenant="acme", since=T0 + dt.timedelta(minutes=5))
    exported = list(read_records("jsonl", io.StringIO(out.getvalue())))
    assert exported == log.records(tenant="acme", since=T0 + dt.timedelta(minutes=5))
    assert count == len(exported) > 0


def test_csv_export_has_a_header_and_json_cells(log: AuditLog) -> None:
    """The CSV opens with the record's fields as a header; structured values are JSON text, none is empty."""
    log.append(tenant="acme", event="step.applied", actor="a@acme.com", after={"b": [1]}, detail={"x": None})
    out = io.StringIO()
    log.export("csv", out)
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    assert header == [*AuditRecord.model_fields]
    cells = dict(zip(header, row, strict=True))
    assert (cells["after"], cells["before"], cells["detail"], cells["target"]) == (
        '{"b":[1]}',
        "null",
        '{"x":null}',
        "",
    )


def test_an_unknown_format_is_refused(log: AuditLog) -> None:
    """Only jsonl and csv are offered."""
    with pytest.raises(ValueError, match="jsonl or csv"):
        log.export("xml", io.StringIO())  # type: ignore[arg-type]
