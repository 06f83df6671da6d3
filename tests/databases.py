"""Database fixtures shared by the store and audit tests: SQLite always, PostgreSQL when one is offered.

Set MAILWARDEN_TEST_POSTGRES_URL (for example postgresql+psycopg://postgres@127.0.0.1:5433/postgres, as
scripts/with-postgres does) to run those tests on PostgreSQL too; each test gets a database of its own,
dropped afterwards. The variable is read at import, before the clean-environment fixture runs.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from mailwarden.store import Store

POSTGRES_URL = os.environ.get("MAILWARDEN_TEST_POSTGRES_URL", "")


def throwaway_postgres_database(
    server_url: str, prefix: str = "mailwarden_test", template: str | None = None
) -> Iterator[str]:
    """A database of its own on the PostgreSQL server at `server_url` (its URL), dropped afterwards; a
    generator, so fixtures `yield from` it (the benchmarks in scripts/ use it too). With `template`, a copy
    of that database (which no one may be connected to)."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _postgres_database(template: str | None = None) -> Iterator[str]:
    return throwaway_postgres_database(POSTGRES_URL, template=template)


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not POSTGRES_URL, reason="set MAILWARDEN_TEST_POSTGRES_URL to test PostgreSQL"
            ),
        ),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database, nothing created in it yet; for the `store` fixture's PostgreSQL
    database filled from the migrated template, that copy (made as the database is created, not in a
    database created empty, then dropped and created again)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'mailwarden.db'}"
    elif "store" in request.fixturenames and request.getfixturevalue("migrations_from_template"):
        yield from _postgres_database(template=request.getfixturevalue("migrated_postgres_template"))
    else:
        yield from _postgres_database()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A store on `database_url`: on SQLite filled from the migrated template when the file is fresh
    (`migrations_from_template`), on PostgreSQL created as a copy of the migrated template (`database_url`),
    except in the store tests, which migrate every database for real."""
    with Store(database_url) as opened:
        yield opened


# ---- a migrated SQLite template, copied into each fresh database ----------------------------------------
# Most tests open a workspace in a data folder of their own, and its first command migrates a fresh SQLite
# file: a second or so of Alembic per test, hundreds of times a run. The migrations only ever produce one
# schema (they insert no rows), so each xdist worker migrates once, for real, and every other fresh file
# receives a page-for-page copy of that result. A file the product created (its mode, its WAL journal) is
# filled in place; anything not fresh (older revision, not a database) still goes through Alembic. The
# `store` fixture's PostgreSQL database is created from a migrated template database the same way. The
# store tests override the fixture and migrate every database themselves.


migrate_for_real = Store.upgrade


def _is_fresh_sqlite_file(store: Store) -> bool:
    database = store.url.database
    if not store.is_sqlite or not database or database == ":memory:":
        return False
    try:
        with contextlib.closing(sqlite3.connect(database)) as connection:
            return bool(connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0)
    except sqlite3.Error:
        return False


def _filled_from(template: Path, store: Store) -> bool:
    """Copy the template into the store's file if it is still empty (under the store's migration lock, as
    two processes opening it at once would take); False if it was not empty."""
    with store._migration_lock():
        if not _is_fresh_sqlite_file(store):
            return False
        source = contextlib.closing(sqlite3.connect(template))
        target = contextlib.closing(sqlite3.connect(str(store.url.database)))
        with source as template_db, target as fresh_db:
            # No fsync of the copy (its commit and the checkpoint as it closes): a test's throwaway file
            # need not survive the machine crashing, and the two waits were half of a fresh store's time
            # (~25 ms of each of thousands of tests). Only this connection's: the store's own keep theirs.
            fresh_db.execute("PRAGMA synchronous = OFF")
            template_db.backup(fresh_db)
        return True


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("migrated") / "mailwarden.db"
    Store(f"sqlite:///{path}").close()
    return path


@pytest.fixture(autouse=True)
def migrations_from_template(monkeypatch: pytest.MonkeyPatch, migrated_sqlite_template: Path) -> bool:
    """Every test's fresh SQLite database is filled from the template (tests/store overrides this)."""

    def upgrade(self: Store) -> None:
        if not (_is_fresh_sqlite_file(self) and _filled_from(migrated_sqlite_template, self)):
            migrate_for_real(self)

    monkeypatch.setattr(Store, "upgrade", upgrade)
    return True


@pytest.fixture(scope="session")
def migrated_postgres_template() -> Iterator[str]:
    """A database migrated for real once per worker, only ever read as CREATE DATABASE's template."""
    for url in throwaway_postgres_database(POSTGRES_URL, prefix="mailwarden_template"):
        Store(url).close()  # and disconnected: PostgreSQL copies a template no one is connected to
        yield make_url(url).database or ""
