"""Notification tests: the workflow's store and clock (tests/workflow), the emulated tenant's mailboxes,
and a local Teams webhook receiver (a real HTTP server on loopback)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.workflow.conftest import flow, store  # noqa: F401 - the workflow's fixtures


@dataclass
class WebhookReceiver:
    """Stands in for a Teams channel's workflow webhook: records each POST, answers `status`."""

    url: str
    posts: list[dict[str, Any]] = field(default_factory=list)
    status: int = 202


@pytest.fixture
def teams() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            receiver.posts.append({"path": self.path, "body": json.loads(self.rfile.read(length) or b"null")})
            self.send_response(receiver.status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/workflows/abc/triggers/manual/paths/invoke?sig=SECRETSIG"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
