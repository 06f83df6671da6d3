"""Exchange Online's RBAC as an app meets it: which cmdlets (and which switches) a caller may run.

An app gets cmdlets two ways, as in a real tenant:
- an Entra role on its service principal (the token's `wids`), which Exchange maps to a role group:
  Exchange Administrator and Global Administrator to Organization Management (every cmdlet here),
  Exchange Recipient Administrator to Recipient Management;
- RBAC for applications: `New-ServicePrincipal` registers the app in Exchange, then
  `New-ManagementRoleAssignment -App <service principal> -Role <role>` gives it a management role.

Each role lists only the cmdlets the emulator implements. The role entries come from Microsoft's role
descriptions and each cmdlet page's "Permissions" pointer; entries marked UNCONFIRMED are inferred from
the role's purpose, not read in a role-entry listing. A parameter outside the caller's role entries is
not in its session at all, so Exchange answers as for an unknown parameter (UNCONFIRMED over REST: the
PowerShell module shows that text).
"""

from __future__ import annotations

from typing import Any

from mailwarden.emulator.exchange.errors import unknown_parameter
from mailwarden.emulator.state import (
    EXCHANGE_ADMIN_ROLE_TEMPLATE,
    EXCHANGE_RECIPIENT_ADMIN_ROLE_TEMPLATE,
    GLOBAL_ADMIN_ROLE_TEMPLATE,
    Application,
    TenantState,
)

BYPASS_OWNER_CHECK = "BypassSecurityGroupManagerCheck"
_MAILBOX_READS = frozenset(
    {"Get-Mailbox", "Get-Recipient", "Get-MailboxPermission", "Get-RecipientPermission"}
)

ROLE_CMDLETS: dict[str, frozenset[str]] = {
    "Mail Recipients": _MAILBOX_READS
    | {
        "Set-Mailbox",
        "Add-MailboxPermission",
        "Remove-MailboxPermission",
        "Add-RecipientPermission",
        "Remove-RecipientPermission",
        # UNCONFIRMED: folder permission and statistics cmdlets listed under Mail Recipients.
        "Get-MailboxFolderStatistics",
        "Get-MailboxFolderPermission",
        "Add-MailboxFolderPermission",
        "Set-MailboxFolderPermission",
        "Remove-MailboxFolderPermission",
        # Inbox rules of other people's mailboxes (Get-InboxRule.md: admins manage them with -Mailbox).
        # Get-InboxRule is a role entry of Mail Recipients: public report scripts make a child role with
        # `New-ManagementRole -Parent "Mail Recipients"` and keep its "Get-InboxRule" entry, and a child
        # role holds only its parent's entries. Get-InboxRule.md also says it does not work for View-Only
        # Organization Management or Global Reader, which this emulator grants nothing at all.
        # UNCONFIRMED: the write cmdlets' entries sit under the same role.
        "Get-InboxRule",
        "New-InboxRule",
        "Enable-InboxRule",
        "Disable-InboxRule",
        "Remove-InboxRule",
        "Get-AcceptedDomain",  # UNCONFIRMED: address validation reads the accepted domains
    },
    "Distribution Groups": frozenset(
        {
            "Get-DistributionGroup",
            "New-DistributionGroup",
            "Set-DistributionGroup",
            "Remove-DistributionGroup",
            "Get-DistributionGroupMember",
            "Add-DistributionGroupMember",
            "Remove-DistributionGroupMember",
            "Update-DistributionGroupMember",
            "New-DynamicDistributionGroup",
            "Get-DynamicDistributionGroupMember",  # UNCONFIRMED: beside the other dynamic group cmdlets
            "Get-Recipient",  # UNCONFIRMED
            "Get-AcceptedDomain",  # UNCONFIRMED
        }
    ),
    "Mail Recipient Creation": frozenset(
        {"Get-Recipient", "Get-Mailbox", "Get-AcceptedDomain", "Remove-Mailbox"}
    ),  # UNCONFIRMED (Remove-Mailbox.md points to Mail Recipient Creation)
    "Recipient Policies": frozenset({"Get-Recipient"}),  # UNCONFIRMED
    # Add-DistributionGroupMember's documentation: the switch needs Organization Management or this role.
    "Security Group Creation and Membership": frozenset({BYPASS_OWNER_CHECK}),
    "Role Management": frozenset(
        {
            "New-ServicePrincipal",
            "Get-ServicePrincipal",
            "New-ManagementRoleAssignment",
            "Get-ManagementRoleAssignment",
        }
    ),
    "View-Only Configuration": frozenset(
        {"Get-AcceptedDomain", "Get-ServicePrincipal", "Get-ManagementRoleAssignment"}
    ),
}
RECIPIENT_MANAGEMENT = (
    "Distribution Groups",
    "Mail Recipients",
    "Mail Recipient Creation",
    "Recipient Policies",
)
ORGANIZATION_MANAGEMENT = tuple(ROLE_CMDLETS)
ENTRA_ROLE_GROUPS: dict[str, tuple[str, ...]] = {
    EXCHANGE_ADMIN_ROLE_TEMPLATE: ORGANIZATION_MANAGEMENT,
    GLOBAL_ADMIN_ROLE_TEMPLATE: ORGANIZATION_MANAGEMENT,
    EXCHANGE_RECIPIENT_ADMIN_ROLE_TEMPLATE: RECIPIENT_MANAGEMENT,
}


def known_role(name: str) -> str | None:
    """The role's canonical name, matched without regard to case (as Exchange's identities are)."""
    return next((r for r in ROLE_CMDLETS if r.lower() == name.strip().lower()), None)


def granted(state: TenantState, app_id: str, wids: frozenset[str]) -> frozenset[str]:
    """Every cmdlet (and switch) the caller's roles hold, through Entra roles and RBAC for applications."""
    roles: set[str] = set()
    for template in wids:
        roles.update(ENTRA_ROLE_GROUPS.get(template, ()))
    app = state.application(app_id)
    if app is not None and app.exchange_sp_id:
        roles.update(r for r in app.exchange_roles if r in ROLE_CMDLETS)
    return frozenset(c for role in roles for c in ROLE_CMDLETS[role])


def may_run(allowed: frozenset[str], cmdlet: str) -> bool:
    return cmdlet.lower() in {c.lower() for c in allowed}


def check_switches(allowed: frozenset[str], raw_params: dict[str, Any]) -> None:
    """Refuse a role-gated switch the caller's roles do not carry, as Exchange does: it is not there."""
    for key, value in raw_params.items():
        if (
            key.lower() == BYPASS_OWNER_CHECK.lower()
            and value not in (False, None)
            and BYPASS_OWNER_CHECK not in allowed
        ):
            raise unknown_parameter(key)


def assignments(state: TenantState) -> list[tuple[Application, str]]:
    """Every (app, role) assignment made with New-ManagementRoleAssignment -App."""
    return [
        (app, role)
        for app in state.data.applications.values()
        if app.exchange_sp_id
        for role in app.exchange_roles
    ]
