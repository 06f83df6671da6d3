"""/api/v1/drift: changes made outside mailwarden, a scan on demand, the drift policy (admins only)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from mailwarden.api.auth import Principal
from mailwarden.api.deps import admin_only
from mailwarden.api.routes.common import PROBLEMS, Reader, RuntimeDep, Writer
from mailwarden.drift import DriftEvent, list_events, scan
from mailwarden.drift.policy import load_responses

router = APIRouter(prefix="/drift", tags=["drift"], responses=PROBLEMS)

Admin = Annotated[Principal, Depends(admin_only)]


class ScanOutcome(BaseModel):
    scan_id: str
    first: bool
    facts: int
    failures: list[str]
    audit_log: str
    """"read", or why who and when could not be read from the tenant's audit log this time."""
    events: list[DriftEvent]


@router.get("/events")
def events(
    runtime: RuntimeDep,
    who: Reader,
    admin: Admin,
    since: dt.datetime | None = None,
    severity: Literal["low", "medium", "high"] | None = None,
) -> list[DriftEvent]:
    """Drift events, newest first; `severity` keeps that level and above; times without a zone are UTC."""
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return list_events(runtime.workspace.store, runtime.tenant_key, since=since, severity=severity)


@router.post("/scan")
async def run_scan(runtime: RuntimeDep, who: Writer, admin: Admin) -> ScanOutcome:
    """Scan the tenant now (the job queue also runs it on a schedule) and return what it found."""
    ws = runtime.workspace
    result = await scan(ws.store, ws.audit, runtime.context(), runtime.tenant_key, service=ws.requests)
    return ScanOutcome(
        scan_id=result.scan_id,
        first=result.first,
        facts=result.facts,
        failures=result.failures,
        audit_log=result.audit_note or "read",
        events=result.events,
    )


@router.get("/policy")
def policy(runtime: RuntimeDep, who: Reader, admin: Admin) -> dict[str, str]:
    """Per kind of drift: record, notify, or propose_revert (a request an admin must approve)."""
    return {str(k): str(v) for k, v in load_responses(runtime.workspace.store, runtime.tenant_key).items()}
