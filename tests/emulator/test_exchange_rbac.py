"""Exchange RBAC as an app meets it: Entra roles map to role groups, RBAC for applications gives single
management roles, and each role holds only its own cmdlets and switches."""

from __future__ import annotations

from mailwarden.emulator import seed
from mailwarden.emulator.state import EXCHANGE_RECIPIENT_ADMIN_ROLE_TEMPLATE, TenantState
from tests.emulator.exchange_tenant import Exo, app_with

OTHER_APP = "7f3b2c1d-0a9e-4c8b-b6d5-3e2f1a0b9c8d"


def _rbac_app(state: TenantState, *roles: str) -> Exo:
    app = app_with(state, roles=(), app_id=OTHER_APP)
    if roles:
        app.exchange_sp_id = app.sp_id
        app.exchange_roles = list(roles)
    return Exo(state, app)


def test_an_app_with_neither_an_entra_role_nor_an_exchange_role_is_refused() -> None:
    exo = _rbac_app(TenantState(seed.acme()))
    response = exo.post("Get-Mailbox", {"ResultSize": 1})
    assert response.status_code == 403


def test_mail_recipients_runs_mailbox_cmdlets_but_not_group_cmdlets() -> None:
    exo = _rbac_app(TenantState(seed.acme()), "Mail Recipients")
    assert exo.run("Get-Mailbox", ResultSize=1)["value"]
    assert exo.post("Get-MailboxPermission", {"Identity": "support@acme.com"}).status_code == 200
    assert exo.post("Get-RecipientPermission", {"Identity": "support@acme.com"}).status_code == 200
    refused = exo.post("Get-DistributionGroup", {"ResultSize": 1})
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == "User is not allowed to call Get-DistributionGroup"
    assert (
        exo.post(
            "Add-DistributionGroupMember",
            {"Identity": "marketing@acme.com", "Member": "emma.wilson@acme.com"},
        ).status_code
        == 403
    )


def test_recipient_administrator_cannot_bypass_the_group_owner_check() -> None:
    """Recipient Management lacks the switch (Organization Management or its own role carries it)."""
    state = TenantState(seed.acme())
    exo = Exo(state, app_with(state, roles=(EXCHANGE_RECIPIENT_ADMIN_ROLE_TEMPLATE,), app_id=OTHER_APP))
    assert exo.run("Get-DistributionGroup", ResultSize=1)["value"]
    failure = exo.fail(
        "Add-DistributionGroupMember",
        400,
        Identity="marketing@acme.com",
        Member="emma.wilson@acme.com",
        BypassSecurityGroupManagerCheck=True,
    )
    assert "BypassSecurityGroupManagerCheck" in failure
    assert "ParameterBindingException" in failure


def test_an_exchange_admin_assigns_roles_to_an_app_with_rbac_for_applications() -> None:
    """New-ServicePrincipal, New-ManagementRoleAssignment -App: the app may then run that role's cmdlets."""
    state = TenantState(seed.acme())
    admin = Exo(state)
    other = _rbac_app(state)
    assert other.post("Get-Mailbox", {"ResultSize": 1}).status_code == 403
    # The role needs the app registered in Exchange first.
    assert (
        admin.post("New-ManagementRoleAssignment", {"App": OTHER_APP, "Role": "Mail Recipients"}).status_code
        == 404
    )
    sp = admin.run("New-ServicePrincipal", AppId=OTHER_APP, ObjectId=other.app.sp_id, DisplayName="other")
    assert sp["value"][0]["AppId"] == OTHER_APP
    admin.run("New-ManagementRoleAssignment", App=other.app.sp_id, Role="Mail Recipients")
    listed = admin.run("Get-ManagementRoleAssignment", RoleAssignee=OTHER_APP)["value"]
    assert [a["Role"] for a in listed] == ["Mail Recipients"]
    assert other.post("Get-Mailbox", {"ResultSize": 1}).status_code == 200
    # The app itself may not hand out roles.
    assert (
        other.post(
            "New-ManagementRoleAssignment", {"App": OTHER_APP, "Role": "Distribution Groups"}
        ).status_code
        == 403
    )
