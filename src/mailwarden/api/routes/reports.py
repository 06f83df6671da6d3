"""/api/v1/reports/delegations: who can open, send as or send on behalf of which mailbox (JSON or CSV)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import Response

from mailwarden.actions.base import View
from mailwarden.api import operations as ops
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
