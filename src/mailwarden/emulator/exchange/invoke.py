"""The admin API's routes: InvokeCommand (POST, and GET for a nextLink) and $batch.

    POST /adminapi/beta/{tenant}/InvokeCommand[?$select=A,B]  {"CmdletInput": {"CmdletName", "Parameters"}}
    GET  /adminapi/beta/{tenant}/InvokeCommand?$skiptoken=..  a nextLink followed with GET (go-exoscc)
    POST /adminapi/beta/{tenant}/$batch                       {"requests": [{id, method, url, body, headers}]}

`{tenant}` is the tenant GUID or one of its verified domains. Paging: a cmdlet that takes ResultSize
(default 1000, or "Unlimited") outputs at most that many objects, in pages of min(ResultSize,
`Prefer: odata.maxpagesize=N`, default and ceiling 1000). The nextLink carries the offset and the cmdlet
input, so it works both re-POSTed with the same body (CIPP, the module) and fetched with GET. When
ResultSize cut the output short, the first page carries Exchange's "There are more results available ..."
warning.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from mailwarden.emulator import tenancy
from mailwarden.emulator.batch_order import answer_order
from mailwarden.emulator.exchange import cmdlets as _cmdlets  # noqa: F401  (registers every cmdlet)
from mailwarden.emulator.exchange.auth import Denied, authorize
from mailwarden.emulator.exchange.errors import CmdletError, forbidden_body
from mailwarden.emulator.exchange.params import Unlimited, bind
from mailwarden.emulator.exchange.rbac import check_switches, may_run
from mailwarden.emulator.exchange.registry import Call, find_cmdlet
from mailwarden.emulator.faults import Faults, Verdict, _error_body, _principal_and_tenant
from mailwarden.emulator.state import TenantState

router = APIRouter()

DEFAULT_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 1000
DEFAULT_RESULT_SIZE = 1000
MORE_RESULTS = (
    "There are more results available than are currently displayed. To view them, increase the "
    "value for the ResultSize parameter."
)


class _Reply:
    def __init__(self, status: int, body: Any, headers: Mapping[str, str] | None = None) -> None:
        self.status = status
        self.body = body
        self.headers = dict(headers or {})

    def response(self) -> Response:
        if self.body is None:
            return Response(status_code=self.status, headers=self.headers)
        return JSONResponse(self.body, status_code=self.status, headers=self.headers)


def _bad_request(message: str) -> _Reply:
    return _Reply(400, {"error": {"code": "BadRequest", "message": message}})


# ---- routes --------------------------------------------------------------------------------------


@router.post("/beta/{tenant}/InvokeCommand")
async def invoke_post(tenant: str, request: Request) -> Response:
    raw = await request.body()
    return await run_in_threadpool(_invoke, request, tenant, raw)


@router.get("/beta/{tenant}/InvokeCommand")
async def invoke_get(tenant: str, request: Request) -> Response:
    return await run_in_threadpool(_invoke, request, tenant, b"")


@router.post("/beta/{tenant}/$batch")
async def batch(tenant: str, request: Request) -> Response:
    raw = await request.body()
    return await run_in_threadpool(_batch, request, tenant, raw)


def _state(request: Request) -> TenantState:
    return tenancy.for_path(request)


def _invoke(request: Request, tenant: str, raw: bytes) -> Response:
    state = _state(request)
    with state.transaction():
        body = _parse(raw) if raw else None
        allowed = _check_caller(state, request.headers.get("authorization"), tenant, _cmdlet_name(body))
        if isinstance(allowed, _Reply):
            return allowed.response()
        reply = _run(
            state,
            allowed,
            str(request.base_url),
            tenant,
            body,
            dict(request.query_params),
            request.headers.get("prefer", ""),
        )
    return reply.response()


def _batch(request: Request, tenant: str, raw: bytes) -> Response:
    state = _state(request)
    base = str(request.base_url)
    with state.transaction():
        allowed = _check_caller(state, request.headers.get("authorization"), tenant, "$batch")
        if isinstance(allowed, _Reply):
            return allowed.response()
        body = _parse(raw)
        if not isinstance(body, dict) or not isinstance(body.get("requests"), list):
            return _bad_request("The batch request must be a JSON object with a 'requests' array.").response()
        faults = getattr(request.app.state, "faults", None)
        principal, tenant_key = _principal_and_tenant(request.scope, "exchange")
        responses = []
        for item in body["requests"]:
            refused = None
            if isinstance(faults, Faults):
                verdict = faults.decide("exchange", principal, tenant_key, item=json.dumps(item).lower())
                refused = _refused_item(item, verdict, request)
            responses.append(refused or _batch_item(state, allowed, base, item))
    # Answered in an order of their own, as Graph's JSON batching (which the admin API's $batch follows)
    # allows: correlate by id (batch_order.py).
    return JSONResponse({"responses": answer_order(responses)})


def _refused_item(item: Any, verdict: Verdict, request: Request) -> dict[str, Any] | None:
    """A batch item throttled (each cmdlet spends the tenant's budget, as on its own) or failed by a fault:
    answered inside the batch with its own status and Retry-After, the other items run as usual."""
    if verdict.action not in ("throttle", "fail"):
        return None
    raw, content_type = _error_body("exchange", verdict.status, request.scope, verdict.retry_after_s)
    headers = {"Content-Type": content_type}
    if verdict.action == "throttle":
        headers |= {"Retry-After": str(verdict.retry_after_s), **verdict.rate_headers}
    item_id = item.get("id") if isinstance(item, dict) else None
    return {"id": item_id, "status": verdict.status, "headers": headers, "body": json.loads(raw)}


def _batch_item(state: TenantState, allowed: frozenset[str], base: str, item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        return {"id": None, "status": 400, "body": _bad_request("A batch item must be an object.").body}
    parts = urlsplit(str(item.get("url", "")))
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[-1].lower() != "invokecommand":
        reply = _bad_request(f"The batch item url {item.get('url')!r} is not an InvokeCommand url.")
    else:
        headers = {str(k).lower(): str(v) for k, v in (item.get("headers") or {}).items()}
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        method = str(item.get("method", "POST")).upper()
        body = item.get("body") if method == "POST" else None
        if isinstance(body, str):
            body = _parse(body.encode())
        # OData gives each sub-request only its own headers: the outer Prefer does not reach it.
        reply = _run(state, allowed, base, segments[-2], body, query, headers.get("prefer", ""))
    return {
        "id": item.get("id"),
        "status": reply.status,
        "headers": {"Content-Type": "application/json"},
        "body": reply.body,
    }


# ---- one cmdlet ----------------------------------------------------------------------------------


def _cmdlet_name(body: Any) -> str:
    cmdlet_input = body.get("CmdletInput") if isinstance(body, dict) else None
    name = cmdlet_input.get("CmdletName") if isinstance(cmdlet_input, dict) else None
    return name if isinstance(name, str) else "InvokeCommand"


def _check_caller(
    state: TenantState, authorization: str | None, tenant: str, cmdlet: str
) -> _Reply | frozenset[str]:
    """The cmdlets the caller may run here, or the reply refusing it."""
    try:
        allowed = authorize(state, authorization)
    except Denied as denied:
        return _Reply(
            denied.status, None if denied.status == 401 else forbidden_body(cmdlet), denied.headers()
        )
    if not _is_this_tenant(state, tenant):
        return _Reply(
            404, {"error": {"code": "NotFound", "message": f"The tenant '{tenant}' couldn't be found."}}
        )
    return allowed


def _is_this_tenant(state: TenantState, tenant: str) -> bool:
    if tenant.lower() == state.tenant.id.lower():
        return True
    domain = state.domain(tenant)
    return domain is not None and domain.verified


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


def _run(
    state: TenantState,
    allowed: frozenset[str],
    base: str,
    tenant: str,
    body: Any,
    query: Mapping[str, str],
    prefer: str,
) -> _Reply:
    token = _query(query, "$skiptoken")
    offset, token_input = _decode_token(token) if token else (0, None)
    if offset < 0:
        return _bad_request("The $skiptoken is not valid.")
    cmdlet_input = body.get("CmdletInput") if isinstance(body, dict) else token_input
    if not isinstance(cmdlet_input, dict) or not isinstance(cmdlet_input.get("CmdletName"), str):
        return _bad_request(
            'The request body must be {"CmdletInput": {"CmdletName": ..., "Parameters": {...}}}.'
        )
    name = cmdlet_input["CmdletName"]
    cmdlet = find_cmdlet(name)
    if cmdlet is None or not may_run(allowed, cmdlet.name):
        # A cmdlet outside the caller's role groups and a cmdlet that does not exist look the same.
        return _Reply(403, forbidden_body(name))
    raw_params = cmdlet_input.get("Parameters") or {}
    if not isinstance(raw_params, dict):
        return _bad_request("Parameters must be a JSON object.")
    try:
        check_switches(allowed, raw_params)
        params = bind(cmdlet.name, cmdlet.params, cmdlet.required, raw_params)
        # Get-* cmdlets read the replicated directory (recent writes not yet); the others write to the
        # latest state, so a second write still meets the first ("already exists").
        seen = state.lagged() if cmdlet.name.startswith("Get-") else state
        state.cmdlet_parameters = dict(raw_params)
        result = cmdlet.handler(Call(state=seen, cmdlet=cmdlet.name, params=params))
    except CmdletError as error:
        return _Reply(error.status, error.body())
    finally:
        state.cmdlet_parameters = None

    items = list(result.items)
    warnings = list(result.warnings)
    limit: int | None = None
    if cmdlet.pages:
        size = params.get("ResultSize") or DEFAULT_RESULT_SIZE
        limit = None if isinstance(size, Unlimited) else int(size)
        if limit is not None and len(items) > limit:
            items = items[:limit]
            warnings.append(MORE_RESULTS)
    page_size = min(_max_page_size(prefer), limit or DEFAULT_PAGE_SIZE * 1_000_000)
    page = items[offset : offset + page_size]
    select = _query(query, "$select")
    body_out: dict[str, Any] = {
        "@odata.context": f"{base}adminapi/beta/{tenant}/$metadata#{cmdlet.entity}"
        + (f"({select})" if select else ""),
    }
    if warnings and offset == 0:
        # One cmdlet run, one set of warnings: later pages of the same run do not repeat them.
        body_out["@adminapi.warnings"] = warnings
    if offset + page_size < len(items):
        link_query = {"$skiptoken": _encode_token(offset + page_size, cmdlet_input)}
        if select:
            link_query["$select"] = select
        body_out["@odata.nextLink"] = f"{base}adminapi/beta/{tenant}/InvokeCommand?{urlencode(link_query)}"
    body_out["value"] = [_project(result.render(item), select) for item in page]
    headers = {"Preference-Applied": f"odata.maxpagesize={page_size}"} if "maxpagesize" in prefer else {}
    return _Reply(200, body_out, headers)


def _query(query: Mapping[str, str], name: str) -> str:
    for key, value in query.items():
        if key.lower() in (name.lower(), name.lower().lstrip("$")):
            return value
    return ""


def _max_page_size(prefer: str) -> int:
    """The page size `Prefer: odata.maxpagesize=N` asks for, never above 1000: a preference the server may
    lower (OData 4.01 Part 1 §8.2.8.3, the service answers with the size it applied in Preference-Applied),
    and 1000 is the page every client of this API asks for and the module's ceiling (ExchangeOnlineManagement
    `DefaultPageSize = 1000`, page size = min(ResultSize, 1000); CIPP New-ExoRequest; /work/shared/
    exchange-api.md [exomod-port], [CIPP-ExoReq]). Microsoft documents no larger page; asking for more
    gives pages of 1000 and a nextLink, so a client that reads one page only is caught."""
    for part in prefer.replace(";", ",").split(","):
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "odata.maxpagesize" and value.strip().isdigit() and int(value) > 0:
            return min(int(value), MAX_PAGE_SIZE)
    return DEFAULT_PAGE_SIZE


def _project(obj: dict[str, Any], select: str) -> dict[str, Any]:
    if not select:
        return obj
    wanted = {s.strip().lower() for s in select.split(",") if s.strip()}
    return {k: v for k, v in obj.items() if k.lower() in wanted}


def _encode_token(offset: int, cmdlet_input: dict[str, Any]) -> str:
    raw = json.dumps({"o": offset, "i": cmdlet_input}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_token(token: str) -> tuple[int, Any]:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        return int(data["o"]), data.get("i")
    except (ValueError, KeyError, TypeError, binascii.Error):
        return -1, None
