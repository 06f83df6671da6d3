"""Attachments: a CSV or XLSX file sent with a request, reduced to the column of people it lists.

The column is found by its header ("email", "mail", "address", "upn", "name", "user" ...); without a
recognisable header, by its content (the column whose cells look most like addresses, else like names).
Every non-empty cell of that column becomes a reference, in file order; whether each one resolves is for
`planner.compose` to find out and report, so no row is silently dropped here.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from mailwarden.errors import ConfigError
from mailwarden.model.recipients import is_valid_address
from mailwarden.planner.draft import Attachment

__all__ = ["attachment_from_rows", "read_attachment"]

# Header words, best first: an address column beats a name column when a sheet has both.
_HEADERS: tuple[tuple[str, ...], ...] = (
    ("email", "e-mail", "email address", "e-mail address", "mail", "smtp", "primary smtp", "address"),
    ("upn", "user principal name", "userprincipalname", "login", "username", "user name"),
    ("name", "display name", "displayname", "full name", "user", "member", "person", "employee"),
)
_NAME_CELL = re.compile(r"^[^\W\d_][\w .'-]*$")
_MAX_ROWS = 10_000


def read_attachment(path: Path | str) -> Attachment:
    """The references listed in a .csv, .txt or .xlsx file; ConfigError when it cannot be read."""
    file = Path(path)
    if not file.is_file():
        raise ConfigError(f"Attachment {str(file)!r} does not exist.")
    suffix = file.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(file)
    elif suffix in (".csv", ".txt", ".tsv", ""):
        rows = _csv_rows(file.read_bytes())
    else:
        raise ConfigError(f"Attachment {file.name!r}: only CSV and XLSX files are read (not {suffix!r}).")
    return attachment_from_rows(file.name, rows)


def attachment_from_rows(name: str, rows: Sequence[Sequence[str]]) -> Attachment:
    """The column of people in `rows` (header row optional) as an Attachment."""
    rows = [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return Attachment(name=name, column="", references=[])
    column, header = _by_header(rows[0])
    body = rows[1:] if column is not None else rows
    if column is None:
        column, header = _by_content(body), ""
    references = [row[column] for row in body if column < len(row) and row[column]]
    return Attachment(name=name, column=header, references=references)


def _by_header(first: Sequence[str]) -> tuple[int | None, str]:
    folded = [" ".join(cell.casefold().replace("_", " ").split()) for cell in first]
    for words in _HEADERS:
        for index, cell in enumerate(folded):
            if cell in words:
                return index, first[index]
    # "Work email", "Member UPN": a header that contains a header word, when no cell looks like data.
    if not any(is_valid_address(cell) for cell in first):
        for words in _HEADERS:
            for index, cell in enumerate(folded):
                if any(w in cell.split() for w in words):
                    return index, first[index]
    return None, ""


def _by_content(rows: Sequence[Sequence[str]]) -> int:
    width = max(len(row) for row in rows)
    for looks in (is_valid_address, _looks_like_name):
        scores = [_share(rows, i, looks) for i in range(width)]
        best = max(range(width), key=lambda i: scores[i])
        if scores[best] >= 0.5:
            return best
    return 0


def _share(rows: Sequence[Sequence[str]], index: int, looks: Callable[[str], bool]) -> float:
    cells = [row[index] for row in rows if index < len(row) and row[index]]
    return sum(1 for c in cells if looks(c)) / max(len(cells), 1)


def _looks_like_name(cell: str) -> bool:
    return _NAME_CELL.match(cell) is not None


def _csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig", errors="replace")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return [row for _, row in zip(range(_MAX_ROWS), csv.reader(io.StringIO(text), dialect), strict=False)]


def _xlsx_rows(file: Path) -> list[list[str]]:
    # Imported here: openpyxl takes a noticeable share of CLI start-up and most requests attach nothing.
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError ... on a damaged file
        raise ConfigError(f"Attachment {file.name!r} is not a readable XLSX workbook: {exc}") from exc
    try:
        sheet = book.active
        if sheet is None:
            return []
        return [
            ["" if cell is None else str(cell) for cell in row]
            for _, row in zip(range(_MAX_ROWS), sheet.iter_rows(values_only=True), strict=False)
        ]
    finally:
        book.close()
