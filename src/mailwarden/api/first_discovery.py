"""A server on PostgreSQL whose tenant was never discovered leaves the discovery to a worker.

Discovering a large tenant takes minutes of Graph and Exchange reads; in the web process it held up the
server's start (and every server behind a load balancer did it again). On PostgreSQL the server queues one
discovery job for the workers instead and answers 503 "directory being discovered" (with Retry-After)
until the workers' discovery is in the database, then takes it up and serves. On SQLite nothing changes:
there are no workers, and the server discovers in-process as it always did.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from mailwarden.api.problems import Problem
from mailwarden.jobs.queue import defer, uses_queue
from mailwarden.jobs.status import workers_missing
from mailwarden.logs import get_logger
from mailwarden.store.tables import DiscoveryRunRow
from mailwarden.workspace import Workspace

__all__ = [
    "POLL_S",
    "RETRY_AFTER_S",
    "being_discovered",
    "needs_worker_discovery",
    "queue_discovery",
    "until_discovered",
]

log = get_logger("mailwarden.api")

POLL_S = 1.0
"""How often a waiting server looks whether the workers' discovery is in (one small query)."""
RETRY_AFTER_S = 10


def needs_worker_discovery(workspace: Workspace, tenant_key: str) -> bool:
    """Whether the directory is a worker's to discover: on PostgreSQL, with nothing discovered yet."""
    if not uses_queue(workspace.store.url):
        return False
    return workspace.cache.freshness(tenant_key) is None and len(workspace.directory(tenant_key)) == 0


async def queue_discovery(workspace: Workspace, tenant_key: str) -> None:
    """One discovery job for the workers, however many servers start at once (its queueing lock)."""
    await defer(
        workspace.store.url,
        "tenant_job",
        lock=f"discover:{tenant_key}",
        tenant_key=tenant_key,
        job="discover",
    )
    log.info("discovery_queued", tenant=tenant_key)


async def until_discovered(workspace: Workspace, tenant_key: str) -> None:
    """Return once a worker's discovery of the tenant is in the database."""
    while await asyncio.to_thread(workspace.cache.freshness, tenant_key) is None:
        await asyncio.sleep(POLL_S)


def being_discovered(workspace: Workspace, tenant_key: str) -> Problem:
    """What every page and API call answers while the workers discover the tenant."""
    detail = (
        f"The directory of tenant {tenant_key!r} (its people, lists and mailboxes) is being discovered by a "
        "worker for the first time; this server answers once it is done. Try again shortly."
    )
    # Why it failed is for the admins (`mailwarden jobs list --failed`), not for whoever opens the page.
    if _last_failed(workspace, tenant_key):
        detail += (
            " The last attempt failed; the worker tries again (admins: 'mailwarden jobs list --failed')."
        )
    if workers_missing(workspace.store):
        detail += " No worker has been seen lately: start one with 'mailwarden worker'."
    return Problem(
        503,
        "directory-being-discovered",
        "Directory being discovered",
        detail,
        {"retry_after": RETRY_AFTER_S},
    )


def _last_failed(workspace: Workspace, tenant_key: str) -> bool:
    with workspace.store.session() as session:
        last = session.scalars(
            select(DiscoveryRunRow)
            .where(DiscoveryRunRow.tenant_key == tenant_key)
            .order_by(DiscoveryRunRow.run_id.desc())
            .limit(1)
        ).first()
    return last is not None and last.status == "failed"
