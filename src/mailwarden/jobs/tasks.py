"""The jobs workers run, registered on a procrastinate blueprint (jobs/queue.py binds it to the database).

Each job opens the tenant itself (a worker holds nothing open between jobs) and calls the function in
jobs/work.py that the in-process path calls too. A job that raises is retried a bounded number of times
with growing waits; each failure is kept with its error in `job_errors` (the admins read them with
`mailwarden jobs list --failed`), and after the last attempt the job stays `failed`.

Periodic jobs are procrastinate periodic tasks: every worker runs the deferrer, and procrastinate's
unique row per (task, tick) lets exactly one of them queue each tick, so a sweep runs once across all
workers. A sweep only queues per-tenant jobs, each under a queueing lock, so a slow tenant's job is never
queued twice and one tenant's trouble does not hold up the others.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Awaitable, Callable
from typing import Any

import procrastinate
from procrastinate import JobContext, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued

from mailwarden.jobs import work
from mailwarden.jobs.queue import NAMESPACE
from mailwarden.logs import get_logger
from mailwarden.model.requests import RequestState
from mailwarden.store.tables import JobErrorRow
from mailwarden.workspace import Workspace

__all__ = ["PER_TENANT_SWEEPS", "blueprint", "retry_stalled"]

log = get_logger("mailwarden.jobs")

blueprint = procrastinate.Blueprint()

MAX_ATTEMPTS = 5
_ERROR_CHARS = 2000


def _retry() -> RetryStrategy:
    # Waits of base, base², base³... seconds: a throttled or briefly unreachable tenant gets time to recover,
    # and a poisoned job ends failed after minutes, not days. Tests shorten the base.
    base = float(os.environ.get("MAILWARDEN_JOB_RETRY_SECONDS", "") or 3)
    return RetryStrategy(max_attempts=MAX_ATTEMPTS, exponential_wait=max(1, round(base)))


PerTenantJob = Callable[[work.OpenTenant], Awaitable[Any]]

PER_TENANT_SWEEPS: dict[str, PerTenantJob] = {
    "sync_directory": work.sync_directory,
    "expire": work.expire,
    "deliver_notifications": work.deliver_notifications,
}
"""Per-tenant work the minute sweep queues for every tenant, once per tenant, once a minute."""


_OCCASIONAL: dict[str, PerTenantJob] = {
    "check_health": work.check_health,
    "refresh_reports": work.refresh_reports,
    "scan_drift": work.scan_drift,
}
"""Per-tenant jobs the slower sweeps queue."""

_ON_DEMAND: dict[str, PerTenantJob] = {"onboard": work.onboard, "discover": work.discover}
"""Per-tenant jobs queued when something happens (a tenant connected, a server found its tenant never
discovered), by whoever saw it."""


_DISCOVERING = frozenset({"discover", "onboard"})
"""The only jobs that may read a never-discovered tenant in full (jobs/work.py open_for_job)."""

NOT_DISCOVERED_WAIT = dt.timedelta(seconds=30)
"""How long an approved request waits for its tenant's first discovery before its job looks again."""


class _Skipped:
    """What `_on_tenant` returns for a job skipped because its tenant was never discovered."""


SKIPPED = _Skipped()


async def _on_tenant(
    context: JobContext, tenant_key: str, job: PerTenantJob, *, discover: bool = False
) -> Any:
    """Run `job` on the tenant, keeping its error for the admins before procrastinate retries it.

    On a tenant never discovered, a job that is not a discovery does nothing and ends well: the discovery
    is queued (by the server that found the directory empty, or by onboarding) and the next sweep finds
    the directory in; failing would only retry it into the same wait.
    """
    workspace = Workspace.open()
    try:
        async with work.open_for_job(workspace, tenant_key, discover=discover) as tenant:
            return await job(tenant)
    except work.NotDiscoveredYet:
        log.info("job_skipped_not_discovered", task=context.job.task_name, tenant=tenant_key)
        return SKIPPED
    except Exception as exc:
        _keep_error(workspace, context, tenant_key, exc)
        raise
    finally:
        workspace.close()


def _keep_error(workspace: Workspace, context: JobContext, tenant_key: str, exc: Exception) -> None:
    job = context.job
    # The error's own text: mailwarden's errors never carry a secret (connectors/secret.py redacts them).
    text = f"{type(exc).__name__}: {exc}"[:_ERROR_CHARS]
    log.warning("job_failed", job_id=job.id, task=job.task_name, tenant=tenant_key, attempt=job.attempts)
    with workspace.store.session() as session:
        session.add(
            JobErrorRow(
                job_id=job.id or 0,
                task=job.task_name,
                tenant_key=tenant_key,
                attempt=job.attempts + 1,
                error=text,
                at=dt.datetime.now(dt.UTC),
            )
        )


@blueprint.task(name="execute_request", pass_context=True, retry=_retry())
async def execute_request(context: JobContext, tenant_key: str, request_id: str) -> str:
    """Run the request; while another run holds its lease (or a write's landing cannot be told yet), come
    back when the lease ends rather than count it a failure."""
    lease_until: list[dt.datetime | None] = [None]

    async def run(tenant: work.OpenTenant) -> str:
        view = await work.execute_request(tenant, request_id)
        if view.state is RequestState.EXECUTING:
            lease_until[0] = tenant.workspace.requests.lease_until(request_id)
        return view.state.value

    state: str | _Skipped = await _on_tenant(context, tenant_key, run)
    if isinstance(state, _Skipped):
        # The request stays approved; it runs once the first discovery is in, not never.
        lease_until[0] = dt.datetime.now(dt.UTC) + NOT_DISCOVERED_WAIT
        state = "not-discovered"
    if lease_until[0] is not None:
        again = lease_until[0] + dt.timedelta(seconds=1)
        log.info("execution_deferred", request_id=request_id, until=again.isoformat())
        await context.app.configure_task(
            f"{NAMESPACE}:execute_request", schedule_at=again, queueing_lock=f"execute:{request_id}"
        ).defer_async(tenant_key=tenant_key, request_id=request_id)
    return state


@blueprint.task(name="tenant_job", pass_context=True, retry=_retry())
async def tenant_job(context: JobContext, tenant_key: str, job: str) -> None:
    """One of PER_TENANT_SWEEPS, the slower sweeps' or the on-demand jobs, on one tenant."""
    known = {**PER_TENANT_SWEEPS, **_OCCASIONAL, **_ON_DEMAND}
    await _on_tenant(context, tenant_key, known[job], discover=job in _DISCOVERING)


async def _queue_for_every_tenant(app: procrastinate.App, jobs: list[str]) -> None:
    workspace = Workspace.open()
    try:
        tenants = [record.tenant_key for record in workspace.tenants.all()]
    finally:
        workspace.close()
    task = f"{NAMESPACE}:tenant_job"
    for tenant_key in tenants:
        for job in jobs:
            try:
                await app.configure_task(task, queueing_lock=f"{job}:{tenant_key}").defer_async(
                    tenant_key=tenant_key, job=job
                )
            except AlreadyEnqueued:
                continue  # the last tick's job for this tenant still waits: one is enough


def _sweep_cron() -> str:
    # Read once, when the worker imports its tasks. A test that must tell "sent at once" from "sent by the
    # sweep" sets a sweep that never comes during it, rather than waiting for a minute boundary.
    return os.environ.get("MAILWARDEN_SWEEP_CRON", "") or "* * * * *"


@blueprint.periodic(cron=_sweep_cron(), periodic_id="minute")
@blueprint.task(name="sweep", pass_context=True, queueing_lock="sweep")
async def sweep(context: JobContext, timestamp: int) -> None:
    """Every minute, once across all workers: delta sync, expiry and registered sweeps for each tenant."""
    await _queue_for_every_tenant(context.app, list(PER_TENANT_SWEEPS))


@blueprint.periodic(cron="*/15 * * * *", periodic_id="quarter")
@blueprint.task(name="health_sweep", pass_context=True, queueing_lock="health_sweep")
async def health_sweep(context: JobContext, timestamp: int) -> None:
    """Every quarter hour, once across all workers: each tenant's health checked again."""
    await _queue_for_every_tenant(context.app, ["check_health"])


@blueprint.periodic(cron="7 * * * *", periodic_id="hour")
@blueprint.task(name="report_sweep", pass_context=True, queueing_lock="report_sweep")
async def report_sweep(context: JobContext, timestamp: int) -> None:
    """Every hour, once across all workers: each tenant's delegation scan refreshed into the shared cache,
    and each tenant scanned for drift."""
    await _queue_for_every_tenant(context.app, ["refresh_reports", "scan_drift"])


async def retry_stalled(app: procrastinate.App, *, after_seconds: float) -> list[int]:
    """Put back in the queue the jobs of workers that stopped sending heartbeats (killed, cut off).

    A retried execution cannot run a step twice: the request's lease and its `applying` marks decide
    what the new run does (workflow/executor.py).
    """
    retried = []
    for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=after_seconds):
        await app.job_manager.retry_job(job)
        assert job.id is not None
        retried.append(job.id)
        log.warning("job_stalled_retried", job_id=job.id, task=job.task_name)
    return retried


@blueprint.periodic(cron="* * * * * */15", periodic_id="stalled")
@blueprint.task(name="stalled_sweep", pass_context=True, queueing_lock="stalled_sweep")
async def stalled_sweep(context: JobContext, timestamp: int) -> None:
    """Every 15 seconds, once across all workers: jobs of dead workers go back in the queue."""
    await retry_stalled(context.app, after_seconds=stalled_after())


def heartbeat_seconds() -> float:
    return float(os.environ.get("MAILWARDEN_WORKER_HEARTBEAT_SECONDS", "") or 10)


def poll_seconds() -> float:
    """How often an idle worker looks for jobs whose time has come (a retry's wait, a scheduled job); new
    jobs wake it at once (LISTEN/NOTIFY). Tests shorten it."""
    return float(os.environ.get("MAILWARDEN_WORKER_POLL_SECONDS", "") or 5)


def stalled_after() -> float:
    """A worker silent for three heartbeats is taken for dead."""
    return 3 * heartbeat_seconds()
