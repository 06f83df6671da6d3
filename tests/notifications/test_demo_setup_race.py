"""Two processes setting the demo up at the same moment (a worker and a command starting together) both find
no notification settings and both insert the tenant's one row: the second must take the first's (the same
default), not crash. The interleaving is forced with a barrier just before each insert reaches the database,
so the race happens every run, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import event

from mailwarden.notifications.config import DEMO_SENDER, NotificationConfig, ensure_demo_config, load_config
from mailwarden.store.db import Store
from mailwarden.store.tables import NotificationSettingsRow
from mailwarden.store.tenants import TenantRecord, TenantRegistry

TENANT = "demo"
WEB = "http://127.0.0.1:8000"


@pytest.fixture
def demo_store(database_url: str) -> Iterator[Store]:
    with Store(database_url) as store:
        TenantRegistry(store).add(
            TenantRecord(
                tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c"
            )
        )
        yield store


def test_two_setups_at_once_both_end_with_the_demo_settings(demo_store: Store) -> None:
    both_about_to_insert = threading.Barrier(2, timeout=20)

    def hold_until_both_insert(*_: object) -> None:
        # Each has looked (no row) and is about to write: neither goes until the other is here too.
        both_about_to_insert.wait()

    event.listen(NotificationSettingsRow, "before_insert", hold_until_both_insert)
    results: list[NotificationConfig] = []
    errors: list[BaseException] = []

    def set_up() -> None:
        try:
            results.append(ensure_demo_config(demo_store, TENANT, WEB))
        except BaseException as exc:  # noqa: BLE001 - the test reports what the thread raised
            errors.append(exc)

    threads = [threading.Thread(target=set_up) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        event.remove(NotificationSettingsRow, "before_insert", hold_until_both_insert)
    assert errors == []
    assert len(results) == 2
    assert all(r.sender == DEMO_SENDER and r.on_deadline == "escalate" for r in results)
    assert load_config(demo_store, TENANT).web_url == WEB
