"""/api/v1/reports/delegations: who can open, send as or send on behalf of which mailbox (JSON or CSV);
/api/v1/reports/access: every current grant with why it exists."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mailwarden.access.why import AccessReport, access_report
from mailwarden.actions.base import View
from mailwarden.api import operations as ops
from mailwarden.api.deps import session_of
from mailwarden.api.routes.common import PROBLEMS, Reader, RuntimeDep

router = APIRouter(prefix="/reports", tags=["reports"], responses=PROBLEMS)


@router.get(
    "/delegations",
    response_model=View,
    responses={
        200: {"content": {"text/csv": {}}, "description": "The report (JSON, or CSV with format=csv)."}
    },
)
async def delegations(
    runtime: RuntimeDep,
    who: Reader,
    trustee: str | None = None,
    mailbox: str | None = None,
    format: Literal["json", "csv"] = "json",
) -> View | Response:
    """Full Access, Send As and Send on Behalf across shared mailboxes, one person's reach, or one mailbox."""
    report = await ops.report_delegations(runtime, who, trustee=trustee, mailbox=mailbox)
    if format == "csv":
        return Response(
            report.to_csv(),
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="delegations.csv"'},
        )
    return report


@router.get(
    "/access",
    response_model=AccessReport,
    responses={
        200: {
            "content": {"text/csv": {}},
            "description": "Every grant and why (JSON, or CSV with format=csv).",
        }
    },
)
async def access(
    runtime: RuntimeDep,
    who: Reader,
    mailbox: Annotated[str | None, Query(max_length=320)] = None,
    group: Annotated[str | None, Query(max_length=320)] = None,
    person: Annotated[str | None, Query(max_length=320)] = None,
    format: Literal["json", "csv"] = "json",
) -> AccessReport | Response:
    """Every current grant on a mailbox or list, or held by a person, with its origin. Employees: their own
    access and what they own."""
    report = await access_report(session_of(runtime, who), mailbox=mailbox, group=group, person=person)
    if format == "csv":
        return Response(
            report.to_csv(),
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="access.csv"'},
        )
    return report
