"""RBAC for applications: New-ServicePrincipal / Get-ServicePrincipal and New-ManagementRoleAssignment -App /
Get-ManagementRoleAssignment, the cmdlets an Exchange admin runs to give an app Exchange roles without an
Entra role (Microsoft's "Role Based Access Control for Applications in Exchange Online")."""

from __future__ import annotations

from typing import Any

from mailwarden.emulator.exchange.errors import argument_not_found, object_not_found, task_error
from mailwarden.emulator.exchange.params import text
from mailwarden.emulator.exchange.rbac import assignments, known_role
from mailwarden.emulator.exchange.registry import Call, Result, cmdlet
from mailwarden.emulator.state import Application, TenantState


def _app(state: TenantState, value: str) -> Application | None:
    wanted = value.strip().lower()
    for app in state.data.applications.values():
        ids = {app.app_id.lower(), (app.exchange_sp_id or "").lower(), app.display_name.lower()}
        if app.exchange_sp_id and wanted in ids:
            return app
    return None


def _render_sp(app: Application) -> dict[str, Any]:
    return {
        "Identity": app.exchange_sp_id,
        "DisplayName": app.display_name,
        "AppId": app.app_id,
        "ObjectId": app.sp_id,
        "ServiceId": app.exchange_sp_id,
    }


@cmdlet(
    "New-ServicePrincipal",
    entity="ServicePrincipal",
    required=("AppId", "ObjectId"),
    AppId=text,
    ObjectId=text,
    DisplayName=text,
)
def new_service_principal(call: Call) -> Result:
    state, p = call.state, call.params
    app = state.application(p.text("AppId"))
    # Exchange checks the pair against Entra: the object id must be the app's enterprise application.
    if app is None or app.sp_id.lower() != p.text("ObjectId").lower():
        raise argument_not_found(p.text("AppId"))
    if app.exchange_sp_id:
        raise task_error(f"The service principal for application '{app.app_id}' already exists.")
    app.exchange_sp_id = app.sp_id
    state.record("exchange", "New-ServicePrincipal", app.app_id)
    state.mark_dirty()
    return Result(items=[app], render=_render_sp)


@cmdlet("Get-ServicePrincipal", entity="ServicePrincipal", Identity=text)
def get_service_principal(call: Call) -> Result:
    state, p = call.state, call.params
    if p.get("Identity") is not None:
        app = _app(state, p.text("Identity"))
        if app is None:
            raise object_not_found(p.text("Identity"))
        return Result(items=[app], render=_render_sp)
    return Result(items=[a for a in state.data.applications.values() if a.exchange_sp_id], render=_render_sp)


def _render_assignment(item: tuple[Application, str]) -> dict[str, Any]:
    app, role = item
    name = f"{role}-{app.display_name}"
    return {
        "Identity": name,
        "Name": name,
        "Role": role,
        "RoleAssignee": app.exchange_sp_id,
        "RoleAssigneeName": app.exchange_sp_id,
        "RoleAssigneeType": "ServicePrincipal",
        "RecipientWriteScope": "Organization",
        "Enabled": True,
    }


@cmdlet(
    "New-ManagementRoleAssignment",
    entity="ManagementRoleAssignment",
    required=("Role", "App"),
    Role=text,
    App=text,
    Name=text,
)
def new_management_role_assignment(call: Call) -> Result:
    state, p = call.state, call.params
    role = known_role(p.text("Role"))
    if role is None:
        raise argument_not_found(p.text("Role"))
    app = _app(state, p.text("App"))
    if app is None:
        # The app must first be registered in Exchange with New-ServicePrincipal.
        raise argument_not_found(p.text("App"))
    if role not in app.exchange_roles:
        app.exchange_roles.append(role)
        state.record("exchange", "New-ManagementRoleAssignment", app.app_id, role=role)
        state.mark_dirty()
    return Result(items=[(app, role)], render=_render_assignment)


@cmdlet("Get-ManagementRoleAssignment", entity="ManagementRoleAssignment", RoleAssignee=text, Role=text)
def get_management_role_assignment(call: Call) -> Result:
    state, p = call.state, call.params
    found = assignments(state)
    if p.get("RoleAssignee") is not None:
        app = _app(state, p.text("RoleAssignee"))
        found = [(a, r) for a, r in found if app is not None and a.app_id == app.app_id]
    if p.get("Role") is not None:
        found = [(a, r) for a, r in found if r.lower() == p.text("Role").strip().lower()]
    return Result(items=found, render=_render_assignment)
