"""The web app served over real HTTP on a loopback port (uvicorn in a thread), signed in as Acme people
through the emulator's real OpenID Connect sign-in. Shared by the API, schema and browser tests."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import uvicorn
from fastapi import FastAPI

from mailwarden.api.app import create_app
from mailwarden.emulator.serve import _PromptServer as PromptServer
from mailwarden.settings import load_settings
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace
from tests.conftest import emulator_connection


@contextlib.contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Serve `app` (with its lifespan) on http://127.0.0.1:<free port> until the block ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # (the emulator's server: it stops when asked, where uvicorn's looks at its exit flag every 0.1 s and
    # sleeps another 0.1 s on shutdown before it looks at the connections; a fifth of a second a test)
    server = PromptServer(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=1,
            # uvicorn closes an idle connection after 5 s; a test's client that waited longer (a browser
            # step on a loaded machine) could send its next POST into the closing socket: reset by peer.
            timeout_keep_alive=300,
        )
    )
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web app did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.exit_now()
        thread.join(10)
        sock.close()


@dataclass
class Person:
    """A signed-in browser without a browser: its cookie jar and the session's CSRF token."""

    address: str
    http: httpx.Client
    csrf: str
    landed: str = "/ask"
    """Where the sign-in sent the browser."""

    def post(self, url: str, *, csrf: bool = True, **kwargs: object) -> httpx.Response:
        headers = {"X-CSRF-Token": self.csrf} if csrf else {}
        return self.http.post(url, headers=headers, **kwargs)  # type: ignore[arg-type]

    def get(self, url: str, **kwargs: object) -> httpx.Response:
        return self.http.get(url, **kwargs)  # type: ignore[arg-type]


@dataclass
class ServedApp:
    url: str
    app: FastAPI
    emulator: RunningEmulator
    workspace: Workspace

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, trust_env=False, timeout=30, follow_redirects=False)

    def sign_in(self, address: str, next: str | None = "/ask", http: httpx.Client | None = None) -> Person:
        """Sign in as `address` the way a browser does: app → emulator's sign-in page → choose → back.
        `next=None` is the sign-in button with no page to return to; `http` a browser that holds cookies
        already (a fresh one when None)."""
        http = http or self.client()
        start = http.get("/auth/login", params={"next": next} if next else {})
        assert start.status_code == 302, start.text
        authorize = start.headers["location"]
        user = self.emulator.state.by_address(address)
        assert user is not None, address
        with httpx.Client(verify=self.emulator.ssl_context(), trust_env=False, timeout=30) as idp:
            page = idp.get(authorize)
            assert page.status_code == 200, page.text[:300]
            assert user.display_name in page.text
            params = dict(parse_qsl(urlsplit(authorize).query))
            chosen = idp.post(authorize.split("?")[0], data={**params, "login_hint": user.id})
        assert chosen.status_code == 302, chosen.text
        back = http.get(chosen.headers["location"])
        assert back.status_code == 303, back.text
        me = http.get("/api/v1/me").json()
        return Person(address=address, http=http, csrf=me["csrf_token"], landed=back.headers["location"])


@contextlib.contextmanager
def served_app(emulator: RunningEmulator, home: Path) -> Iterator[ServedApp]:
    """A fresh workspace in `home`, the app connected to the test session's emulator."""
    settings = load_settings({"MAILWARDEN_HOME": str(home)})
    workspace = Workspace.open(settings)
    try:
        app = create_app(settings, workspace=workspace, connection=emulator_connection(emulator))
        with serve(app) as url:
            yield ServedApp(url=url, app=app, emulator=emulator, workspace=workspace)
    finally:
        workspace.close()
