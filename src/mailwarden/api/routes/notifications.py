"""/api/v1/notifications: the tenant's notification delivery records (admins only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from mailwarden.api.auth import Principal
from mailwarden.api.deps import admin_only
from mailwarden.api.routes.common import PROBLEMS, Limit, Offset, Page, Reader, RuntimeDep, page_of
from mailwarden.notifications.records import Delivery, DeliveryState, list_deliveries

router = APIRouter(prefix="/notifications", tags=["notifications"], responses=PROBLEMS)

Admin = Annotated[Principal, Depends(admin_only)]


@router.get("")
def list_notifications(
    runtime: RuntimeDep,
    who: Reader,
    admin: Admin,
    state: DeliveryState | None = None,
    request_id: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[Delivery]:
    """Delivery records, newest first: sent, queued for a retry, failed (with why), or skipped."""
    found = list_deliveries(
        runtime.workspace.store,
        runtime.tenant_key,
        state=state,
        request_id=request_id,
        limit=limit + 1,
        offset=offset,
    )
    return Page[Delivery].model_validate(
        page_of(found[:limit], limit=limit, offset=offset, more=len(found) > limit)
    )
