"""/api/v1/requests: ask (plan and store), list, show, confirm, cancel, undo; the overdue ends (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from mailwarden.api import operations as ops
from mailwarden.api.auth import Principal
from mailwarden.api.deps import Runtime, admin_only
from mailwarden.api.routes.common import PROBLEMS, Limit, Offset, Page, Reader, RuntimeDep, Writer, page_of
from mailwarden.errors import ConfigError
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.workflow.listing import RequestFilter
from mailwarden.workflow.overdue import OverdueEnd, overdue_ends

router = APIRouter(prefix="/requests", tags=["requests"], responses=PROBLEMS)

Admin = Annotated[Principal, Depends(admin_only)]


@router.post("", status_code=status.HTTP_201_CREATED)
async def submit_request(
    body: ops.AskInput,
    runtime: RuntimeDep,
    who: Writer,
    confirm: Annotated[
        bool, Query(description="Confirm the preview at once (it then waits or runs).")
    ] = False,
) -> ops.Asked:
    """Ask for a change: its plan, and the stored request (needing confirmation unless `confirm`).

    When a name is ambiguous the plan asks a question and nothing is stored; ask again with `answers`.
    """
    return await ops.ask(runtime, who, body, channel="api", confirm=confirm)


@router.get("")
def list_requests(
    runtime: RuntimeDep,
    who: Reader,
    state: Annotated[RequestState | None, Query(description="Only requests in this state.")] = None,
    mine: Annotated[bool, Query(description="Only the requests you filed.")] = False,
    waiting_on_me: Annotated[bool, Query(description="Only the requests waiting for your approval.")] = False,
    tenant: Annotated[
        str | None, Query(max_length=128, description="The tenant's key; this app serves one tenant.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[RequestView]:
    """Your requests and those waiting on you (an admin: every request of the tenant), newest first."""
    served_tenant(runtime, tenant)
    chosen = RequestFilter(mine=mine, waiting_on_me=waiting_on_me, state=state)
    items, more = ops.list_requests(runtime, who, chosen=chosen, limit=limit, offset=offset)
    return Page[RequestView].model_validate(page_of(items, limit=limit, offset=offset, more=more))


def served_tenant(runtime: Runtime, tenant: str | None) -> None:
    """Refuse a tenant this app does not serve, rather than answer with an empty list that looks true."""
    if tenant and tenant.strip().casefold() != runtime.tenant_key.casefold():
        raise ConfigError(
            f"tenant: this app serves tenant {runtime.tenant_key!r}, not {tenant!r}. Leave 'tenant' out, or "
            f"ask the app that serves {tenant!r}."
        )


@router.get("/overdue")
def overdue(runtime: RuntimeDep, who: Reader, admin: Admin) -> list[OverdueEnd]:
    """Time-bound access whose end has passed and is not taken back yet (admins only; others get 403):
    each end's failed tries, the last one's reason (masked) and its next try, oldest end first."""
    return overdue_ends(runtime.workspace.requests, runtime.tenant_key)


@router.get("/{request_id}")
def get_request(request_id: str, runtime: RuntimeDep, who: Reader) -> RequestView:
    """One request: steps with previews, decisions and outcomes; approvals. 404 if not yours to see."""
    return ops.get_request(runtime, who, request_id)


@router.post("/{request_id}/confirm")
async def confirm_request(request_id: str, runtime: RuntimeDep, who: Writer) -> RequestView:
    """Confirm your own request's preview: it then waits for approval, or runs.

    A bulk request's answer holds its first steps only (`all_steps` false, `steps_note` says how many of
    `step_count`, `status_counts` counts every one): GET /requests/{request_id} has every step."""
    return await ops.confirm(runtime, who, request_id)


@router.post("/{request_id}/cancel")
def cancel_request(request_id: str, runtime: RuntimeDep, who: Writer) -> RequestView:
    """Cancel your own request before it runs (an admin may cancel any)."""
    return ops.cancel(runtime, who, request_id)


@router.post("/{request_id}/undo", status_code=status.HTTP_201_CREATED)
async def undo_request(request_id: str, runtime: RuntimeDep, who: Writer) -> RequestView:
    """A new request that reverts what a finished request changed; confirm it like any other."""
    return await ops.undo(runtime, who, request_id, channel="api")


@router.post("/{request_id}/retry")
async def retry_request(request_id: str, runtime: RuntimeDep, who: Writer) -> RequestView:
    """Run the request's failed steps again, and only those, each decided again on live facts (the
    requester or an admin; a request with no failed step is refused)."""
    return await ops.retry(runtime, who, request_id)
