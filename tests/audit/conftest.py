"""Audit fixtures: a fresh store and log per test, on SQLite always and on PostgreSQL when one is offered.

Set MAILWARDEN_TEST_POSTGRES_URL (as for tests/store) to run these tests on PostgreSQL too.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from mailwarden.audit import AuditLog
from mailwarden.store import Store

_POSTGRES = os.environ.get("MAILWARDEN_TEST_POSTGRES_URL", "")


def _postgres_database() -> Iterator[str]:
    admin = create_engine(_POSTGRES, isolation_level="AUTOCOMMIT")
    name = f"mailwarden_audit_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(_POSTGRES).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not _POSTGRES, reason="set MAILWARDEN_TEST_POSTGRES_URL to test PostgreSQL"
            ),
        ),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'mailwarden.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with Store(database_url) as opened:
        yield opened


@pytest.fixture
def log(store: Store, tmp_path: Path) -> AuditLog:
    """An empty audit log that signs a checkpoint every 10 records, its key in tmp_path/home."""
    return AuditLog(store, tmp_path / "home", checkpoint_every=10)
