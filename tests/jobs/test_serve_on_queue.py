"""`mailwarden serve` on PostgreSQL leaves the background work to the workers: it starts no delta sync,
expiry or sender of its own, takes up the directory the workers' sync wrote, says on every page when no
worker is there, and lists show which requests wait for one (the CLI's, the API's, the requests page)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from mailwarden.api.app import create_app
from mailwarden.jobs import work
from mailwarden.settings import load_settings
from mailwarden.workspace import Workspace
from tests.api.served import ServedApp, serve
from tests.conftest import emulator_connection
from tests.jobs.conftest import Home
from tests.jobs.test_worker import GRACE, _submit_adds

pytestmark = [pytest.mark.slow]

SARAH = "21d8f596-06ee-5014-8871-44db835f7241"
SYNC_S = 0.2


def _served(home: Home, workspace: Workspace) -> tuple[ServedApp, object]:
    settings = load_settings({**home.env, "MAILWARDEN_DIRECTORY_SYNC_SECONDS": str(SYNC_S)})
    app = create_app(settings, workspace=workspace, connection=emulator_connection(home.emulator))
    context = serve(app)
    url = context.__enter__()
    return ServedApp(url=url, app=app, emulator=home.emulator, workspace=workspace), context


async def _discovered_as_a_worker_does(workspace: Workspace) -> None:
    async with work.open_for_job(workspace, "demo", discover=True):
        pass


def test_serve_sends_the_tenant_nothing_in_the_background_and_takes_up_the_workers_sync(
    pg_home: Callable[..., Home],
) -> None:
    home = pg_home()
    workspace = Workspace.open(load_settings({**home.env, "MAILWARDEN_DIRECTORY_SYNC_SECONDS": str(SYNC_S)}))
    asyncio.run(_discovered_as_a_worker_does(workspace))  # a server leaves a first discovery to the workers
    served, context = _served(home, workspace)
    try:
        runtime = served.app.state.runtime
        assert runtime.directory.get(SARAH).enabled
        tenant = home.emulator.state
        with tenant.transaction():
            sarah = tenant.get(SARAH)
            assert sarah is not None
            sarah.account_enabled = False
            tenant.mark_dirty()
        started = time.monotonic()
        time.sleep(15 * SYNC_S)  # fifteen of the SQLite loop's rounds
        # Nothing to the tenant from the app's own loops: no delta round, no sendMail, no expiry reads.
        after = [r for r in home.emulator.faults.requests() if r.time >= started]
        assert after == []
        assert runtime.directory.get(SARAH).enabled  # nobody synced: the app does not either

        async def worker_sync() -> None:  # what the sweep's sync_directory job does on a worker
            async with work.open_for_job(workspace, "demo") as opened:
                await work.sync_directory(opened)

        asyncio.run(worker_sync())
        deadline = time.monotonic() + 15
        while runtime.directory.get(SARAH).enabled and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not runtime.directory.get(SARAH).enabled  # taken up from the database, not the tenant
    finally:
        context.__exit__(None, None, None)  # type: ignore[attr-defined]
        workspace.close()


def test_pages_warn_without_a_worker_and_lists_show_what_waits_for_one(pg_home: Callable[..., Home]) -> None:
    home = pg_home()
    view = asyncio.run(_submit_adds(home))
    short = view.request_id[:8]
    workspace = home.workspace()
    served, context = _served(home, workspace)
    try:
        grace = served.sign_in(GRACE)
        page = grace.get("/ask")
        assert 'id="no-workers"' in page.text
        listed = grace.get("/requests")
        assert "queued for a worker: job todo" in listed.text
        api = grace.get("/api/v1/requests").json()
        item = next(i for i in api["items"] if i["request_id"] == view.request_id)
        assert item["queued_for_worker"] is True
        assert item["job"]["status"] == "todo"
        assert item["job"]["worker_seen"] is False

        cli = [sys.executable, "-c", "from mailwarden.cli.main import main; main()", "requests", "list"]
        table = subprocess.run(cli, env={**home.env, "COLUMNS": "200"}, capture_output=True, text=True)
        assert table.returncode == 0, table.stderr
        row = next(line for line in table.stdout.splitlines() if short in line)
        assert "approved (queued: todo)" in row
        assert "no worker has been seen lately" in table.stdout
        as_json = subprocess.run([*cli, "--json"], env=home.env, capture_output=True, text=True)
        listed_json = next(i for i in json.loads(as_json.stdout) if i["request_id"] == view.request_id)
        assert listed_json["job"]["status"] == "todo"

        home.start_worker()
        deadline = time.monotonic() + 60
        while 'id="no-workers"' in grace.get("/ask").text:
            assert time.monotonic() < deadline, home.logs()
            time.sleep(0.2)
    finally:
        context.__exit__(None, None, None)  # type: ignore[attr-defined]
        workspace.close()
