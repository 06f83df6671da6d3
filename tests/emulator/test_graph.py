"""The emulator's Microsoft Graph v1.0 face, in process: auth, users, groups, directory, calendar, $batch."""

from __future__ import annotations

import base64
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from mailwarden.emulator import seed, tokens
from mailwarden.emulator.app import create_emulator_app
from mailwarden.emulator.state import (
    EXCHANGE_ADMIN_ROLE_TEMPLATE,
    EXCHANGE_APP_ID,
    EXCHANGE_APP_ROLES,
    GRAPH_APP_ID,
    GRAPH_APP_ROLES,
    Application,
    CalendarEntry,
    Recipient,
    TenantState,
)

with warnings.catch_warnings():
    # starlette asks for httpx2 at import; its test client works the same with httpx.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

FULL_APP_ID = "11111111-2222-4333-8444-555555555555"
READER_APP_ID = "66666666-7777-4888-9999-000000000000"
NOT_FOUND = "Resource '{}' does not exist or one of its queried reference-property objects are not present."
EXCHANGE_OWNED = "Cannot Update a mail-enabled security groups and or distribution list."
ALREADY_MEMBER = (
    "One or more added object references already exist for the following modified properties: 'members'."
)

# Acme fixture ids.
SARAH = "21d8f596-06ee-5014-8871-44db835f7241"
JOHN = "5f949081-2c0a-5c9b-af69-87633d4fd64b"
JANE = "d37fc3ca-495a-5e9a-8008-f0a2e31212bf"
ALEX = "093da0c4-ece8-54a1-b138-d54fde2e6b9e"
GRACE = "30c2e407-75e9-5579-92b5-79e75abbbc3e"
OLIVIA = "8e662d5a-90c1-5eea-9c4e-378e0aa1cb60"
MARIA = "9e469e14-7e1f-5388-83eb-097c19578285"
PRIYA = "cf98a4b2-0ef7-5047-a7db-24bbefe8769e"
GUEST = "6202e8d4-bb25-50b8-a281-4c02cd470ad4"
CONTACT = "95da5b3f-faf8-568a-8c4a-576e956a3051"
SUPPORT = "484318fd-e8ce-5b62-9fa9-608da5793179"
ALL_SALES = "526f9339-4221-5b6b-a5c4-6303c6119668"
EXTERNAL_CONTRACTORS = "0de4af3b-63b8-5f54-85b6-400ac6893211"
FINANCE_TEAM = "efdffaef-1644-55f3-9917-b7daade0eccd"
PHOENIX = "df11c4aa-8c17-5f71-8678-139e799a0414"


@dataclass
class Graph:
    """An in-process Graph client holding a bearer token for one app."""

    client: TestClient
    state: TenantState
    token: str

    def call(self, method: str, path: str, *, token: str | None = None, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token or self.token}", **kwargs.pop("headers", {})}
        return self.client.request(method, f"/v1.0{path}", headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.call("GET", path, **kwargs)

    def recipient(self, recipient_id: str) -> Recipient:
        r = self.state.get(recipient_id)
        assert r is not None
        return r

    def all_pages(self, path: str, **kwargs: Any) -> list[list[dict[str, Any]]]:
        """Every page of a collection, following `@odata.nextLink` as a client would."""
        pages: list[list[dict[str, Any]]] = []
        url: str | None = f"/v1.0{path}"
        while url is not None:
            headers = {"Authorization": f"Bearer {self.token}", **kwargs.get("headers", {})}
            response = self.client.get(url, headers=headers)
            assert response.status_code == 200, response.text
            body = response.json()
            pages.append(body["value"])
            url = body.get("@odata.nextLink")
        return pages


def make_tenant(users: int) -> TenantState:
    """The Acme tenant with generated users, an app holding every Graph role and one holding User.Read.All."""
    state = TenantState(seed.acme(users=users))
    every_role = [(GRAPH_APP_ID, role) for role in GRAPH_APP_ROLES.values()]
    every_role.append((EXCHANGE_APP_ID, EXCHANGE_APP_ROLES["Exchange.ManageAsApp"]))
    state.data.applications[FULL_APP_ID] = Application(
        app_id=FULL_APP_ID,
        display_name="mailwarden tests",
        app_role_assignments=every_role,
        directory_roles=[EXCHANGE_ADMIN_ROLE_TEMPLATE],
    )
    state.data.applications[READER_APP_ID] = Application(
        app_id=READER_APP_ID,
        display_name="user reader",
        app_role_assignments=[(GRAPH_APP_ID, GRAPH_APP_ROLES["User.Read.All"])],
    )
    return state


def token_for(state: TenantState, app_id: str, audience: str = tokens.GRAPH_AUDIENCE) -> str:
    return tokens.issue(state, state.data.applications[app_id], audience, "testserver")


def graph_over(state: TenantState) -> Graph:
    """A fresh emulator app over `state`, called as the app holding every Graph role."""
    return Graph(TestClient(create_emulator_app(state)), state, token_for(state, FULL_APP_ID))


@pytest.fixture(scope="module")
def tenant() -> TenantState:
    return make_tenant(users=20)


@pytest.fixture
def graph(tenant: TenantState) -> Iterator[Graph]:
    with tenant.snapshot():
        yield graph_over(tenant)


def error_of(response: httpx.Response) -> dict[str, Any]:
    error: dict[str, Any] = response.json()["error"]
    return error


# ---- auth and errors -----------------------------------------------------------------------------
def test_missing_token_is_refused_with_graphs_error_body(graph: Graph) -> None:
    """A call without a bearer token gets 401 InvalidAuthenticationToken in Graph's error shape."""
    response = graph.client.get("/v1.0/users", headers={"client-request-id": "abc-123"})
    assert response.status_code == 401
    error = error_of(response)
    assert error["code"] == "InvalidAuthenticationToken"
    assert set(error["innerError"]) == {"date", "request-id", "client-request-id"}
    assert error["innerError"]["client-request-id"] == "abc-123"
    assert response.headers["client-request-id"] == "abc-123"
    assert response.headers["request-id"] == error["innerError"]["request-id"]


def test_token_for_another_audience_is_refused(graph: Graph) -> None:
    """An Exchange token does not open Graph."""
    exchange_token = token_for(graph.state, FULL_APP_ID, tokens.EXCHANGE_AUDIENCE)
    response = graph.get("/users", token=exchange_token)
    assert response.status_code == 401
    assert error_of(response)["code"] == "InvalidAuthenticationToken"


@pytest.mark.parametrize(
    "path",
    [
        "/groups",
        f"/groups/{PHOENIX}/members",
        "/domains",
        "/servicePrincipals",
        "/roleManagement/directory/roleAssignments",
        f"/users/{SARAH}/calendar/calendarPermissions",
    ],
)
def test_app_without_the_routes_permission_gets_insufficient_privileges(graph: Graph, path: str) -> None:
    """An app holding only User.Read.All is refused everything but users, with Graph's 403."""
    response = graph.get(path, token=token_for(graph.state, READER_APP_ID))
    assert response.status_code == 403
    assert error_of(response)["code"] == "Authorization_RequestDenied"
    assert error_of(response)["message"] == "Insufficient privileges to complete the operation."


def test_reader_app_cannot_change_membership(graph: Graph) -> None:
    """Adding a member needs GroupMember.ReadWrite.All or Group.ReadWrite.All."""
    response = graph.call(
        "POST",
        f"/groups/{PHOENIX}/members/$ref",
        token=token_for(graph.state, READER_APP_ID),
        json={"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{SARAH}"},
    )
    assert response.status_code == 403
    assert SARAH not in graph.recipient(PHOENIX).members


def test_unknown_path_segment_is_a_bad_request(graph: Graph) -> None:
    """A resource Graph does not have answers 400 naming the segment."""
    response = graph.get("/mailboxes")
    assert response.status_code == 400
    assert error_of(response)["message"] == "Resource not found for the segment 'mailboxes'."


def test_me_is_refused_for_app_only_callers(graph: Graph) -> None:
    """/me has no meaning without a signed-in user."""
    response = graph.get("/me/calendar")
    assert response.status_code == 400
    assert error_of(response)["message"] == "/me request is only valid with delegated authentication flow."


# ---- users and contacts --------------------------------------------------------------------------
def test_user_by_upn_has_graphs_default_properties(graph: Graph) -> None:
    """Without $select a user carries exactly Graph's documented default property set."""
    body = graph.get("/users/SARAH@acme.com").json()
    assert set(body) - {"@odata.context"} == {
        "businessPhones",
        "displayName",
        "givenName",
        "jobTitle",
        "mail",
        "mobilePhone",
        "officeLocation",
        "preferredLanguage",
        "surname",
        "userPrincipalName",
        "id",
    }
    assert body["id"] == SARAH
    assert body["@odata.context"].endswith("/v1.0/$metadata#users/$entity")


def test_shared_mailboxes_and_guests_are_users_as_graph_shows_them(graph: Graph) -> None:
    """A shared mailbox is a disabled member user; a guest has userType Guest and an #EXT# UPN."""
    select = "?$select=id,accountEnabled,userType,userPrincipalName,mail"
    support = graph.get(f"/users/{SUPPORT}{select}").json()
    assert (support["accountEnabled"], support["userType"]) == (False, "Member")
    guest = graph.get(f"/users/vera_vendorco.example%23EXT%23@acmecorp.onmicrosoft.com{select}").json()
    assert guest["id"] == GUEST
    assert guest["userType"] == "Guest"
    assert "#EXT#" in guest["userPrincipalName"]


def test_unknown_user_is_not_found_in_graphs_words(graph: Graph) -> None:
    """An unknown id answers 404 Request_ResourceNotFound naming it."""
    response = graph.get("/users/nobody@acme.com")
    assert response.status_code == 404
    assert error_of(response) | {"innerError": None} == {
        "code": "Request_ResourceNotFound",
        "message": NOT_FOUND.format("nobody@acme.com"),
        "innerError": None,
    }


def test_contacts_and_groups_are_not_users(graph: Graph) -> None:
    """A mail contact or a group id is not found under /users."""
    assert graph.get(f"/users/{CONTACT}").status_code == 404
    assert graph.get(f"/users/{ALL_SALES}").status_code == 404


def test_manager_direct_reports_and_expanded_manager(graph: Graph) -> None:
    """A user's manager, the manager's reports, and $expand=manager agree."""
    manager = graph.get(f"/users/{SARAH}/manager").json()
    assert manager["id"] == OLIVIA
    assert manager["@odata.type"] == "#microsoft.graph.user"
    reports = {u["id"] for u in graph.get(f"/users/{OLIVIA}/directReports").json()["value"]}
    assert SARAH in reports
    expanded = graph.get(f"/users/{SARAH}?$expand=manager($select=id,displayName)").json()
    assert expanded["manager"]["id"] == OLIVIA
    assert graph.get(f"/users/{OLIVIA}/manager").status_code == 404


def test_list_with_expanded_manager(graph: Graph) -> None:
    """$expand=manager on the collection adds each user's manager."""
    body = graph.get("/users?$filter=userPrincipalName eq 'sarah@acme.com'&$expand=manager").json()
    assert [u["manager"]["id"] for u in body["value"]] == [OLIVIA]


def test_member_of_lists_groups_and_directory_roles(graph: Graph) -> None:
    """memberOf shows a user's groups, and the Exchange Administrator role of an admin."""
    groups = {g["id"] for g in graph.get(f"/users/{JOHN}/memberOf").json()["value"]}
    assert ALL_SALES in groups
    roles = [
        o
        for o in graph.get(f"/users/{GRACE}/memberOf").json()["value"]
        if o["@odata.type"] == "#microsoft.graph.directoryRole"
    ]
    assert [r["roleTemplateId"] for r in roles] == [EXCHANGE_ADMIN_ROLE_TEMPLATE]


def test_contacts_are_org_contacts(graph: Graph) -> None:
    """Mail contacts are listed under /contacts with their outside address."""
    body = graph.get("/contacts").json()
    assert [(c["id"], c["mail"]) for c in body["value"]] == [(CONTACT, "john@partnerfirm.example")]
    assert graph.get(f"/contacts/{CONTACT}").json()["displayName"] == "John Partner"


# ---- groups --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("group_id", "kinds"),
    [
        (ALL_SALES, ([], True, False)),
        (FINANCE_TEAM, ([], True, True)),
        (PHOENIX, (["Unified"], True, False)),
    ],
)
def test_groups_are_told_apart_as_graph_does(graph: Graph, group_id: str, kinds: tuple[Any, ...]) -> None:
    """Distribution lists, mail-enabled security groups and Microsoft 365 groups carry Graph's flags."""
    body = graph.get(f"/groups/{group_id}").json()
    assert (body["groupTypes"], body["mailEnabled"], body["securityEnabled"]) == kinds


def test_members_type_cast_and_count(graph: Graph) -> None:
    """Members come typed; a cast keeps one type; /$count needs ConsistencyLevel."""
    members = graph.get(f"/groups/{EXTERNAL_CONTRACTORS}/members").json()["value"]
    assert [(m["id"], m["@odata.type"]) for m in members] == [(GUEST, "#microsoft.graph.user")]
    users = graph.get(f"/groups/{ALL_SALES}/members/microsoft.graph.user").json()
    assert len(users["value"]) == 9
    assert users["@odata.context"].endswith("#users")
    assert graph.get(f"/groups/{ALL_SALES}/members/microsoft.graph.group").json()["value"] == []
    refused = graph.get(f"/groups/{ALL_SALES}/members/$count")
    assert refused.status_code == 400
    counted = graph.get(f"/groups/{ALL_SALES}/members/$count", headers={"ConsistencyLevel": "eventual"})
    assert (counted.text, counted.headers["content-type"].split(";")[0]) == ("9", "text/plain")


def test_owners_are_listed(graph: Graph) -> None:
    """A group's owners are directory objects too."""
    owners = graph.get(f"/groups/{PHOENIX}/owners").json()["value"]
    assert [o["userPrincipalName"] for o in owners] == ["david.chen@acme.com"]


def _add_member(graph: Graph, group_id: str, member_id: str) -> httpx.Response:
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{member_id}"}
    return graph.call("POST", f"/groups/{group_id}/members/$ref", json=ref)


def test_adding_member_to_microsoft_365_group_is_applied_and_journalled(graph: Graph) -> None:
    """Graph adds a member to a unified group (204), and the journal records it."""
    response = _add_member(graph, PHOENIX, SARAH)
    assert response.status_code == 204
    assert SARAH in {m["id"] for m in graph.get(f"/groups/{PHOENIX}/members").json()["value"]}
    entry = graph.state.data.journal[-1]
    assert (entry.api, entry.operation, entry.target, entry.detail) == (
        "graph",
        "AddGroupMember",
        PHOENIX,
        {"member": SARAH},
    )


def test_adding_existing_member_is_refused_like_graph(graph: Graph) -> None:
    """A second add of the same member answers 400 with Graph's sentence."""
    response = _add_member(graph, PHOENIX, JANE)
    assert response.status_code == 400
    assert error_of(response)["message"] == ALREADY_MEMBER


@pytest.mark.parametrize(
    ("member_id", "said"),
    [
        # A Microsoft 365 group in a Microsoft 365 group: Graph's words (microsoft-graph-docs#11629).
        (PHOENIX, "Unified Groups cannot be added to Unified Groups."),
        (ALL_SALES, "Only users can be added to Unified Groups."),
        (FINANCE_TEAM, "Only users can be added to Unified Groups."),
        (CONTACT, "Only users can be added to Unified Groups."),
    ],
)
def test_a_microsoft_365_group_takes_only_users_as_members(graph: Graph, member_id: str, said: str) -> None:
    """group-post-members: security groups, Microsoft 365 groups, devices, service principals and
    organizational contacts "Cannot be group member" of a Microsoft 365 group (users and guests can):
    400 Request_BadRequest, alone or in a members@odata.bind PATCH (which then adds no one), the group
    unchanged."""
    before = list(graph.recipient(PHOENIX).members)
    response = _add_member(graph, PHOENIX, member_id)
    assert response.status_code == 400, response.text
    assert error_of(response)["code"] == "Request_BadRequest"
    assert error_of(response)["message"].startswith(said)
    bind = "https://graph.microsoft.com/v1.0/directoryObjects/{}"
    patched = graph.call(
        "PATCH",
        f"/groups/{PHOENIX}",
        json={"members@odata.bind": [bind.format(SARAH), bind.format(member_id)]},
    )
    assert patched.status_code == 400, patched.text
    assert graph.recipient(PHOENIX).members == before
    # A guest is a user: it may be a member.
    assert _add_member(graph, PHOENIX, GUEST).status_code == 204


def test_a_synchronized_object_shows_on_premises_sync_enabled(graph: Graph) -> None:
    """Graph's group and user carry onPremisesSyncEnabled: true when Entra Connect syncs the object from
    on-premises AD, null for one made in the cloud (group and user resource types)."""
    graph.recipient(ALL_SALES).dir_synced = True
    graph.recipient(SARAH).dir_synced = True
    groups = graph.get("/groups?$select=id,onPremisesSyncEnabled").json()["value"]
    synced = {g["id"]: g["onPremisesSyncEnabled"] for g in groups}
    assert synced[ALL_SALES] is True
    assert synced[FINANCE_TEAM] is None
    assert graph.get(f"/users/{SARAH}?$select=onPremisesSyncEnabled").json()["onPremisesSyncEnabled"] is True
    assert graph.get(f"/users/{JOHN}?$select=onPremisesSyncEnabled").json()["onPremisesSyncEnabled"] is None


def test_adding_unknown_object_is_not_found(graph: Graph) -> None:
    """A reference to no directory object answers 404 naming it."""
    missing = "00000000-0000-4000-8000-000000000000"
    response = _add_member(graph, PHOENIX, missing)
    assert response.status_code == 404
    assert error_of(response)["message"] == NOT_FOUND.format(missing)


@pytest.mark.parametrize("group_id", [ALL_SALES, FINANCE_TEAM])
def test_graph_refuses_membership_changes_on_exchange_owned_groups(graph: Graph, group_id: str) -> None:
    """Adding to or removing from a distribution list or mail-enabled security group is refused, unchanged."""
    before = list(graph.recipient(group_id).members)
    added = _add_member(graph, group_id, SARAH)
    removed = graph.call("DELETE", f"/groups/{group_id}/members/{before[0]}/$ref")
    bound = graph.call(
        "PATCH",
        f"/groups/{group_id}",
        json={"members@odata.bind": [f"https://graph.microsoft.com/v1.0/directoryObjects/{SARAH}"]},
    )
    for response in (added, removed, bound):
        assert response.status_code == 400
        assert error_of(response) | {"innerError": None} == {
            "code": "Request_BadRequest",
            "message": EXCHANGE_OWNED,
            "innerError": None,
        }
    assert graph.recipient(group_id).members == before


def test_removing_member_and_non_member(graph: Graph) -> None:
    """Removing a member answers 204; removing someone who is not a member answers 404."""
    assert graph.call("DELETE", f"/groups/{PHOENIX}/members/{JANE}/$ref").status_code == 204
    assert JANE not in graph.recipient(PHOENIX).members
    again = graph.call("DELETE", f"/groups/{PHOENIX}/members/{JANE}/$ref")
    assert again.status_code == 404


def test_members_bind_is_all_or_nothing_and_capped_at_twenty(graph: Graph) -> None:
    """PATCH members@odata.bind adds every member or none, and refuses more than 20."""
    ref = "https://graph.microsoft.com/v1.0/directoryObjects/{}"
    partial = graph.call(
        "PATCH", f"/groups/{PHOENIX}", json={"members@odata.bind": [ref.format(SARAH), ref.format(JANE)]}
    )
    assert partial.status_code == 400
    assert SARAH not in graph.recipient(PHOENIX).members
    ok = graph.call(
        "PATCH", f"/groups/{PHOENIX}", json={"members@odata.bind": [ref.format(SARAH), ref.format(ALEX)]}
    )
    assert ok.status_code == 204
    assert {SARAH, ALEX} <= set(graph.recipient(PHOENIX).members)
    many = [ref.format(rid) for rid in graph.state.sorted_ids()[-21:]]
    too_many = graph.call("PATCH", f"/groups/{PHOENIX}", json={"members@odata.bind": many})
    assert too_many.status_code == 400


# ---- directory -----------------------------------------------------------------------------------
def test_domains_show_verification_and_email_service(graph: Graph) -> None:
    """Verified domains support Email; an unverified one does not."""
    domains = {d["id"]: d for d in graph.get("/domains").json()["value"]}
    assert domains["acme.com"]["isDefault"] is True
    assert "Email" in domains["acme.com"]["supportedServices"]
    assert domains["acmecorp.onmicrosoft.com"]["isInitial"] is True
    assert (domains["newacme.com"]["isVerified"], domains["newacme.com"]["supportedServices"]) == (False, [])
    assert graph.get("/domains/newacme.com").json()["isVerified"] is False
    assert graph.get("/domains/other.example").status_code == 404


def test_organization_is_the_tenant(graph: Graph) -> None:
    """The organization's id is the tenant id; it lists the verified domains."""
    org = graph.get("/organization").json()["value"][0]
    assert org["id"] == graph.state.tenant.id
    assert org["displayName"] == "Acme Corporation"
    assert {d["name"] for d in org["verifiedDomains"]} == {
        "acme.com",
        "acme.co.uk",
        "acmecorp.onmicrosoft.com",
    }


def test_service_principal_found_by_filter_by_app_id_key_and_by_id(graph: Graph) -> None:
    """The Exchange resource SP is found by $filter on appId, by (appId='...') and by object id."""
    listed = graph.get(f"/servicePrincipals?$filter=appId eq '{EXCHANGE_APP_ID}'").json()["value"]
    assert [sp["displayName"] for sp in listed] == ["Office 365 Exchange Online"]
    keyed = graph.get(f"/servicePrincipals(appId='{EXCHANGE_APP_ID}')").json()
    assert keyed["id"] == listed[0]["id"]
    assert graph.get(f"/servicePrincipals/{keyed['id']}").json()["appId"] == EXCHANGE_APP_ID
    roles = {r["value"]: r["id"] for r in keyed["appRoles"]}
    assert roles["Exchange.ManageAsApp"] == EXCHANGE_APP_ROLES["Exchange.ManageAsApp"]


def _exchange_grants(graph: Graph) -> list[dict[str, Any]]:
    exo = graph.get(f"/servicePrincipals(appId='{EXCHANGE_APP_ID}')").json()
    ours = graph.get(f"/servicePrincipals(appId='{FULL_APP_ID}')").json()
    assignments = graph.get(f"/servicePrincipals/{ours['id']}/appRoleAssignments").json()["value"]
    assert all(a["principalId"] == ours["id"] for a in assignments)
    return [a for a in assignments if a["resourceId"] == exo["id"]]


def test_app_role_assignments_show_exchange_manage_as_app(graph: Graph) -> None:
    """The app's grants include Exchange.ManageAsApp on the Exchange SP."""
    assert [a["appRoleId"] for a in _exchange_grants(graph)] == [EXCHANGE_APP_ROLES["Exchange.ManageAsApp"]]
    by_key = graph.get(f"/servicePrincipals(appId='{FULL_APP_ID}')/appRoleAssignments").json()["value"]
    assert len(by_key) == len(GRAPH_APP_ROLES) + 1


def test_no_exchange_consent_switch_hides_the_grant(graph: Graph) -> None:
    """With the consent switch set, the Exchange.ManageAsApp assignment is not there."""
    graph.state.data.switches.no_exchange_consent = True
    assert _exchange_grants(graph) == []


def _role_assignments(graph: Graph, principal_id: str) -> list[dict[str, Any]]:
    path = f"/roleManagement/directory/roleAssignments?$filter=principalId eq '{principal_id}'"
    response = graph.get(path)
    assert response.status_code == 200, response.text
    value: list[dict[str, Any]] = response.json()["value"]
    return value


def test_role_assignments_show_exchange_administrator(graph: Graph) -> None:
    """The app's SP and the admin user hold Exchange Administrator at directory scope."""
    sp_id = graph.state.data.applications[FULL_APP_ID].sp_id
    assert [(a["roleDefinitionId"], a["directoryScopeId"]) for a in _role_assignments(graph, sp_id)] == [
        (EXCHANGE_ADMIN_ROLE_TEMPLATE, "/")
    ]
    assert [a["roleDefinitionId"] for a in _role_assignments(graph, GRACE)] == [EXCHANGE_ADMIN_ROLE_TEMPLATE]


def test_no_exchange_role_switch_hides_the_apps_role(graph: Graph) -> None:
    """With the role switch set, the app holds no directory role; people keep theirs."""
    graph.state.data.switches.no_exchange_role = True
    assert _role_assignments(graph, graph.state.data.applications[FULL_APP_ID].sp_id) == []
    assert len(_role_assignments(graph, GRACE)) == 1


# ---- calendar permissions ------------------------------------------------------------------------
def _permissions(graph: Graph, owner: str) -> dict[str, dict[str, Any]]:
    body = graph.get(f"/users/{owner}/calendar/calendarPermissions").json()
    return {p["emailAddress"].get("address") or p["emailAddress"]["name"]: p for p in body["value"]}


def test_calendar_permissions_show_exchange_entries_in_graph_roles(graph: Graph) -> None:
    """My Organization is freeBusyRead and not removable; Editor reads as write, Reviewer as read."""
    olivia = _permissions(graph, OLIVIA)
    assert olivia["My Organization"]["role"] == "freeBusyRead"
    assert olivia["My Organization"]["isRemovable"] is False
    assert olivia["maria.garcia@acme.com"]["role"] == "write"
    assert olivia["maria.garcia@acme.com"]["isInsideOrganization"] is True
    assert _permissions(graph, PRIYA)["ava.johnson@acme.com"]["role"] == "read"


def test_calendar_permission_round_trip_reaches_exchanges_entries(graph: Graph) -> None:
    """POST, PATCH and DELETE change the very Calendar folder entries Exchange reports."""
    path = f"/users/{SARAH}/calendar/calendarPermissions"
    created = graph.call(
        "POST",
        path,
        json={
            "emailAddress": {"name": "Alex Kim", "address": "alex.kim@acme.com"},
            "isInsideOrganization": True,
            "isRemovable": True,
            "role": "read",
        },
    )
    assert created.status_code == 200, created.text
    perm = created.json()
    assert (perm["role"], perm["emailAddress"]["address"]) == ("read", "alex.kim@acme.com")
    entry = next(e for e in graph.recipient(SARAH).calendar if e.user == ALEX)
    assert entry.access_rights == ["Reviewer"]
    assert graph.get(f"{path}/{perm['id']}").json()["role"] == "read"

    patched = graph.call("PATCH", f"{path}/{perm['id']}", json={"role": "delegateWithPrivateEventAccess"})
    assert patched.json()["role"] == "delegateWithPrivateEventAccess"
    assert (entry.access_rights, entry.sharing_permission_flags) == (
        ["Editor"],
        "Delegate, CanViewPrivateItems",
    )

    assert graph.call("DELETE", f"{path}/{perm['id']}").status_code == 204
    assert "alex.kim@acme.com" not in _permissions(graph, SARAH)
    operations = [e.operation for e in graph.state.data.journal[-3:]]
    assert operations == ["AddCalendarPermission", "SetCalendarPermission", "RemoveCalendarPermission"]


def test_calendar_permission_for_existing_grantee_is_refused(graph: Graph) -> None:
    """A second POST for the same person answers 400 and changes nothing."""
    before = len(graph.recipient(OLIVIA).calendar)
    response = graph.call(
        "POST",
        f"/users/{OLIVIA}/calendar/calendarPermissions",
        json={"emailAddress": {"address": "maria.garcia@acme.com"}, "role": "read"},
    )
    assert response.status_code == 400
    assert len(graph.recipient(OLIVIA).calendar) == before


def test_my_organization_can_change_role_but_not_be_removed(graph: Graph) -> None:
    """The default sharee takes a new role; deleting it answers 400."""
    default = _permissions(graph, SARAH)["My Organization"]
    path = f"/users/{SARAH}/calendar/calendarPermissions/{default['id']}"
    assert graph.call("DELETE", path).status_code == 400
    assert graph.call("PATCH", path, json={"role": "limitedRead"}).json()["role"] == "limitedRead"


def test_calendar_permissions_list_sharees_then_my_organization_without_anonymous(graph: Graph) -> None:
    """Graph's own example (microsoft-graph-docs-contrib api-reference/v1.0/api/calendar-list-
    calendarpermissions.md): the sharees, then "My Organization" (id "RGVmYXVsdA==", a name and no address,
    not removable, allowedRoles none..write); a sharee's id is "ExchangePublishedUser.<address>" and its
    allowedRoles hold no "none". Exchange's Anonymous entry is no sharee. A calendar whose Default the
    state never held lists it too, as free/busy (Exchange creates every calendar with it)."""
    box = graph.recipient(OLIVIA)
    box.calendar.append(CalendarEntry(user="Anonymous", access_rights=["None"]))
    value = graph.get(f"/users/{OLIVIA}/calendar/calendarPermissions").json()["value"]

    assert [p["emailAddress"]["name"] for p in value] == ["Maria Garcia", "My Organization"]
    maria, org = value
    assert base64.urlsafe_b64decode(maria["id"]).decode() == "ExchangePublishedUser.maria.garcia@acme.com"
    assert "none" not in maria["allowedRoles"]
    assert org == {
        "id": "RGVmYXVsdA==",
        "emailAddress": {"name": "My Organization"},
        "isInsideOrganization": True,
        "isRemovable": False,
        "role": "freeBusyRead",
        "allowedRoles": ["none", "freeBusyRead", "limitedRead", "read", "write"],
    }

    sarah = graph.recipient(SARAH)
    sarah.calendar[:] = []
    listed = graph.get(f"/users/{SARAH}/calendar/calendarPermissions").json()["value"]
    assert [(p["id"], p["role"]) for p in listed] == [("RGVmYXVsdA==", "freeBusyRead")]
    patched = graph.call(
        "PATCH", f"/users/{SARAH}/calendar/calendarPermissions/RGVmYXVsdA==", json={"role": "read"}
    )
    assert patched.json()["role"] == "read"
    assert [(e.user, e.access_rights) for e in sarah.calendar] == [("Default", ["Reviewer"])]


def test_a_security_group_is_a_sharee_but_no_delegate_and_a_list_is_no_sharee(graph: Graph) -> None:
    """Exchange grants a mail-enabled security group folder permissions: Graph shows its entry with the
    group's name and address, inside the organisation, removable, up to write (a delegate acts for the
    owner: a person). A distribution list, a Microsoft 365 group or a contact is no security principal."""
    path = f"/users/{SARAH}/calendar/calendarPermissions"
    delegate = graph.call(
        "POST",
        path,
        json={
            "emailAddress": {"address": "finance-team@acme.com"},
            "role": "delegateWithoutPrivateEventAccess",
        },
    )
    assert delegate.status_code == 400, delegate.text

    created = graph.call(
        "POST", path, json={"emailAddress": {"address": "finance-team@acme.com"}, "role": "read"}
    )
    assert created.status_code == 200, created.text
    group = created.json()
    assert group["emailAddress"] == {"name": "Finance Team", "address": "finance-team@acme.com"}
    assert (group["isInsideOrganization"], group["isRemovable"]) == (True, True)
    assert group["allowedRoles"] == ["freeBusyRead", "limitedRead", "read", "write"]
    assert [e.user for e in graph.recipient(SARAH).calendar if e.user == FINANCE_TEAM] == [FINANCE_TEAM]

    for address in ("all-sales@acme.com", "project-phoenix@acme.com", "john@partnerfirm.example"):
        refused = graph.call("POST", path, json={"emailAddress": {"address": address}, "role": "read"})
        assert refused.status_code == 404, address
        assert error_of(refused)["code"] == "ErrorInvalidUser"
    assert graph.call("DELETE", f"{path}/{group['id']}").status_code == 204
    assert FINANCE_TEAM not in [e.user for e in graph.recipient(SARAH).calendar]


def test_calendar_of_a_guest_has_no_mailbox(graph: Graph) -> None:
    """A guest has no mailbox to share a calendar from."""
    response = graph.get(f"/users/{GUEST}/calendar/calendarPermissions")
    assert response.status_code == 404
    assert error_of(response)["code"] == "MailboxNotEnabledForRESTAPI"


# ---- $batch --------------------------------------------------------------------------------------
def _batch(graph: Graph, requests: list[dict[str, Any]]) -> httpx.Response:
    return graph.call("POST", "/$batch", json={"requests": requests})


def test_batch_runs_each_request_through_the_same_handlers(graph: Graph) -> None:
    """Sub-requests answer exactly as direct calls do, errors included."""
    response = _batch(
        graph,
        [
            {"id": "1", "method": "GET", "url": f"/users/{SARAH}?$select=id,displayName"},
            {"id": "2", "method": "GET", "url": f"groups/{ALL_SALES}/members?$select=id"},
            {"id": "3", "method": "GET", "url": "/users/nobody@acme.com"},
        ],
    )
    assert response.status_code == 200
    by_id = {r["id"]: r for r in response.json()["responses"]}
    assert by_id["1"]["status"] == 200
    assert by_id["1"]["body"]["displayName"] == "Sarah Connor"
    assert len(by_id["2"]["body"]["value"]) == 9
    assert by_id["3"]["status"] == 404
    assert by_id["3"]["body"]["error"]["code"] == "Request_ResourceNotFound"


def test_batch_writes_apply_and_failed_dependency_answers_424(graph: Graph) -> None:
    """A write in a batch applies; a request depending on a failed one is not run and answers 424."""
    ref = "https://graph.microsoft.com/v1.0/directoryObjects/{}"
    response = _batch(
        graph,
        [
            {
                "id": "add",
                "method": "POST",
                "url": f"/groups/{PHOENIX}/members/$ref",
                "headers": {"Content-Type": "application/json"},
                "body": {"@odata.id": ref.format(SARAH)},
            },
            {
                "id": "dl",
                "method": "POST",
                "url": f"/groups/{ALL_SALES}/members/$ref",
                "dependsOn": ["add"],
                "body": {"@odata.id": ref.format(SARAH)},
            },
            {
                "id": "after",
                "method": "DELETE",
                "url": f"/groups/{PHOENIX}/members/{SARAH}/$ref",
                "dependsOn": ["dl"],
            },
        ],
    )
    statuses = {r["id"]: r["status"] for r in response.json()["responses"]}
    assert statuses == {"add": 204, "dl": 400, "after": 424}
    assert SARAH in graph.recipient(PHOENIX).members


def test_batch_answers_in_an_order_of_its_own_each_response_by_its_id(graph: Graph) -> None:
    """ "Responses to the batched requests might appear in a different order. The id property can be used
    to correlate individual requests and responses." (learn.microsoft.com/graph/json-batching): the
    emulator never answers in request order, and each response is still its own request's."""
    upns = ["sarah@acme.com", "john@acme.com", "tom.becker@acme.com", "alex.kim@acme.com"]
    requests = [
        {"id": str(i), "method": "GET", "url": f"/users/{upn}?$select=userPrincipalName"}
        for i, upn in enumerate(upns)
    ]
    answered = _batch(graph, requests).json()["responses"]
    assert [r["id"] for r in answered] != ["0", "1", "2", "3"]
    assert sorted(r["id"] for r in answered) == ["0", "1", "2", "3"]
    for response in answered:
        assert response["body"]["userPrincipalName"] == upns[int(response["id"])]


def test_batch_of_more_than_twenty_requests_is_refused(graph: Graph) -> None:
    """Graph takes at most 20 requests per batch."""
    requests = [{"id": str(i), "method": "GET", "url": "/domains"} for i in range(21)]
    response = _batch(graph, requests)
    assert response.status_code == 400
    assert _batch(graph, requests[:20]).status_code == 200


def test_batch_sub_requests_are_authorized_individually(graph: Graph) -> None:
    """A batch from a reader app gets 403 for the routes it lacks, 200 for the rest."""
    response = graph.call(
        "POST",
        "/$batch",
        token=token_for(graph.state, READER_APP_ID),
        json={
            "requests": [
                {"id": "u", "method": "GET", "url": "/users?$top=1"},
                {"id": "g", "method": "GET", "url": "/groups"},
            ]
        },
    )
    assert {r["id"]: r["status"] for r in response.json()["responses"]} == {"u": 200, "g": 403}


@pytest.mark.parametrize(
    "query",
    [
        {"$top": "999"},
        {"$filter": "roleDefinitionId eq 'a' or roleDefinitionId eq 'b'"},
        {"$orderby": "principalId"},
    ],
)
def test_role_assignments_refuse_query_options_graph_does_not_list(
    graph: Graph, query: dict[str, str]
) -> None:
    """List unifiedRoleAssignments documents $filter (eq, in), $expand and $select; the rest is refused."""
    response = graph.get("/roleManagement/directory/roleAssignments", params=query)
    assert response.status_code == 400
    assert error_of(response)["code"] == "Request_UnsupportedQuery"


def test_role_assignments_expand_principal_with_a_filter(graph: Graph) -> None:
    """`$expand=principal` brings each holder along as a directoryObject tagged with its type, with its own
    `$select`, together with `$filter` (Graph documents roleDefinitionId eq with principal expanded)."""
    query = {
        "$filter": f"roleDefinitionId eq '{EXCHANGE_ADMIN_ROLE_TEMPLATE}'",
        "$expand": "principal($select=id,accountEnabled,userPrincipalName)",
    }
    response = graph.get("/roleManagement/directory/roleAssignments", params=query)
    assert response.status_code == 200, response.text
    rows = response.json()["value"]
    assert {r["roleDefinitionId"] for r in rows} == {EXCHANGE_ADMIN_ROLE_TEMPLATE}
    by_principal = {r["principalId"]: r["principal"] for r in rows}
    grace = by_principal[GRACE]
    assert grace == {
        "@odata.type": "#microsoft.graph.user",
        "id": GRACE,
        "accountEnabled": True,
        "userPrincipalName": graph.recipient(GRACE).user_principal_name,
    }
    app = by_principal[graph.state.data.applications[FULL_APP_ID].sp_id]
    assert app["@odata.type"] == "#microsoft.graph.servicePrincipal"
    assert set(app) == {"@odata.type", "id", "accountEnabled"}


def test_role_assignments_expand_principal_without_select_shows_the_default_properties(graph: Graph) -> None:
    """Without its own `$select`, the principal shows what Graph shows of a user by default (no
    accountEnabled: a client that needs it must ask)."""
    response = graph.get(
        "/roleManagement/directory/roleAssignments",
        params={"$filter": f"principalId eq '{GRACE}'", "$expand": "principal"},
    )
    principal = response.json()["value"][0]["principal"]
    assert principal["@odata.type"] == "#microsoft.graph.user"
    assert "displayName" in principal
    assert "accountEnabled" not in principal


@pytest.mark.parametrize(
    "expand", ["directoryScope", "principals", "principal($select=favouriteColour)", "manager"]
)
def test_role_assignments_refuse_an_expansion_they_do_not_have(graph: Graph, expand: str) -> None:
    """An expansion the emulator does not model, or a property no principal has, is refused, not ignored."""
    response = graph.get("/roleManagement/directory/roleAssignments", params={"$expand": expand})
    assert response.status_code == 400
    assert "Could not find a property named" in error_of(response)["message"]
