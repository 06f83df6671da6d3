"""Security 70 (emulator fidelity): a group carries Graph's isAssignableToRole, and its members are changed
only by an app that also holds RoleManagement.ReadWrite.Directory, whether or not a role is assigned to it
yet.

Microsoft's words: isAssignableToRole is set only when the group is made, is immutable and is "Returned by
default" (learn.microsoft.com/graph/api/resources/group); "For Microsoft Graph, the
RoleManagement.ReadWrite.Directory permission is required to be able to manage the membership of
role-assignable groups. The Group.ReadWrite.All permission won't work" (learn.microsoft.com/entra/identity/
role-based-access-control/groups-concept); "To add members to a role-assignable group, the app must also be
assigned the RoleManagement.ReadWrite.Directory permission"
(learn.microsoft.com/graph/api/group-post-members).
Before, the emulator knew a role-assignable group only by the role it held: one given no role yet took any
member from mailwarden's app. All over real HTTPS, as the product calls it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import msal
import pytest

from mailwarden.emulator.credentials import register_app
from mailwarden.emulator.state import (
    GRAPH_ADMIN_APP_ROLES,
    GRAPH_APP_ID,
    USER_ADMIN_ROLE_TEMPLATE,
    TenantState,
)
from mailwarden.testing import RunningEmulator

IT_ADMINS = "7c0b8f3e-2d6a-5e41-9b7c-4a1d2e3f5a60"
PHOENIX = "df11c4aa-8c17-5f71-8678-139e799a0414"
SARAH = "21d8f596-06ee-5014-8871-44db835f7241"
GRACE = "30c2e407-75e9-5579-92b5-79e75abbbc3e"
GRAPH_SCOPE = ["https://graph.microsoft.com/.default"]
Call = Callable[..., httpx.Response]


def _token(msal_app: Callable[..., msal.ConfidentialClientApplication], **kwargs: Any) -> str:
    result = msal_app(**kwargs).acquire_token_for_client(scopes=GRAPH_SCOPE)
    assert "access_token" in result, result
    token: str = result["access_token"]
    return token


@pytest.fixture
def graph(
    tenant: TenantState,
    emulator: RunningEmulator,
    emulator_http: httpx.Client,
    msal_app: Callable[..., msal.ConfidentialClientApplication],
) -> Call:
    """Graph as mailwarden's demo app (GroupMember.ReadWrite.All, no RoleManagement write), or `token_=`."""
    token = _token(msal_app)

    def call(method: str, path: str, *, token_: str | None = None, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token_ or token}", **kwargs.pop("headers", {})}
        return emulator_http.request(method, f"{emulator.url}/v1.0{path}", headers=headers, **kwargs)

    return call


def _role_writer(tenant: TenantState, msal_app: Callable[..., msal.ConfidentialClientApplication]) -> str:
    """A token of an app granted what many real tenants grant: group writes and
    RoleManagement.ReadWrite.Directory."""
    app, secret = register_app(
        tenant, "role writer", graph_permissions=["GroupMember.ReadWrite.All", "Group.Read.All"]
    )
    with tenant.transaction():
        tenant.data.applications[app.app_id].app_role_assignments.append(
            (GRAPH_APP_ID, GRAPH_ADMIN_APP_ROLES["RoleManagement.ReadWrite.Directory"])
        )
    return _token(msal_app, credential=secret, client_id=app.app_id)


def _ref(oid: str) -> dict[str, str]:
    return {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{oid}"}


def test_is_assignable_to_role_is_read_by_default_and_by_select(graph: Call) -> None:
    """Returned by default on get and list, and on $select; true only for the role-assignable group, which
    Graph shows security-enabled as it must be."""
    got = graph("GET", f"/groups/{IT_ADMINS}")
    assert got.status_code == 200, got.text
    assert got.json()["isAssignableToRole"] is True
    assert got.json()["securityEnabled"] is True
    picked = graph("GET", "/groups", params={"$select": "id,displayName,isAssignableToRole"})
    assert picked.status_code == 200, picked.text
    flags = {g["displayName"]: g["isAssignableToRole"] for g in picked.json()["value"]}
    assert flags["User Admins"] is True
    # null, not false, for a group made without it: as Graph's own examples show it
    assert flags["Project Phoenix"] is None
    assert flags["all-sales"] is None
    assert set(picked.json()["value"][0]) == {"id", "displayName", "isAssignableToRole"}


def test_the_demo_tenant_assigns_user_administrator_to_user_admins(graph: Call) -> None:
    """The seed's role-assignable group holds a role, as the one an employee must not join on their own."""
    found = graph(
        "GET",
        "/roleManagement/directory/roleAssignments",
        params={"$filter": f"principalId eq '{IT_ADMINS}'"},
    )
    assert found.status_code == 200, found.text
    assert [a["roleDefinitionId"] for a in found.json()["value"]] == [USER_ADMIN_ROLE_TEMPLATE]


@pytest.mark.parametrize("holds_a_role", [True, False], ids=["with-its-role", "no-role-yet"])
def test_mailwardens_app_cannot_change_a_role_assignable_groups_members(
    graph: Call, tenant: TenantState, holds_a_role: bool
) -> None:
    """403 on every path mailwarden writes members by (POST $ref, PATCH members@odata.bind, DELETE $ref),
    whether or not a role is assigned to the group yet; nothing changes."""
    with tenant.transaction():
        tenant.data.recipients[IT_ADMINS].members.append(GRACE)  # someone to remove
        if not holds_a_role:
            del tenant.data.user_directory_roles[IT_ADMINS]
    before = list(tenant.data.recipients[IT_ADMINS].members)
    posted = graph("POST", f"/groups/{IT_ADMINS}/members/$ref", json=_ref(SARAH))
    patched = graph("PATCH", f"/groups/{IT_ADMINS}", json={"members@odata.bind": [_ref(SARAH)["@odata.id"]]})
    removed = graph("DELETE", f"/groups/{IT_ADMINS}/members/{GRACE}/$ref")
    for answer in (posted, patched, removed):
        assert answer.status_code == 403, answer.text
        assert answer.json()["error"]["code"] == "Authorization_RequestDenied"
    assert tenant.data.recipients[IT_ADMINS].members == before


def test_an_app_holding_role_management_write_changes_its_members(
    graph: Call, tenant: TenantState, msal_app: Callable[..., msal.ConfidentialClientApplication]
) -> None:
    """The refusal is Microsoft's permission rule, not a wall: with RoleManagement.ReadWrite.Directory the
    add succeeds, and that member now holds User Administrator through the group (what the product must
    guard)."""
    token = _role_writer(tenant, msal_app)
    added = graph("POST", f"/groups/{IT_ADMINS}/members/$ref", json=_ref(SARAH), token_=token)
    assert added.status_code == 204, added.text
    assert SARAH in tenant.data.recipients[IT_ADMINS].members


def test_an_ordinary_group_still_takes_members_from_mailwardens_app(graph: Call, tenant: TenantState) -> None:
    """Not role-assignable, no RoleManagement write needed: unchanged."""
    added = graph("POST", f"/groups/{PHOENIX}/members/$ref", json=_ref(SARAH))
    assert added.status_code == 204, added.text
    assert SARAH in tenant.data.recipients[PHOENIX].members
