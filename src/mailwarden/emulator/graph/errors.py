"""Graph's error bodies and the route class that turns `GraphError` into them.

Every Graph response carries `request-id` and `client-request-id` headers; an error body is

    {"error": {"code": "...", "message": "...",
               "innerError": {"date": "...", "request-id": "...", "client-request-id": "..."}}}

Handlers raise `GraphError` (or call one of the constructors below) and `GraphRoute` writes the body, so
no handler builds an error response by hand.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

NOT_FOUND_TEXT = (
    "Resource '{}' does not exist or one of its queried reference-property objects are not present."
)
INSUFFICIENT_PRIVILEGES = "Insufficient privileges to complete the operation."
# Graph refuses membership writes on groups Exchange owns with this sentence (observed verbatim in
# microsoftgraph/microsoft-graph-docs#14827 and CIPP's Add-CIPPGroupMember).
EXCHANGE_OWNED_GROUP = "Cannot Update a mail-enabled security groups and or distribution list."
# A Microsoft 365 group's members are users only ("Add members", learn.microsoft.com/graph/api/
# group-post-members: security groups, Microsoft 365 groups, devices, service principals and organizational
# contacts "Cannot be group member" of a Microsoft 365 group). A Microsoft 365 group added to one is
# refused with this text (observed verbatim in microsoftgraph/microsoft-graph-docs#11629); the wording for
# the other kinds is not in our sources, so the emulator says it in the same form.
UNIFIED_IN_UNIFIED = (
    "Unified Groups cannot be added to Unified Groups. paramName: Members, paramValue: , "
    "objectType: Microsoft.Online.DirectoryServices.Group"
)
ONLY_USERS_IN_UNIFIED = (
    "Only users can be added to Unified Groups. paramName: {}, paramValue: , objectType: {}"
)
ALREADY_MEMBER = (
    "One or more added object references already exist for the following modified properties: '{}'."
)


class GraphError(Exception):
    """A Graph failure: the HTTP status, Graph's error code and its message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        super().__init__(f"{status} {code}: {message}")


def not_found(resource: str) -> GraphError:
    return GraphError(404, "Request_ResourceNotFound", NOT_FOUND_TEXT.format(resource))


def bad_request(message: str, code: str = "Request_BadRequest") -> GraphError:
    return GraphError(400, code, message)


def unsupported_query(message: str) -> GraphError:
    return GraphError(400, "Request_UnsupportedQuery", message)


def forbidden() -> GraphError:
    return GraphError(403, "Authorization_RequestDenied", INSUFFICIENT_PRIVILEGES)


def unauthorized(message: str) -> GraphError:
    # Graph names the authority and its own app id in the challenge, as Microsoft's resource servers do.
    challenge = (
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", '
        'client_id="00000003-0000-0000-c000-000000000000"'
    )
    return GraphError(401, "InvalidAuthenticationToken", message, {"WWW-Authenticate": challenge})


def request_ids(request: Request) -> tuple[str, str]:
    """This request's id, and the client's correlation id (echoed, or the request id when absent)."""
    rid = getattr(request.state, "graph_request_id", None)
    if rid is None:
        rid = str(uuid.uuid4())
        request.state.graph_request_id = rid
    return rid, request.headers.get("client-request-id") or rid


def error_response(request: Request, error: GraphError) -> JSONResponse:
    rid, cid = request_ids(request)
    body = {
        "error": {
            "code": error.code,
            "message": error.message,
            "innerError": {
                "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
                "request-id": rid,
                "client-request-id": cid,
            },
        }
    }
    return JSONResponse(body, status_code=error.status, headers=error.headers)


class GraphRoute(APIRoute):
    """An APIRoute that answers `GraphError` with Graph's error body and stamps Graph's id headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def graph_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except GraphError as exc:
                response = error_response(request, exc)
            except RequestValidationError:
                # Malformed bodies reach FastAPI's validator only when a handler declares a model;
                # Graph words every such failure the same way.
                response = error_response(request, bad_request("Invalid request.", "BadRequest"))
            rid, cid = request_ids(request)
            response.headers.setdefault("request-id", rid)
            response.headers.setdefault("client-request-id", cid)
            return response

        return graph_handler
