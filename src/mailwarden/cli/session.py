"""A command's session with one tenant: the workspace, an open connection, the directory, the requester."""

from __future__ import annotations

import contextlib
import getpass
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from mailwarden.actions.base import ActionContext, VerifyWait
from mailwarden.connectors.connection import TenantClients, TenantConnection, open_tenant
from mailwarden.directory.live_facts import LiveFacts, read_live_facts
from mailwarden.directory.person import person_by_object_id
from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ConfigError, NotPermitted
from mailwarden.logs import log_to_stderr
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.workflow.session import Session
from mailwarden.workspace import DEMO_TENANT, Workspace

from .common import errors, rich_console

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

log_to_stderr()

__all__ = [
    "DEMO_REQUESTER",
    "acting",
    "discovery_progress",
    "operator_actor",
    "refuse_as",
    "workspace_connection",
]

DEMO_REQUESTER = "grace.hopper@acme.com"
"""Who is asking when --as is not given on the demo tenant: Acme's Exchange administrator."""


def refuse_as(tenant_key: str, as_: str | None) -> None:
    """--as names who is asking on the demo tenant only: anywhere else it would let anyone be anyone."""
    if as_ is not None and tenant_key != DEMO_TENANT:
        raise ConfigError(
            f"--as works on the demo tenant only; on {tenant_key!r} you act as the person signed in here: "
            f"run 'mailwarden login --tenant {tenant_key}' (and 'mailwarden whoami --tenant {tenant_key}' to "
            "see who that is)."
        )


async def _requester(
    workspace: Workspace, tenant_key: str, clients: TenantClients, directory: Directory, as_: str | None
) -> tuple[Recipient, Directory, bool]:
    """Who is asking: on the demo tenant whom --as names (from the cache); elsewhere the signed-in person,
    by object id, read live (then the flag is True)."""
    if tenant_key == DEMO_TENANT:
        return resolve(directory, as_ or DEMO_REQUESTER), directory, False
    refuse_as(tenant_key, as_)
    from mailwarden.tenants.signin import signed_in  # sign-in (msal's cache, sealed) only off the demo

    operator = signed_in(workspace, tenant_key)
    # Read live by object id, never by a name or address claim (which another account may share), and even
    # when the cache knows the id: the account may have joined since discovery, or its mailbox been made a
    # shared one (Exchange tells; the cache would still say person).
    person = await _live_person(clients, operator.oid)
    if person is None:
        raise NotPermitted(
            f"The person signed in to {tenant_key!r} ({operator.username}, object id {operator.oid}) has "
            "no mailbox in the tenant, so cannot ask for anything here."
        )
    if person.kind is not RecipientKind.USER:
        raise NotPermitted(
            f"{person.label()} is not a person of the organisation ({person.kind.value}), so it cannot ask "
            "for anything here."
        )
    if directory.get(operator.oid) != person:
        workspace.cache.upsert(tenant_key, person)
        directory = workspace.directory(tenant_key)
    return person, directory, True


def _with_requester(facts: LiveFacts, requester: Recipient) -> LiveFacts:
    """`facts` with the requester as just read live by object id (kind, enabled state and roles, now)."""
    return replace(
        facts,
        recipients=MappingProxyType({**facts.recipients, requester.recipient_id: requester}),
        missing=facts.missing - {requester.recipient_id},
    )


async def _live_person(clients: TenantClients, oid: str) -> Recipient | None:
    # By object id only; Exchange says whether the account is a person's or a shared/room mailbox's.
    return await person_by_object_id(clients, oid)


def operator_actor(workspace: Workspace, tenant_key: str, as_: str | None, *, changing: str) -> str:
    """Who changes a tenant's settings (`changing`, e.g. "its policy"), for the audit log.

    On the demo tenant, whom --as names (else the local account) as before; elsewhere the signed-in person,
    who must be one of the tenant's admins."""
    if tenant_key == DEMO_TENANT:
        return as_ or f"local:{getpass.getuser()}"
    refuse_as(tenant_key, as_)
    from mailwarden.tenants.signin import signed_in  # sign-in (msal's cache, sealed) only off the demo

    operator = signed_in(workspace, tenant_key)
    person = workspace.directory(tenant_key).get(operator.oid)
    if person is None or not person.is_admin:
        raise NotPermitted(
            f"Only an admin of {tenant_key!r} may change {changing}; you are signed in as "
            f"{operator.username or operator.oid}."
        )
    return person.primary_address


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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]discovering[/] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=rich_console(errors),
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

    With `catch_up`, due expiries run and stale approvals expire first, and due notifications are sent at the
    end; `plan`, which must change nothing, opens its session without."""
    async with open_tenant(connection) as clients:
        with contextlib.ExitStack() as shown:
            bars: list[Progress] = []  # the bar, once discovery reports (a command with a cache has none)
            tasks: dict[str, TaskID] = {}

            def progress(phase: str, done: int, total: int) -> None:
                if not bars:
                    bars.append(shown.enter_context(discovery_progress()))
                task = tasks.get(phase)
                if task is None:
                    task = tasks[phase] = bars[0].add_task(phase, total=total)
                bars[0].update(task, completed=done, total=total)

            directory = await workspace.ensure_directory(tenant_key, clients, progress)
            # Catch up with what other admins changed since (one cheap delta round when nothing did).
            synced = await workspace.sync_directory(
                tenant_key, clients, older_than=workspace.settings.directory_sync_seconds
            )
            if synced is not None and synced.anything:
                directory = workspace.directory(tenant_key)
        requester, directory, read_live = await _requester(workspace, tenant_key, clients, directory, as_)
        # The cache may be older than the admin's 'disable' or the role taken away: ask the tenant who the
        # requester is now before acting for them (their enabled state, their roles; the admins). A
        # requester just read live by object id is not read a second time: their manager is, in its place.
        asked = [requester.manager_id] if read_live and requester.manager_id else []
        facts = await read_live_facts(clients, directory, asked if read_live else [requester.recipient_id])
        if read_live:
            facts = _with_requester(facts, requester)
        fresh = facts.recipients.get(requester.recipient_id)
        if fresh is None:
            await workspace.refresh(tenant_key, clients, directory, [requester.primary_address])
            raise NotPermitted(f"{requester.label()} no longer exists in the tenant.")
        if fresh.enabled != requester.enabled:
            directory = await workspace.refresh(tenant_key, clients, directory, [requester.primary_address])
        requester = fresh
        verify = VerifyWait(bound=workspace.settings.verify_seconds)
        ctx = ActionContext(clients=clients, directory=directory, verify=verify)
        if catch_up:
            from mailwarden.notifications.inprocess import catch_up_deadlines
            from mailwarden.workflow.requests import run_expiries

            service = workspace.requests
            # Time-bound access that ended while nothing ran is taken back now: every command catches up.
            for expired in await run_expiries(service, ctx, tenant_key):
                errors.print(
                    f"[dim]time-bound access ended: request {expired.request_id[:8]} ({expired.state})[/]"
                )
            catch_up_deadlines(workspace, tenant_key)
            service.expire_stale(tenant_key)
        org = workspace.org(tenant_key, directory).with_live(facts)
        try:
            yield Session(
                workspace=workspace,
                tenant_key=tenant_key,
                ctx=ctx,
                requester=requester,
                engine=workspace.policy(tenant_key),
                org=org,
            )
        finally:
            if catch_up:
                # On SQLite nothing else sends: what this command queued goes out before it exits. A plan
                # (no catch-up) queues nothing and, read-only, leaves the outbox to the next command.
                from mailwarden.notifications.inprocess import send_now

                await send_now(workspace, tenant_key, clients.graph)
