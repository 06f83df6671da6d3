"""Where a job runs: on procrastinate's queue over PostgreSQL, or in the calling process on SQLite.

mailwarden keeps one database. On PostgreSQL its jobs table is procrastinate's (migration 0007 creates
it), so there is no second broker to run; any number of `mailwarden worker` processes on any number of
machines take jobs from it. SQLite (the embedded default) has no queue: the same job functions run in
the process that asked, as they always did, so `make demo` needs nothing else.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, make_url, text
from sqlalchemy.exc import IntegrityError

if TYPE_CHECKING:
    import procrastinate

    from mailwarden.store.db import Store

__all__ = ["NAMESPACE", "QUEUE_SCHEMA", "conninfo", "defer", "defer_on", "new_app", "uses_queue"]

QUEUE_SCHEMA = "procrastinate"
"""The PostgreSQL schema migration 0007 puts procrastinate's tables and functions in."""

NAMESPACE = "mailwarden"
"""Every job's name starts `mailwarden:`, so other procrastinate users of the database stay apart."""


def uses_queue(database_url: str | URL) -> bool:
    """Whether jobs go to workers (PostgreSQL) or run in the calling process (SQLite)."""
    return make_url(database_url).get_backend_name() == "postgresql"


def conninfo(database_url: str | URL) -> str:
    """The libpq connection string psycopg takes, from the SQLAlchemy URL the store uses."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def new_app(database_url: str | URL, *, pool_size: int = 4) -> procrastinate.App:
    """A procrastinate app on the store's database, with every mailwarden job registered."""
    import procrastinate

    from mailwarden.jobs.tasks import blueprint

    connector = procrastinate.PsycopgConnector(
        conninfo=conninfo(database_url),
        min_size=1,
        max_size=pool_size,
        kwargs={"options": f"-c search_path={QUEUE_SCHEMA}"},
    )
    app = procrastinate.App(connector=connector)
    app.add_tasks_from(blueprint, namespace=NAMESPACE)
    return app


async def defer(
    database_url: str | URL, task_name: str, /, *, lock: str | None = None, **kwargs: Any
) -> int | None:
    """Queue the task `task_name` (jobs/tasks.py) with `kwargs`; None when an identical job is already queued.

    `lock` is a queueing lock: while a job holding it waits, another is not queued (an approval clicked
    twice, a sweep that runs while the last one's job still waits), so a job is never queued twice.
    """
    from procrastinate.exceptions import AlreadyEnqueued

    app = new_app(database_url, pool_size=1)
    async with app.open_async():
        try:
            return await app.configure_task(f"{NAMESPACE}:{task_name}", queueing_lock=lock).defer_async(
                **kwargs
            )
        except AlreadyEnqueued:
            return None


# procrastinate's own deferring function (its schema.sql, which migration 0007 applied): versioned, so a
# procrastinate upgrade that changes it comes with a migration of ours anyway. It runs with the queue's
# schema on the search path, as procrastinate's own connections do (its body names tables unqualified).
_DEFER_JOB = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW('default', :task, 0, NULL, :queueing_lock, "
    "CAST(:args AS jsonb), NULL)::procrastinate_job_to_defer_v1])"
)


def defer_on(store: Store, task_name: str, /, *, lock: str, **kwargs: Any) -> bool:
    """`defer`, from synchronous code on the store's own connections (no procrastinate pool to open):
    whether a job was queued (False when one holding `lock` already waits, which will do the same)."""
    try:
        with store.engine.begin() as connection:
            connection.exec_driver_sql(f"SET LOCAL search_path TO {QUEUE_SCHEMA}")
            connection.execute(
                _DEFER_JOB,
                {"task": f"{NAMESPACE}:{task_name}", "queueing_lock": lock, "args": json.dumps(kwargs)},
            )
    except IntegrityError:
        return False  # procrastinate's unique queueing lock: an identical job waits
    return True
