"""`mailwarden serve` on PostgreSQL with a tenant never discovered: the server reads nothing of the directory
itself, queues one discovery for a worker, says "directory being discovered" meanwhile, and serves once the
worker's discovery is in the database."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from sqlalchemy import func, select, text

from mailwarden.jobs.queue import QUEUE_SCHEMA
from mailwarden.settings import load_settings
from mailwarden.store.tables import DiscoveryRunRow
from mailwarden.workspace import Workspace
from tests.jobs.conftest import Home
from tests.jobs.test_serve_on_queue import _served
from tests.jobs.test_worker import GRACE

pytestmark = [pytest.mark.slow]

_DISCOVER_JOBS = text(
    f"SELECT status::text FROM {QUEUE_SCHEMA}.procrastinate_jobs "  # nosec B608 - constants
    "WHERE args->>'job' = 'discover' AND args->>'tenant_key' = 'demo'"
)


def _directory_reads(home: Home, since: float) -> list[str]:
    return [
        r.path
        for r in home.emulator.faults.requests("graph")
        if r.time >= since and r.path.split("?")[0] in ("/v1.0/users", "/v1.0/groups")
    ]


def test_serve_leaves_a_first_discovery_to_a_worker_and_says_so_meanwhile(
    pg_home: Callable[..., Home],
) -> None:
    home = pg_home()
    workspace = Workspace.open(load_settings(home.env))
    started = time.monotonic()
    served, context = _served(home, workspace)
    try:
        assert _directory_reads(home, started) == []  # the server started without discovering
        with workspace.store.session() as session:
            assert list(session.scalars(_DISCOVER_JOBS)) == ["todo"]

        with served.client() as http:
            api = http.get("/api/v1/me")
            assert api.status_code == 503, api.text
            assert api.json()["type"] == "urn:mailwarden:problem:directory-being-discovered"
            assert "No worker has been seen lately" in api.json()["detail"]
            assert int(api.headers["retry-after"]) > 0
            page = http.get("/auth/login")
            assert page.status_code == 503
            assert "Directory being discovered" in page.text

        home.start_worker()
        deadline = time.monotonic() + 90
        with served.client() as http:
            while http.get("/auth/login").status_code == 503:
                assert time.monotonic() < deadline, home.logs()
                time.sleep(0.2)
        grace = served.sign_in(GRACE)
        assert grace.get("/ask").status_code == 200
        with workspace.store.session() as session:
            runs = session.scalar(select(func.count()).select_from(DiscoveryRunRow))
            assert list(session.scalars(_DISCOVER_JOBS)) == ["succeeded"]
        assert runs == 1  # the worker's, once
    finally:
        context.__exit__(None, None, None)  # type: ignore[attr-defined]
        workspace.close()
