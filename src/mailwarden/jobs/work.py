"""What each job does, given the tenant open: the same functions run on a worker and in-process.

A worker opens the tenant for each job (jobs/tasks.py); the web process and the CLI, on SQLite, call
these with the tenant they already hold open. Nothing here knows where it runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailwarden.actions.base import ActionContext, VerifyWait
from mailwarden.actions.delegation_report import delegation_report
from mailwarden.connectors.connection import TenantClients, open_tenant
from mailwarden.directory.snapshot import Directory
from mailwarden.logs import get_logger
from mailwarden.model.requests import RequestView
from mailwarden.workflow.executor import run_request
from mailwarden.workflow.live_policy import LivePolicy
from mailwarden.workflow.requests import ExpiryPass, run_expiries
from mailwarden.workspace import Workspace

if TYPE_CHECKING:
    # The health check (and the notification settings it reads) loads with the first health job: most
    # workers start to run requests, and every start of one imported it (tests/jobs start dozens).
    from mailwarden.tenants.health import HealthReport

__all__ = [
    "Expired",
    "NotDiscoveredYet",
    "OpenTenant",
    "check_health",
    "deliver_notifications",
    "discover",
    "execute_request",
    "expire",
    "onboard",
    "open_for_job",
    "refresh_reports",
    "scan_drift",
    "sync_directory",
]

log = get_logger("mailwarden.jobs")


@dataclass
class OpenTenant:
    """A tenant a job works on: its clients and the directory the policy decides with."""

    workspace: Workspace
    tenant_key: str
    clients: TenantClients
    directory: Directory

    def context(self) -> ActionContext:
        verify = VerifyWait(bound=self.workspace.settings.verify_seconds)
        return ActionContext(clients=self.clients, directory=self.directory, verify=verify)

    def live_policy(self) -> LivePolicy:
        directory = self.directory
        return LivePolicy(
            self.workspace.policy(self.tenant_key),
            self.clients,
            directory,
            lambda: self.workspace.org(self.tenant_key, directory),
        )


class NotDiscoveredYet(Exception):
    """The tenant's directory was never discovered, and this job is not the one that discovers it."""


@contextlib.asynccontextmanager
async def open_for_job(
    workspace: Workspace, tenant_key: str, *, discover: bool = False
) -> AsyncIterator[OpenTenant]:
    """Connect to the tenant with its stored credential and load its directory.

    Only the jobs that exist to discover (`discover`, `onboard`) may read a never-discovered tenant in
    full: otherwise every job of the minute sweep started its own full discovery beside the queued one,
    all on the tenant's one Graph and Exchange budget. Any other job raises NotDiscoveredYet before a
    single request, for its caller to skip.
    """
    if not discover and _never_discovered(workspace, tenant_key):
        raise NotDiscoveredYet(tenant_key)
    with workspace.connection(tenant_key) as connection:
        async with open_tenant(connection) as clients:
            if discover:
                directory = await workspace.ensure_directory(tenant_key, clients)
            else:
                directory = workspace.directory(tenant_key)
            yield OpenTenant(workspace, tenant_key, clients, directory)


def _never_discovered(workspace: Workspace, tenant_key: str) -> bool:
    # The test api/first_discovery.py uses too; a tenant that truly holds no one, once discovered, is not
    # discovered again on every job.
    return workspace.cache.freshness(tenant_key) is None and len(workspace.directory(tenant_key)) == 0


async def execute_request(tenant: OpenTenant, request_id: str) -> RequestView:
    """Run an approved request (or take over one whose run died): each step decided again on live facts.

    The execution lease (workflow/service.py) is the guard against running a step twice: a retried job
    whose earlier run still holds the lease does nothing, and one that takes a dead run over starts every
    unfinished step again from preflight, never by repeating a write blindly (workflow/executor.py).
    """
    service = tenant.workspace.requests
    return await run_request(
        service, tenant.context(), tenant.tenant_key, request_id, check=tenant.live_policy().step_check
    )


@dataclass(frozen=True)
class Expired:
    """What an `expire` job did: the requests it ran or expired, and its ends done, postponed and overdue."""

    request_ids: list[str]
    """The expiry requests it ran, then the approvals it expired."""
    ends_done: int
    ends_postponed: int
    """Requests whose ends failed this time (each audited as `step.end_postponed`)."""
    ends_overdue: int
    """Requests whose access outlives its end after the job: postponed now, or waiting for a later try."""


async def expire(tenant: OpenTenant) -> Expired:
    """Take back time-bound access whose time has come; queue the reminders, escalations and "access ending"
    news that are due; expire approvals that waited too long (after the reminders, so an escalating tenant's
    grace period is granted before a request expires). Logged, and returned, with its counts of ends done,
    postponed and overdue (`mailwarden requests overdue` lists the overdue ones)."""
    from mailwarden.notifications.inprocess import catch_up_deadlines

    service = tenant.workspace.requests
    key = tenant.tenant_key
    tally = ExpiryPass()

    async def expiries() -> list[str]:
        return [view.request_id for view in await run_expiries(service, tenant.context(), key, tally=tally)]

    async def deadlines() -> list[str]:
        catch_up_deadlines(tenant.workspace, key)
        return []

    async def stale_approvals() -> list[str]:
        return service.expire_stale(key)

    done: list[str] = []
    failed: list[Exception] = []
    # Each duty whatever the one before it did: an end that raised once kept the approval deadlines and
    # reminders from ever running (red team 79). The job still fails, once all three had their turn.
    for duty in (expiries, deadlines, stale_approvals):
        try:
            done += await duty()
        except Exception as exc:  # noqa: BLE001
            log.warning(
                "expire_duty_failed", tenant=key, duty=duty.__name__, reason=f"{type(exc).__name__}: {exc}"
            )
            failed.append(exc)
    counts = {"ends_done": tally.ended, "ends_postponed": tally.postponed, "ends_overdue": tally.overdue}
    (log.warning if tally.overdue else log.info)("expire_done", tenant=key, **counts)
    if failed:
        raise failed[0]
    return Expired(done, **counts)


async def deliver_notifications(tenant: OpenTenant) -> None:
    """Send the tenant's due notifications (e-mail through Graph, Teams cards); failures stay on record."""
    from mailwarden.notifications.inprocess import send_now

    await send_now(tenant.workspace, tenant.tenant_key, tenant.clients.graph)


async def scan_drift(tenant: OpenTenant) -> bool:
    """Compare the tenant with what mailwarden knew, about hourly (drift/job.py); whether a scan ran."""
    from mailwarden.drift.job import scan_if_due

    workspace = tenant.workspace
    result = await scan_if_due(
        workspace.store, workspace.audit, tenant.context(), tenant.tenant_key, service=workspace.requests
    )
    return result is not None


async def sync_directory(tenant: OpenTenant) -> bool:
    """One Graph delta round into the directory cache; whether anything changed."""
    result = await tenant.workspace.sync_directory(tenant.tenant_key, tenant.clients)
    return result is not None and result.anything


async def refresh_reports(tenant: OpenTenant) -> None:
    """Scan the tenant's delegations afresh into the shared cache, so a report asked for on any server is
    served at once (and says how old it is)."""
    await delegation_report(tenant.context(), cache=tenant.workspace.documents, max_age=dt.timedelta(0))


async def check_health(tenant: OpenTenant) -> HealthReport:
    """Check the tenant's connection, consent and roles again, and keep the report for the pages."""
    from mailwarden.notifications.health import channel_setup
    from mailwarden.tenants.health import check_tenant, save_report

    channels = channel_setup(tenant.workspace, tenant.tenant_key)
    report = await check_tenant(tenant.clients, tenant.tenant_key, channels=channels)
    save_report(tenant.workspace, report)
    return report


async def discover(tenant: OpenTenant) -> int:
    """A tenant's first discovery, queued by a web server that found its directory empty (api/
    first_discovery.py): opening the tenant for the job discovered it; how many recipients it holds."""
    return len(tenant.directory)


async def onboard(tenant: OpenTenant) -> HealthReport:
    """A tenant just connected, brought up in one job: its health checked, its directory discovered (opening
    it did that) with the policy's targets drawn from it, and its delegations scanned for the reports."""
    from mailwarden.tenants.targets import refresh_targets

    report = await check_health(tenant)
    refresh_targets(tenant.workspace, tenant.tenant_key, Directory([]), tenant.directory)
    await refresh_reports(tenant)
    return report
