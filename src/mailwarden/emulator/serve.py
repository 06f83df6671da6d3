"""Serve the emulator over HTTPS on a loopback port, in a background thread of this process.

    with running_emulator(Path("state")) as em:
        em.url, em.ca_file, em.tenant_id, em.client_id, em.client_secret, em.certificate_file
        em.signin_url   # http://127.0.0.1:<port>: the browser-facing sign-in page only (see below)
        em.faults.throttle("graph", budget=10, window_s=1)
        em.state   # the TenantState the server answers from

The pages a browser is sent to, the sign-in page (GET/POST /{tenant}/oauth2/v2.0/authorize), the admin-consent
page (/{tenant}/v2.0/adminconsent) and the device-code page (/devicelogin), are also served over plain HTTP
on a second loopback port; the OpenID metadata names that address as `authorization_endpoint`, the device
flow's `verification_uri` points there, and mailwarden's consent links do (CloudEndpoints.browser_host):
the emulator's certificate authority is the demo's own, which no browser trusts, so an HTTPS page would
open every demo sign-in with a certificate warning. Only those pages are there: they show names, grant
consent to loopback redirect URIs, and approve single-use codes (the sign-in code bound to the client, its
loopback redirect URI and a PKCE challenge; the device code the device polls for); every code is
redeemed, and every token issued, over TLS only. Nothing leaves the machine (loopback on both ends), as
with the loopback redirect URIs of RFC 8252 that Entra ID itself accepts over plain HTTP.

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
from mailwarden.emulator.app import create_emulator_app, create_signin_page_app
from mailwarden.emulator.credentials import CLIENT_CERT_FILE, ensure_demo_app
from mailwarden.emulator.faults import ABORT_CONNECTION, Faults
from mailwarden.emulator.fleet import open_fleet, write_fleet_file
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
    others: list[TenantState] = field(default_factory=list, repr=False)
    """The generated tenants served beside the default one (`--tenants N`: N-1 of them)."""
    fleet_file: Path | None = None
    """Every tenant's connection details (`tenants.json`), when more than one is served."""
    signin_url: str = ""
    """The plain-HTTP loopback origin of the browser-facing sign-in page (empty: served over TLS only)."""
    asgi_app: Any = field(default=None, repr=False, compare=False)
    """The served ASGI app (tests reach its `app.state`, e.g. `device_code_timing`)."""
    server_state: Any = field(default=None, repr=False, compare=False)
    """uvicorn's count of the API server's requests and open connections (see `activity`)."""

    def activity(self) -> tuple[int, int]:
        """Requests answered so far and connections open now: the idle clock of a background emulator.

        uvicorn counts a request once its response is written, which may be just after the client read it:
        good for telling idle from busy, not for counting the requests one call sent (count those at the
        client)."""
        if self.server_state is None:
            return 0, 0
        return self.server_state.total_requests, len(self.server_state.connections)

    def info(self) -> dict[str, str | int]:
        """What a client needs to connect, as the `mailwarden emulator` command prints it."""
        many: dict[str, str | int] = {}
        if self.fleet_file is not None:
            many = {"tenants": 1 + len(self.others), "tenants_file": str(self.fleet_file)}
        return {
            **many,
            "url": self.url,
            "ca_file": str(self.ca_file),
            "tenant_id": self.tenant_id,
            "tenant_domain": self.tenant_domain,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "certificate_file": str(self.certificate_file),
            "signin_url": self.signin_url,
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
    tenants: int = 1,
    mailboxes: int = 500,
    signin_page: bool = True,
) -> Iterator[RunningEmulator]:
    """Serve the emulator on https://127.0.0.1:`port` (ephemeral when 0) until the block ends.

    `faults` lets a caller arm faults that apply from the very first request. With `tenants` above 1, the
    Acme tenant is served with `tenants - 1` generated ones of `mailboxes` mailboxes each (fleet.py). With
    `signin_page` the browser-facing sign-in page is served over plain HTTP on another loopback port too
    (module docstring).
    """
    state_dir = private_dir(Path(state_dir))
    tls = ensure_certificates(state_dir)
    state = open_state(state_dir, users=users, shared=shared, lists=lists)
    app = ensure_demo_app(state, state_dir)
    others = open_fleet(state_dir, tenants, mailboxes, state.data.signing_key_pem) if tenants > 1 else []
    fleet_file = write_fleet_file(state_dir, [state, *others]) if others else None
    faults = faults if faults is not None else Faults()
    if latency_ms:
        faults.latency("all", latency_ms)

    sock = _listen(port)
    bound_port = sock.getsockname()[1]
    asgi_app = create_emulator_app(state, faults, others)
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
    servers = [_Served(config, sock, f"mailwarden-emulator-{bound_port}")]
    signin_url = ""
    if signin_page:
        page_sock = _listen(0)
        signin_url = f"http://127.0.0.1:{page_sock.getsockname()[1]}"
        page_app = create_signin_page_app(asgi_app)
        # The metadata names the page's address, so every client sends the browser there.
        asgi_app.state.browser_signin_base = signin_url
        page_config = uvicorn.Config(
            page_app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=1
        )
        servers.append(_Served(page_config, page_sock, "mailwarden-emulator-signin"))
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
        others=others,
        fleet_file=fleet_file,
        signin_url=signin_url,
        asgi_app=asgi_app,
        server_state=servers[0].server.server_state,
    )
    try:
        for served in servers:
            served.start()
        _wait_until_answering(emulator, servers[0].server, servers[0].thread, servers[0].failure)
        if signin_page:
            servers[1].wait_started()
        yield emulator
    finally:
        for served in servers:  # all asked first, so they stop side by side
            served.ask_to_stop()
        for served in servers:
            served.stop()
        for tenant in (state, *others):  # the tenant files alone hold every change once it stops
            tenant.compact()


def _listen(port: int) -> socket.socket:
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted connections only when the listening socket
    # names its protocol; without it Nagle's algorithm adds ~40 ms to every response.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise EmulatorStartError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from exc
    return sock


class _PromptServer(uvicorn.Server):
    """A uvicorn server that stops as soon as it is asked to. uvicorn looks at its exit flag every 0.1 s
    and sleeps another 0.1 s on shutdown before it looks at the connections: a fifth of a second added to
    every command that serves the demo tenant for its own lifetime, and more on a loaded machine."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)

    def exit_now(self) -> None:
        """Ask the server to stop (from any thread); its loop wakes at once instead of at the next tick."""
        self.should_exit = True
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                loop.call_soon_threadsafe(wake.set)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # uvicorn's shutdown, polling what is still open every few milliseconds instead of every 0.1 s.
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (self.config.timeout_graceful_shutdown or _SHUTDOWN_TIMEOUT_S)
        while (self.server_state.connections or self.server_state.tasks) and not self.force_exit:
            if loop.time() > deadline:
                for task in self.server_state.tasks:
                    task.cancel(msg="Task cancelled, timeout graceful shutdown exceeded")
                break
            await asyncio.sleep(0.002)
        for server in self.servers:
            await server.wait_closed()
        if not self.force_exit:
            await self.lifespan.shutdown()


class _Served:
    """One uvicorn server on a bound socket, in a daemon thread."""

    def __init__(self, config: uvicorn.Config, sock: socket.socket, name: str) -> None:
        self.server = _PromptServer(config)
        self.sock = sock
        self.failure: list[BaseException] = []
        self.thread = threading.Thread(target=self._serve, name=name, daemon=True)

    def _serve(self) -> None:
        try:
            asyncio.run(self.server.serve(sockets=[self.sock]))
        except BaseException as exc:  # noqa: BLE001 - reported to the starting thread
            self.failure.append(exc)

    def start(self) -> None:
        self.thread.start()

    def wait_started(self) -> None:
        deadline = time.monotonic() + _STARTUP_TIMEOUT_S
        while not self.server.started:
            if self.failure or not self.thread.is_alive() or time.monotonic() > deadline:
                raise EmulatorStartError(f"the emulator's sign-in page did not start: {self.failure[:1]!r}")
            time.sleep(0.02)

    def ask_to_stop(self) -> None:
        self.server.exit_now()

    def stop(self) -> None:
        self.server.exit_now()
        if self.thread.is_alive():
            self.thread.join(_SHUTDOWN_TIMEOUT_S)
        self.sock.close()


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
