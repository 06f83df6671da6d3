"""Graph's audit log query API over the emulator's journal: the unified audit log, as an app reads it.

    POST /security/auditLog/queries                 start a query (201, status "notStarted")
    GET  /security/auditLog/queries/{id}            its status: notStarted, running, succeeded
    GET  /security/auditLog/queries/{id}/records    the records, paged (@odata.nextLink), once succeeded

Microsoft (learn.microsoft.com/graph/api/resources/security-auditlogquery, security-auditlogrecord,
security-auditcoreroot-list-auditlogqueries): application permission AuditLogsQuery-Exchange.Read.All for
Exchange records (AuditLogsQuery.Read.All for every service); records carry id, createdDateTime,
auditLogRecordType, operation, organizationId, userType, userId, userPrincipalName, service, objectId,
clientIp, administrativeUnits and auditData (the unified audit log's own JSON, here the Exchange admin
schema of the Office 365 Management Activity API: Operation, ObjectId, Parameters [{Name, Value}] ...).

What the emulator reproduces of a real tenant, never easier:
- lag: an Exchange admin action reaches the audit log `audit_log_lag_seconds` after it ran (Microsoft
  says 60 to 90 minutes for Exchange, with no guarantee); a query sees only what had arrived when it ran;
- a query is asynchronous: it runs `audit_query_seconds` before it has succeeded, and its records are
  refused until then (the exact refusal text is not in Microsoft's pages: this one is ours);
- only Exchange admin actions (cmdlets, which is what the Exchange admin center runs too) are recorded:
  changes made through Graph (group members, calendar permissions) are Entra or mailbox-audit records,
  which this permission does not read, so they carry no attribution here either.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from mailwarden.emulator import state as state_module
from mailwarden.emulator.exchange.resolve import name_of
from mailwarden.emulator.graph import odata
from mailwarden.emulator.graph.auth import session, tenant_state
from mailwarden.emulator.graph.errors import GraphRoute, bad_request, not_found
from mailwarden.emulator.state import JournalEntry, TenantState

router = APIRouter(route_class=GraphRoute)

AUDIT_READ = frozenset({"AuditLogsQuery-Exchange.Read.All", "AuditLogsQuery.Read.All"})
KEPT_QUERIES = 200
_QUERY_FIELDS = (
    "displayName",
    "filterStartDateTime",
    "filterEndDateTime",
    "recordTypeFilters",
    "keywordFilter",
    "serviceFilters",
    "operationFilters",
    "userPrincipalNameFilters",
    "ipAddressFilters",
    "objectIdFilters",
    "administrativeUnitIdFilters",
)


def _parse_time(value: Any, field: str) -> dt.datetime:
    if not isinstance(value, str):
        raise bad_request(f"The property '{field}' is required and must be a DateTimeOffset.", "BadRequest")
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise bad_request(
            f"Cannot convert the literal '{value}' to the expected type 'Edm.DateTimeOffset'."
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _now() -> dt.datetime:
    return dt.datetime.fromtimestamp(state_module._clock(), dt.UTC)


def _status(query: dict[str, Any], state: TenantState) -> str:
    started = dt.datetime.fromisoformat(query["createdAt"])
    elapsed = (_now() - started).total_seconds()
    if elapsed >= state.data.switches.audit_query_seconds and query.get("polled"):
        return "succeeded"
    return "running" if query.get("polled") else "notStarted"


def _public(query: dict[str, Any], state: TenantState) -> dict[str, Any]:
    shown = {k: query.get(k) for k in _QUERY_FIELDS}
    return {"id": query["id"], **shown, "status": _status(query, state)}


@router.post("/security/auditLog/queries")
async def create_query(request: Request) -> Response:
    try:
        body = await request.json()
    except ValueError as exc:
        raise bad_request("The request body is not valid JSON.", "BadRequest") from exc
    if not isinstance(body, dict):
        raise bad_request("The request body must be an auditLogQuery object.", "BadRequest")
    start = _parse_time(body.get("filterStartDateTime"), "filterStartDateTime")
    end = _parse_time(body.get("filterEndDateTime"), "filterEndDateTime")
    if end <= start:
        raise bad_request("filterEndDateTime must be later than filterStartDateTime.", "BadRequest")
    with session(request, AUDIT_READ) as state:
        query: dict[str, Any] = {"id": str(uuid.uuid4())}
        for field in _QUERY_FIELDS:
            default: Any = None if field in ("displayName", "keywordFilter") else []
            query[field] = body.get(field, default)
        query["filterStartDateTime"], query["filterEndDateTime"] = _iso(start), _iso(end)
        query["createdAt"] = _now().isoformat()
        state.data.audit_queries[query["id"]] = query
        for stale in list(state.data.audit_queries)[:-KEPT_QUERIES]:
            del state.data.audit_queries[stale]  # a scan an hour for a year must not grow the state forever
        state.mark_dirty()
        payload = {
            "@odata.context": odata.context_url(request, "security/auditLog/queries/$entity"),
            **_public(query, state),
        }
    return JSONResponse(payload, status_code=201)


def _query(state: TenantState, query_id: str) -> dict[str, Any]:
    query = state.data.audit_queries.get(query_id)
    if query is None:
        raise not_found(query_id)
    return query


@router.get("/security/auditLog/queries/{query_id}")
def get_query(query_id: str, request: Request) -> Response:
    with session(request, AUDIT_READ) as seen:
        state = _writable(request, seen)
        query = _query(state, query_id)
        if not query.get("polled"):
            # The service picks a query up some time after it was made; the first look finds it started.
            query["polled"] = True
            query["createdAt"] = _now().isoformat()
            state.mark_dirty()
        payload = {
            "@odata.context": odata.context_url(request, "security/auditLog/queries/$entity"),
            **_public(query, state),
        }
    return JSONResponse(payload)


def _writable(request: Request, seen: TenantState) -> TenantState:
    # A GET runs on the replicated view; the query's own bookkeeping lives on the tenant itself: the one the
    # token was verified for (never the default tenant, whose queries another tenant must not read).
    return tenant_state(request)


@router.get("/security/auditLog/queries/{query_id}/records")
def list_records(query_id: str, request: Request) -> Response:
    with session(request, AUDIT_READ) as seen:
        state = _writable(request, seen)
        query = _query(state, query_id)
        if _status(query, state) != "succeeded":
            raise bad_request(
                f"The audit log query '{query_id}' has not completed; poll it until its status is "
                "'succeeded'.",
                "BadRequest",
            )
        ran_at = dt.datetime.fromisoformat(query["createdAt"])
        records = [_record(state, e) for e in _matching(state, query, ran_at)]
        by_id = {r["id"]: r for r in records}
        parsed = odata.parse_query(request, AUDIT_LOG_RECORD)
        return odata.listing(
            request,
            parsed,
            list(by_id),
            by_id.get,
            context=f"security/auditLog/queries('{query_id}')/records",
            default=AUDIT_LOG_RECORD.default,
        )


_RECORD_PROPERTIES = (
    "id",
    "createdDateTime",
    "auditLogRecordType",
    "operation",
    "organizationId",
    "userType",
    "userId",
    "service",
    "objectId",
    "userPrincipalName",
    "clientIp",
    "administrativeUnits",
    "auditData",
)
AUDIT_LOG_RECORD = odata.EntityType(
    name="microsoft.graph.security.auditLogRecord",
    properties=_RECORD_PROPERTIES,
    default=_RECORD_PROPERTIES,
)


def _admin_action(entry: JournalEntry) -> bool:
    return entry.api == "exchange" and not entry.operation.startswith("Get-")


def _matching(state: TenantState, query: dict[str, Any], ran_at: dt.datetime) -> list[JournalEntry]:
    start = dt.datetime.fromisoformat(query["filterStartDateTime"].replace("Z", "+00:00"))
    end = dt.datetime.fromisoformat(query["filterEndDateTime"].replace("Z", "+00:00"))
    lag = dt.timedelta(seconds=state.data.switches.audit_log_lag_seconds)
    types = {str(t).lower() for t in query.get("recordTypeFilters") or []}
    operations = {str(o).lower() for o in query.get("operationFilters") or []}
    objects = {str(o).lower() for o in query.get("objectIdFilters") or []}
    found = []
    for entry in state.data.journal:
        if not _admin_action(entry):
            continue
        when = dt.datetime.fromisoformat(entry.time.replace("Z", "+00:00"))
        if not start <= when < end or when + lag > ran_at:
            continue
        if types and "exchangeadmin" not in types:
            continue
        if operations and entry.operation.lower() not in operations:
            continue
        if objects and _object_id(state, entry).lower() not in objects:
            continue
        found.append(entry)
    return found


def _object_id(state: TenantState, entry: JournalEntry) -> str:
    # Exchange logs the -Identity as given; fall back to the object's name.
    given = (entry.parameters or {}).get("Identity")
    if isinstance(given, str) and given:
        return given
    target = state.get(entry.target)
    return name_of(target) if target is not None else entry.target


def _user(state: TenantState, entry: JournalEntry) -> tuple[str, str]:
    """(userId, userType) as the audit log names whoever ran the cmdlet."""
    actor = entry.actor or "NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)"
    if actor in state.data.applications:
        return actor, "application"
    return actor, "admin" if "@" in actor else "system"


def _record(state: TenantState, entry: JournalEntry) -> dict[str, Any]:
    record_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{state.tenant.id}/journal/{entry.seq}"))
    user_id, user_type = _user(state, entry)
    object_id = _object_id(state, entry)
    parameters = [{"Name": k, "Value": _text(v)} for k, v in (entry.parameters or {}).items()]
    return {
        "id": record_id,
        "createdDateTime": entry.time,
        "auditLogRecordType": "exchangeAdmin",
        "operation": entry.operation,
        "organizationId": state.tenant.id,
        "userType": user_type,
        "userId": user_id,
        "service": "Exchange",
        "objectId": object_id,
        "userPrincipalName": user_id if "@" in user_id else None,
        "clientIp": None,
        "administrativeUnits": [],
        "auditData": {
            "@odata.type": "#microsoft.graph.security.auditData",
            "CreationTime": entry.time.rstrip("Z"),
            "Id": record_id,
            "Operation": entry.operation,
            "OrganizationId": state.tenant.id,
            "RecordType": 1,
            "ResultStatus": "True",
            "UserKey": user_id,
            "UserType": 2 if user_type == "admin" else 5,
            "Version": 1,
            "Workload": "Exchange",
            "ObjectId": object_id,
            "UserId": user_id,
            "AppId": user_id if user_type == "application" else "",
            "ExternalAccess": False,
            "OrganizationName": state.tenant.initial_domain,
            "Parameters": parameters,
        },
    }


def _text(value: Any) -> str:
    if isinstance(value, dict):
        # Multi-valued edits ({"add": [...], "remove": [...]}) are logged as the PowerShell hashtable.
        parts = [
            f"{k}={','.join(map(str, v)) if isinstance(v, list) else v}"
            for k, v in value.items()
            if not k.startswith("@")
        ]
        return "@{" + ";".join(parts) + "}"
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)
