"""Attachments: the column of people found by header or content, every row kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ConfigError
from mailwarden.model.recipients import Recipient
from mailwarden.planner.attachments import attachment_from_rows, read_attachment
from mailwarden.planner.compose import resolve_draft
from mailwarden.planner.rules import RulesPlanner
from tests.planner.conftest import FILES


def test_the_email_column_is_chosen_over_the_name_column() -> None:
    """With both a Name and an Email header, the addresses are taken."""
    found = read_attachment(FILES / "five-sales-users.csv")
    assert found.column == "Email"
    assert found.references[0] == "emma.wilson@acme.com"
    assert len(found.references) == 5


def test_a_file_without_header_is_read_by_its_content() -> None:
    """A bare list of addresses has no header row to skip."""
    found = read_attachment(FILES / "support-team-noheader.csv")
    assert found.column == ""
    assert found.references == ["tom.becker@acme.com", "chris.lee@acme.com", "ken.adams@acme.com"]


def test_semicolon_csv_and_xlsx_are_read(tmp_path: Path) -> None:
    """A semicolon-separated CSV and an XLSX workbook (blank rows skipped) both give their people."""
    assert read_attachment(FILES / "finance-names-semicolon.csv").references == [
        "Rachel Green",
        "Christine Lee",
        "Nobody Known",
    ]
    assert read_attachment(FILES / "contractors.xlsx").references == [
        "lucas.rossi@acme.com",
        "mia.novak@acme.com",
        "ethan.park@acme.com",
    ]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Work email", "Team"], ["jane.doe@acme.com", "Marketing"]):
        sheet.append(row)
    book.save(tmp_path / "team.xlsx")
    assert read_attachment(tmp_path / "team.xlsx").references == ["jane.doe@acme.com"]


def test_a_missing_or_foreign_file_is_a_clear_error(tmp_path: Path) -> None:
    """Only CSV and XLSX are read, and a missing file is named."""
    with pytest.raises(ConfigError, match="does not exist"):
        read_attachment(tmp_path / "nope.csv")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(ConfigError, match="only CSV and XLSX"):
        read_attachment(tmp_path / "notes.pdf")


def test_rows_that_do_not_resolve_are_asked_about_not_dropped(acme: Directory) -> None:
    """An unknown row and an ambiguous row each become a question; the others become steps."""
    grace = acme.by_address("grace.hopper@acme.com")
    assert isinstance(grace, Recipient)
    sheet = attachment_from_rows(
        "people.csv", [["email"], ["jane.doe@acme.com"], ["ghost@acme.com"], ["Alex Kim"]]
    )
    draft = RulesPlanner().draft(
        "Add the people in the attached file to marketing",
        requester=grace,
        directory=acme,
        attachments=[sheet],
    )
    resolved = resolve_draft(draft, acme, grace)
    assert [getattr(s, "member", None) for s in resolved.steps] == ["jane.doe@acme.com"]
    texts = " ".join(q.text for q in resolved.questions)
    assert "ghost@acme.com" in texts
    ambiguous = next(q for q in resolved.questions if "Alex Kim" in q.text)
    assert {c.address for c in ambiguous.candidates} == {"alex.kim@acme.com", "alexander.kim@acme.co.uk"}
