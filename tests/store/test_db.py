"""Opening a store migrates it; the migrated schema is the one the code expects."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from mailwarden.errors import ConfigError
from mailwarden.store import Store
from mailwarden.store.tables import Base

TABLES = {
    "tenants",
    "tenant_domains",
    "recipients",
    "recipient_addresses",
    "discovery_runs",
    "audit_records",
    "audit_checkpoints",
    "requests",
    "request_steps",
    "approvals",
}


def test_opening_an_empty_database_creates_the_schema_at_head(database_url: str) -> None:
    """A brand-new database (even its folder) is created and migrated to the newest revision."""
    with Store(database_url) as store:
        assert set(inspect(store.engine).get_table_names()) >= TABLES
        assert store.current_revision() == store.head_revision() == "0014"


def test_migrated_schema_matches_the_table_definitions(store: Store) -> None:
    """Autogenerate finds nothing to change: the migrations and tables.py agree."""
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_reopening_a_migrated_database_keeps_its_data(database_url: str) -> None:
    """Opening again runs no migration over existing rows."""
    with Store(database_url) as first, first.session() as session:
        session.execute(
            # the columns named: a later column with a server default (time_zone, 0010) keeps this valid
            text(
                "INSERT INTO tenants (tenant_key, display_name, cloud, tenant_id, client_id, "
                "credential_blob, created) "
                "VALUES ('t', 'T', 'public', 'tid', 'cid', NULL, '2026-01-01 00:00:00')"
            )
        )
    with Store(database_url) as again, again.session() as session:
        assert session.scalar(text("SELECT count(*) FROM tenants")) == 1


def test_sqlite_file_uses_wal_and_enforces_foreign_keys(tmp_path: Path) -> None:
    """Several processes can share the file: WAL journal, busy timeout, foreign keys on."""
    with Store(f"sqlite:///{tmp_path / 'm.db'}") as store, store.engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        assert connection.scalar(text("PRAGMA foreign_keys")) == 1
        assert connection.scalar(text("PRAGMA busy_timeout")) >= 10_000


def test_a_file_in_another_journal_mode_is_switched_to_wal_and_a_wal_file_is_opened_without_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding the file in WAL mode takes neither the migration lock nor a connection (every command
    opens the store); a file in another mode (made by an older version, or by hand) is switched."""
    path = tmp_path / "old.db"
    made = sqlite3.connect(path)
    made.execute("PRAGMA journal_mode = DELETE")
    made.execute("CREATE TABLE kept (x)")
    made.commit()
    made.close()
    Store(f"sqlite:///{path}").close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    def no_lock(*args: object, **kwargs: object) -> None:
        raise AssertionError("the migration lock was taken for a file already in WAL mode")

    monkeypatch.setattr("filelock.FileLock", no_lock)
    monkeypatch.setattr("mailwarden.store.db.FileLock", no_lock, raising=False)  # as imported by the store
    with Store(f"sqlite:///{path}") as again, again.engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        assert connection.scalar(text("SELECT count(*) FROM kept")) == 0


def test_in_memory_sqlite_is_migrated_in_place() -> None:
    """sqlite:// keeps one database for the store's lifetime, migrated like a file."""
    with Store("sqlite://") as store:
        assert set(inspect(store.engine).get_table_names()) >= TABLES


def test_a_malformed_url_names_the_setting_to_fix() -> None:
    """A database URL that is not one is reported as a configuration error."""
    with pytest.raises(ConfigError, match="MAILWARDEN_DATABASE_URL"):
        Store("not a url")
