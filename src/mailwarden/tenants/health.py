"""The health check: one badge per capability, each green, amber or red, with the fix an admin follows.

    directory    Directory reads and discovery (Graph + Exchange)
    membership   Distribution lists: membership and lifecycle (Graph + Exchange)
    mailbox      Mailbox delegation and primary address changes (Exchange admin API)
    calendar     Calendar sharing and the calendar view (Graph + Exchange admin API)

What each capability needs comes from one table (tenants/requirements.py). Each capability is the worst of
the checks it rests on:

    graph_token / exchange_token   the identity platform issues the app a token for the API
    graph_permissions_*            the Graph application permissions are consented: read from the token's
                                   `roles` and from the service principal's app role assignments
    exchange_consent               Exchange.ManageAsApp is consented (the same two sources)
    exchange_cmdlets_*             Exchange lets the app run the capability's cmdlets, judged by a live,
                                   harmless read per cmdlet where one exists (Get-Mailbox -ResultSize 1,
                                   Get-MailboxPermission on that mailbox ...; never a write). Exchange grants
                                   cmdlets through an Entra role or its own RBAC for applications, so a role
                                   is only a hint: it decides the writes and switches no read can try.
    graph_live                     a harmless live Graph call succeeds (one user)

Amber means "probably fine soon": a permission consented but not in the token yet, or a role assigned in
the directory that Exchange does not honour yet (propagation takes minutes). The last report is kept in
the database (a tenant document, store/documents.py), so every server reads the same one;
`capability_refusal` reads it so a write whose capability is red is refused with the fix, before
anything is asked of the tenant.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import jwt
from pydantic import BaseModel, Field

from mailwarden.connectors.connection import TenantClients
from mailwarden.errors import (
    AlreadyExists,
    AuthenticationFailed,
    MailwardenError,
    NotAuthorized,
    NotFound,
    Rejected,
    TenantError,
    TenantUnreachable,
    Transient,
)
from mailwarden.notifications.health import ChannelSetup, channel_capabilities
from mailwarden.tenants.connect import explain_token_failure
from mailwarden.tenants.consent import admin_consent_url
from mailwarden.tenants.four_eyes import four_eyes, read_role_assignments
from mailwarden.tenants.requirements import (
    APPLICATIONS_READ,
    BYPASS_OWNER_CHECK,
    CAPABILITIES,
    EXCHANGE_ROLE_FOR,
    MANAGE_AS_APP,
    ROLES_READ,
    GraphPermission,
    capability_cmdlets,
    capability_graph,
    capability_without,
)

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
HEALTH_KIND = "health"
"""The tenant's last health report is this kind of tenant document (store/documents.py)."""

ACTION_CAPABILITY: dict[str, str] = {
    "mailbox_delegation": "mailbox",
    "send_as": "mailbox",
    "send_on_behalf": "mailbox",
    "change_primary_alias": "mailbox",
    "email_forwarding_internal": "mailbox",
    "calendar_share": "calendar",
    "distribution_list_membership": "membership",
    "distribution_list_lifecycle": "membership",
}
"""The capability each write action needs (reads are not refused from a stored check)."""

EXCHANGE_ADMIN = "29232cdf-9323-42fd-ade2-1d097af3e4de"
EXCHANGE_RECIPIENT_ADMIN = "31392ffb-586c-42d1-9346-e59415a2cc4e"
GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10"
EXCHANGE_ROLES = {
    EXCHANGE_ADMIN: "Exchange Administrator",
    EXCHANGE_RECIPIENT_ADMIN: "Exchange Recipient Administrator",
    GLOBAL_ADMIN: "Global Administrator",
}
# Exchange maps these Entra roles to Organization Management, which holds every cmdlet and switch here.
_FULL_ROLES = frozenset({EXCHANGE_ADMIN, GLOBAL_ADMIN})
_BYPASS_ROLE = EXCHANGE_ROLE_FOR[BYPASS_OWNER_CHECK]

Outcome = Literal["allowed", "denied", "unknown"]


class Check(BaseModel):
    """One thing looked at, how it came out, and (when not green) what the admin does about it."""

    name: str
    badge: Badge
    checked: str
    """What was checked, in words ('a token for Microsoft Graph')."""
    fix: str | None = None
    app: str | None = None
    """The app (client id) this check is about, so a fix names the app it applies to."""


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
    consent_urls: dict[str, str] = Field(default_factory=dict)
    """Per app (client id) whose checks are not all green: the tenant's admin-consent page for it."""
    four_eyes: str | None = None
    """Whether a second admin can approve (tenants/four_eyes.py); None when Graph could not be read."""
    channels: list[Capability] = Field(default_factory=list)
    """The notification channels (notifications/health.py): badges apart from the capabilities, so a
    channel not set up never holds the tenant 'waiting'."""
    policy_warnings: list[str] = Field(default_factory=list)
    """What the tenant's stored policy lacks of the current default (PolicyStore.warnings)."""
    exchange_hosts: list[str] = Field(default_factory=list)
    """Where the Exchange client may follow a redirect or a next page (the token with it): the connection's
    Exchange host, then its cloud's own hosts ('.'-led: any host under that domain)."""
    exchange_hosts_added: list[str] = Field(default_factory=list)
    """The hosts the tenant's admins added to those (a connection setting: `tenant exchange-hosts`)."""

    def capability(self, capability_id: str) -> Capability:
        return next(c for c in self.capabilities if c.id == capability_id)

    @property
    def badges(self) -> dict[str, Badge]:
        return {c.id: c.badge for c in self.capabilities}

    @property
    def waiting(self) -> bool:
        """Nothing red, something amber: set up, and waiting for consent or roles to spread."""
        ranks = {c.badge for c in self.capabilities}
        return "red" not in ranks and "amber" in ranks

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


@dataclass(frozen=True)
class RoleHint:
    """The app's Entra roles: `assigned` in the directory, `honoured` in its token."""

    assigned: frozenset[str]
    honoured: frozenset[str]

    @property
    def names(self) -> str:
        return ", ".join(sorted(EXCHANGE_ROLES[t] for t in self.assigned | self.honoured)) or "none"

    @property
    def propagating(self) -> bool:
        return bool(self.assigned - self.honoured)


class _Checker:
    """Runs the checks once each against an open tenant; the capabilities pick from the results."""

    def __init__(self, clients: TenantClients, tenant_key: str) -> None:
        self.clients = clients
        self.key = tenant_key
        self.connection = clients.connection
        self.graph_app = self.connection.client_id
        self.exchange_app = self.connection.exchange_client_id
        self.run = _check_command(tenant_key)
        self.recheck = f"then {self.run}"

    async def token(self, api: str, resource: str, app: str) -> tuple[Check, str | None]:
        checked = f"a token for {api} from the identity platform"
        name = f"{api.split()[-1].lower()}_token"
        try:
            source = self.clients.tokens_for(resource)
            # A fresh token, not the cached one: right after consent the cached token still lacks what was
            # granted, and the check is about the tenant's state now.
            token = await source.token(resource, reject=await source.token(resource))
        except (AuthenticationFailed, TenantUnreachable) as exc:
            reason = explain_token_failure(exc, self.connection)
            return Check(
                name=name,
                badge="red",
                checked=checked,
                fix=f"No token for app {app}: {reason}; {self.recheck}.",
                app=app,
            ), None
        return Check(name=name, badge="green", checked=checked, app=app), token

    async def app_assignments(
        self, graph_roles: frozenset[str], app_id: str
    ) -> tuple[str | None, frozenset[str] | None]:
        """The app's service principal id and its consented app role values, when Graph lets us read them."""
        if not graph_roles & APPLICATIONS_READ.roles:
            return None, None
        graph = self.clients.graph
        try:
            sp = await graph.service_principal(app_id)
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
        needed: Sequence[GraphPermission],
        token_roles: frozenset[str],
        consented: frozenset[str] | None,
    ) -> Check:
        app = self.graph_app
        missing = [need for need in needed if not token_roles & need.roles]
        checked = "Microsoft Graph application permissions: " + ", ".join(n.asked for n in needed)
        if not missing:
            return Check(name=name, badge="green", checked=checked, app=app)
        asked = ", ".join(n.asked for n in missing)
        if consented is not None and all(n.roles & consented for n in missing):
            return Check(
                name=name,
                badge="amber",
                checked=checked,
                app=app,
                fix=(
                    f"{asked} is consented but not in the app's token yet; new tokens carry it "
                    f"within a few minutes: re-check in a few minutes ({self.run})."
                ),
            )
        return Check(
            name=name,
            badge="red",
            checked=checked,
            app=app,
            fix=(
                f"Add the Microsoft Graph application permission {asked} to the app {app} "
                f"({'; '.join(f'{n.asked} to {n.need}' for n in missing)}): API permissions > Add a "
                "permission > Microsoft Graph > Application permissions, and click 'Grant admin consent' "
                f"in this tenant, {self.recheck}."
            ),
        )

    def consent(self, exchange_roles: frozenset[str], consented: frozenset[str] | None) -> Check:
        app = self.exchange_app
        checked = f"the API permission {MANAGE_AS_APP} (Office 365 Exchange Online) is consented"
        if MANAGE_AS_APP in exchange_roles:
            return Check(name="exchange_consent", badge="green", checked=checked, app=app)
        if consented is not None and MANAGE_AS_APP in consented:
            return Check(
                name="exchange_consent",
                badge="amber",
                checked=checked,
                app=app,
                fix=(
                    f"{MANAGE_AS_APP} is consented but not in the app's Exchange token yet: re-check "
                    f"in a few minutes ({self.run})."
                ),
            )
        return Check(
            name="exchange_consent",
            badge="red",
            checked=checked,
            app=app,
            fix=(
                f"Grant the app {app} the API permission {MANAGE_AS_APP}: API permissions > "
                "Add a permission > "
                "APIs my organization uses > Office 365 Exchange Online > Application permissions > "
                "Exchange.ManageAsApp, then click 'Grant admin consent' (in this tenant, not the one the app "
                f"was created in), {self.recheck}."
            ),
        )

    def role_hint(
        self,
        sp_id: str | None,
        graph_roles: frozenset[str],
        wids: frozenset[str],
        assignments: Sequence[dict[str, Any]] | MailwardenError,
    ) -> RoleHint:
        """The Exchange Entra roles: assigned (the directory's word, when readable: the check's one read of
        the role assignments) and in the token."""
        honoured = wids & set(EXCHANGE_ROLES)
        if sp_id is None or not graph_roles & ROLES_READ.roles or isinstance(assignments, MailwardenError):
            return RoleHint(assigned=honoured, honoured=honoured)
        mine = [a for a in assignments if str(a.get("principalId", "")).lower() == sp_id.lower()]
        assigned = {str(a.get("roleDefinitionId")).lower() for a in mine} & set(EXCHANGE_ROLES)
        return RoleHint(assigned=frozenset(assigned), honoured=honoured)

    async def probe(
        self, cmdlet: str, params: dict[str, object], listing: bool
    ) -> tuple[Outcome, list[dict[str, object]]]:
        """Try one read: allowed if Exchange ran it (an answer, or 'not found'), denied if RBAC refused it."""
        try:
            out = await self.clients.exchange.invoke(cmdlet, params, result_size=1 if listing else None)
        except (NotFound, AlreadyExists, Rejected):
            return "allowed", []  # the cmdlet ran and said no about the object, not about the caller
        except NotAuthorized:
            return "denied", []
        except TenantError:
            return "unknown", []
        return "allowed", list(out)

    async def probes(self) -> dict[str, Outcome]:
        """One harmless read per Exchange read cmdlet the table names (never a write), in two rounds: the
        listings, then the reads of the mailbox and list they found."""
        seen: dict[str, Outcome] = {}
        (
            (seen["Get-Mailbox"], boxes),
            (seen["Get-Recipient"], _),
            (seen["Get-DistributionGroup"], groups),
        ) = await asyncio.gather(
            self.probe("Get-Mailbox", {}, listing=True),
            self.probe("Get-Recipient", {}, listing=True),
            self.probe("Get-DistributionGroup", {}, listing=True),
        )
        box, group = _identity(boxes), _identity(groups)
        reads: dict[str, tuple[dict[str, object], bool]] = {}
        if box:
            reads["Get-MailboxPermission"] = ({"Identity": box}, False)
            reads["Get-RecipientPermission"] = ({"Identity": box}, True)
            reads["Get-MailboxFolderStatistics"] = ({"Identity": box, "FolderScope": "Calendar"}, True)
            reads["Get-InboxRule"] = ({"Mailbox": box}, True)
        if group:
            reads["Get-DistributionGroupMember"] = ({"Identity": group}, True)
        answers = await asyncio.gather(*(self.probe(c, p, listing) for c, (p, listing) in reads.items()))
        folders: list[dict[str, object]] = []
        for cmdlet, (outcome, out) in zip(reads, answers, strict=True):
            seen[cmdlet] = outcome
            if cmdlet == "Get-MailboxFolderStatistics":
                folders = out
        if box:
            # The calendar's name is localised: the folder statistics name it.
            calendar = next((f for f in folders if f.get("FolderType") == "Calendar"), None)
            folder = f"{box}:\\{calendar.get('Name') if calendar else 'Calendar'}"
            seen["Get-MailboxFolderPermission"], _ = await self.probe(
                "Get-MailboxFolderPermission", {"Identity": folder}, False
            )
        return seen

    def cmdlets(self, capability: str, probed: dict[str, Outcome], hint: RoleHint) -> Check:
        """Judge each of the capability's cmdlets: probed where a read exists, else by the role's hint."""
        app = self.exchange_app
        name = f"exchange_cmdlets_{capability}"
        wanted = capability_cmdlets(capability)
        checked = "Exchange lets the app run: " + ", ".join(wanted)
        verdict: dict[str, tuple[Outcome, str]] = {}
        for cmdlet in wanted:
            verdict[cmdlet] = _judge(cmdlet, probed, hint)
        allowed = [c for c, (o, _) in verdict.items() if o == "allowed"]
        denied = [c for c, (o, _) in verdict.items() if o == "denied"]
        unknown = [c for c, (o, _) in verdict.items() if o == "unknown"]
        how = "; ".join(f"{c} ({why})" for c, (_, why) in verdict.items())
        checked = (
            f"{checked}. Allowed: {', '.join(allowed) or 'none'}; "
            f"not allowed: {', '.join(denied) or 'none'}. [{how}]"
        )
        if not denied and not unknown:
            return Check(name=name, badge="green", checked=checked, app=app)
        if denied and hint.propagating:
            return Check(
                name=name,
                badge="amber",
                checked=checked,
                app=app,
                fix=(
                    f"Waiting for role propagation: the directory assigns {hint.names} to the app {app} but "
                    "Exchange does not honour it yet (this takes minutes): re-check in a few minutes "
                    f"({self.run})."
                ),
            )
        if denied:
            return Check(name=name, badge="red", checked=checked, app=app, fix=self._role_fix(denied, hint))
        return Check(
            name=name,
            badge="amber",
            checked=checked,
            app=app,
            fix=(
                f"Could not confirm {', '.join(unknown)} for the app {app} (no harmless way to try it, "
                "and no "
                f"Entra role says so). If a change fails, {self._role_fix(unknown, hint)}"
            ),
        )

    def _role_fix(self, cmdlets: Sequence[str], hint: RoleHint) -> str:
        app = self.exchange_app
        roles = list(dict.fromkeys(EXCHANGE_ROLE_FOR.get(c, "Mail Recipients") for c in cmdlets))
        assign = "; ".join(
            f"New-ManagementRoleAssignment -App <service principal> -Role '{r}'" for r in roles
        )
        lead = (
            "Assign the Exchange Administrator role to the app's service principal"
            f" (app {app}): Entra ID > Roles and administrators > Exchange Administrator > Add assignments"
        )
        why = ""
        if BYPASS_OWNER_CHECK in cmdlets and EXCHANGE_RECIPIENT_ADMIN in hint.assigned | hint.honoured:
            why = (
                f"Exchange Recipient Administrator does not allow {BYPASS_OWNER_CHECK}, which mailwarden "
                "sends on "
                "every distribution list change so the app need not own the list. "
            )
        return (
            f"{why}Not allowed: {', '.join(cmdlets)}. {lead}; or, with Exchange's RBAC for applications "
            f"(Exchange Online PowerShell): New-ServicePrincipal -AppId {app} "
            "-ObjectId <enterprise app object id>; "
            f"{assign}. A new assignment can take a few minutes to reach Exchange; {self.recheck}."
        )

    async def graph_live(self) -> Check:
        checked = "a live Graph call (read one user)"
        app = self.graph_app
        try:
            await self.clients.graph.get_json("/users", {"$top": "1", "$select": "id"})
        except Transient as exc:
            return Check(
                name="graph_live", badge="amber", checked=checked, app=app, fix=f"{exc} Re-check shortly."
            )
        except TenantError as exc:
            return Check(name="graph_live", badge="red", checked=checked, app=app, fix=str(exc))
        return Check(name="graph_live", badge="green", checked=checked, app=app)


def _identity(found: list[dict[str, object]]) -> str | None:
    for item in found:
        for key in ("PrimarySmtpAddress", "ExternalDirectoryObjectId", "Identity"):
            if item.get(key):
                return str(item[key])
    return None


def _judge(cmdlet: str, probed: dict[str, Outcome], hint: RoleHint) -> tuple[Outcome, str]:
    """Whether Exchange lets the app run `cmdlet`, and on what evidence."""
    if cmdlet in probed and probed[cmdlet] != "unknown":
        return probed[cmdlet], "tried"
    if hint.honoured & _FULL_ROLES:
        return "allowed", "Exchange Administrator"
    if cmdlet == BYPASS_OWNER_CHECK:
        if EXCHANGE_RECIPIENT_ADMIN in hint.honoured:
            return "denied", "Exchange Recipient Administrator lacks it"
        return "unknown", "no read can try it"
    if EXCHANGE_RECIPIENT_ADMIN in hint.honoured:
        return "allowed", "Exchange Recipient Administrator"
    # RBAC for applications: a built-in role holds a cmdlet's reads and writes together, so a write
    # follows a tried read of the same role (a custom role could split them: then the write fails with
    # Exchange's own message, which names the cmdlet).
    role = EXCHANGE_ROLE_FOR.get(cmdlet)
    siblings = [c for c, o in probed.items() if EXCHANGE_ROLE_FOR.get(c) == role and o != "unknown"]
    if siblings:
        outcome: Outcome = "allowed" if all(probed[c] == "allowed" for c in siblings) else "denied"
        return outcome, f"as {siblings[0]}, same role {role!r}"
    return "unknown", "not tried"


def _degrading(capability: str, check: Check) -> Check:
    """A capability that works less well without its permissions is amber, not red, and says what it loses."""
    without = capability_without(capability)
    if without is None or check.badge != "red":
        return check
    return check.model_copy(update={"badge": "amber", "fix": f"{check.fix} Until then, {without}."})


def _skipped(name: str, checked: str, because: Check) -> Check:
    return Check(name=name, badge="red", checked=checked, fix=because.fix, app=because.app)


async def check_tenant(
    clients: TenantClients, tenant_key: str, *, channels: ChannelSetup | None = None
) -> HealthReport:
    """Run every check against the open tenant and grade the capabilities (and, given their setup, the
    notification channels)."""
    # The check reads the roles in the tokens: never tokens kept from before a consent was just granted.
    for source in clients.token_sources():
        source.forget_kept()
    c = _Checker(clients, tenant_key)
    endpoints = clients.connection.endpoints
    graph_token, graph_jwt = await c.token("Microsoft Graph", endpoints.graph_resource, c.graph_app)
    exchange_token, exchange_jwt = await c.token(
        "Exchange Online", endpoints.exchange_resource, c.exchange_app
    )
    graph_roles, _ = _roles(graph_jwt) if graph_jwt else (frozenset(), frozenset())
    exchange_roles, wids = _roles(exchange_jwt) if exchange_jwt else (frozenset(), frozenset())

    # Read once for the role hint and the four-eyes line (each read them on its own before).
    assignments: list[dict[str, Any]] | MailwardenError = TenantError("no Graph token")
    if graph_jwt:
        try:
            assignments = await read_role_assignments(clients)
        except MailwardenError as exc:
            assignments = exc
    permissions: dict[str, Check] = {}
    if graph_jwt:
        sp_id, consented = await c.app_assignments(graph_roles, c.graph_app)
        for cap in CAPABILITIES:
            permissions[cap] = _degrading(
                cap,
                c.permissions(f"graph_permissions_{cap}", capability_graph(cap), graph_roles, consented),
            )
        graph_live = await c.graph_live()
    else:
        sp_id, consented = None, None
        for cap in CAPABILITIES:
            permissions[cap] = _skipped(
                f"graph_permissions_{cap}", "Microsoft Graph permissions", graph_token
            )
        graph_live = _skipped("graph_live", "a live Graph call", graph_token)
    if c.exchange_app != c.graph_app and graph_jwt:
        # The Exchange app's own consents and roles: Graph (read with the Graph app) knows them too.
        sp_id, exchange_consented = await c.app_assignments(graph_roles, c.exchange_app)
    else:
        exchange_consented = consented
    cmdlet_checks: dict[str, Check] = {}
    if exchange_jwt:
        consent = c.consent(exchange_roles, exchange_consented)
        hint = c.role_hint(sp_id, graph_roles, wids, assignments)
        if consent.badge == "green":
            probed = await c.probes()
            for cap in CAPABILITIES:
                cmdlet_checks[cap] = c.cmdlets(cap, probed, hint)
        else:
            for cap in CAPABILITIES:
                cmdlet_checks[cap] = _skipped(f"exchange_cmdlets_{cap}", "Exchange cmdlets", consent)
    else:
        consent = _skipped("exchange_consent", f"{MANAGE_AS_APP} consent", exchange_token)
        for cap in CAPABILITIES:
            cmdlet_checks[cap] = _skipped(f"exchange_cmdlets_{cap}", "Exchange cmdlets", exchange_token)

    groups: dict[str, list[Check]] = {}
    for cap in CAPABILITIES:
        checks = [graph_token, permissions[cap]]
        if cap == "directory":
            checks.append(graph_live)
        if capability_cmdlets(cap):
            checks += [exchange_token, consent, cmdlet_checks[cap]]
        groups[cap] = checks
    capabilities = [
        Capability(id=cid, label=CAPABILITIES[cid], badge=_worst(checks), checks=checks)
        for cid, checks in groups.items()
    ]
    endpoints = clients.connection.endpoints
    return HealthReport(
        tenant=tenant_key,
        capabilities=capabilities,
        exchange_hosts=[endpoints.exchange_host, *endpoints.exchange_hosts],
        exchange_hosts_added=list(endpoints.exchange_hosts_added),
        consent_urls=_consent_urls(c, capabilities),
        four_eyes=await four_eyes(clients, assignments) if graph_jwt else None,
        channels=await channel_capabilities(clients, tenant_key, channels, graph_roles if graph_jwt else None)
        if channels is not None
        else [],
    )


def _consent_urls(c: _Checker, capabilities: list[Capability]) -> dict[str, str]:
    """The admin-consent page of each app a non-green check is about (consent is where a setup starts)."""
    apps = {check.app for cap in capabilities for check in cap.checks if check.badge != "green" and check.app}
    connection = c.connection
    return {app: admin_consent_url(connection.endpoints, connection.tenant_id, app) for app in sorted(apps)}


# ---- the stored report -----------------------------------------------------------------------------


def save_report(workspace: Workspace, report: HealthReport) -> None:
    """Keep the report as the tenant's last check, in the database, where every server reads it."""
    workspace.documents.put(report.tenant, HEALTH_KIND, report.model_dump_json(indent=1))


def load_report(workspace: Workspace, tenant_key: str) -> HealthReport | None:
    """The tenant's last check, or None if it was never checked (or what is kept is unreadable)."""
    body = workspace.documents.get(tenant_key, HEALTH_KIND)
    if body is None:
        return None
    try:
        return HealthReport.model_validate_json(body)
    except ValueError:
        return None


def capability_refusal(workspace: Workspace, tenant_key: str, action_id: str) -> str | None:
    """Why a write of `action_id` must not be tried on the tenant, from its last check; None to go ahead.

    Only a red capability refuses; an unchecked tenant, an amber badge or a read goes ahead (the action then
    meets the tenant's own answer, which the connectors turn into a message with the fix).
    """
    capability_id = ACTION_CAPABILITY.get(action_id)
    if capability_id is None:
        return None
    report = load_report(workspace, tenant_key)
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
