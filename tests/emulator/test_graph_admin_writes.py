"""The writes another admin makes behind mailwarden's back: role assignments, enabling a user, a manager,
a group's owners and visibility — each in Graph's wire format and refused without its permission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from mailwarden.emulator.state import (
    EXCHANGE_ADMIN_ROLE_TEMPLATE,
    GRAPH_ADMIN_APP_ROLES,
    GRAPH_APP_ID,
    PRIVILEGED_AUTH_ADMIN_ROLE_TEMPLATE,
    USER_ADMIN_ROLE_TEMPLATE,
    Application,
    TenantState,
)
from tests.emulator.test_graph import (
    ALEX,
    ALL_SALES,
    FINANCE_TEAM,
    GRACE,
    JANE,
    JOHN,
    PHOENIX,
    SARAH,
    Graph,
    error_of,
    graph_over,
    make_tenant,
    token_for,
)

ADMIN_APP_ID = "77777777-8888-4999-aaaa-bbbbbbbbbbbb"  # every admin permission, as User Administrator
REVOKER_APP_ID = "77777777-8888-4999-aaaa-bbbbbbbbbbb1"  # User.RevokeSessions.All alone, no Entra role
PRIVILEGED_APP_ID = "77777777-8888-4999-aaaa-bbbbbbbbbbb2"  # the same, as Privileged Authentication Admin
ATLAS = "e5ac4478-0846-58f2-b4ad-2df628824abe"
ASSIGNMENTS = "/roleManagement/directory/roleAssignments"


@pytest.fixture(scope="module")
def tenant() -> TenantState:
    state = make_tenant(users=0)
    # User Administrator: Entra asks it (at least) of an app-only password reset (users.py).
    state.data.applications[ADMIN_APP_ID] = Application(
        app_id=ADMIN_APP_ID,
        display_name="another admin's tool",
        app_role_assignments=[(GRAPH_APP_ID, role) for role in GRAPH_ADMIN_APP_ROLES.values()],
        directory_roles=[USER_ADMIN_ROLE_TEMPLATE],
    )
    revoke = [(GRAPH_APP_ID, GRAPH_ADMIN_APP_ROLES["User.RevokeSessions.All"])]
    for app_id, roles in ((REVOKER_APP_ID, []), (PRIVILEGED_APP_ID, [PRIVILEGED_AUTH_ADMIN_ROLE_TEMPLATE])):
        state.data.applications[app_id] = Application(
            app_id=app_id, display_name=app_id, app_role_assignments=revoke, directory_roles=roles
        )
    return state


@pytest.fixture
def graph(tenant: TenantState) -> Iterator[Graph]:
    with tenant.snapshot():
        yield graph_over(tenant)


def admin(graph: Graph) -> str:
    return token_for(graph.state, ADMIN_APP_ID)


def assignments_of(graph: Graph, principal: str) -> list[dict[str, str]]:
    response = graph.get(ASSIGNMENTS, params={"$filter": f"principalId eq '{principal}'"})
    assert response.status_code == 200, response.text
    return list(response.json()["value"])


def test_a_role_assignment_is_created_and_deleted_in_graphs_wire_format(graph: Graph) -> None:
    """POST answers 201 with the unifiedRoleAssignment; it is listed; DELETE by its id answers 204."""
    body = {
        "@odata.type": "#microsoft.graph.unifiedRoleAssignment",
        "principalId": JOHN,
        "roleDefinitionId": EXCHANGE_ADMIN_ROLE_TEMPLATE,
        "directoryScopeId": "/",
    }
    created = graph.call("POST", ASSIGNMENTS, token=admin(graph), json=body)
    assert created.status_code == 201, created.text
    made = created.json()
    assert made["@odata.context"].endswith("$metadata#roleManagement/directory/roleAssignments/$entity")
    assert (made["principalId"], made["roleDefinitionId"], made["directoryScopeId"]) == (
        JOHN,
        EXCHANGE_ADMIN_ROLE_TEMPLATE,
        "/",
    )
    assert [a["id"] for a in assignments_of(graph, JOHN)] == [made["id"]]
    assert graph.get(f"{ASSIGNMENTS}/{made['id']}").json()["principalId"] == JOHN

    again = graph.call("POST", ASSIGNMENTS, token=admin(graph), json=body)
    assert again.status_code == 400
    assert "conflicting object" in error_of(again)["message"]

    deleted = graph.call("DELETE", f"{ASSIGNMENTS}/{made['id']}", token=admin(graph))
    assert deleted.status_code == 204
    assert assignments_of(graph, JOHN) == []
    assert graph.call("DELETE", f"{ASSIGNMENTS}/{made['id']}", token=admin(graph)).status_code == 404


def test_grace_loses_her_exchange_administrator_role(graph: Graph) -> None:
    """The fixture's admin's assignment can be deleted; she then holds no role."""
    (held,) = assignments_of(graph, GRACE)
    assert graph.call("DELETE", f"{ASSIGNMENTS}/{held['id']}", token=admin(graph)).status_code == 204
    assert assignments_of(graph, GRACE) == []


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"principalId": JOHN, "roleDefinitionId": EXCHANGE_ADMIN_ROLE_TEMPLATE}, 400),
        (
            {"principalId": JOHN, "roleDefinitionId": EXCHANGE_ADMIN_ROLE_TEMPLATE, "directoryScopeId": "/x"},
            400,
        ),
        ({"roleDefinitionId": EXCHANGE_ADMIN_ROLE_TEMPLATE, "directoryScopeId": "/"}, 400),
        ({"principalId": JOHN, "roleDefinitionId": JANE, "directoryScopeId": "/"}, 404),
        (
            {
                "principalId": PHOENIX,
                "roleDefinitionId": EXCHANGE_ADMIN_ROLE_TEMPLATE,
                "directoryScopeId": "/",
            },
            400,
        ),
    ],
)
def test_a_bad_role_assignment_is_refused(graph: Graph, body: dict[str, str], status: int) -> None:
    """No scope, another scope, no principal, an unknown role, a group not role-assignable: refused, none
    made."""
    response = graph.call("POST", ASSIGNMENTS, token=admin(graph), json=body)
    assert response.status_code == status, response.text
    assert assignments_of(graph, JOHN) == []


def test_mailwardens_own_app_cannot_change_roles_or_users(graph: Graph) -> None:
    """The app holding every permission mailwarden asks for still may not assign roles or disable people."""
    body = {"principalId": JOHN, "roleDefinitionId": EXCHANGE_ADMIN_ROLE_TEMPLATE, "directoryScopeId": "/"}
    assert graph.call("POST", ASSIGNMENTS, json=body).status_code == 403
    assert graph.call("PATCH", f"/users/{JOHN}", json={"accountEnabled": False}).status_code == 403
    assert graph.recipient(JOHN).account_enabled


def test_a_user_is_disabled_and_enabled_again(graph: Graph) -> None:
    """PATCH accountEnabled answers 204 and the user reads as disabled; a bad property is a 400."""
    assert (
        graph.call("PATCH", f"/users/{JOHN}", token=admin(graph), json={"accountEnabled": False}).status_code
        == 204
    )
    assert graph.get(f"/users/{JOHN}", params={"$select": "accountEnabled"}).json()["accountEnabled"] is False
    assert (
        graph.call("PATCH", f"/users/{JOHN}", token=admin(graph), json={"accountEnabled": True}).status_code
        == 204
    )
    assert graph.recipient(JOHN).account_enabled
    bad = graph.call("PATCH", f"/users/{JOHN}", token=admin(graph), json={"accountEnabled": "no"})
    assert bad.status_code == 400
    unknown = graph.call("PATCH", f"/users/{JOHN}", token=admin(graph), json={"shoeSize": 9})
    assert unknown.status_code == 400
    assert "shoeSize" in error_of(unknown)["message"]


def test_a_users_manager_is_set_and_removed(graph: Graph) -> None:
    """PUT manager/$ref names the new manager; DELETE removes it; /manager then answers 404."""
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/users/{SARAH}"}
    assert graph.call("PUT", f"/users/{ALEX}/manager/$ref", token=admin(graph), json=ref).status_code == 204
    assert graph.get(f"/users/{ALEX}/manager").json()["id"] == SARAH
    assert graph.call("DELETE", f"/users/{ALEX}/manager/$ref", token=admin(graph)).status_code == 204
    assert graph.get(f"/users/{ALEX}/manager").status_code == 404


def test_a_microsoft_365_groups_owners_change(graph: Graph) -> None:
    """Owners are added with POST owners/$ref and removed with DELETE owners/{id}/$ref."""
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{SARAH}"}
    assert graph.call("POST", f"/groups/{PHOENIX}/owners/$ref", json=ref).status_code == 204
    owners = [o["id"] for o in graph.get(f"/groups/{PHOENIX}/owners").json()["value"]]
    assert SARAH in owners
    assert graph.call("DELETE", f"/groups/{PHOENIX}/owners/{SARAH}/$ref").status_code == 204
    assert SARAH not in graph.recipient(PHOENIX).owners


def test_groups_carry_visibility_and_a_patch_changes_it(graph: Graph) -> None:
    """Phoenix is Public and Atlas Private; making Phoenix Private closes it in Exchange too."""
    assert graph.get(f"/groups/{PHOENIX}").json()["visibility"] == "Public"
    assert graph.get(f"/groups/{ATLAS}").json()["visibility"] == "Private"
    assert graph.call("PATCH", f"/groups/{PHOENIX}", json={"visibility": "Private"}).status_code == 204
    assert graph.get(f"/groups/{PHOENIX}", params={"$select": "visibility"}).json()["visibility"] == "Private"
    assert graph.recipient(PHOENIX).member_join_restriction == "Closed"


@pytest.mark.parametrize("value", ["HiddenMembership", "Secret"])
def test_visibility_cannot_become_hidden_membership_or_anything_unknown(graph: Graph, value: str) -> None:
    """Hidden membership is chosen at creation only; an unknown value is refused; nothing changes."""
    response = graph.call("PATCH", f"/groups/{PHOENIX}", json={"visibility": value})
    assert response.status_code == 400
    assert graph.get(f"/groups/{PHOENIX}").json()["visibility"] == "Public"


def test_a_groups_memberof_is_direct_and_transitivememberof_follows_nesting_once(graph: Graph) -> None:
    """Phoenix (a Microsoft 365 group) in All Sales, All Sales in Finance Team, Finance Team in All Sales
    (a cycle): memberOf lists the direct container, transitiveMemberOf each container once, never the group
    itself; every entry is a typed group."""
    all_sales, finance = graph.recipient(ALL_SALES), graph.recipient(FINANCE_TEAM)
    all_sales.members.append(PHOENIX)
    all_sales.members.append(FINANCE_TEAM)
    finance.members.append(ALL_SALES)
    direct = graph.get(f"/groups/{PHOENIX}/memberOf", params={"$select": "id"})
    assert direct.status_code == 200, direct.text
    assert [o["id"] for o in direct.json()["value"]] == [ALL_SALES]
    around = graph.get(f"/groups/{PHOENIX}/transitiveMemberOf", params={"$select": "id", "$top": "999"})
    assert around.status_code == 200, around.text
    values = around.json()["value"]
    assert sorted(o["id"] for o in values) == sorted([ALL_SALES, FINANCE_TEAM])
    assert {o["@odata.type"] for o in values} == {"#microsoft.graph.group"}
    inner = graph.get(f"/groups/{FINANCE_TEAM}/transitiveMemberOf", params={"$select": "id"})
    assert [o["id"] for o in inner.json()["value"]] == [ALL_SALES]
    missing = graph.get("/groups/00000000-0000-4000-8000-000000000000/transitiveMemberOf")
    assert missing.status_code == 404


def test_a_users_transitivememberof_follows_nesting_and_lists_roles(graph: Graph) -> None:
    """John is in All Sales, All Sales in Finance Team: memberOf lists All Sales only, transitiveMemberOf both
    (red team 26: an approver's groups as Entra ID says now, for who reads forwarded mail)."""
    all_sales, finance = graph.recipient(ALL_SALES), graph.recipient(FINANCE_TEAM)
    if JOHN not in all_sales.members:
        all_sales.members.append(JOHN)
    finance.members.append(ALL_SALES)
    direct = {o["id"] for o in graph.get(f"/users/{JOHN}/memberOf").json()["value"]}
    assert FINANCE_TEAM not in direct
    around = graph.get(f"/users/{JOHN}/transitiveMemberOf", params={"$select": "id,displayName,mail"})
    assert around.status_code == 200, around.text
    assert {ALL_SALES, FINANCE_TEAM} <= {o["id"] for o in around.json()["value"]}
    assert graph.get("/users/00000000-0000-4000-8000-000000000000/transitiveMemberOf").status_code == 404


def _long_ago(graph: Graph, user: str) -> None:
    """The user's sessions valid from a moment well before the test (the emulator's clock has seconds)."""
    found = graph.state.get(user)
    assert found is not None
    found.sign_in_sessions_valid_from = "2020-01-01T00:00:00Z"


def _second_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sessions_valid_from(graph: Graph, user: str) -> str | None:
    answer = graph.get(f"/users/{user}", params={"$select": "id,signInSessionsValidFromDateTime"})
    assert answer.status_code == 200, answer.text
    value: str | None = answer.json()["signInSessionsValidFromDateTime"]
    return value


def test_revoke_sign_in_sessions_moves_the_users_sessions_valid_from_to_now(graph: Graph) -> None:
    """POST /users/{id}/revokeSignInSessions answers 200 `{"value": true}` and sets the user's
    signInSessionsValidFromDateTime to now; mailwarden's own app may not call it."""
    _long_ago(graph, JOHN)
    assert _sessions_valid_from(graph, JOHN) == "2020-01-01T00:00:00Z"
    assert graph.call("POST", f"/users/{JOHN}/revokeSignInSessions").status_code == 403
    started = _second_now()
    revoked = graph.call("POST", f"/users/{JOHN}/revokeSignInSessions", token=admin(graph))
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["value"] is True
    assert revoked.json()["@odata.context"].endswith("$metadata#Edm.Boolean")
    after = _sessions_valid_from(graph, JOHN)
    assert after is not None
    assert after >= started
    assert graph.call("POST", "/users/nobody/revokeSignInSessions", token=admin(graph)).status_code == 404


def test_revoke_sign_in_sessions_takes_its_least_privileged_permission(graph: Graph) -> None:
    """User.RevokeSessions.All alone revokes a user who holds no admin role (red team 63 F8: refused)."""
    _long_ago(graph, JOHN)
    revoked = graph.call(
        "POST", f"/users/{JOHN}/revokeSignInSessions", token=token_for(graph.state, REVOKER_APP_ID)
    )
    assert revoked.status_code == 200, revoked.text
    assert _sessions_valid_from(graph, JOHN) != "2020-01-01T00:00:00Z"


@pytest.mark.parametrize("app_id", [REVOKER_APP_ID, ADMIN_APP_ID])
def test_revoking_an_admins_sessions_needs_a_privileged_role_on_the_app(graph: Graph, app_id: str) -> None:
    """Grace holds Exchange Administrator: invalidating her refresh tokens is a sensitive action."""
    _long_ago(graph, GRACE)
    refused = graph.call("POST", f"/users/{GRACE}/revokeSignInSessions", token=token_for(graph.state, app_id))
    assert (refused.status_code, error_of(refused)["code"]) == (403, "Authorization_RequestDenied")
    assert _sessions_valid_from(graph, GRACE) == "2020-01-01T00:00:00Z"
    privileged = token_for(graph.state, PRIVILEGED_APP_ID)
    assert graph.call("POST", f"/users/{GRACE}/revokeSignInSessions", token=privileged).status_code == 200
    assert _sessions_valid_from(graph, GRACE) != "2020-01-01T00:00:00Z"


@pytest.mark.parametrize(
    "change",
    [{"displayName": "Johnny"}, {"department": "Ops"}, {"jobTitle": "Lead"}, {"accountEnabled": False}],
)
def test_a_synced_users_properties_are_mastered_on_premises(graph: Graph, change: dict[str, object]) -> None:
    graph.recipient(JOHN).dir_synced = True
    before = graph.recipient(JOHN).model_dump()
    answer = graph.call("PATCH", f"/users/{JOHN}", token=admin(graph), json=change)
    assert (answer.status_code, error_of(answer)["code"]) == (400, "Request_BadRequest")
    assert error_of(answer)["message"] == (
        "Unable to update the specified properties for on-premises mastered Directory Sync objects or "
        "objects currently undergoing migration."
    )
    assert graph.recipient(JOHN).model_dump() == before


def test_a_password_reset_also_ends_the_users_sign_in_sessions(graph: Graph) -> None:
    _long_ago(graph, JANE)
    started = _second_now()
    reset = graph.call(
        "PATCH",
        f"/users/{JANE}",
        token=admin(graph),
        json={"passwordProfile": {"password": "n3w-Pa55word!", "forceChangePasswordNextSignIn": True}},
    )
    assert reset.status_code == 204, reset.text
    after = _sessions_valid_from(graph, JANE)
    assert after is not None
    assert after >= started
