"""A provider's overview: every tenant it administers, each with its health and pending approvals.

Who sees which tenant. An admin of the installation's own tenant (settings.provider_tenant), on the server
serving it, runs the installation (as for `GET /api/v1/tenants`): they see every tenant of it. In provider
mode each customer tenant has its own server on the shared database, so being an admin of the tenant a server
serves is not enough: a customer's admin sees their own tenant. A provider's technician is invited into a
customer's tenant as a guest (their own address) and given the Exchange or Global Administrator role there,
which discovery and delta sync record: signed in on the installation's own tenant's server, they see the
tenants where the directory holds such an admin account with one of their addresses. That match is made only
there. Sign-in trusts the tenant id and object id of an account (auth.py), never an address, which whoever
administers the account's tenant may set to anything: the provider's own tenant sets its people's addresses
itself, whereas a customer's admin could give an employee the address of a provider's technician and so make
them "the admin" of every other customer that invited the technician. On a customer's server nobody sees
another customer. Someone who is an admin nowhere sees no overview at all (403). The other tenants' roles are
as the cache last read them (the overview reads no tenant live: a hundred tenants would mean a hundred round
trips per page); what runs in a tenant is still decided on the facts read live there.

    rows = provider_overview(runtime, who)     # [] never reaches a page: `administered` refuses first
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from mailwarden.api.auth import Principal
from mailwarden.api.deps import Runtime
from mailwarden.api.problems import Problem
from mailwarden.audit import VerifyResult
from mailwarden.model.recipients import ADMIN_ROLES, RecipientKind
from mailwarden.store.tenants import TenantRecord
from mailwarden.tenants.health import load_report
from mailwarden.workflow.waiting import pending_summary

__all__ = [
    "TenantOverview",
    "administered",
    "provider_overview",
    "runs_installation",
    "sees_whole_log",
    "verified_as_seen_by",
]

_ADMIN_KINDS = (RecipientKind.USER, RecipientKind.GUEST)


class TenantOverview(BaseModel):
    """One tenant's row on the provider's overview."""

    tenant: str
    name: str
    served: bool
    """Whether this server serves the tenant (its own pages act on it)."""
    health: str
    """The worst badge of the last check (green, amber, red), or 'unchecked'."""
    red: list[str]
    """The capabilities the last check found red (each one's fix is on that tenant's health page)."""
    checked_at: dt.datetime | None
    four_eyes: str | None
    pending_approvals: int
    oldest_pending: dt.datetime | None
    last_discovery: dt.datetime | None


def _admin_there(runtime: Runtime, tenant_key: str, who: Principal) -> bool:
    """Whether the tenant's directory (as last read) holds an enabled admin account with one of `who`'s
    addresses. Only for a person of the installation's own tenant (see the module's docstring)."""
    if runtime.tenant_key != runtime.workspace.settings.provider_tenant:
        return False
    cache = runtime.workspace.cache
    for address in who.recipient.addresses:
        found = cache.lookup_address(tenant_key, address)
        if (
            found is not None
            and found.kind in _ADMIN_KINDS
            and found.enabled
            and ADMIN_ROLES.intersection(found.roles)
        ):
            return True
    return False


def runs_installation(runtime: Runtime, who: Principal) -> bool:
    """Whether `who` is an admin of the installation's own tenant, signed in on its server."""
    return who.is_admin and runtime.tenant_key == runtime.workspace.settings.provider_tenant


def administered(runtime: Runtime, who: Principal) -> list[TenantRecord]:
    """The tenants `who` administers; a Problem (403) when none."""
    records = runtime.workspace.tenants.all()
    if runs_installation(runtime, who):
        return records
    mine = [
        r
        for r in records
        if (who.is_admin and r.tenant_key == runtime.tenant_key)
        or (r.tenant_key != runtime.tenant_key and _admin_there(runtime, r.tenant_key, who))
    ]
    if not mine:
        raise Problem(
            403,
            "admins-only",
            "Admins only",
            "The overview shows the tenants you administer; you hold an admin role in none of them.",
        )
    return mine


def provider_overview(runtime: Runtime, who: Principal) -> list[TenantOverview]:
    """Health and pending approvals of every tenant `who` administers, the most urgent first."""
    workspace = runtime.workspace
    rows: list[TenantOverview] = []
    for record in administered(runtime, who):
        key = record.tenant_key
        report = load_report(workspace, key)
        # Past-deadline ones are left out, not expired here: a page view writes nothing (the expiry job does).
        pending, oldest = pending_summary(workspace.requests, key)
        badges = set(report.badges.values()) if report is not None else set()
        health = next((b for b in ("red", "amber", "green") if b in badges), "unchecked")
        rows.append(
            TenantOverview(
                tenant=key,
                name=record.display_name,
                served=key == runtime.tenant_key,
                health=health,
                red=[c.id for c in report.capabilities if c.badge == "red"] if report is not None else [],
                checked_at=report.checked_at if report is not None else None,
                four_eyes=report.four_eyes if report is not None else None,
                pending_approvals=pending,
                oldest_pending=oldest,
                last_discovery=workspace.cache.freshness(key),
            )
        )
    urgency = {"red": 0, "unchecked": 1, "amber": 2, "green": 3}
    rows.sort(key=lambda r: (urgency[r.health], -r.pending_approvals, r.tenant))
    return rows


def verified_as_seen_by(runtime: Runtime, who: Principal) -> VerifyResult:
    """The whole chain's verification for whoever runs the installation; for a customer's admin, the same
    walk reported about their own tenant only (`AuditLog.verify_for_tenant`)."""
    log = runtime.workspace.audit
    if sees_whole_log(runtime, who):
        return log.verify()
    return log.verify_for_tenant(runtime.tenant_key)


def sees_whole_log(runtime: Runtime, who: Principal) -> bool:
    """Whether `who` reads the audit chain as it is (its seq, hashes, the whole walk): whoever runs the
    installation. A customer's admin on a shared one reads their tenant's records numbered among their own
    (`AuditLog.tenant_records`). An installation that serves one organisation has no one else's log to
    keep back, whatever its key: one tenant today, whose chain holds no one else's records. Today's count
    alone would hand a customer left alone the seqs and hashes that count the records of every tenant
    removed before (the chain keeps them: red team 67 F6)."""
    if runs_installation(runtime, who):
        return True
    workspace = runtime.workspace
    return len(workspace.tenants.all()) <= 1 and not workspace.audit.holds_others_than(runtime.tenant_key)
