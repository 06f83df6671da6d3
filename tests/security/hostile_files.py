"""Hostile attachments, built in code: spreadsheets that lie about their size, zip bombs, binaries as CSV.

Shared by tests/security/test_uploads.py and scripts/bench_hostile_upload.py, so the benchmark measures the
very files the tests refuse.
"""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

__all__ = [
    "declared_huge_xlsx",
    "empty_cells_xlsx",
    "not_a_zip_xlsx",
    "people_xlsx",
    "styles_bomb_xlsx",
    "wide_rows_xlsx",
    "zip_bomb_xlsx",
]

_SHEET = "xl/worksheets/sheet1.xml"
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def people_xlsx(rows: list[list[str]]) -> bytes:
    """An ordinary workbook with `rows` on its first sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_sheet(sheet_xml: bytes) -> bytes:
    """A real workbook (openpyxl's own parts) whose first sheet is replaced by `sheet_xml`."""
    source = zipfile.ZipFile(io.BytesIO(people_xlsx([["email"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for item in source.infolist():
            book.writestr(item.filename, sheet_xml if item.filename == _SHEET else source.read(item))
    return out.getvalue()


def declared_huge_xlsx(columns: int = 16_384, rows: int = 10_000) -> bytes:
    """The sheet of the issue: it declares `columns` x `rows` (A1:XFD10000) and holds one empty cell in the
    last column of every row, so a reader that trusts the dimension, or pads each row to its last declared
    cell, builds 164 million cells from a file of some 70 KB."""
    last = _column_letter(columns)
    body = "".join(f'<row r="{r}"><c r="{last}{r}"/></row>' for r in range(2, rows + 1))
    xml = (
        f'{_SHEET_HEAD}<dimension ref="A1:{last}{rows}"/><sheetData>'
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c></row>{body}'
        "</sheetData></worksheet>"
    )
    return _with_sheet(xml.encode())


def wide_rows_xlsx(columns: int = 60) -> bytes:
    """A header and one person, with a value in column `columns` (past what is read)."""
    last = _column_letter(columns)
    xml = (
        f"{_SHEET_HEAD}<sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>jane.doe@acme.com</t></is></c>'
        f'<c r="{last}2" t="inlineStr"><is><t>note</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return _with_sheet(xml.encode())


def zip_bomb_xlsx(uncompressed_mb: int = 200) -> bytes:
    """A workbook whose sheet inflates to `uncompressed_mb` MB of XML from well under one MB on disk."""
    filler = b"<!--" + b" " * (1024 * 1024 - 7) + b"-->"
    xml = _SHEET_HEAD.encode() + filler * uncompressed_mb + b"<sheetData/></worksheet>"
    return _with_sheet(xml)


def empty_cells_xlsx(rows: int = 300) -> bytes:
    """`rows` rows of 16,384 empty '<c/>' each: some 30 KB compressed, 4.9 million cells to parse."""
    body = "".join(f'<row r="{r}">' + "<c/>" * 16_384 + "</row>" for r in range(1, rows + 1))
    return _with_sheet(f"{_SHEET_HEAD}<sheetData>{body}</sheetData></worksheet>".encode())


def styles_bomb_xlsx(styles: int = 700_000) -> bytes:
    """A list of one person whose styles part holds `styles` cell formats (parsed eagerly, one by one)."""
    source = zipfile.ZipFile(io.BytesIO(people_xlsx([["email"], ["jane.doe@acme.com"]])))
    part = source.read("xl/styles.xml").replace(
        b'<cellXfs count="1">', f'<cellXfs count="{styles + 1}">'.encode() + b'<xf numFmtId="0"/>' * styles
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for item in source.infolist():
            book.writestr(item.filename, part if item.filename == "xl/styles.xml" else source.read(item))
    return out.getvalue()


def not_a_zip_xlsx() -> bytes:
    """Text named .xlsx: what a browser sends when someone renames a CSV."""
    return b"email\njane.doe@acme.com\n"


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
