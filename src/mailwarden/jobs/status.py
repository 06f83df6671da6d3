"""Whether an approved request waits for a worker, and whether any worker is there to take it.

On PostgreSQL an approved request is a job (jobs/queue.py): the process that approved it returns at once,
so "approved" is not the outcome. Every channel shows what the queue says instead: the job, its state, and
a warning when no worker has sent a heartbeat lately (then nothing runs until one starts).
"""

from __future__ import annotations

from sqlalchemy import text

from mailwarden.jobs import queue
from mailwarden.model.requests import QueuedJob, RequestState, RequestView
from mailwarden.store.db import Store

__all__ = ["RUNS_ON_WORKER", "with_queue"]

RUNS_ON_WORKER = (RequestState.APPROVED, RequestState.EXECUTING)
"""The states in which a request is a worker's to run (or to take over when its run died)."""

# The schema name is our constant, never input.
_JOB = (
    f"SELECT id, status FROM {queue.QUEUE_SCHEMA}.procrastinate_jobs "  # noqa: S608  # nosec B608 - constants, never input
    f"WHERE task_name = '{queue.NAMESPACE}:execute_request' AND args->>'request_id' = :request_id "
    "ORDER BY id DESC LIMIT 1"
)
_WORKER_SEEN = (
    f"SELECT EXISTS (SELECT 1 FROM {queue.QUEUE_SCHEMA}.procrastinate_workers "  # noqa: S608  # nosec B608 - constants, never input
    "WHERE last_heartbeat > now() - make_interval(secs => :within))"
)


def with_queue(store: Store, view: RequestView) -> RequestView:
    """`view`, marked as queued for a worker with its job's state when a worker is to run it; else as is."""
    if view.state not in RUNS_ON_WORKER or not queue.uses_queue(store.url):
        return view
    from mailwarden.jobs.tasks import stalled_after  # procrastinate: only where there is a queue

    with store.session() as session:
        job = session.execute(text(_JOB), {"request_id": view.request_id}).first()
        seen = bool(session.execute(text(_WORKER_SEEN), {"within": stalled_after()}).scalar())
    queued = QueuedJob(
        job_id=job.id if job else None, status=str(job.status) if job else None, worker_seen=seen
    )
    return view.model_copy(update={"queued_for_worker": True, "job": queued})
