"""A command's session with one tenant: the workspace, an open connection, the directory, the requester."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from mailwarden.actions.base import ActionContext
from mailwarden.connectors.connection import TenantClients, TenantConnection, open_tenant
from mailwarden.directory.resolve import resolve
from mailwarden.errors import ConfigError
from mailwarden.model.recipients import Recipient
from mailwarden.workspace import DEMO_TENANT, Workspace

from .common import errors

__all__ = ["DEMO_REQUESTER", "Session", "acting", "discovery_progress", "workspace_connection"]

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


@dataclass(frozen=True)
class Session:
    workspace: Workspace
    tenant_key: str
    ctx: ActionContext
    requester: Recipient

    @property
    def clients(self) -> TenantClients:
        return self.ctx.clients


@contextlib.asynccontextmanager
async def acting(
    workspace: Workspace, connection: TenantConnection, tenant_key: str, as_: str | None
) -> AsyncIterator[Session]:
    """Open the tenant, load (or first discover) its directory, and resolve who is asking."""
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
        yield Session(
            workspace=workspace,
            tenant_key=tenant_key,
            ctx=ActionContext(clients=clients, directory=directory),
            requester=requester,
        )
