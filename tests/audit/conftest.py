"""Audit fixtures: a fresh store and log per test, on SQLite always and on PostgreSQL when one is offered.

Set MAILWARDEN_TEST_POSTGRES_URL (as for tests/store) to run these tests on PostgreSQL too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.audit import AuditLog
from mailwarden.store import Store


@pytest.fixture
def log(store: Store, tmp_path: Path) -> AuditLog:
    """An empty audit log that signs a checkpoint every 10 records, its key in tmp_path/home."""
    return AuditLog(store, tmp_path / "home", checkpoint_every=10)
