"""A cap on every request body, enforced before anything else reads it (sign-in, CSRF, routes).

A body whose Content-Length is over the cap is answered 413 at once, without reading it and before
authentication runs, so an anonymous client cannot make the app parse (or spool to disk) more than the cap.
A body sent without Content-Length (chunked) is counted as it streams; when the count passes the cap, the
read raises a 413 HTTPException, which the app's error handlers answer like any other (problem+json on the
API, the error page on the pages) while the rest of the body is never read.
"""

from __future__ import annotations

import json

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mailwarden.api.problems import PROBLEM_JSON, Problem

__all__ = ["MAX_BODY_BYTES", "BodySizeLimit"]

MAX_BODY_BYTES = 12 * 1024 * 1024
"""Two attachments at their 5 MB limit, and the form around them."""


def _detail(limit: int) -> str:
    return (
        f"The request body is larger than {limit // (1024 * 1024)} MB, so it was not read. Attach smaller "
        "files (at most 5 MB each), or split the request."
    )


class BodySizeLimit:
    """Refuse request bodies larger than `max_bytes` (413), declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _refuse(scope, send, self.max_bytes)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # fastapi's HTTPException: FastAPI re-raises it from body parsing (any other error
                    # there becomes a 400), and the app's handler answers it as a 413 problem or page.
                    raise HTTPException(413, _detail(self.max_bytes))
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    path = str(scope.get("path", ""))
    if path.startswith("/api/"):
        body = json.dumps(
            Problem(413, "request-too-large", "Request too large", _detail(limit)).body()
        ).encode()
        media = PROBLEM_JSON.encode()
    else:
        body = (
            "<!doctype html><html lang=en><meta charset=utf-8><title>Request too large</title>"
            f"<h1>Request too large</h1><p>{_detail(limit)}</p><p><a href=/ask>Back to Ask</a></p></html>"
        ).encode()
        media = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", media),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
