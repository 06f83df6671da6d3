"""`mailwarden worker` (take jobs from the queue) and `mailwarden jobs list --failed` (what went wrong)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from .common import JsonOption, console, handles_errors, print_json

__all__ = ["jobs_app", "worker"]

ON_SQLITE = (
    "Jobs run inside mailwarden's own commands and web server on SQLite (the embedded default); a worker "
    "takes them from PostgreSQL. Set MAILWARDEN_DATABASE_URL to a postgresql+psycopg:// URL to use workers."
)


@handles_errors
def worker(
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Jobs run at once by this worker.")] = 1,
    name: Annotated[str | None, typer.Option(help="A name for this worker in the queue's tables.")] = None,
) -> None:
    """Run a worker: execute approved requests, sync directories, expire grants, re-check health.

    Needs MAILWARDEN_DATABASE_URL on PostgreSQL; any number of workers may run on any number of machines.
    Stop it with Ctrl-C or SIGTERM (running jobs finish first)."""
    from mailwarden.errors import ConfigError
    from mailwarden.jobs.queue import uses_queue
    from mailwarden.workspace import Workspace, run

    workspace = Workspace.open()
    try:
        if not uses_queue(workspace.store.url):
            # Checked before the worker's module (and procrastinate, the postgres extra) is imported.
            raise ConfigError(ON_SQLITE)
        from mailwarden.jobs.worker import run_worker

        console.print(f"worker started (concurrency {concurrency}); Ctrl-C to stop", highlight=False)
        run(run_worker(workspace, concurrency=concurrency, name=name))
    finally:
        workspace.close()


jobs_app = typer.Typer(help="Jobs on the queue: see those that failed.", no_args_is_help=True)


@jobs_app.command("list")
@handles_errors
def list_jobs(
    failed: Annotated[
        bool, typer.Option("--failed", help="Jobs that failed after their last retry.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many.")] = 100,
    json_output: JsonOption = False,
) -> None:
    """List jobs that failed after their last retry, each with the error that ended it."""
    from mailwarden.errors import ConfigError
    from mailwarden.jobs.queue import uses_queue
    from mailwarden.workspace import Workspace

    if not failed:
        raise ConfigError("Say which jobs: --failed (the only listing so far).")
    workspace = Workspace.open()
    try:
        if not uses_queue(workspace.store.url):
            raise ConfigError(ON_SQLITE)
        from mailwarden.jobs.worker import failed_jobs

        found = failed_jobs(workspace, limit=limit)
    finally:
        workspace.close()
    if json_output:
        print_json(
            [
                {
                    "job_id": j.job_id,
                    "task": j.task,
                    "args": j.args,
                    "attempts": j.attempts,
                    "error": j.error,
                    "failed_at": j.failed_at.isoformat() if j.failed_at else None,
                }
                for j in found
            ]
        )
        return
    if not found:
        console.print("No failed jobs.")
        return
    table = Table("job", "task", "arguments", "attempts", "error")
    for j in found:
        args = ", ".join(f"{k}={v}" for k, v in j.args.items())
        table.add_row(str(j.job_id), j.task, args, str(j.attempts), j.error or "(no error kept)")
    console.print(table)
