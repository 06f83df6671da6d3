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

__all__ = ["RUNS_ON_WORKER", "with_queue", "with_queue_all", "workers_missing"]

RUNS_ON_WORKER = (RequestState.APPROVED, RequestState.EXECUTING)
"""The states in which a request is a worker's to run (or to take over when its run died)."""

# The schema name is our constant, never input.
_JOBS = (
    "SELECT DISTINCT ON (args->>'request_id') args->>'request_id' AS request_id, id, status "  # noqa: S608  # nosec B608 - constants, never input
    f"FROM {queue.QUEUE_SCHEMA}.procrastinate_jobs "
    f"WHERE task_name = '{queue.NAMESPACE}:execute_request' AND args->>'request_id' = ANY(:request_ids) "
    "ORDER BY args->>'request_id', id DESC"
)
_WORKER_SEEN = (
    f"SELECT EXISTS (SELECT 1 FROM {queue.QUEUE_SCHEMA}.procrastinate_workers "  # noqa: S608  # nosec B608 - constants, never input
    "WHERE last_heartbeat > now() - make_interval(secs => :within))"
)


def with_queue(store: Store, view: RequestView) -> RequestView:
    """`view`, marked as queued for a worker with its job's state when a worker is to run it; else as is."""
    return with_queue_all(store, [view])[0]


def with_queue_all(store: Store, views: list[RequestView]) -> list[RequestView]:
    """`views` (a list's page), each a worker is to run marked as queued with its job's state: one read of
    the queue for the whole page, not one per request."""
    waiting = [v.request_id for v in views if v.state in RUNS_ON_WORKER]
    if not waiting or not queue.uses_queue(store.url):
        return views
    with store.session() as session:
        jobs = {
            row.request_id: row
            for row in session.execute(text(_JOBS), {"request_ids": waiting})
            if row.request_id is not None
        }
        seen = bool(session.execute(text(_WORKER_SEEN), {"within": _stalled_after()}).scalar())
    marked = []
    for view in views:
        if view.state not in RUNS_ON_WORKER:
            marked.append(view)
            continue
        job = jobs.get(view.request_id)
        queued = QueuedJob(
            job_id=job.id if job else None, status=str(job.status) if job else None, worker_seen=seen
        )
        marked.append(view.model_copy(update={"queued_for_worker": True, "job": queued}))
    return marked


def workers_missing(store: Store) -> bool:
    """Whether jobs go to workers here and none has sent a heartbeat lately (then nothing in the background
    runs: no execution, sync, expiry or notification, until one starts)."""
    if not queue.uses_queue(store.url):
        return False
    with store.session() as session:
        return not session.execute(text(_WORKER_SEEN), {"within": _stalled_after()}).scalar()


def _stalled_after() -> float:
    from mailwarden.jobs.tasks import stalled_after  # procrastinate: only where there is a queue

    return stalled_after()
