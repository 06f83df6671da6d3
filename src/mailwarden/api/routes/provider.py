"""/api/v1/provider/overview: every tenant you administer, with its health and pending approvals."""

from __future__ import annotations

from fastapi import APIRouter

from mailwarden.api.provider import TenantOverview, provider_overview
from mailwarden.api.routes.common import PROBLEMS, Reader, RuntimeDep

router = APIRouter(prefix="/provider", tags=["provider"], responses=PROBLEMS)


@router.get("/overview")
def overview(runtime: RuntimeDep, who: Reader) -> list[TenantOverview]:
    """Each tenant you administer (all of them for an admin of the tenant this server serves): the worst
    badge of its last health check, what is red, and how many requests wait for approval, most urgent
    first. 403 for someone who administers none."""
    return provider_overview(runtime, who)
