"""The tests' fresh SQLite databases are copies of one migrated per worker (tests/databases.py): a copy
must be exactly what migrating would have made, in the file the product created, or every test using it
proves less."""

from __future__ import annotations

import contextlib
import sqlite3
import stat
from pathlib import Path

from sqlalchemy import inspect

from mailwarden.store import Store
from mailwarden.store.tables import Base
from tests.databases import _is_fresh_sqlite_file, migrate_for_real


def _schema(path: Path) -> list[tuple[str, str, list[str]]]:
    """Each table's and index's definition, its lines sorted: Alembic's batch mode rebuilds a table with its
    constraints in no fixed order, so two real migrations differ in that order alone."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        return [
            (kind, name, sorted(line.strip(" ,") for line in (sql or "").splitlines()))
            for kind, name, sql in rows
        ]


def test_a_fresh_database_gets_the_schema_and_revision_migrating_gives(
    tmp_path: Path, migrated_sqlite_template: Path
) -> None:
    copied = tmp_path / "data" / "mailwarden.db"
    with Store(f"sqlite:///{copied}") as store:
        assert store.current_revision() == store.head_revision()
        assert store._stamped_revisions() == [store.head_revision()]
    migrated = tmp_path / "migrated.db"
    with Store(f"sqlite:///{migrated}", migrate=False) as real:
        migrate_for_real(real)
    assert _schema(copied) == _schema(migrated) == _schema(migrated_sqlite_template)
    assert _schema(copied)  # not two empty files


def test_the_copy_keeps_the_products_file_private_and_in_wal_mode(tmp_path: Path) -> None:
    copied = tmp_path / "data" / "mailwarden.db"
    Store(f"sqlite:///{copied}").close()
    assert stat.S_IMODE(copied.stat().st_mode) == 0o600
    with contextlib.closing(sqlite3.connect(copied)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not _is_fresh_sqlite_file(Store(f"sqlite:///{copied}", migrate=False))


def test_the_store_fixtures_database_is_at_the_head_with_every_table(store: Store) -> None:
    """On PostgreSQL the `store` fixture's database is created from a migrated template database."""
    assert store._stamped_revisions() == [store.head_revision()]
    tables = set(inspect(store.engine).get_table_names())
    assert tables == set(Base.metadata.tables) | {"alembic_version"}
