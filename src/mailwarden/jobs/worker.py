"""`mailwarden worker`: take jobs from the queue until stopped; and the failed jobs admins look at.

Any number of workers may run on any number of machines against one PostgreSQL database. Each sends a
heartbeat; a worker that goes silent (killed, cut off) has its running job put back in the queue by
whichever worker sweeps next, or by the next worker to start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, text

from mailwarden.errors import ConfigError
from mailwarden.jobs import queue
from mailwarden.jobs.tasks import heartbeat_seconds, poll_seconds, retry_stalled, stalled_after
from mailwarden.store.tables import JobErrorRow
from mailwarden.workspace import Workspace

__all__ = ["FailedJob", "failed_jobs", "run_worker"]


def require_queue(workspace: Workspace) -> None:
    if not queue.uses_queue(workspace.store.url):
        raise ConfigError(
            "The job queue needs PostgreSQL (MAILWARDEN_DATABASE_URL); on SQLite jobs run in-process."
        )


async def run_worker(workspace: Workspace, *, concurrency: int = 1, name: str | None = None) -> None:
    """Take jobs until cancelled (or stopped by SIGINT/SIGTERM: the running jobs finish first)."""
    require_queue(workspace)
    app = queue.new_app(workspace.store.url, pool_size=concurrency + 2)
    async with app.open_async():
        # Jobs a dead worker left behind go back in the queue now, not at the next sweep.
        await retry_stalled(app, after_seconds=stalled_after())
        await app.run_worker_async(
            concurrency=concurrency,
            name=name or "mailwarden-worker",
            update_heartbeat_interval=heartbeat_seconds(),
            fetch_job_polling_interval=poll_seconds(),
            stalled_worker_timeout=stalled_after(),
        )


@dataclass(frozen=True)
class FailedJob:
    job_id: int
    task: str
    args: dict[str, object]
    attempts: int
    error: str | None
    failed_at: dt.datetime | None


def failed_jobs(workspace: Workspace, *, limit: int = 100) -> list[FailedJob]:
    """Jobs that ended failed after their last attempt, newest first, each with its last error."""
    require_queue(workspace)
    with workspace.store.session() as session:
        rows = session.execute(
            text(
                # The schema name is our constant, never input.
                f"SELECT id, task_name, args, attempts FROM {queue.QUEUE_SCHEMA}.procrastinate_jobs "  # noqa: S608  # nosec B608 - constants, never input
                "WHERE status = 'failed' ORDER BY id DESC LIMIT :limit"
            ),
            {"limit": limit},
        ).all()
        errors: dict[int, JobErrorRow] = {}
        if rows:
            for error in session.scalars(
                select(JobErrorRow)
                .where(JobErrorRow.job_id.in_([row.id for row in rows]))
                .order_by(JobErrorRow.error_id)
            ):
                errors[error.job_id] = error  # the last one wins: the error that ended it
    return [
        FailedJob(
            job_id=row.id,
            task=row.task_name,
            args=dict(row.args),
            attempts=row.attempts,
            error=errors[row.id].error if row.id in errors else None,
            failed_at=errors[row.id].at if row.id in errors else None,
        )
        for row in rows
    ]
