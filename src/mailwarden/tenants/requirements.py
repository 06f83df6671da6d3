"""What each mailwarden feature needs from a tenant: one table, read by the health check, the emulator's
authorization and the README's setup steps (a test keeps the README equal to it).

Graph application permissions come as alternatives: any one of a group suffices, as the "Permissions"
table of each Graph API page lists them (least privileged first; the first is the one the setup asks for).
Exchange needs the API permission Exchange.ManageAsApp plus, per cmdlet, an RBAC grant: an Entra role on
the app's service principal (Exchange Administrator maps to the Organization Management role group,
Exchange Recipient Administrator to Recipient Management) or Exchange's own "RBAC for applications"
(New-ServicePrincipal, then New-ManagementRoleAssignment -App <service principal> -Role <role>).

BypassSecurityGroupManagerCheck, which mailwarden sends on every distribution list change so that the app
need not own the list, is allowed to members of Organization Management or holders of the "Security Group
Creation and Membership" role (Add-DistributionGroupMember's documentation); Recipient Management, hence
Exchange Recipient Administrator, does not carry it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "APPLICATIONS_READ",
    "AUDIT_LOG_READ",
    "BYPASS_OWNER_CHECK",
    "CALENDARS_READ",
    "CALENDARS_WRITE",
    "CAPABILITIES",
    "CONTACTS_READ",
    "DOMAINS_READ",
    "EXCHANGE_ROLE_FOR",
    "FEATURES",
    "GROUPS_READ",
    "MAIL_SEND",
    "MANAGE_AS_APP",
    "MEMBERS_WRITE",
    "ORGANIZATION_READ",
    "ROLES_READ",
    "USERS_READ",
    "Feature",
    "GraphPermission",
    "capability_cmdlets",
    "capability_graph",
    "capability_without",
    "degrading_permissions",
    "readme_permissions",
]

MANAGE_AS_APP = "Exchange.ManageAsApp"
BYPASS_OWNER_CHECK = "BypassSecurityGroupManagerCheck"


@dataclass(frozen=True)
class GraphPermission:
    """One thing read or written through Graph, allowed by any one of `alternatives`."""

    need: str
    alternatives: tuple[str, ...]

    @property
    def asked(self) -> str:
        """The least privileged alternative: the one the setup steps ask an admin to grant."""
        return self.alternatives[0]

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(self.alternatives)


_DIR_READ = ("Directory.Read.All", "Directory.ReadWrite.All")
USERS_READ = GraphPermission("read users", ("User.Read.All", "User.ReadWrite.All", *_DIR_READ))
GROUPS_READ = GraphPermission(
    "read groups and their members",
    (
        "Group.Read.All",
        "GroupMember.Read.All",
        "Group.ReadWrite.All",
        "GroupMember.ReadWrite.All",
        *_DIR_READ,
    ),
)
MEMBERS_WRITE = GraphPermission(
    "change group members", ("GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All")
)
CONTACTS_READ = GraphPermission("read organisational contacts", ("OrgContact.Read.All", *_DIR_READ))
DOMAINS_READ = GraphPermission("read domains", ("Domain.Read.All", "Domain.ReadWrite.All", *_DIR_READ))
ORGANIZATION_READ = GraphPermission(
    "read the organisation",
    ("Organization.Read.All", "Organization.ReadWrite.All", "User.Read.All", *_DIR_READ),
)
APPLICATIONS_READ = GraphPermission(
    "read the app's own consented permissions",
    ("Application.Read.All", "Application.ReadWrite.All", *_DIR_READ),
)
ROLES_READ = GraphPermission(
    "read directory role assignments",
    (
        "RoleManagement.Read.Directory",
        "RoleManagement.Read.All",
        "RoleManagement.ReadWrite.Directory",
        *_DIR_READ,
    ),
)
# Calendars.Read is not implied by any Directory permission: Graph lists only the Calendars ones.
CALENDARS_READ = GraphPermission("read calendar sharing", ("Calendars.Read", "Calendars.ReadWrite"))
CALENDARS_WRITE = GraphPermission("change calendar sharing", ("Calendars.ReadWrite",))
# Graph's audit log query API (security/auditLog/queries): the Exchange-only permission is the least
# privileged that covers Exchange admin cmdlets; AuditLogsQuery.Read.All covers every service.
AUDIT_LOG_READ = GraphPermission(
    "read the tenant's Exchange audit records (who changed what, and when)",
    ("AuditLogsQuery-Exchange.Read.All", "AuditLogsQuery.Read.All"),
)
MAIL_SEND = GraphPermission("send notification e-mail from the tenant's sender mailbox", ("Mail.Send",))


@dataclass(frozen=True)
class Feature:
    """A feature, the health capability that vouches for it, and what it needs from each API."""

    id: str
    label: str
    capability: str
    graph: tuple[GraphPermission, ...] = ()
    exchange: tuple[str, ...] = ()
    """The cmdlets it runs (with BYPASS_OWNER_CHECK when it sends that switch)."""
    optional: bool = False
    """Only makes the health check's hints sharper; nothing fails without it."""
    without: str = ""
    """For a feature that works less well rather than not at all without its permissions: what happens
    then (the health check says it, amber; the README lists these apart from the required ones)."""


_GROUP_CHANGES = ("Get-DistributionGroup", "Get-DistributionGroupMember", BYPASS_OWNER_CHECK)

FEATURES: tuple[Feature, ...] = (
    Feature(
        "discovery",
        "Discovery of users, groups, contacts, shared mailboxes and admins",
        "directory",
        (USERS_READ, GROUPS_READ, CONTACTS_READ, DOMAINS_READ, ROLES_READ),
        ("Get-Mailbox", "Get-DistributionGroup", "Get-Recipient"),
    ),
    Feature(
        "delta_sync",
        "Refreshing the directory (changes since the last read)",
        "directory",
        (USERS_READ, GROUPS_READ),
    ),
    Feature(
        "sign_in", "Operators signing in (their name and groups)", "directory", (USERS_READ, GROUPS_READ)
    ),
    Feature(
        "mailbox_views",
        "Mailbox permission views and the delegation report",
        "mailbox",
        (USERS_READ,),
        ("Get-Mailbox", "Get-MailboxPermission", "Get-RecipientPermission", "Get-InboxRule"),
    ),
    Feature(
        "mailbox_delegation",
        "Full Access, Send As, Send on Behalf, forwarding and primary address changes",
        "mailbox",
        (USERS_READ,),
        (
            "Get-Mailbox",
            "Set-Mailbox",
            "Get-MailboxPermission",
            "Add-MailboxPermission",
            "Remove-MailboxPermission",
            "Get-RecipientPermission",
            "Add-RecipientPermission",
            "Remove-RecipientPermission",
            "Get-Recipient",
            "Get-InboxRule",  # forwarding: where a target's Inbox rules send the mail on
        ),
    ),
    Feature(
        "list_membership",
        "Distribution list membership",
        "membership",
        (GROUPS_READ, MEMBERS_WRITE),
        (
            *_GROUP_CHANGES,
            "Add-DistributionGroupMember",
            "Remove-DistributionGroupMember",
            "Update-DistributionGroupMember",
        ),
    ),
    Feature(
        "list_lifecycle",
        "Creating, changing and deleting distribution lists",
        "membership",
        (GROUPS_READ,),
        (*_GROUP_CHANGES, "New-DistributionGroup", "Set-DistributionGroup", "Remove-DistributionGroup"),
    ),
    Feature(
        "calendar_view",
        "Who can see a calendar",
        "calendar",
        (CALENDARS_READ,),
        ("Get-MailboxFolderStatistics", "Get-MailboxFolderPermission"),
    ),
    Feature(
        "calendar_share",
        "Sharing a calendar",
        "calendar",
        (CALENDARS_READ,),
        (
            "Get-MailboxFolderStatistics",
            "Get-MailboxFolderPermission",
            "Add-MailboxFolderPermission",
            "Set-MailboxFolderPermission",
            "Remove-MailboxFolderPermission",
        ),
    ),
    Feature(
        "drift_attribution",
        "Drift: naming who made a change outside mailwarden, and when (the tenant's audit log)",
        "drift",
        (AUDIT_LOG_READ,),
        without="drift scans still find every change, but each event gives the window between two scans "
        "instead of who made it and when",
    ),
    Feature(
        "notify_email",
        "Notifications by e-mail (approvals, access reviews, drift) from the tenant's sender mailbox",
        "email",
        (MAIL_SEND,),
        without="no e-mail is sent: each delivery fails with the reason on its record, requests go on, and "
        "Teams notifications still work",
    ),
    Feature(
        "health_hints",
        "The health check reading the app's own consents and roles",
        "directory",
        (APPLICATIONS_READ, ROLES_READ),
        optional=True,
    ),
)

CAPABILITIES: dict[str, str] = {
    "directory": "Directory reads and discovery (Graph + Exchange)",
    "membership": "Distribution lists: membership and lifecycle (Graph + Exchange)",
    "mailbox": "Mailbox delegation and primary address changes (Exchange admin API)",
    "calendar": "Calendar sharing and the calendar view (Graph + Exchange admin API)",
    "drift": "Drift: who changed what outside mailwarden (the tenant's audit log)",
}
"""The health check's badges. E-mail (Mail.Send) has its own badge among the notification channels, and
only when the tenant names a sender."""

# The built-in Exchange management role an admin assigns to the app (RBAC for applications) for each
# cmdlet, as the fix names it. Where a cmdlet sits in several roles, the narrowest is named.
EXCHANGE_ROLE_FOR: dict[str, str] = {
    **dict.fromkeys(
        (
            "Get-Mailbox",
            "Set-Mailbox",
            "Get-MailboxPermission",
            "Add-MailboxPermission",
            "Remove-MailboxPermission",
            "Get-RecipientPermission",
            "Add-RecipientPermission",
            "Remove-RecipientPermission",
            "Get-Recipient",
            "Get-MailboxFolderStatistics",
            "Get-MailboxFolderPermission",
            "Add-MailboxFolderPermission",
            "Set-MailboxFolderPermission",
            "Remove-MailboxFolderPermission",
            "Get-InboxRule",
        ),
        "Mail Recipients",
    ),
    **dict.fromkeys(
        (
            "Get-DistributionGroup",
            "Get-DistributionGroupMember",
            "Add-DistributionGroupMember",
            "Remove-DistributionGroupMember",
            "Update-DistributionGroupMember",
            "New-DistributionGroup",
            "Set-DistributionGroup",
            "Remove-DistributionGroup",
        ),
        "Distribution Groups",
    ),
    BYPASS_OWNER_CHECK: "Security Group Creation and Membership",
}


def _required(features: tuple[Feature, ...]) -> list[Feature]:
    return [f for f in features if not f.optional and not f.without]


def capability_without(capability: str) -> str | None:
    """What happens without a capability's permissions, when it degrades rather than fails (else None)."""
    features = [f for f in FEATURES if f.capability == capability and not f.optional]
    if features and all(f.without for f in features):
        return "; ".join(f.without for f in features)
    return None


def degrading_permissions() -> list[tuple[str, str, str]]:
    """(permission, what it is for, what happens without it) for the features that degrade without it."""
    return [(need.asked, need.need, f.without) for f in FEATURES if f.without for need in f.graph]


def capability_graph(capability: str, *, optional: bool = False) -> tuple[GraphPermission, ...]:
    """The Graph needs of a capability's features, each once, in table order."""
    found: dict[str, GraphPermission] = {}
    for feature in FEATURES:
        if feature.capability == capability and (optional or not feature.optional):
            for need in feature.graph:
                found.setdefault(need.need, need)
    return tuple(found.values())


def capability_cmdlets(capability: str) -> tuple[str, ...]:
    """The Exchange cmdlets (and switches) a capability's features run, each once, in table order."""
    found: dict[str, None] = {}
    for feature in _required(FEATURES):
        if feature.capability == capability:
            found.update(dict.fromkeys(feature.exchange))
    return tuple(found)


def readme_permissions() -> tuple[list[str], list[str], list[str]]:
    """(required Graph permissions, optional ones, Exchange roles) as the README's setup steps list them."""
    required: dict[str, None] = {}
    for feature in _required(FEATURES):
        required.update(dict.fromkeys(n.asked for n in feature.graph))
    optional: dict[str, None] = {}
    for feature in FEATURES:
        if feature.optional:
            optional.update(dict.fromkeys(n.asked for n in feature.graph if n.asked not in required))
    roles: dict[str, None] = {}
    for feature in _required(FEATURES):
        roles.update(dict.fromkeys(EXCHANGE_ROLE_FOR[c] for c in feature.exchange))
    return list(required), list(optional), list(roles)


README_START = "<!-- requirements:start (generated: python -m mailwarden.tenants.requirements) -->"
README_END = "<!-- requirements:end -->"


def readme_block() -> str:
    """The README's setup list, generated from the table (a test keeps the README equal to it)."""
    required, optional, roles = readme_permissions()
    lines = [
        README_START,
        f"- Microsoft Graph application permissions: {', '.join(required)}.",
        f"- Optional, for sharper health check hints: {', '.join(optional)}.",
        "- Also asked for; without each, its feature works less well rather than not at all:",
        *(
            f"  - {permission}: to {need}. Without it, {without}."
            for permission, need, without in degrading_permissions()
        ),
        f"- Office 365 Exchange Online application permission: {MANAGE_AS_APP}.",
        "- An Exchange grant for the app's service principal: the Entra role Exchange Administrator, or",
        "  Exchange's RBAC for applications (`New-ServicePrincipal`, then",
        "  `New-ManagementRoleAssignment -App`)",
        f"  with the roles {', '.join(roles)}.",
        "",
        "| Feature | Graph (any one of each group; least privileged first) | Exchange cmdlets |",
        "|---|---|---|",
    ]
    for feature in FEATURES:
        graph = "; ".join(" or ".join(n.alternatives[:2]) for n in feature.graph) or "-"
        lines.append(f"| {feature.label} | {graph} | {', '.join(feature.exchange) or '-'} |")
    lines.append(README_END)
    return "\n".join(lines)


if __name__ == "__main__":
    print(readme_block())
