"""Several processes share one database: opening, migrating and writing at once all succeed."""

from __future__ import annotations

import contextlib
import multiprocessing
import traceback
import uuid
from typing import Any

from mailwarden.errors import ConfigError
from mailwarden.model import Domain, Recipient, RecipientKind
from mailwarden.store import RecipientCache, Store, TenantRecord, TenantRegistry

_WRITES = 30


def _writer(url: str, tenant: str, start: Any, results: Any) -> None:
    # Runs in a child process: open (and maybe migrate) the store as a fresh CLI command would, then write.
    try:
        start.wait(timeout=60)
        with Store(url) as store:
            TenantRegistry(store).add(
                TenantRecord(
                    tenant_key=tenant, display_name=tenant, cloud="emulator", tenant_id=tenant, client_id="c"
                )
            )
            # Both register the same tenant too, as two first commands on the demo tenant do.
            with contextlib.suppress(ConfigError):
                TenantRegistry(store).add(
                    TenantRecord(
                        tenant_key="both", display_name="both", cloud="emulator", tenant_id="b", client_id="c"
                    )
                )
            cache = RecipientCache(store)
            cache.replace_all(tenant, [], [Domain(name="acme.com", verified=True, default=True)])
            for i in range(_WRITES):
                cache.upsert(
                    tenant,
                    Recipient(
                        recipient_id=str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{tenant}-{i}")),
                        kind=RecipientKind.USER,
                        display_name=f"{tenant} {i}",
                        primary_address=f"{tenant}.{i}@acme.com",
                    ),
                )
        results.put((tenant, "ok"))
    except Exception as exc:  # noqa: BLE001 - whatever failed in the child must reach the test as text
        results.put((tenant, f"{exc!r}\n{traceback.format_exc()}"))


def test_two_processes_migrate_and_write_the_same_database_at_once(database_url: str) -> None:
    """Two commands opening a fresh database together both migrate safely and both writes land."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    results = context.Queue()
    workers = [
        context.Process(target=_writer, args=(database_url, t, start, results)) for t in ("one", "two")
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    outcomes = dict(results.get(timeout=5) for _ in workers)
    assert outcomes == {"one": "ok", "two": "ok"}
    with Store(database_url) as store:
        cache = RecipientCache(store)
        assert len(cache.load_directory("one")) == _WRITES
        assert len(cache.load_directory("two")) == _WRITES
        assert [t.tenant_key for t in TenantRegistry(store).all()] == ["both", "one", "two"]
