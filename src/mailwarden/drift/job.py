"""The drift scan as a job: one call per tenant, for the job queue to schedule (say, hourly).

    await scan_tenant(workspace, "contoso")

It opens the tenant's connection, catches the directory cache up (one Graph delta round, so new people
and lists are named), scans, and returns the result; a tenant that cannot be reached raises the
connector's error for the queue to retry. Two scans of one tenant never run at once: the second raises
`ScanRunning` (lease.py) at once, which the queue may drop (a queueing lock per tenant avoids it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from mailwarden.actions.base import ActionContext, VerifyWait
from mailwarden.audit import AuditLog
from mailwarden.connectors.connection import open_tenant
from mailwarden.drift.lease import ScanRunning
from mailwarden.drift.records import last_scan
from mailwarden.drift.scan import ScanResult, scan
from mailwarden.store.db import Store
from mailwarden.workflow.service import RequestService
from mailwarden.workspace import Workspace

__all__ = ["SCAN_EVERY", "scan_if_due", "scan_tenant"]

SCAN_EVERY = dt.timedelta(minutes=55)
"""Hourly-ish: a little under the hourly sweep, so a scan that started late in one hour is not skipped in
the next. The tenant's audit log lags 60-90 minutes anyway, so scanning more often names no one sooner."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def scan_if_due(
    store: Store,
    audit: AuditLog,
    ctx: ActionContext,
    tenant: str,
    *,
    service: RequestService | None,
    every: dt.timedelta = SCAN_EVERY,
    clock: Callable[[], dt.datetime] = _now,
) -> ScanResult | None:
    """Scan when the last scan started `every` ago or more (or never ran); None when not due, or when
    another scan of the tenant is under way. The workers' hourly sweep calls it (jobs/tasks.py); a caller
    that ticks more often gets the same hourly rhythm."""
    previous = last_scan(store, tenant)
    now = clock()
    if previous is not None:
        started = previous.started if previous.started.tzinfo else previous.started.replace(tzinfo=dt.UTC)
        if now - started < every:
            return None
    try:
        return await scan(store, audit, ctx, tenant, service=service, clock=clock)
    except ScanRunning:
        return None


async def scan_tenant(workspace: Workspace, tenant_key: str) -> ScanResult:
    """Scan one tenant for drift now, with the tenant's own drift policy."""
    with workspace.connection(tenant_key) as connection:
        async with open_tenant(connection) as clients:
            directory = await workspace.ensure_directory(tenant_key, clients)
            synced = await workspace.sync_directory(tenant_key, clients)
            if synced is not None and synced.anything:
                directory = workspace.directory(tenant_key)
            ctx = ActionContext(
                clients=clients,
                directory=directory,
                verify=VerifyWait(bound=workspace.settings.verify_seconds),
            )
            return await scan(workspace.store, workspace.audit, ctx, tenant_key, service=workspace.requests)
