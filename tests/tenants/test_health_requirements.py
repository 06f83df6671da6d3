"""The health check judges what the tenant actually allows, from one table of what each feature needs.

Two setups a real admin makes, beside the demo app's Exchange Administrator: a least-privilege app (each
permission the table names, one left out), and Exchange's RBAC for applications (no Entra role; the
Mail Recipients management role given to the app's service principal in Exchange).
"""

from __future__ import annotations

import pytest

from mailwarden.connectors.connection import ClientSecretCredential, open_tenant
from mailwarden.connectors.secret import Secret
from mailwarden.directory.discovery import discover
from mailwarden.emulator.credentials import register_app
from mailwarden.emulator.state import (
    EXCHANGE_ADMIN_ROLE_TEMPLATE,
    EXCHANGE_RECIPIENT_ADMIN_ROLE_TEMPLATE,
    TenantState,
)
from mailwarden.errors import TenantError
from mailwarden.tenants.health import HealthReport, check_tenant
from mailwarden.tenants.requirements import degrading_permissions, readme_permissions
from mailwarden.testing import RunningEmulator
from tests.tenants.conftest import emulator_spec

pytestmark = pytest.mark.anyio

REQUIRED, OPTIONAL, _ = readme_permissions()
ASKED = [*REQUIRED, *(permission for permission, _, _ in degrading_permissions())]
"""Everything the README's setup steps ask for: the required ones and those features degrade without."""


async def _check_app(emulator: RunningEmulator, app_id: str, secret: str) -> HealthReport:
    spec = emulator_spec(emulator, client_id=app_id, credential=ClientSecretCredential(Secret(secret)))
    async with open_tenant(spec.connection()) as clients:
        return await check_tenant(clients, "acme")


async def _discovers(emulator: RunningEmulator, app_id: str, secret: str) -> bool:
    spec = emulator_spec(emulator, client_id=app_id, credential=ClientSecretCredential(Secret(secret)))
    async with open_tenant(spec.connection()) as clients:
        try:
            await discover(clients)
        except TenantError:
            return False
    return True


async def test_a_least_privilege_app_without_contacts_fails_the_directory_badge(
    emulator: RunningEmulator, tenant: TenantState
) -> None:
    """Discovery reads contacts: without OrgContact.Read.All the check says red, as discovery then fails."""
    lacking = [p for p in ASKED if p != "OrgContact.Read.All"]
    app, secret = register_app(
        tenant, "least", graph_permissions=lacking, directory_roles=[EXCHANGE_ADMIN_ROLE_TEMPLATE]
    )
    report = await _check_app(emulator, app.app_id, secret)
    assert report.badges["directory"] == "red"
    assert "OrgContact.Read.All" in (report.capability("directory").fix or "")
    assert app.app_id in (report.capability("directory").fix or "")
    assert report.badges["mailbox"] == "green"
    assert not await _discovers(emulator, app.app_id, secret)

    full, full_secret = register_app(
        tenant, "least+contacts", graph_permissions=ASKED, directory_roles=[EXCHANGE_ADMIN_ROLE_TEMPLATE]
    )
    report = await _check_app(emulator, full.app_id, full_secret)
    assert report.badges == {
        "directory": "green",
        "membership": "green",
        "mailbox": "green",
        "calendar": "green",
        "drift": "green",
    }
    assert await _discovers(emulator, full.app_id, full_secret)


async def test_the_calendar_view_needs_a_calendars_permission(
    emulator: RunningEmulator, tenant: TenantState
) -> None:
    app, secret = register_app(
        tenant,
        "no calendars",
        graph_permissions=[p for p in ASKED if p != "Calendars.Read"],
        directory_roles=[EXCHANGE_ADMIN_ROLE_TEMPLATE],
    )
    report = await _check_app(emulator, app.app_id, secret)
    assert report.badges["calendar"] == "red"
    assert "Calendars.Read" in (report.capability("calendar").fix or "")
    assert report.badges["directory"] == "green"


async def test_exchange_rbac_for_applications_with_mail_recipients(
    emulator: RunningEmulator, tenant: TenantState
) -> None:
    """No Entra role, Exchange's Mail Recipients role: mailbox work is green, list work red with the fix."""
    app, secret = register_app(tenant, "rbac", graph_permissions=ASKED, exchange_roles=["Mail Recipients"])
    report = await _check_app(emulator, app.app_id, secret)
    assert report.badges == {
        "directory": "red",
        "membership": "red",
        "mailbox": "green",
        "calendar": "green",
        "drift": "green",
    }
    membership = report.capability("membership")
    cmdlets = next(c for c in membership.checks if c.name == "exchange_cmdlets_membership")
    assert "not allowed: Get-DistributionGroup" in cmdlets.checked
    assert cmdlets.app == app.app_id
    assert "-Role 'Distribution Groups'" in (membership.fix or "")
    mailbox = next(c for c in report.capability("mailbox").checks if c.name == "exchange_cmdlets_mailbox")
    assert "Allowed: Get-Mailbox, Get-MailboxPermission, Get-RecipientPermission" in mailbox.checked
    # Discovery lists distribution groups, so the directory badge warns before discovery fails.
    assert "Get-DistributionGroup" in (report.capability("directory").fix or "")
    assert not await _discovers(emulator, app.app_id, secret)


async def test_exchange_rbac_for_applications_with_every_role_the_table_names(
    emulator: RunningEmulator, tenant: TenantState
) -> None:
    roles = ["Mail Recipients", "Distribution Groups", "Security Group Creation and Membership"]
    app, secret = register_app(tenant, "rbac-all", graph_permissions=ASKED, exchange_roles=roles)
    report = await _check_app(emulator, app.app_id, secret)
    assert report.badges["mailbox"] == "green"
    assert report.badges["directory"] == "green"
    # No read can try the switch and no Entra role vouches for it: not confirmed, never passed as green.
    assert report.badges["membership"] == "amber"
    assert "BypassSecurityGroupManagerCheck" in (report.capability("membership").fix or "")


async def test_exchange_recipient_administrator_is_not_enough_for_list_changes(
    emulator: RunningEmulator, tenant: TenantState
) -> None:
    """mailwarden sends BypassSecurityGroupManagerCheck, which Recipient Management does not carry."""
    app, secret = register_app(
        tenant,
        "recipient admin",
        graph_permissions=ASKED,
        directory_roles=[EXCHANGE_RECIPIENT_ADMIN_ROLE_TEMPLATE],
    )
    report = await _check_app(emulator, app.app_id, secret)
    assert report.badges == {
        "directory": "green",
        "membership": "red",
        "mailbox": "green",
        "calendar": "green",
        "drift": "green",
    }
    fix = report.capability("membership").fix or ""
    assert "Exchange Recipient Administrator does not allow BypassSecurityGroupManagerCheck" in fix
    assert "Security Group Creation and Membership" in fix


async def test_without_the_audit_log_permission_the_drift_badge_is_amber_and_names_it(
    emulator: RunningEmulator, tenant: TenantState
) -> None:
    """Drift still runs without AuditLogsQuery-Exchange.Read.All, naming windows instead of people."""
    app, secret = register_app(
        tenant, "no-audit", graph_permissions=REQUIRED, directory_roles=[EXCHANGE_ADMIN_ROLE_TEMPLATE]
    )
    report = await _check_app(emulator, app.app_id, secret)
    assert report.badges["drift"] == "amber"
    fix = report.capability("drift").fix or ""
    assert "AuditLogsQuery-Exchange.Read.All" in fix
    assert "window between two scans" in fix
    assert report.badges["mailbox"] == "green"
