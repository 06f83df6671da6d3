"""Tenant documents in the database (store/documents.py): one copy for every process, changes that never
lose each other, and an old file from the data folder imported once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from mailwarden.store import Store
from mailwarden.store.documents import TenantDocuments


def test_changes_from_two_processes_at_once_are_never_lost(database_url: str, tmp_path: Path) -> None:
    """Two connections (as two servers) each add 15 to a counter, at once: it ends at 30."""
    with Store(database_url) as first, Store(database_url) as second:

        def add(store: Store, home: Path) -> None:
            documents = TenantDocuments(store, home)
            for _ in range(15):
                documents.update("acme", "counter", lambda body: str(int(body or "0") + 1))

        threads = [
            threading.Thread(target=add, args=(first, tmp_path / "a")),
            threading.Thread(target=add, args=(second, tmp_path / "b")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert TenantDocuments(first).get("acme", "counter") == "30"


def test_a_change_that_raises_writes_nothing(store: Store) -> None:
    documents = TenantDocuments(store)
    documents.put("acme", "targets", "{}")

    def refuse(_body: str | None) -> str:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        documents.update("acme", "targets", refuse)
    assert documents.get("acme", "targets") == "{}"


def test_an_old_file_is_imported_once_and_set_aside(store: Store, tmp_path: Path) -> None:
    old = tmp_path / "tenants" / "acme" / "targets.json"
    old.parent.mkdir(parents=True)
    old.write_text('{"tenant": "acme"}')
    documents = TenantDocuments(store, tmp_path)
    assert documents.get("acme", "targets") == '{"tenant": "acme"}'
    assert not old.exists()
    documents.delete("acme", "targets")
    assert documents.get("acme", "targets") is None  # the file does not come back
