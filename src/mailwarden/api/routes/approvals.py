"""/api/v1/approvals: the requests waiting on you, and your verdict on them."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from mailwarden.api import operations as ops
from mailwarden.api.routes.common import PROBLEMS, Approver, Limit, Offset, Page, Reader, RuntimeDep, page_of
from mailwarden.model.requests import RequestView

router = APIRouter(prefix="/approvals", tags=["approvals"], responses=PROBLEMS)


class Verdict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    justification: str = Field(default="", max_length=2000)
    """Why: recorded with the approval or denial, and shown to the requester (required to deny)."""


@router.get("")
def waiting_on_me(
    runtime: RuntimeDep, who: Reader, limit: Limit = 50, offset: Offset = 0
) -> Page[RequestView]:
    """Requests waiting for your approval: what, by whom, why, and the exact previewed change."""
    items, more = ops.approvals_waiting(runtime, who, limit=limit, offset=offset)
    return Page[RequestView].model_validate(page_of(items, limit=limit, offset=offset, more=more))


@router.post("/{request_id}/approve")
async def approve(request_id: str, body: Verdict, runtime: RuntimeDep, who: Approver) -> RequestView:
    """Approve a request waiting on you; it runs once every step needing approval has one."""
    return await ops.verdict(runtime, who, request_id, approve=True, justification=body.justification or None)


@router.post("/{request_id}/deny")
async def deny(request_id: str, body: Verdict, runtime: RuntimeDep, who: Approver) -> RequestView:
    """Deny a request waiting on you, saying why; it ends there."""
    if not body.justification.strip():
        from mailwarden.errors import ConfigError

        raise ConfigError("Say why you deny the request (justification); the requester will see it.")
    return await ops.verdict(runtime, who, request_id, approve=False, justification=body.justification)
