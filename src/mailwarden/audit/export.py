"""Exporting records as JSON lines or CSV, and reading them back (so an export can be verified elsewhere).

JSON lines: one record per line, exactly the fields of `AuditRecord`. CSV: one row per record, the same
columns; `before`, `after` and `detail` hold JSON text, and an empty cell is a field with no value. Cells
are neutralised against formula injection (`mailwarden.csv_cells`) and restored when read back.
Either form read back gives the same records, whose hashes still verify.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, TextIO

from mailwarden.audit.records import AuditRecord, TenantAuditRecord, canonical_json
from mailwarden.csv_cells import csv_writer, restore

__all__ = ["CSV_COLUMNS", "TENANT_CSV_COLUMNS", "ExportFormat", "read_records", "write_records"]

ExportFormat = Literal["jsonl", "csv"]

CSV_COLUMNS = tuple(AuditRecord.model_fields)
TENANT_CSV_COLUMNS = tuple(TenantAuditRecord.model_fields)
"""A customer's export (`TenantAuditRecord`): their ordinal for the chain's seq, no hashes."""
_JSON_COLUMNS = frozenset({"before", "after", "detail"})
_OPTIONAL_COLUMNS = frozenset({"on_behalf_of", "request_id", "action", "target"})


def write_records(
    fmt: ExportFormat,
    records: Iterable[AuditRecord] | Iterable[TenantAuditRecord],
    out: TextIO,
    *,
    columns: Sequence[str] = CSV_COLUMNS,
) -> int:
    """Write `records` to `out` (CSV: `columns`, those of the records' model); returns how many."""
    count = 0
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "csv":
        writer = csv_writer(out)
        writer.writerow(columns)
        for record in records:
            writer.writerow(_csv_row(record, columns))
            count += 1
    else:
        raise ValueError(f"unknown export format {fmt!r}: use jsonl or csv")
    return count


def read_records(fmt: ExportFormat, source: TextIO) -> Iterator[AuditRecord]:
    """The records of an export made by `write_records`."""
    if fmt == "jsonl":
        for line in source:
            if line.strip():
                yield AuditRecord.model_validate_json(line)
    elif fmt == "csv":
        for row in csv.DictReader(source):
            yield AuditRecord.model_validate(_from_csv(row))
    else:
        raise ValueError(f"unknown export format {fmt!r}: use jsonl or csv")


def _csv_row(record: AuditRecord | TenantAuditRecord, columns: Sequence[str]) -> list[str]:
    data = record.model_dump(mode="json")
    cells = []
    for column in columns:
        value = data[column]
        if column in _JSON_COLUMNS:
            cells.append(canonical_json(value))
        elif value is None:
            cells.append("")
        else:
            cells.append(str(value))
    return cells


def _from_csv(row: dict[str, str]) -> dict[str, object]:
    data: dict[str, object] = {}
    for column in CSV_COLUMNS:
        cell = restore(row[column])
        if column in _JSON_COLUMNS:
            data[column] = json.loads(cell)
        elif column in _OPTIONAL_COLUMNS and cell == "":
            data[column] = None
        else:
            data[column] = cell
    return data
