"""The served tenant's health: the capability badges of `mailwarden.tenants.health`, plus the cache's age.

Each badge is one capability (directory reads, list membership and discovery, mailbox delegation and
address changes), green, amber or red, with what was checked and, when not green, the admin's fix. The
report is saved like `mailwarden tenant check` saves it, so write actions refuse a red capability.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from mailwarden.api.deps import Runtime
from mailwarden.tenants.health import check_tenant, save_report

__all__ = ["Check", "Health", "check_health"]

Status = Literal["ok", "warning", "failed"]
_STATUS: dict[str, Status] = {"green": "ok", "amber": "warning", "red": "failed"}


class Check(BaseModel):
    name: str
    status: Status
    message: str = ""


class Health(BaseModel):
    tenant: str
    checked_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    last_discovery: dt.datetime | None = None
    recipients: int
    checks: list[Check]


async def check_health(runtime: Runtime) -> Health:
    report = await check_tenant(runtime.clients, runtime.tenant_key)
    save_report(runtime.workspace.settings.home, report)
    freshness = runtime.workspace.cache.freshness(runtime.tenant_key)
    checks = [
        Check(
            name=c.label,
            status=_STATUS[c.badge],
            message=c.fix or "; ".join(check.checked for check in c.checks),
        )
        for c in report.capabilities
    ]
    return Health(
        tenant=runtime.tenant_key,
        checked_at=report.checked_at,
        last_discovery=freshness,
        recipients=len(runtime.directory),
        checks=checks,
    )
