"""Database fixtures shared by the store and audit tests: SQLite always, PostgreSQL when one is offered.

Set MAILWARDEN_TEST_POSTGRES_URL (for example postgresql+psycopg://postgres@127.0.0.1:5433/postgres, as
scripts/with-postgres does) to run those tests on PostgreSQL too; each test gets a database of its own,
dropped afterwards. The variable is read at import, before the clean-environment fixture runs.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from mailwarden.store import Store

POSTGRES_URL = os.environ.get("MAILWARDEN_TEST_POSTGRES_URL", "")


def throwaway_postgres_database(server_url: str, prefix: str = "mailwarden_test") -> Iterator[str]:
    """A database of its own on the PostgreSQL server at `server_url` (its URL), dropped afterwards; a
    generator, so fixtures `yield from` it (the benchmarks in scripts/ use it too)."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _postgres_database() -> Iterator[str]:
    return throwaway_postgres_database(POSTGRES_URL)


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
    """The URL of an empty database, nothing created in it yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'mailwarden.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with Store(database_url) as opened:
        yield opened
