"""Serve the emulator over HTTPS on a loopback port, in a background thread of this process.

    with running_emulator(Path("state")) as em:
        em.url, em.ca_file, em.tenant_id, em.client_id, em.client_secret, em.certificate_file
        em.faults.throttle("graph", budget=10, window_s=1)
        em.state   # the TenantState the server answers from

The state folder holds the tenant (`tenant.json`), the TLS files and the demo app's certificate; a second
start on the same folder finds the same tenant, credentials and signing key.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from mailwarden.data_folder import private_dir
from mailwarden.emulator import seed, tokens
from mailwarden.emulator.app import create_emulator_app
from mailwarden.emulator.credentials import CLIENT_CERT_FILE, ensure_demo_app
from mailwarden.emulator.faults import ABORT_CONNECTION, Faults
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.tls import ensure_certificates

TENANT_FILE = "tenant.json"
_STARTUP_TIMEOUT_S = 20.0
_SHUTDOWN_TIMEOUT_S = 10.0


class EmulatorStartError(RuntimeError):
    """The emulator's server did not come up (port in use, bad certificate files, ...)."""


@dataclass
class RunningEmulator:
    """A served emulator: where it listens, how to trust it, and the credentials of its demo app."""

    url: str
    ca_file: Path
    tenant_id: str
    tenant_domain: str
    client_id: str
    # repr=False: a test failure or a log line that prints the emulator must not print its secret.
    client_secret: str = field(repr=False)
    certificate_file: Path
    state: TenantState
    faults: Faults
    state_dir: Path
    asgi_app: Any = field(default=None, repr=False, compare=False)
    """The served ASGI app (tests reach its `app.state`, e.g. `device_code_timing`)."""

    def info(self) -> dict[str, str]:
        """What a client needs to connect, as the `mailwarden emulator` command prints it."""
        return {
            "url": self.url,
            "ca_file": str(self.ca_file),
            "tenant_id": self.tenant_id,
            "tenant_domain": self.tenant_domain,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "certificate_file": str(self.certificate_file),
        }

    def ssl_context(self) -> ssl.SSLContext:
        """A client TLS context that trusts this emulator (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.ca_file))


class _DroppableH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, letting the app abort the TCP connection (fault injection)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        inner = self.app

        async def app_with_abort(scope: Any, receive: Any, send: Any) -> None:
            scope[ABORT_CONNECTION] = self._abort_connection
            await inner(scope, receive, send)

        self.app = app_with_abort

    def shutdown(self) -> None:
        idle = self.cycle is None or self.cycle.response_complete
        super().shutdown()
        if idle:
            # A TLS close waits for the peer's close_notify; an idle keep-alive client never sends it,
            # which would hold the server's shutdown for its whole grace period.
            self.transport.abort()

    def _abort_connection(self) -> None:
        # abort(), unlike close(), discards buffered output: the client sees the connection end, no bytes.
        self.transport.abort()


def open_state(state_dir: Path, *, users: int = 0, shared: int = 0, lists: int = 0) -> TenantState:
    """The tenant persisted in `state_dir`, seeded from the Acme fixture on first use, with its keys."""
    state = TenantState.load_or_create(state_dir / TENANT_FILE, lambda: seed.acme(users, shared, lists))
    with state.transaction():
        tokens.ensure_signing_key(state)
    return state


@contextlib.contextmanager
def running_emulator(
    state_dir: Path,
    *,
    users: int = 0,
    shared: int = 0,
    lists: int = 0,
    latency_ms: int = 0,
    port: int = 0,
    faults: Faults | None = None,
) -> Iterator[RunningEmulator]:
    """Serve the emulator on https://127.0.0.1:`port` (ephemeral when 0) until the block ends.

    `faults` lets a caller arm faults that apply from the very first request.
    """
    state_dir = private_dir(Path(state_dir))
    tls = ensure_certificates(state_dir)
    state = open_state(state_dir, users=users, shared=shared, lists=lists)
    app = ensure_demo_app(state, state_dir)
    faults = faults if faults is not None else Faults()
    if latency_ms:
        faults.latency("all", latency_ms)

    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted connections only when the listening socket
    # names its protocol; without it Nagle's algorithm adds ~40 ms to every response.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise EmulatorStartError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from exc
    bound_port = sock.getsockname()[1]
    asgi_app = create_emulator_app(state, faults)
    config = uvicorn.Config(
        asgi_app,
        http=_DroppableH11Protocol,
        ssl_certfile=str(tls.cert_file),
        ssl_keyfile=str(tls.key_file),
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    failure: list[BaseException] = []

    def serve() -> None:
        try:
            asyncio.run(server.serve(sockets=[sock]))
        except BaseException as exc:  # noqa: BLE001 - reported to the starting thread below
            failure.append(exc)

    thread = threading.Thread(target=serve, name=f"mailwarden-emulator-{bound_port}", daemon=True)
    thread.start()
    secret = next((s.secret for s in app.secrets), "")
    emulator = RunningEmulator(
        url=f"https://127.0.0.1:{bound_port}",
        ca_file=tls.ca_file,
        tenant_id=state.tenant.id,
        tenant_domain=next(
            (d.name for d in state.data.domains if d.default and d.verified), state.tenant.initial_domain
        ),
        client_id=app.app_id,
        client_secret=secret,
        certificate_file=state_dir / CLIENT_CERT_FILE,
        state=state,
        faults=faults,
        state_dir=state_dir,
        asgi_app=asgi_app,
    )
    try:
        _wait_until_answering(emulator, server, thread, failure)
        yield emulator
    finally:
        server.should_exit = True
        thread.join(_SHUTDOWN_TIMEOUT_S)
        sock.close()


def _wait_until_answering(
    em: RunningEmulator, server: uvicorn.Server, thread: threading.Thread, failure: list[BaseException]
) -> None:
    """Return once the server listens with TLS and the app (uvicorn says so: `started` is set only after
    the certificate loaded and the socket accepts); fail if the server thread died or took too long.

    Asking the server over TLS instead (as this once did) cost every command a client TLS context and a
    handshake before its first real request, a tenth of a short command's time."""
    deadline = time.monotonic() + _STARTUP_TIMEOUT_S
    while not server.started:
        if failure or not thread.is_alive():
            raise EmulatorStartError(f"the emulator's server stopped while starting: {failure[:1]!r}")
        if time.monotonic() > deadline:
            raise EmulatorStartError(f"the emulator did not answer at {em.url} within {_STARTUP_TIMEOUT_S} s")
        time.sleep(0.005)
