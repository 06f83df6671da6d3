"""Hole 10: nothing in the data folder is readable by another local user (folders 0700, files 0600).

Every test runs under the common umask 022, so a file is private only because mailwarden made it so.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailwarden.audit import AuditLog
from mailwarden.data_folder import write_private
from mailwarden.settings import load_settings
from mailwarden.store import Store
from mailwarden.tenants.credentials import Keyring
from mailwarden.testing import running_emulator
from mailwarden.workspace import Workspace
from tests.cli.conftest import Cli


@pytest.fixture(autouse=True)
def common_umask() -> Iterator[None]:
    """The umask most systems start with: new files 0644, new folders 0755, unless made otherwise."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _readable_by_others(folder: Path) -> list[str]:
    """Every path under `folder` (itself included) with any group or other permission, and its mode."""
    loose = []
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink() and _mode(path) & 0o077:
            loose.append(f"{path.relative_to(folder.parent)} {oct(_mode(path))}")
    return loose


def test_a_fresh_workspace_creates_a_private_folder_database_and_keys(tmp_path: Path) -> None:
    """The data folder 0700; the database, its -wal and -shm, the audit key, the witness and the credential
    key 0600."""
    home = tmp_path / "home"
    workspace = Workspace.open(load_settings({"MAILWARDEN_HOME": str(home)}))
    try:
        workspace.audit.append(tenant="demo", event="policy.set", actor="a@acme.com", checkpoint=True)
        Keyring.for_home(home, environ={})
        database = home / "mailwarden.db"
        assert (home / "mailwarden.db-wal").exists()
        assert _mode(home) == 0o700
        for path in (
            database,
            home / "mailwarden.db-wal",
            home / "mailwarden.db-shm",
            home / "audit-signing-key.pem",
            home / "audit-witness.jsonl",
            home / "secret.key",
        ):
            assert _mode(path) == 0o600, path.name
        assert _readable_by_others(home) == []
    finally:
        workspace.close()


def test_a_key_and_witness_kept_outside_are_private_too(tmp_path: Path) -> None:
    """MAILWARDEN_AUDIT_KEY and MAILWARDEN_AUDIT_WITNESS in folders of their own: created 0700 and 0600."""
    settings = load_settings(
        {
            "MAILWARDEN_HOME": str(tmp_path / "home"),
            "MAILWARDEN_AUDIT_KEY": str(tmp_path / "vault" / "audit.pem"),
            "MAILWARDEN_AUDIT_WITNESS": str(tmp_path / "witness" / "heads.jsonl"),
        }
    )
    with Store.from_settings(settings) as store:
        AuditLog.from_settings(store, settings).checkpoint()
    assert _readable_by_others(tmp_path / "vault") == []
    assert _readable_by_others(tmp_path / "witness") == []


def test_the_emulator_state_and_its_keys_are_private(tmp_path: Path) -> None:
    """The emulator's folder, its tenant state (which holds its token signing key) and its TLS key."""
    state_dir = tmp_path / "home" / "emulator"
    with running_emulator(state_dir):
        pass
    assert (state_dir / "tenant.json").exists()
    assert (state_dir / "server-key.pem").exists()
    assert _readable_by_others(state_dir) == []


def test_a_whole_cli_session_leaves_nothing_readable_by_others(tmp_path: Path) -> None:
    """Discovery, a view, a delegation report (its cache) and a request: every file and folder is private."""
    cli = Cli(tmp_path / "home")
    assert cli("view", "shared-mailboxes")[0] == 0
    code, _, err = cli("report", "delegations", "--format", "csv")
    assert code == 0, err
    assert cli(
        "do",
        "send_as",
        "grant",
        "--mailbox",
        "support@acme.com",
        "--trustee",
        "me",
        "--as",
        "tom.becker@acme.com",
    )[0] in (0, 1)
    with sqlite3.connect(cli.home / "mailwarden.db") as db:  # the report cache is in the database
        assert db.execute("SELECT count(*) FROM tenant_documents WHERE kind LIKE 'report:%'").fetchone()[0]
    assert _readable_by_others(cli.home) == []


def test_an_existing_loose_folder_is_tightened_and_said_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A data folder an older version left 0755 with a 0644 database: tightened at start, said once."""
    home = tmp_path / "home"
    (home / "reports").mkdir(parents=True, mode=0o755)
    (home / "mailwarden.db").touch(mode=0o644)
    (home / "reports" / "old.json").write_text("{}")
    os.chmod(home, 0o755)
    assert len(_readable_by_others(home)) == 4
    settings = load_settings({"MAILWARDEN_HOME": str(home)})
    Workspace.open(settings).close()
    assert _readable_by_others(home) == []
    assert "were readable by other local users" in capsys.readouterr().err
    Workspace.open(settings).close()
    assert capsys.readouterr().err == ""


def test_write_private_is_private_from_the_first_byte_and_replaces_atomically(tmp_path: Path) -> None:
    """A stale temporary file with a loose mode does not make the new file readable."""
    target = tmp_path / "cache" / "token.json"
    stale = target.parent / f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    stale.parent.mkdir()
    stale.write_text("old")
    os.chmod(stale, 0o644)
    write_private(target, "new")
    assert target.read_text() == "new"
    assert _mode(target) == 0o600
    assert not stale.exists()
