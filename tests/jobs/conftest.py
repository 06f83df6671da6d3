"""Worker tests: real `mailwarden worker` processes on a throwaway PostgreSQL database of their own, against
the Acme emulator served from this test's data folder (found through its running file, as `mailwarden
demo` leaves it). Skipped without MAILWARDEN_TEST_POSTGRES_URL (scripts/with-postgres sets it)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mailwarden.data_folder import write_private
from mailwarden.demo_tenant import RUNNING_FILE
from mailwarden.settings import load_settings
from mailwarden.testing import RunningEmulator, running_emulator
from mailwarden.workspace import Workspace
from tests.databases import POSTGRES_URL, _postgres_database


@pytest.fixture(autouse=True)
def _needs_postgres() -> None:
    """`pytestmark` in a conftest marks nothing: without this every worker test failed on a fresh machine
    with no PostgreSQL (the README's `make test` outside `scripts/with-postgres`)."""
    if not POSTGRES_URL:
        pytest.skip("set MAILWARDEN_TEST_POSTGRES_URL to test workers (scripts/with-postgres does)")


_SRC = Path(__file__).resolve().parents[2] / "src"


@dataclass
class Home:
    """A data folder whose database is PostgreSQL, and the environment a worker process gets."""

    path: Path
    env: dict[str, str]
    emulator: RunningEmulator
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def workspace(self) -> Workspace:
        return Workspace.open(load_settings(self.env))

    def start_worker(self, *args: str) -> subprocess.Popen[bytes]:
        log = (self.path / f"worker-{len(self.workers)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-c", "from mailwarden.cli.main import main; main()", "worker", *args],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.path.glob("worker-*.log")))


@pytest.fixture
def pg_home(tmp_path: Path) -> Iterator[Callable[..., Home]]:
    """Make a Home: its own database (so two test runs at once never meet) and a served emulator."""
    opened: list[tuple[Home, Iterator[str], object]] = []

    def make(*, latency_ms: int = 0, users: int = 0, **env: str) -> Home:
        databases = _postgres_database()
        url = next(databases)
        path = tmp_path / "home"
        emulator_cm = running_emulator(path / "emulator", users=users, latency_ms=latency_ms)
        em = emulator_cm.__enter__()
        write_private(path / "emulator" / RUNNING_FILE, json.dumps({k: str(v) for k, v in em.info().items()}))
        environ = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(_SRC),
            "MAILWARDEN_HOME": str(path),
            "MAILWARDEN_DATABASE_URL": url,
            "MAILWARDEN_WORKER_HEARTBEAT_SECONDS": "1",
            "MAILWARDEN_JOB_RETRY_SECONDS": "1",
            "MAILWARDEN_WORKER_POLL_SECONDS": "0.5",  # a retry 1 s away is taken then, not 5 s later
            **env,
        }
        home = Home(path=path, env=environ, emulator=em)
        opened.append((home, databases, emulator_cm))
        return home

    yield make
    for home, databases, emulator_cm in opened:
        for process in home.workers:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        emulator_cm.__exit__(None, None, None)  # type: ignore[attr-defined]
        next(databases, None)  # drops the database
