"""Attachments: a CSV or XLSX file sent with a request, reduced to the column of people it lists.

The column is found by its header ("email", "mail", "address", "upn", "name", "user" ...); without a
recognisable header, by its content (the column whose cells look most like addresses, else like names).
Every non-empty cell of that column becomes a reference, in file order; whether each one resolves is for
`planner.compose` to find out and report, so no row is silently dropped here.

A file comes from anyone who may plan a request, so reading one is bounded before any of it is trusted:
at most `MAX_FILE_BYTES` on disk, `MAX_UNPACKED_BYTES` once an XLSX's ZIP parts are inflated (checked on
the archive's declared sizes, which Python's zipfile enforces while reading), `MAX_CELLS` cells,
`MAX_ROWS` rows and `MAX_COLUMNS` columns. A value just past the rows or columns is refused; rows past
the next thousand and columns past the 256th are not looked at, as a bound on the work. An XLSX is read
in openpyxl's streaming (read-only) mode with the sheet's declared dimension thrown away: a 50 KB file
may declare 16,384 x 10,000 cells, and a reader that trusts it builds every one of them.

Text files are read as UTF-8 (with or without a byte order mark), UTF-16 when they start with its byte
order mark (Excel's "Unicode text"), else as Windows-1252 (Excel's "CSV" on Western Windows); anything
with NUL or other control bytes is refused as not text. Each limit, when crossed, is a ConfigError that
says which and what to do.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from mailwarden.errors import ConfigError
from mailwarden.model.recipients import is_valid_address
from mailwarden.planner.draft import Attachment

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "attachment_from_bytes",
    "attachment_from_rows",
    "read_attachment",
    "too_large",
]

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
"""A 10,000-row, 10-column sheet inflates to about 5 MB; a workbook inflating past this is a bomb."""
MAX_ROWS = 10_000
MAX_COLUMNS = 50
MAX_CELLS = 150_000
"""Filled cells of a text file; cells of a sheet, empty ones included (each costs openpyxl as much)."""
_LOOKAHEAD_ROWS = 1_000
"""Rows read past MAX_ROWS to tell 'too long' from trailing blank rows (openpyxl pads row gaps one by
one, so reading on to the sheet's end could cost seconds; a value further down is not seen)."""
_COLUMNS_SCANNED = 256
"""Columns of a sheet looked at: past MAX_COLUMNS only to refuse a value there; past this, not at all."""
_MAX_PARTS = 1_000
_MAX_STRING_TAGS = 4 * MAX_CELLS
_MAX_OTHER_TAGS = 10_000
_CELL_ENDS = (b" ", b"/", b">", b"\t", b"\n", b"\r")

_TEXT_SUFFIXES = (".csv", ".txt", ".tsv", "")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Header words, best first: an address column beats a name column when a sheet has both.
_HEADERS: tuple[tuple[str, ...], ...] = (
    ("email", "e-mail", "email address", "e-mail address", "mail", "smtp", "primary smtp", "address"),
    ("upn", "user principal name", "userprincipalname", "login", "username", "user name"),
    ("name", "display name", "displayname", "full name", "user", "member", "person", "employee"),
)
_NAME_CELL = re.compile(r"^[^\W\d_][\w .'-]*$")


def read_attachment(path: Path | str) -> Attachment:
    """The references listed in a .csv, .txt or .xlsx file; ConfigError when it cannot be read."""
    file = Path(path)
    if not file.is_file():
        raise ConfigError(f"Attachment {str(file)!r} does not exist.")
    _check_suffix(file.name)
    if file.stat().st_size > MAX_FILE_BYTES:
        raise too_large(file.name)
    return attachment_from_bytes(file.name, file.read_bytes())


def attachment_from_bytes(name: str, data: bytes) -> Attachment:
    """The references listed in the file `name` holding `data` (an upload); ConfigError when unreadable.

    CPU-bound for a large file: call it from a worker thread in async code."""
    suffix = _check_suffix(name)
    if len(data) > MAX_FILE_BYTES:
        raise too_large(name)
    if not data.strip():
        raise ConfigError(f"Attachment {name!r} is empty. Attach a CSV or XLSX file that lists people.")
    rows = _xlsx_rows(name, data) if suffix in _XLSX_SUFFIXES else _csv_rows(name, data)
    return attachment_from_rows(name, rows)


def too_large(name: str) -> ConfigError:
    """The error for a file over MAX_FILE_BYTES (also raised by the upload routes before reading it)."""
    return ConfigError(
        f"Attachment {name!r} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB. Attach a smaller file "
        f"(at most {MAX_ROWS:,} rows), or split the list into several requests."
    )


def _check_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in _XLSX_SUFFIXES + _TEXT_SUFFIXES:
        raise ConfigError(f"Attachment {name!r}: only CSV and XLSX files are read (not {suffix!r}).")
    return suffix


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


def _bounded(name: str, rows: Iterable[Sequence[Any]]) -> list[list[str]]:
    """`rows` as text, refused past MAX_ROWS rows, MAX_COLUMNS columns or MAX_CELLS filled cells."""
    kept: list[list[str]] = []
    filled = 0
    for number, row in enumerate(itertools.islice(rows, MAX_ROWS + _LOOKAHEAD_ROWS), start=1):
        # any() runs in C, so a blank row of a hostile sheet costs next to nothing.
        if not any(row):
            continue
        if any(row[MAX_COLUMNS:]):
            raise ConfigError(
                f"Attachment {name!r} has a value after column {MAX_COLUMNS} (row {number:,}). Only the "
                f"first {MAX_COLUMNS} columns are read: keep the list of people in a narrower sheet."
            )
        cells = ["" if value is None else str(value) for value in row[:MAX_COLUMNS]]
        used = [cell for cell in cells if cell.strip()]
        if not used:
            continue
        if number > MAX_ROWS:
            raise ConfigError(
                f"Attachment {name!r} has more than {MAX_ROWS:,} rows (row {number:,} has a value). "
                "Split the list into several files and requests."
            )
        filled += len(used)
        if filled > MAX_CELLS:
            raise ConfigError(
                f"Attachment {name!r} has more than {MAX_CELLS:,} filled cells. Keep only the column of "
                "people (and a few others), or split the list."
            )
        kept.append(cells)
    return kept


def _decoded(name: str, data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise ConfigError(
            f"Attachment {name!r} is a ZIP archive (an XLSX workbook?), not text. "
            "Name an Excel workbook .xlsx, or save the sheet as CSV."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _not_text(name) from None
    elif b"\x00" in data:
        raise _not_text(name)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Not UTF-8: Excel on Western Windows saves "CSV" in Windows-1252, which decodes all but five
            # bytes, so what is left to refuse is binary data, caught by the control-character check.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise _not_text(name) from None
    if _CONTROL.search(text):
        raise _not_text(name)
    return text


def _not_text(name: str) -> ConfigError:
    return ConfigError(
        f"Attachment {name!r} is not a text file (it holds binary data). Attach a CSV saved as UTF-8 "
        "(or Windows-1252), or the Excel workbook itself as .xlsx."
    )


def _csv_rows(name: str, data: bytes) -> list[list[str]]:
    text = _decoded(name, data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        return _bounded(name, csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:  # a cell past csv's field size limit, an unclosed quote at the very end
        raise ConfigError(f"Attachment {name!r} is not a readable CSV file: {exc}.") from None


def _xlsx_rows(name: str, data: bytes) -> list[list[str]]:
    _check_archive(name, data)
    # Imported here: openpyxl takes a noticeable share of CLI start-up and most requests attach nothing.
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError ... on a damaged file
        raise ConfigError(f"Attachment {name!r} is not a readable XLSX workbook: {exc}") from exc
    try:
        sheet = book.active
        if sheet is None or not hasattr(sheet, "reset_dimensions"):
            return []
        # The declared dimension (<dimension ref="A1:XFD10000"/>) is the file's claim, not its content:
        # forget it, and bound the width instead: openpyxl builds every row as wide as asked (or as its
        # last cell, 16,384 for one empty cell in column XFD), which is what made the file cost
        # seconds and gigabytes.
        sheet.reset_dimensions()
        rows: Iterator[Sequence[Any]] = sheet.iter_rows(max_col=_COLUMNS_SCANNED, values_only=True)
        return _bounded(name, rows)
    except ConfigError:
        raise
    except Exception as exc:  # a part that inflates past its declared size fails its CRC; broken XML
        raise ConfigError(f"Attachment {name!r} is not a readable XLSX workbook: {exc}") from exc
    finally:
        book.close()


def _check_archive(name: str, data: bytes) -> None:
    """Refuse what is not a ZIP, and a ZIP whose parts would inflate past MAX_UNPACKED_BYTES (a zip bomb),
    before openpyxl opens it. The declared sizes can be trusted: zipfile stops each part at its declared
    size and fails its CRC check if there was more."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise ConfigError(
            f"Attachment {name!r} is not an XLSX workbook (an XLSX file is a ZIP archive; this one is "
            "not). Save it from Excel as .xlsx, or as CSV and attach that."
        ) from None
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > _MAX_PARTS or unpacked > MAX_UNPACKED_BYTES:
        raise ConfigError(
            f"Attachment {name!r} would unpack to {unpacked / (1024 * 1024):,.0f} MB in {len(parts):,} "
            f"parts, more than a list of people needs (at most {MAX_UNPACKED_BYTES // (1024 * 1024)} MB). "
            "Save just the list (one sheet, no images) as a new workbook or as CSV."
        )
    # openpyxl spends microseconds on every XML element of a sheet (an empty <c/> of 4 bytes included) and
    # over a hundred on every style, so a small archive of empty cells or styles can cost minutes. Counting
    # elements first costs milliseconds. Budgets: cells of the sheets, elements of the shared strings, and a
    # small one for everything else (a list's styles, theme and properties are a few hundred elements).
    try:
        cells, strings, other = _elements(data, parts)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, ValueError) as exc:
        # A part that fails its CRC, is packed with a method zipfile cannot inflate, or is encrypted.
        raise ConfigError(
            f"Attachment {name!r} is not a readable XLSX workbook: {exc}. Save it again from Excel "
            "(without a password), or as CSV and attach that."
        ) from None
    if cells > MAX_CELLS or strings > _MAX_STRING_TAGS or other > _MAX_OTHER_TAGS:
        raise ConfigError(
            f"Attachment {name!r} holds {cells:,} cells, {strings:,} shared-string and {other:,} other XML "
            f"elements: more than a list of people needs (at most {MAX_CELLS:,} cells). Save just the list "
            "(one sheet, no formatting) as a new workbook or as CSV."
        )


def _elements(data: bytes, parts: Sequence[zipfile.ZipInfo]) -> tuple[int, int, int]:
    """XML elements of the sheets' cells, of the shared strings, and of every other part."""
    cells = strings = other = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in parts:
            xml = archive.read(part)
            if "worksheets/" in part.filename:
                cells += sum(xml.count(b"<c" + end) + xml.count(b":c" + end) for end in _CELL_ENDS)
            elif part.filename.endswith("sharedStrings.xml"):
                strings += xml.count(b"<")
            else:
                other += xml.count(b"<")
    return cells, strings, other
