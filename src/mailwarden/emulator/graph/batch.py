"""`POST /$batch`: up to 20 requests in one call, with `dependsOn` ordering.

Each sub-request goes through the emulator's own ASGI app in process — the same routes, auth checks,
faults and journal as a direct call — with the batch's `Authorization` header. A request whose
dependency failed is not run and answers 424. Responses come back in a `responses` array, each with
its `id`, `status`, `headers` and `body`, in an order of their own: Graph runs the requests of a batch
in parallel and answers "Responses to the batched requests might appear in a different order. The id
property can be used to correlate individual requests and responses." (learn.microsoft.com/graph/
json-batching). The emulator never answers in request order (batch_order.py), so a client that pairs
answers with requests by position is caught.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from starlette.types import Message

from mailwarden.emulator.batch_order import answer_order
from mailwarden.emulator.faults import BATCH_ITEM
from mailwarden.emulator.graph.auth import authenticate, tenant_state
from mailwarden.emulator.graph.errors import GraphRoute, bad_request
from mailwarden.emulator.state import TenantState

router = APIRouter(route_class=GraphRoute)

MAX_REQUESTS = 20
_METHODS = frozenset({"GET", "POST", "PATCH", "PUT", "DELETE"})
# Headers of the batch itself that every sub-request inherits.
_INHERITED = ("authorization", "host")

SubResponse = dict[str, Any]


def _validated(body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, dict) or not isinstance(body.get("requests"), list):
        raise bad_request("Invalid batch payload format.", "BadRequest")
    requests: list[dict[str, Any]] = body["requests"]
    if len(requests) > MAX_REQUESTS:
        # Graph's exact wording for an oversized batch is not in our sources; the limit is documented.
        raise bad_request(
            f"The batch contains {len(requests)} requests; the maximum is {MAX_REQUESTS}.", "BadRequest"
        )
    ids: set[str] = set()
    for sub in requests:
        if not isinstance(sub, dict) or not all(isinstance(sub.get(k), str) for k in ("id", "method", "url")):
            raise bad_request("Each batch request needs an 'id', a 'method' and a 'url'.", "BadRequest")
        if sub["id"] in ids:
            raise bad_request(f"Batch request ids must be unique; '{sub['id']}' is repeated.", "BadRequest")
        if sub["method"].upper() not in _METHODS:
            raise bad_request(
                f"Unsupported method '{sub['method']}' in batch request '{sub['id']}'.", "BadRequest"
            )
        ids.add(sub["id"])
    for sub in requests:
        depends = sub.get("dependsOn") or []
        if not isinstance(depends, list) or any(d not in ids or d == sub["id"] for d in depends):
            raise bad_request(
                f"Batch request '{sub['id']}' depends on a request that is not in the batch.", "BadRequest"
            )
    _refuse_cycles({sub["id"]: list(sub.get("dependsOn") or []) for sub in requests})
    return requests


def _refuse_cycles(depends: dict[str, list[str]]) -> None:
    finished: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        if node in path:
            raise bad_request(f"Batch request '{node}' is part of a dependency cycle.", "BadRequest")
        if node not in finished:
            for dependency in depends[node]:
                visit(dependency, (*path, node))
            finished.add(node)

    for node in depends:
        visit(node, ())


async def _dispatch(request: Request, sub: dict[str, Any]) -> SubResponse:
    """Run one sub-request through the app, as if it had arrived on its own."""
    url: str = sub["url"]
    if "://" in url:
        return {
            "status": 400,
            "headers": {"Content-Type": "application/json"},
            "body": {"error": {"code": "BadRequest", "message": "Batch request URLs must be relative."}},
        }
    if not url.startswith("/"):
        url = "/" + url
    path, _, query = url.partition("?")
    payload = b""
    headers = [(k.encode(), v.encode()) for k, v in request.headers.items() if k in _INHERITED]
    sub_headers = {str(k).lower(): str(v) for k, v in (sub.get("headers") or {}).items()}
    if "body" in sub and sub["body"] is not None:
        body = sub["body"]
        payload = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        sub_headers.setdefault("content-type", "application/json")
    headers = [h for h in headers if h[0].decode() not in sub_headers]
    headers += [(k.encode(), v.encode()) for k, v in sub_headers.items()]
    headers.append((b"content-length", str(len(payload)).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": sub["method"].upper(),
        "scheme": request.url.scheme,
        "path": "/v1.0" + unquote(path),
        "raw_path": ("/v1.0" + path).encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": headers,
        "client": request.scope.get("client"),
        "server": request.scope.get("server"),
        # Its own budget and faults, but not the network's latency again (faults.py).
        BATCH_ITEM: (url + " " + payload.decode(errors="replace")).lower(),
    }
    sent_body = False

    async def receive() -> Message:
        nonlocal sent_body
        if sent_body:
            return {"type": "http.disconnect"}
        sent_body = True
        return {"type": "http.request", "body": payload, "more_body": False}

    status = 500
    response_headers: dict[str, str] = {}
    chunks: list[bytes] = []

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            for k, v in message.get("headers", []):
                if k.lower() != b"content-length":
                    response_headers[k.decode()] = v.decode()
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await request.scope["app"](scope, receive, send)
    result: SubResponse = {"status": status, "headers": response_headers}
    raw = b"".join(chunks)
    if raw:
        content_type = response_headers.get("content-type", "")
        result["body"] = json.loads(raw) if "json" in content_type else raw.decode()
    return result


def _failed_dependency(sub_id: str, dependency: str) -> SubResponse:
    return {
        "status": 424,
        "headers": {"Content-Type": "application/json"},
        "body": {
            "error": {
                "code": "FailedDependency",
                "message": f"Request '{sub_id}' was not run: its dependency '{dependency}' failed.",
            }
        },
    }


@router.post("/$batch")
async def run_batch(request: Request) -> Response:
    try:
        body = json.loads(await request.body() or b"null")
    except json.JSONDecodeError as exc:
        raise bad_request("Invalid batch payload format.", "BadRequest") from exc
    state = tenant_state(request)
    with state.pinned():
        return await _run_batch(request, state, body)


async def _run_batch(request: Request, state: TenantState, body: Any) -> Response:
    with state.transaction():
        authenticate(state, request)
    requests = _validated(body)
    by_id = {sub["id"]: sub for sub in requests}
    done: dict[str, SubResponse] = {}

    async def run(sub_id: str) -> SubResponse:
        if sub_id in done:
            return done[sub_id]
        sub = by_id[sub_id]
        outcome: SubResponse | None = None
        for dependency in sub.get("dependsOn") or []:
            if (await run(dependency))["status"] >= 400:
                outcome = _failed_dependency(sub_id, dependency)
                break
        if outcome is None:
            outcome = await _dispatch(request, sub)
        done[sub_id] = {"id": sub_id, **outcome}
        return done[sub_id]

    for sub in requests:
        await run(sub["id"])
    return JSONResponse({"responses": answer_order([done[sub["id"]] for sub in requests])})
