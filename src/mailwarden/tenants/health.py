"""The health check: one badge per capability, each green, amber or red, with the fix an admin follows.

    directory    Directory reads (Graph)
    membership   List membership and discovery (Graph + Exchange)
    mailbox      Mailbox delegation and primary address changes (Exchange admin API)

Each capability is the worst of the checks it rests on:

    graph_token / exchange_token   the identity platform issues the app a token for the API
    graph_permissions_*            the Graph application permissions are consented: read from the token's
                                   `roles` and from the service principal's app role assignments
    exchange_consent               Exchange.ManageAsApp is consented (the same two sources)
    exchange_role                  the app's service principal holds Exchange Administrator or Exchange
                                   Recipient Administrator (read from the directory's role assignments)
    graph_live / exchange_live     a harmless live call succeeds (one user; Get-AcceptedDomain)

Amber means "probably fine soon": a permission consented but not in the token yet, or a role assigned in
the directory that Exchange does not honour yet (propagation takes minutes). The last report is kept in
`<home>/tenants/<key>/health.json`; `capability_refusal` reads it so a write whose capability is red is
refused with the fix, before anything is asked of the tenant.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import jwt
from pydantic import BaseModel, Field

from mailwarden.connectors.connection import TenantClients
from mailwarden.data_folder import private_dir
from mailwarden.errors import (
    AuthenticationFailed,
    ConsentMissing,
    RoleMissing,
    TenantError,
    TenantUnreachable,
    Transient,
)
from mailwarden.tenants.connect import explain_token_failure

if TYPE_CHECKING:
    from mailwarden.workspace import Workspace

__all__ = [
    "ACTION_CAPABILITY",
    "CAPABILITIES",
    "Badge",
    "Capability",
    "Check",
    "HealthReport",
    "capability_refusal",
    "check_tenant",
    "load_report",
    "save_report",
]

Badge = Literal["green", "amber", "red"]
_RANK: dict[Badge, int] = {"green": 0, "amber": 1, "red": 2}
HEALTH_FILE = "health.json"

CAPABILITIES: dict[str, str] = {
    "directory": "Directory reads (Graph)",
    "membership": "List membership and discovery (Graph + Exchange)",
    "mailbox": "Mailbox delegation and primary address changes (Exchange admin API)",
}
ACTION_CAPABILITY: dict[str, str] = {
    "mailbox_delegation": "mailbox",
    "send_as": "mailbox",
    "send_on_behalf": "mailbox",
    "change_primary_alias": "mailbox",
    "email_forwarding_internal": "mailbox",
    "calendar_share": "mailbox",  # calendar folder permissions are set through the Exchange admin API
    "distribution_list_membership": "membership",
    "distribution_list_lifecycle": "membership",
}
"""The capability each write action needs (reads are not refused from a stored check)."""

# Graph application permissions, as alternatives: any one of a group suffices (Graph's permission tables).
_DIRECTORY_READ = ("User.Read.All", "Directory.Read.All", "Directory.ReadWrite.All", "User.ReadWrite.All")
_GROUP_READ = (
    "Group.Read.All",
    "Group.ReadWrite.All",
    "GroupMember.Read.All",
    "GroupMember.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
)
_DOMAIN_READ = ("Domain.Read.All", "Domain.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All")
_ROLES_READ = (
    "RoleManagement.Read.Directory",
    "RoleManagement.Read.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
)
_MEMBERS_WRITE = ("GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All")
_APPS_READ = (
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
)
DIRECTORY_PERMISSIONS: tuple[tuple[str, ...], ...] = (_DIRECTORY_READ, _GROUP_READ, _DOMAIN_READ, _ROLES_READ)
MEMBERSHIP_PERMISSIONS: tuple[tuple[str, ...], ...] = (_GROUP_READ, _MEMBERS_WRITE)

MANAGE_AS_APP = "Exchange.ManageAsApp"
EXCHANGE_ROLES = {
    "29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
    "31392ffb-586c-42d1-9346-e59415a2cc4e": "Exchange Recipient Administrator",
    "62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
}
_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
_EXCHANGE_APP_ID = "00000002-0000-0ff1-ce00-000000000000"


class Check(BaseModel):
    """One thing looked at, how it came out, and (when not green) what the admin does about it."""

    name: str
    badge: Badge
    checked: str
    """What was checked, in words ('a token for Microsoft Graph')."""
    fix: str | None = None


class Capability(BaseModel):
    id: str
    label: str
    badge: Badge
    checks: list[Check]

    @property
    def fix(self) -> str | None:
        """The fixes of the checks that are not green, worst first, each once."""
        fixes = [
            c.fix for c in sorted(self.checks, key=lambda c: -_RANK[c.badge]) if c.badge != "green" and c.fix
        ]
        return " ".join(dict.fromkeys(fixes)) or None


class HealthReport(BaseModel):
    tenant: str
    checked_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    capabilities: list[Capability]

    def capability(self, capability_id: str) -> Capability:
        return next(c for c in self.capabilities if c.id == capability_id)

    @property
    def badges(self) -> dict[str, Badge]:
        return {c.id: c.badge for c in self.capabilities}

    def to_json(self) -> dict[str, object]:
        """The report as `tenant check --json` prints it (each capability with its fix)."""
        body = self.model_dump(mode="json")
        for cap, out in zip(self.capabilities, body["capabilities"], strict=True):
            out["fix"] = cap.fix
        return body


def _worst(checks: Iterable[Check]) -> Badge:
    return max((c.badge for c in checks), key=lambda b: _RANK[b], default="green")


def _roles(token: str) -> tuple[frozenset[str], frozenset[str]]:
    """A token's `roles` and `wids` (read unverified: the service that issued it checks it, we only look)."""
    claims = jwt.decode(token, options={"verify_signature": False})
    return frozenset(claims.get("roles") or ()), frozenset(claims.get("wids") or ())


def _check_command(tenant_key: str) -> str:
    option = "" if tenant_key == "demo" else f" --tenant {tenant_key}"
    return f"run 'mailwarden tenant check{option}'"


class _Checker:
    """Runs the checks once each against an open tenant; the capabilities pick from the results."""

    def __init__(self, clients: TenantClients, tenant_key: str) -> None:
        self.clients = clients
        self.key = tenant_key
        self.connection = clients.connection
        self.run = _check_command(tenant_key)
        self.recheck = f"then {self.run}"

    async def token(self, api: str, resource: str) -> tuple[Check, str | None]:
        checked = f"a token for {api} from the identity platform"
        try:
            token = await self.clients.tokens.token(resource)
        except (AuthenticationFailed, TenantUnreachable) as exc:
            reason = explain_token_failure(exc, self.connection)
            return Check(
                name=f"{api.split()[-1].lower()}_token",
                badge="red",
                checked=checked,
                fix=f"No token: {reason}; {self.recheck}.",
            ), None
        return Check(name=f"{api.split()[-1].lower()}_token", badge="green", checked=checked), token

    async def app_assignments(self, graph_roles: frozenset[str]) -> tuple[str | None, frozenset[str] | None]:
        """The app's service principal id and its consented app role values, when Graph lets us read them."""
        if not graph_roles & set(_APPS_READ):
            return None, None
        graph = self.clients.graph
        try:
            sp = await graph.service_principal(self.connection.client_id)
            if sp is None:
                return None, frozenset()
            assignments = await graph.app_role_assignments(str(sp["id"]))
            resources = {a["resourceId"] for a in assignments}
            values: set[str] = set()
            for resource_id in resources:
                resource = await graph.get_json(f"/servicePrincipals/{resource_id}")
                names = {r["id"]: r["value"] for r in resource.get("appRoles", [])}
                values |= {
                    names[a["appRoleId"]]
                    for a in assignments
                    if a["resourceId"] == resource_id and a["appRoleId"] in names
                }
        except TenantError:
            return None, None
        return str(sp["id"]), frozenset(values)

    def permissions(
        self,
        name: str,
        needed: Sequence[tuple[str, ...]],
        token_roles: frozenset[str],
        consented: frozenset[str] | None,
    ) -> Check:
        missing = [group[0] for group in needed if not token_roles & set(group)]
        checked = "Microsoft Graph application permissions: " + ", ".join(g[0] for g in needed)
        if not missing:
            return Check(name=name, badge="green", checked=checked)
        granted = consented is not None and all(set(g) & consented for g in needed if g[0] in missing)
        if granted:
            return Check(
                name=name,
                badge="amber",
                checked=checked,
                fix=(
                    f"{', '.join(missing)} is consented but not in the app's token yet; new tokens carry it "
                    f"within a few minutes: re-check in a few minutes ({self.run})."
                ),
            )
        return Check(
            name=name,
            badge="red",
            checked=checked,
            fix=(
                f"Add the Microsoft Graph application permission {', '.join(missing)} to the app "
                "registration (API permissions > Add a permission > Microsoft Graph > Application "
                f"permissions) and click 'Grant admin consent' in this tenant, {self.recheck}."
            ),
        )

    def consent(self, exchange_roles: frozenset[str], consented: frozenset[str] | None) -> Check:
        checked = f"the API permission {MANAGE_AS_APP} (Office 365 Exchange Online) is consented"
        if MANAGE_AS_APP in exchange_roles:
            return Check(name="exchange_consent", badge="green", checked=checked)
        if consented is not None and MANAGE_AS_APP in consented:
            return Check(
                name="exchange_consent",
                badge="amber",
                checked=checked,
                fix=(
                    f"{MANAGE_AS_APP} is consented but not in the app's Exchange token yet: re-check "
                    f"in a few minutes ({self.run})."
                ),
            )
        return Check(
            name="exchange_consent",
            badge="red",
            checked=checked,
            fix=(
                f"Grant the app the API permission {MANAGE_AS_APP}: API permissions > Add a permission > "
                "APIs my organization uses > Office 365 Exchange Online > Application permissions > "
                "Exchange.ManageAsApp, then click 'Grant admin consent' (in this tenant, not the one the app "
                f"was created in), {self.recheck}."
            ),
        )

    async def role(self, sp_id: str | None, graph_roles: frozenset[str], wids: frozenset[str]) -> Check:
        checked = (
            "the app's service principal holds Exchange Administrator or Exchange Recipient Administrator"
        )
        held: set[str] = set()
        if sp_id is not None and graph_roles & set(_ROLES_READ):
            try:
                found = await self.clients.graph.directory_role_assignments(sp_id)
            except TenantError:
                found = []
            held = {str(a.get("roleDefinitionId")) for a in found} & set(EXCHANGE_ROLES)
        else:
            held = set(wids) & set(EXCHANGE_ROLES)  # without directory reads, the token's word for it
        if held:
            names = ", ".join(sorted(EXCHANGE_ROLES[t] for t in held))
            return Check(name="exchange_role", badge="green", checked=f"{checked} (holds {names})")
        return Check(
            name="exchange_role",
            badge="red",
            checked=checked,
            fix=(
                "Assign the Exchange Administrator role (or Exchange Recipient Administrator) to the app's "
                "service principal: Entra ID > Roles and administrators > Exchange Administrator > Add "
                "assignments > select the app. A new assignment can take a few minutes to reach Exchange; "
                f"{self.recheck}."
            ),
        )

    async def graph_live(self) -> Check:
        checked = "a live Graph call (read one user)"
        try:
            await self.clients.graph.get_json("/users", {"$top": "1", "$select": "id"})
        except Transient as exc:
            return Check(name="graph_live", badge="amber", checked=checked, fix=f"{exc} Re-check shortly.")
        except TenantError as exc:
            return Check(name="graph_live", badge="red", checked=checked, fix=str(exc))
        return Check(name="graph_live", badge="green", checked=checked)

    async def exchange_live(self, role: Check) -> Check:
        checked = "a live Exchange admin API call (Get-AcceptedDomain)"
        try:
            await self.clients.exchange.accepted_domains()
        except RoleMissing:
            if role.badge == "green":
                return Check(
                    name="exchange_live",
                    badge="amber",
                    checked=checked,
                    fix=(
                        "The Exchange role is assigned but Exchange does not honour it yet "
                        f"(propagation delay): re-check in a few minutes ({self.run})."
                    ),
                )
            return Check(name="exchange_live", badge="red", checked=checked, fix=role.fix)
        except ConsentMissing:
            return Check(
                name="exchange_live",
                badge="red",
                checked=checked,
                fix=(
                    f"Exchange refused the app: {MANAGE_AS_APP} is not consented in this tenant; "
                    f"{self.recheck}."
                ),
            )
        except Transient as exc:
            return Check(name="exchange_live", badge="amber", checked=checked, fix=f"{exc} Re-check shortly.")
        except TenantError as exc:
            return Check(name="exchange_live", badge="red", checked=checked, fix=str(exc))
        return Check(name="exchange_live", badge="green", checked=checked)


def _skipped(name: str, checked: str, because: Check) -> Check:
    return Check(name=name, badge="red", checked=checked, fix=because.fix)


async def check_tenant(clients: TenantClients, tenant_key: str) -> HealthReport:
    """Run every check against the open tenant and grade the three capabilities."""
    c = _Checker(clients, tenant_key)
    endpoints = clients.connection.endpoints
    graph_token, graph_jwt = await c.token("Microsoft Graph", endpoints.graph_resource)
    exchange_token, exchange_jwt = await c.token("Exchange Online", endpoints.exchange_resource)
    graph_roles, _ = _roles(graph_jwt) if graph_jwt else (frozenset(), frozenset())
    exchange_roles, wids = _roles(exchange_jwt) if exchange_jwt else (frozenset(), frozenset())

    if graph_jwt:
        sp_id, consented = await c.app_assignments(graph_roles)
        directory_perms = c.permissions(
            "graph_permissions_directory", DIRECTORY_PERMISSIONS, graph_roles, consented
        )
        member_perms = c.permissions(
            "graph_permissions_membership", MEMBERSHIP_PERMISSIONS, graph_roles, consented
        )
        graph_live = await c.graph_live()
    else:
        sp_id, consented = None, None
        directory_perms = _skipped("graph_permissions_directory", "Microsoft Graph permissions", graph_token)
        member_perms = _skipped("graph_permissions_membership", "Microsoft Graph permissions", graph_token)
        graph_live = _skipped("graph_live", "a live Graph call", graph_token)
    if exchange_jwt:
        consent = c.consent(exchange_roles, consented)
        role = await c.role(sp_id, graph_roles, wids)
        exchange_live = await c.exchange_live(role)
    else:
        consent = _skipped("exchange_consent", f"{MANAGE_AS_APP} consent", exchange_token)
        role = _skipped("exchange_role", "the app's Exchange role", exchange_token)
        exchange_live = _skipped("exchange_live", "a live Exchange admin API call", exchange_token)

    exchange = [exchange_token, consent, role, exchange_live]
    groups = {
        "directory": [graph_token, directory_perms, graph_live],
        "membership": [graph_token, member_perms, *exchange],
        "mailbox": exchange,
    }
    return HealthReport(
        tenant=tenant_key,
        capabilities=[
            Capability(id=cid, label=CAPABILITIES[cid], badge=_worst(checks), checks=checks)
            for cid, checks in groups.items()
        ],
    )


# ---- the stored report -----------------------------------------------------------------------------


def _path(home: Path, tenant_key: str) -> Path:
    return Path(home) / "tenants" / tenant_key / HEALTH_FILE


def save_report(home: Path, report: HealthReport) -> Path:
    """Keep the report as the tenant's last check (atomic: a reader sees the old or the new one)."""
    path = _path(home, report.tenant)
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=".health-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(report.model_dump_json(indent=1))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_report(home: Path, tenant_key: str) -> HealthReport | None:
    """The tenant's last check, or None if it was never checked (or the file is unreadable)."""
    try:
        return HealthReport.model_validate_json(_path(home, tenant_key).read_bytes())
    except (OSError, ValueError):
        return None


def capability_refusal(workspace: Workspace, tenant_key: str, action_id: str) -> str | None:
    """Why a write of `action_id` must not be tried on the tenant, from its last check; None to go ahead.

    Only a red capability refuses; an unchecked tenant, an amber badge or a read goes ahead (the action then
    meets the tenant's own answer, which the connectors turn into a message with the fix).
    """
    capability_id = ACTION_CAPABILITY.get(action_id)
    if capability_id is None:
        return None
    report = load_report(workspace.settings.home, tenant_key)
    if report is None:
        return None
    capability = report.capability(capability_id)
    if capability.badge != "red":
        return None
    when = report.checked_at.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{capability.label} is not working for tenant {tenant_key!r} (health check of {when}): "
        f"{capability.fix or 'see mailwarden tenant check'}"
    )
