"""A command's session with one tenant: the workspace, an open connection, the directory, the requester."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from mailwarden.actions.base import ActionContext, VerifyWait
from mailwarden.connectors.connection import TenantConnection, open_tenant
from mailwarden.directory.discovery import rediscover
from mailwarden.directory.resolve import resolve
from mailwarden.errors import ConfigError, NotPermitted
from mailwarden.workflow.requests import run_expiries
from mailwarden.workflow.session import Session
from mailwarden.workspace import DEMO_TENANT, Workspace

from .common import errors

__all__ = [
    "DEMO_REQUESTER",
    "acting",
    "discovery_progress",
    "workspace_connection",
]

DEMO_REQUESTER = "grace.hopper@acme.com"
"""Who is asking when --as is not given on the demo tenant: Acme's Exchange administrator."""


@contextlib.contextmanager
def workspace_connection(tenant_key: str) -> Iterator[tuple[Workspace, TenantConnection]]:
    workspace = Workspace.open()
    try:
        with workspace.connection(tenant_key) as connection:
            yield workspace, connection
    finally:
        workspace.close()


@contextlib.contextmanager
def discovery_progress() -> Iterator[Progress]:
    with Progress(
        TextColumn("[bold]discovering[/] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    ) as bar:
        yield bar


@contextlib.asynccontextmanager
async def acting(
    workspace: Workspace,
    connection: TenantConnection,
    tenant_key: str,
    as_: str | None,
    *,
    catch_up: bool = True,
) -> AsyncIterator[Session]:
    """Open the tenant, load (or first discover) its directory, and resolve who is asking.

    With `catch_up`, due expiries run and stale approvals expire first; `plan`, which must change nothing,
    opens its session without."""
    async with open_tenant(connection) as clients:
        with discovery_progress() as bar:
            tasks: dict[str, TaskID] = {}

            def progress(phase: str, done: int, total: int) -> None:
                task = tasks.get(phase)
                if task is None:
                    task = tasks[phase] = bar.add_task(phase, total=total)
                bar.update(task, completed=done, total=total)

            directory = await workspace.ensure_directory(tenant_key, clients, progress)
        if as_ is None:
            if tenant_key != DEMO_TENANT:
                raise ConfigError("Say who is asking with --as (an address in the tenant).")
            as_ = DEMO_REQUESTER
        requester = resolve(directory, as_)
        if requester.is_person and requester.internal:
            # The cache may be older than the admin's 'disable': ask the tenant before acting for anyone.
            fresh = await rediscover(clients, requester)
            if fresh is None or not fresh.enabled:
                directory = await workspace.refresh(
                    tenant_key, clients, directory, [requester.primary_address]
                )
                requester = fresh or requester
                if fresh is None:
                    raise NotPermitted(f"{as_!r} no longer exists in the tenant.")
        verify = VerifyWait(bound=workspace.settings.verify_seconds)
        ctx = ActionContext(clients=clients, directory=directory, verify=verify)
        service = workspace.requests
        if catch_up:
            # Time-bound access that ended while nothing ran is taken back now: every command catches up.
            for expired in await run_expiries(service, ctx, tenant_key):
                errors.print(
                    f"[dim]time-bound access ended: request {expired.request_id[:8]} ({expired.state})[/]"
                )
            service.expire_stale(tenant_key)
        org = workspace.org(tenant_key, directory)
        yield Session(
            workspace=workspace,
            tenant_key=tenant_key,
            ctx=ctx,
            requester=requester,
            engine=workspace.policy(tenant_key),
            org=org,
            service=service,
        )
