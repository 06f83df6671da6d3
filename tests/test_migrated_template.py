"""The tests' fresh SQLite databases are copies of one migrated per worker (tests/databases.py): a copy
must be exactly what migrating would have made, in the file the product created, or every test using it
proves less."""

from __future__ import annotations

import contextlib
import sqlite3
import stat
from pathlib import Path

from mailwarden.store import Store
from tests.databases import _is_fresh_sqlite_file, migrate_for_real


def _schema(path: Path) -> list[tuple[str, str, str]]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        return [(kind, name, sql or "") for kind, name, sql in rows]


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
