"""`mailwarden serve` believes X-Forwarded-Proto/For only from the proxies it is told to trust: from anyone
else a client could claim https (and so a Secure cookie, https redirects) or any address for itself. Served
over real HTTP by uvicorn with the configuration `serve` uses."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import uvicorn

from mailwarden.cli.serve_cmd import server_config


async def _echo(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """What the app is told about the request: its scheme and the client's address."""
    if scope["type"] != "http":
        return
    body = f"{scope['scheme']} {scope['client'][0]}".encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": body})


@contextlib.contextmanager
def _served(trust_proxy: str) -> Iterator[str]:
    server = uvicorn.Server(server_config(_echo, "127.0.0.1", 0, trust_proxy=trust_proxy))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}


def test_a_trusted_proxys_forwarded_scheme_and_client_are_believed() -> None:
    with _served("127.0.0.1") as url:
        assert httpx.get(url, headers=FORWARDED).text == "https 203.0.113.9"


def test_forwarded_headers_from_anyone_not_named_are_ignored() -> None:
    with _served("10.0.0.5") as url:
        assert httpx.get(url, headers=FORWARDED).text == "http 127.0.0.1"
