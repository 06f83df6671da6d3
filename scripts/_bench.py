"""What the benchmarks beside this file share: the demo tenant's emulator with the web app served over HTTP
on loopback, a person signed in through the emulator's sign-in page, a generated tenant's emulator in
a process of its own (so its work and memory are not the measured process's), and a throwaway PostgreSQL
database."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, for tests.databases

from tests.databases import throwaway_postgres_database

from mailwarden.api.app import create_app
from mailwarden.connectors.connection import CertificateCredential, TenantConnection
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.settings import load_settings
from mailwarden.testing import RunningEmulator, running_emulator
from mailwarden.workspace import Workspace


@contextlib.contextmanager
def serve(app: object) -> Iterator[str]:
    """`app` (with its lifespan) on http://127.0.0.1:<free port> until the block ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))  # type: ignore[arg-type]
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextlib.contextmanager
def served_demo(latency_ms: int) -> Iterator[tuple[RunningEmulator, str]]:
    """The demo tenant's emulator at `latency_ms` per call, and the web app on a fresh data folder (the
    demo's notification settings apply) connected to it: (emulator, app URL)."""
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        em = stack.enter_context(running_emulator(tmp / "emulator", latency_ms=latency_ms))
        connection = TenantConnection(
            endpoints=emulator_endpoints(em.url),
            tenant_id=em.tenant_id,
            client_id=em.client_id,
            credential=CertificateCredential.from_file(em.certificate_file),
            ca_file=em.ca_file,
        )
        settings = load_settings({"MAILWARDEN_HOME": str(tmp / "home")})
        workspace = Workspace.open(settings)
        stack.callback(workspace.close)
        yield em, stack.enter_context(serve(create_app(settings, workspace=workspace, connection=connection)))


def sign_in(url: str, em: RunningEmulator, address: str) -> tuple[httpx.Client, str]:
    """A client signed in as `address` the way a browser is, and its session's CSRF token."""
    http = httpx.Client(base_url=url, trust_env=False, timeout=60)
    authorize = http.get("/auth/login").headers["location"]
    user = em.state.by_address(address)
    assert user is not None
    with httpx.Client(verify=em.ssl_context(), trust_env=False) as idp:
        params = dict(parse_qsl(urlsplit(authorize).query))
        chosen = idp.post(authorize.split("?")[0], data={**params, "login_hint": user.id})
    http.get(chosen.headers["location"])
    return http, http.get("/api/v1/me").json()["csrf_token"]


@contextlib.contextmanager
def generated_emulator(
    state_dir: Path, *, users: int, shared: int, lists: int, latency_ms: int
) -> Iterator[TenantConnection]:
    """`mailwarden emulator` in its own process on a generated tenant; the connection to it."""
    command = [
        str(Path(sys.executable).with_name("mailwarden")),
        "emulator",
        "--state",
        str(state_dir),
        "--users",
        str(users),
        "--shared",
        str(shared),
        "--lists",
        str(lists),
        "--latency",
        str(latency_ms),
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603 - our own CLI
    try:
        assert server.stdout is not None
        info = json.loads(server.stdout.readline())
        yield TenantConnection(
            endpoints=emulator_endpoints(info["url"]),
            tenant_id=info["tenant_id"],
            client_id=info["client_id"],
            credential=CertificateCredential.from_file(info["certificate_file"]),
            ca_file=info["ca_file"],
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=120)  # a large tenant's state file may still be being saved
        except subprocess.TimeoutExpired:
            server.kill()


def report(name: str, times: list[float], *, percentile: int, width: int) -> None:
    """One line of a latency benchmark: the median, the `percentile`th, the least and the most, in ms."""
    times = sorted(times)
    high = times[max(0, round(len(times) * percentile / 100) - 1)]
    print(
        f"{name:<{width}} n={len(times):<4} p50={statistics.median(times):7.1f} ms  "
        f"p{percentile}={high:7.1f} ms  min={times[0]:7.1f} ms  max={times[-1]:7.1f} ms"
    )


def generated_tenant_arguments(parser: argparse.ArgumentParser, *, latency_ms: int) -> None:
    """The size of the generated tenant (`generated_emulator`) and its emulated latency per request."""
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--shared", type=int, default=2_000)
    parser.add_argument("--lists", type=int, default=1_000)
    parser.add_argument("--latency", type=int, default=latency_ms, help="Emulator latency per call, in ms.")


@contextlib.contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A database of its own on the PostgreSQL server at `server_url`, dropped afterwards (its URL)."""
    yield from throwaway_postgres_database(server_url, prefix="mailwarden_bench")
