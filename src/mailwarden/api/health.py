"""The served tenant's health: the capability badges of `mailwarden.tenants.health`, plus the cache's age.

Each badge is one capability (directory reads and discovery, distribution lists, mailbox delegation and
address changes, calendar sharing), green, amber or red, with what was checked and, when not green, the
admin's fix and each app's admin-consent page. The report is saved like `mailwarden tenant check` saves it,
so write actions refuse a red capability.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from mailwarden.api.deps import Runtime
from mailwarden.notifications.health import channel_setup
from mailwarden.policy.compare import compare_with_default
from mailwarden.tenants.consent import DEFAULT_REDIRECT, admin_consent_url
from mailwarden.tenants.health import Capability, check_tenant, save_report

__all__ = ["Check", "Health", "Part", "check_health"]

Status = Literal["ok", "warning", "failed"]
_STATUS: dict[str, Status] = {"green": "ok", "amber": "warning", "red": "failed"}


class Part(BaseModel):
    """One thing looked at for a capability, in words, and how it came out."""

    checked: str
    status: Status
    fix: str | None = None


class Check(BaseModel):
    name: str
    status: Status
    message: str = ""
    parts: list[Part] = Field(default_factory=list)
    """What was looked at for this capability, so a page can name the failing one."""


class Health(BaseModel):
    tenant: str
    checked_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    last_discovery: dt.datetime | None = None
    recipients: int
    checks: list[Check]
    consent_urls: dict[str, str] = Field(default_factory=dict)
    """Per app whose checks are not green: its admin-consent page (the tenant page's Authorize links)."""
    four_eyes: str | None = None
    """Whether a second admin can approve: "no second admin: four-eyes not possible" when not."""
    channels: list[Check] = Field(default_factory=list)
    """The notification channels (e-mail, Teams), apart from `checks`: one not set up is not a failure."""
    guardrails: list[str] = Field(default_factory=list)
    """The @ids of the built-in guardrails evaluated with the tenant's policy, whatever it says."""
    policy_warnings: list[str] = Field(default_factory=list)
    """What the tenant's stored policy lacks of the current default, or what of it a guardrail replaces."""
    policy: str | None = None
    """What the tenant's policy is: "the shipped default, follows updates" or the tenant's own."""
    exchange_hosts: list[str] = Field(default_factory=list)
    """Where the Exchange client may follow Exchange: its host, then its cloud's (HealthReport's)."""
    exchange_hosts_added: list[str] = Field(default_factory=list)
    """The Exchange hosts the tenant's admins added (a connection setting)."""

    @property
    def green(self) -> bool:
        return all(c.status == "ok" for c in self.checks)


async def check_health(runtime: Runtime, *, redirect_uri: str = DEFAULT_REDIRECT) -> Health:
    """Check the served tenant; `redirect_uri` is where each app's consent page sends the admin back."""
    channels = channel_setup(runtime.workspace, runtime.tenant_key)
    report = await check_tenant(runtime.clients, runtime.tenant_key, channels=channels)
    save_report(runtime.workspace, report)
    freshness = runtime.workspace.cache.freshness(runtime.tenant_key)
    connection = runtime.clients.connection
    checks = [_check(c) for c in report.capabilities]
    policies = runtime.workspace.policies
    policy = compare_with_default(
        policies.text(runtime.tenant_key), is_default=policies.is_default(runtime.tenant_key)
    )
    return Health(
        tenant=runtime.tenant_key,
        checked_at=report.checked_at,
        last_discovery=freshness,
        recipients=len(runtime.directory),
        checks=checks,
        channels=[_check(c) for c in report.channels],
        four_eyes=report.four_eyes,
        guardrails=policy.guardrails,
        policy_warnings=policies.warnings(runtime.tenant_key),
        policy=policies.source(runtime.tenant_key),
        exchange_hosts=report.exchange_hosts,
        exchange_hosts_added=report.exchange_hosts_added,
        consent_urls={
            app: admin_consent_url(connection.endpoints, connection.tenant_id, app, redirect_uri=redirect_uri)
            for app in report.consent_urls
        },
    )


def _check(c: Capability) -> Check:
    return Check(
        name=c.label,
        status=_STATUS[c.badge],
        message=c.fix or "; ".join(check.checked for check in c.checks),
        parts=[Part(checked=p.checked, status=_STATUS[p.badge], fix=p.fix) for p in c.checks],
    )
