"""The drift scan as a job: one call per tenant, for the job queue to schedule (say, hourly).

    await scan_tenant(workspace, "contoso")

It opens the tenant's connection, catches the directory cache up (one Graph delta round, so new people
and lists are named), scans, and returns the result; a tenant that cannot be reached raises the
connector's error for the queue to retry. Two scans of one tenant never run at once: the second raises
`ScanRunning` (lease.py) at once, which the queue may drop (a queueing lock per tenant avoids it).
"""

from __future__ import annotations

from mailwarden.actions.base import ActionContext, VerifyWait
from mailwarden.connectors.connection import open_tenant
from mailwarden.drift.scan import ScanResult, scan
from mailwarden.workspace import Workspace

__all__ = ["scan_tenant"]


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
