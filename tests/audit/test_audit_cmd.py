"""`mailwarden audit list | verify | export | key | checkpoint` on the data folder in MAILWARDEN_HOME."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from mailwarden.audit import AuditLog, read_records
from mailwarden.cli.audit_cmd import app
from mailwarden.settings import load_settings
from mailwarden.store import Store

from .helpers import fill, steps_of, submit_steps

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of its own, as MAILWARDEN_HOME."""
    monkeypatch.setenv("MAILWARDEN_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def opened(home: Path) -> Iterator[tuple[Store, AuditLog]]:
    """The store and log the commands will open, with 30 records in it."""
    settings = load_settings()
    with Store.from_settings(settings) as store:
        log = AuditLog(store, settings.home)
        fill(log, 30)
        yield store, log


def test_list_shows_the_newest_records_as_a_table(opened: tuple[Store, AuditLog]) -> None:
    """The table holds the newest N records, filtered, oldest of them first."""
    result = runner.invoke(app, ["list", "--tenant", "contoso", "-n", "3"])
    assert result.exit_code == 0, result.output
    assert "contoso" in result.output
    rows = [line for line in result.output.splitlines() if line.startswith("│")]
    seqs = [cell for cell in (row.split("│")[1].strip() for row in rows) if cell]
    assert seqs == ["22", "25", "28"]


def test_list_json_prints_the_records_for_scripts(opened: tuple[Store, AuditLog]) -> None:
    """--json prints the matching records as a JSON array."""
    result = runner.invoke(app, ["list", "--request", "req-1", "--json"])
    assert result.exit_code == 0, result.output
    assert [r["seq"] for r in json.loads(result.output)] == [6, 7, 8, 9, 10]


def test_list_refuses_a_time_it_cannot_read(opened: tuple[Store, AuditLog]) -> None:
    """A malformed --since is one line naming the option, exit 1."""
    result = runner.invoke(app, ["list", "--since", "yesterday"])
    assert result.exit_code == 1
    assert "--since" in result.output


def test_verify_passes_on_an_intact_log(opened: tuple[Store, AuditLog]) -> None:
    """An untouched log verifies: exit 0 and the counts."""
    result = runner.invoke(app, ["verify"])
    assert result.exit_code == 0, result.output
    assert "30 records" in result.output


def test_verify_counts_the_submissions_it_recomputed_and_names_one_that_does_not_match(
    opened: tuple[Store, AuditLog],
) -> None:
    """Each request's steps are recomputed from their pages: counted when they give the digest named, and
    named as tampering (exit 1, like a broken chain) when they do not."""
    _, log = opened
    submit_steps(log, steps_of(7), request_id="req-good")
    result = runner.invoke(app, ["verify"])
    assert result.exit_code == 0, result.output
    assert "1 requests' submitted steps matching their digests" in result.output

    submit_steps(log, steps_of(7), request_id="req-forged", digest="f" * 64)
    result = runner.invoke(app, ["verify"])
    assert result.exit_code == 1
    shown = " ".join(result.output.split())
    assert "The audit log does not verify (first bad record: 35):" in shown
    assert "request req-forged's 7 steps as recorded in records 35–38 do not give the sha256" in shown
    assert json.loads(runner.invoke(app, ["verify", "--json"]).stdout)["first_bad_seq"] == 35


def test_verify_names_the_first_bad_record_and_exits_1(opened: tuple[Store, AuditLog]) -> None:
    """A record changed in the database makes verify exit 1 naming it, in text and in JSON."""
    store, _ = opened
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE audit_records SET target = 'ceo@acme.com' WHERE seq = 12"))
    result = runner.invoke(app, ["verify"])
    assert result.exit_code == 1
    assert "first bad record: 12" in result.output
    as_json = runner.invoke(app, ["verify", "--json"])
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["first_bad_seq"] == 12


def test_verify_with_an_exported_public_key(opened: tuple[Store, AuditLog], tmp_path: Path) -> None:
    """`audit key` output, saved to a file, verifies the log through --public-key."""
    key = runner.invoke(app, ["key"])
    assert key.exit_code == 0
    assert key.stdout.startswith("-----BEGIN PUBLIC KEY-----")
    (tmp_path / "audit.pub").write_text(key.stdout)
    result = runner.invoke(app, ["verify", "--public-key", str(tmp_path / "audit.pub")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_writes_the_chain_to_stdout_or_a_file(
    opened: tuple[Store, AuditLog], tmp_path: Path, fmt: str
) -> None:
    """export --format jsonl|csv writes records that read back as the log's, to stdout or --output."""
    _, log = opened
    to_stdout = runner.invoke(app, ["export", "--format", fmt, "--tenant", "acme"])
    assert to_stdout.exit_code == 0, to_stdout.output
    assert list(read_records(fmt, io.StringIO(to_stdout.stdout))) == log.records(tenant="acme")  # type: ignore[arg-type]
    target = tmp_path / f"audit.{fmt}"
    to_file = runner.invoke(app, ["export", "-f", fmt, "-o", str(target)])
    assert to_file.exit_code == 0, to_file.output
    with target.open(newline="") as exported:
        assert list(read_records(fmt, exported)) == log.records()  # type: ignore[arg-type]


def test_checkpoint_signs_the_head_now(opened: tuple[Store, AuditLog]) -> None:
    """`audit checkpoint` signs record 30 at once, without waiting for the next interval."""
    result = runner.invoke(app, ["checkpoint"])
    assert result.exit_code == 0, result.output
    assert "record 30" in result.output
    assert opened[1].checkpoints()[-1].seq == 30


def test_commands_on_an_empty_data_folder(home: Path) -> None:
    """A brand-new data folder lists nothing and verifies."""
    assert "No audit records" in runner.invoke(app, ["list"]).output
    assert runner.invoke(app, ["verify"]).exit_code == 0
