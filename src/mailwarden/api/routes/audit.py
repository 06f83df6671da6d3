"""/api/v1/audit: the tenant's audit records, the chain's verification, exports (admins only)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from mailwarden.api.auth import Principal
from mailwarden.api.deps import admin_only
from mailwarden.api.provider import sees_whole_log, verified_as_seen_by
from mailwarden.api.routes.common import PROBLEMS, Limit, Offset, Page, Reader, RuntimeDep, page_of
from mailwarden.audit import AuditRecord, TenantAuditRecord, VerifyResult

router = APIRouter(prefix="/audit", tags=["audit"], responses=PROBLEMS)

Admin = Annotated[Principal, Depends(admin_only)]


def _filters(
    runtime: RuntimeDep,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    request_id: str | None = None,
    event: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> dict[str, object]:
    """Filters of the audit list and export; times without a zone are UTC."""

    def utc(when: dt.datetime | None) -> dt.datetime | None:
        return when.replace(tzinfo=dt.UTC) if when is not None and when.tzinfo is None else when

    return {
        "tenant": runtime.tenant_key,
        "actor": actor or None,
        "action": action or None,
        "target": target or None,
        "request_id": request_id or None,
        "event": event or None,
        "since": utc(since),
        "until": utc(until),
    }


Filters = Annotated[dict[str, object], Depends(_filters)]


@router.get("")
def list_records(
    runtime: RuntimeDep, who: Reader, admin: Admin, filters: Filters, limit: Limit = 50, offset: Offset = 0
) -> Page[AuditRecord] | Page[TenantAuditRecord]:
    """Matching records, newest first; to a customer's admin on a shared installation, numbered among their
    tenant's own (`TenantAuditRecord`: the chain's seq counts every tenant's records)."""
    log = runtime.workspace.audit
    if not sees_whole_log(runtime, who):
        mine = log.tenant_records(**filters, limit=limit + 1, offset=offset, newest_first=True)  # type: ignore[arg-type]
        return Page[TenantAuditRecord].model_validate(
            page_of(mine[:limit], limit=limit, offset=offset, more=len(mine) > limit)
        )
    records = log.records(**filters, limit=limit + 1, offset=offset, newest_first=True)  # type: ignore[arg-type]
    return Page[AuditRecord].model_validate(
        page_of(records[:limit], limit=limit, offset=offset, more=len(records) > limit)
    )


@router.get("/verify")
def verify(runtime: RuntimeDep, who: Reader, admin: Admin) -> VerifyResult:
    """Walk the whole hash chain and its signed checkpoints; `ok` is false and names the first bad record
    if anything was changed. A customer's admin on a shared installation sees it narrowed to their tenant."""
    return verified_as_seen_by(runtime, who)


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"content": {"application/x-ndjson": {}, "text/csv": {}}, "description": "The records."}},
)
def export(
    runtime: RuntimeDep,
    who: Reader,
    admin: Admin,
    filters: Filters,
    format: Literal["jsonl", "csv"] = "jsonl",
) -> Response:
    """The matching records in chain order, as JSON lines or CSV (verifiable elsewhere with the key); to a
    customer's admin on a shared installation, as `list_records` numbers them, without the hashes."""
    out = io.StringIO()
    log = runtime.workspace.audit
    if sees_whole_log(runtime, who):
        log.export(format, out, **filters)
    else:
        log.export_for_tenant(format, out, **filters)  # type: ignore[arg-type]
    media = "application/x-ndjson" if format == "jsonl" else "text/csv"
    return Response(
        out.getvalue(),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="audit.{format}"'},
    )
