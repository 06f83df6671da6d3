"""Benchmark: time from submitting a request on the Ask page to having its preview page in hand.

The web app is served over HTTP on loopback (uvicorn in a thread), connected to the demo tenant emulator
over HTTPS, in a temporary data folder; a client signs in as Tom Becker through the emulator's sign-in
page, then submits the Ask form N times and follows the redirect to the request's preview page. Each
sample is POST /ask → 303 → GET /requests/{id} (previewed, decided by policy, stored) until the preview
HTML is received. Printed: p50, p90, min and max in milliseconds, for the structured form and the
plain-language text box.

    .venv/bin/python scripts/bench_web.py [--requests N] [--latency MS]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import uvicorn

from mailwarden.api.app import create_app
from mailwarden.connectors.connection import CertificateCredential, TenantConnection
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.settings import load_settings
from mailwarden.testing import RunningEmulator, running_emulator
from mailwarden.workspace import Workspace

SUMMARY = "Tom Becker will be able to send as Support"


@contextlib.contextmanager
def serve(app: object) -> Iterator[str]:
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


def sign_in(url: str, em: RunningEmulator, address: str) -> tuple[httpx.Client, str]:
    http = httpx.Client(base_url=url, trust_env=False, timeout=60)
    authorize = http.get("/auth/login").headers["location"]
    user = em.state.by_address(address)
    assert user is not None
    with httpx.Client(verify=em.ssl_context(), trust_env=False) as idp:
        params = dict(parse_qsl(urlsplit(authorize).query))
        chosen = idp.post(authorize.split("?")[0], data={**params, "login_hint": user.id})
    http.get(chosen.headers["location"])
    return http, http.get("/api/v1/me").json()["csrf_token"]


def sample(http: httpx.Client, form: dict[str, str]) -> float:
    start = time.perf_counter()
    posted = http.post("/ask", data=form)
    page = http.get(posted.headers["location"])
    elapsed = time.perf_counter() - start
    if SUMMARY not in page.text:
        raise SystemExit(f"the preview page did not show the preview: {page.status_code} {page.text[:300]}")
    return elapsed * 1000


def report(name: str, times: list[float]) -> None:
    times.sort()
    p90 = times[max(0, int(len(times) * 0.9) - 1)]
    print(
        f"{name:<12} n={len(times):<4} p50={statistics.median(times):7.1f} ms  p90={p90:7.1f} ms  "
        f"min={times[0]:7.1f} ms  max={times[-1]:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--latency", type=int, default=0, help="Emulator latency per call, in ms.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        with running_emulator(Path(tmp) / "emulator", latency_ms=args.latency) as em:
            connection = TenantConnection(
                endpoints=emulator_endpoints(em.url),
                tenant_id=em.tenant_id,
                client_id=em.client_id,
                credential=CertificateCredential.from_file(em.certificate_file),
                ca_file=em.ca_file,
            )
            settings = load_settings({"MAILWARDEN_HOME": str(home)})
            workspace = Workspace.open(settings)
            try:
                app = create_app(settings, workspace=workspace, connection=connection)
                with serve(app) as url:
                    http, csrf = sign_in(url, em, "tom.becker@acme.com")
                    structured = {
                        "csrf_token": csrf,
                        "action": "send_as",
                        "change": "grant",
                        "mailbox": "support@acme.com",
                        "trustee": "me",
                    }
                    text = {"csrf_token": csrf, "text": "Give me Send As on support@acme.com"}
                    sample(http, structured)  # warm-up: first use of caches and connections
                    print(f"emulator latency {args.latency} ms; submit → preview page, over HTTP on loopback")
                    report("structured", [sample(http, structured) for _ in range(args.requests)])
                    report("text", [sample(http, text) for _ in range(args.requests)])
                    http.close()
            finally:
                workspace.close()


if __name__ == "__main__":
    main()
