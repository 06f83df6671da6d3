"""/api/v1/tenants: the tenants mailwarden knows, the served tenant's health and discovery (admins only)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from mailwarden.api.auth import Principal
from mailwarden.api.deps import Runtime, admin_only
from mailwarden.api.health import Health, check_health
from mailwarden.api.problems import Problem
from mailwarden.api.provider import runs_installation
from mailwarden.api.routes.common import PROBLEMS, Reader, RuntimeDep, Writer

router = APIRouter(prefix="/tenants", tags=["tenants"], responses=PROBLEMS)

Admin = Annotated[Principal, Depends(admin_only)]


class TenantInfo(BaseModel):
    tenant: str
    name: str
    cloud: str
    tenant_id: str
    last_discovery: dt.datetime | None = None
    served: bool
    """Whether this app serves the tenant (its health and discovery are available here)."""
    recipients: int | None = None


def _served(runtime: Runtime, tenant: str) -> None:
    if tenant != runtime.tenant_key:
        raise Problem(
            404,
            "tenant-not-served",
            "Not served here",
            f"This server serves tenant {runtime.tenant_key!r}, not {tenant!r}.",
        )


@router.get("")
def list_tenants(runtime: RuntimeDep, who: Reader, admin: Admin) -> list[TenantInfo]:
    """Every tenant of this installation, with when each was last discovered (for a customer tenant's
    admin on its own server: that tenant only)."""
    workspace = runtime.workspace
    records = workspace.tenants.all()
    if not runs_installation(runtime, who):
        records = [r for r in records if r.tenant_key == runtime.tenant_key]
    return [
        TenantInfo(
            tenant=r.tenant_key,
            name=r.display_name,
            cloud=r.cloud,
            tenant_id=r.tenant_id,
            last_discovery=workspace.cache.freshness(r.tenant_key),
            served=r.tenant_key == runtime.tenant_key,
            recipients=len(runtime.directory) if r.tenant_key == runtime.tenant_key else None,
        )
        for r in records
    ]


@router.get("/{tenant}/health")
async def health(tenant: str, runtime: RuntimeDep, who: Reader, admin: Admin) -> Health:
    """The served tenant's health checks (token, consent, roles, reachability), run now."""
    _served(runtime, tenant)
    return await check_health(runtime)


@router.post("/{tenant}/discover")
async def discover(tenant: str, runtime: RuntimeDep, who: Writer, admin: Admin) -> TenantInfo:
    """Read every recipient of the served tenant afresh into the cache."""
    _served(runtime, tenant)
    directory = await runtime.rediscover()
    record = runtime.workspace.tenant_record(tenant)
    return TenantInfo(
        tenant=tenant,
        name=record.display_name,
        cloud=record.cloud,
        tenant_id=record.tenant_id,
        last_discovery=runtime.workspace.cache.freshness(tenant),
        served=True,
        recipients=len(directory),
    )
