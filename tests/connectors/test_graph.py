"""GraphClient against the emulator over HTTPS: paging, filters, counts, $batch and every helper."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mailwarden.connectors import GraphBatchRequest, TenantClients, TenantConnection
from mailwarden.emulator.state import EXCHANGE_ADMIN_ROLE_TEMPLATE, EXCHANGE_MANAGE_AS_APP_ROLE, CalendarEntry
from mailwarden.errors import AlreadyExists, NotFound, Rejected
from mailwarden.testing import RunningEmulator

pytestmark = pytest.mark.anyio

Connect = Callable[..., TenantConnection]
JOHN = "john@acme.com"
PRIYA_ID = "cf98a4b2-0ef7-5047-a7db-24bbefe8769e"
SARAH_ID = "21d8f596-06ee-5014-8871-44db835f7241"


async def test_users_are_listed_across_pages(big: TenantClients, big_tenant: RunningEmulator) -> None:
    """Listing 2,500+ users follows every nextLink and returns each user once."""
    users = await big.graph.users()
    ids = {u["id"] for u in users}
    assert len(users) == len(ids) > 2500
    assert len(users) == await big.graph.count("/users")
    pages = [r for r in big_tenant.faults.requests("graph") if r.path == "/v1.0/users" and r.status == 200]
    assert len(pages) >= 3
    assert {"user00042@acme.com", "sarah@acme.com"} <= {u["userPrincipalName"] for u in users}
    assert {"id", "displayName", "proxyAddresses", "accountEnabled", "userType"} <= set(users[0])


async def test_a_members_link_past_the_first_page_reads_every_member_once(
    big: TenantClients, big_tenant: RunningEmulator
) -> None:
    """A group of 2,500 members read through $batch then its nextLink: each member once, no page twice."""
    group = next(g for g in await big.graph.groups() if g["displayName"] == "Everyone (generated)")
    [first] = await big.graph.batch([GraphBatchRequest("GET", f"/groups/{group['id']}/members?$select=id")])
    body = first.value()
    ids = [m["id"] for m in body["value"]]
    ids += [m["id"] for m in await big.graph.list_all(body["@odata.nextLink"])]
    assert len(ids) == len(set(ids)) == 2500


async def test_groups_are_listed_across_pages(clients: TenantClients, acme: RunningEmulator) -> None:
    """Small pages still add up to every group, with their kinds."""
    pages = [page async for page in clients.graph.iter_pages("/groups", page_size=3)]
    groups = [g for page in pages for g in page]
    assert len(pages) >= 3
    assert len(groups) == len(await clients.graph.groups())
    phoenix = next(g for g in groups if g["displayName"] == "Project Phoenix")
    assert phoenix["groupTypes"] == ["Unified"]


async def test_filter_returns_only_matching_users(clients: TenantClients) -> None:
    """A $filter narrows the list, and $count agrees with it."""
    sales = await clients.graph.users(filter="department eq 'Sales'")
    assert sales
    assert {u["department"] for u in sales} == {"Sales"}
    assert JOHN in {u["userPrincipalName"] for u in sales}
    assert await clients.graph.count("/users", "department eq 'Sales'") == len(sales)


async def test_batch_answers_each_request_in_order(clients: TenantClients, acme: RunningEmulator) -> None:
    """25 lookups go out as two $batch calls; each answer lands at its request, a miss as NotFound."""
    upns = [u["userPrincipalName"] for u in await clients.graph.users()][:24]
    requests = [GraphBatchRequest("GET", f"/users/{upn}") for upn in upns]
    requests.insert(7, GraphBatchRequest("GET", "/users/nobody@acme.com"))
    results = await clients.graph.batch(requests)
    assert len(results) == 25
    for result, upn in zip(results[:7] + results[8:], upns, strict=True):
        assert result.value()["userPrincipalName"] == upn
    assert isinstance(results[7].error, NotFound)
    with pytest.raises(NotFound):
        results[7].value()
    batches = [r for r in acme.faults.requests("graph") if r.path == "/v1.0/$batch"]
    assert len(batches) == 2


async def test_microsoft_365_group_membership_changes_through_graph(clients: TenantClients) -> None:
    """A member added to a Microsoft 365 group shows up, a second add is AlreadyExists, removal works."""
    phoenix = next(g for g in await clients.graph.groups() if g["displayName"] == "Project Phoenix")
    before = {m.id for m in await clients.graph.group_members(phoenix["id"])}
    newcomer = PRIYA_ID if PRIYA_ID not in before else SARAH_ID
    await clients.graph.add_group_member(phoenix["id"], newcomer)
    assert newcomer in {m.id for m in await clients.graph.group_members(phoenix["id"])}
    with pytest.raises(AlreadyExists):
        await clients.graph.add_group_member(phoenix["id"], newcomer)
    await clients.graph.remove_group_member(phoenix["id"], newcomer)
    assert {m.id for m in await clients.graph.group_members(phoenix["id"])} == before
    assert await clients.graph.group_owners(phoenix["id"])


async def test_graph_refuses_distribution_list_membership(clients: TenantClients) -> None:
    """Graph cannot change a distribution list's members; the refusal is Rejected in Graph's words."""
    sales_list = next(g for g in await clients.graph.groups() if g["mail"] == "all-sales@acme.com")
    with pytest.raises(Rejected, match="distribution list"):
        await clients.graph.add_group_member(sales_list["id"], SARAH_ID)


async def test_user_lookup_and_manager(clients: TenantClients) -> None:
    """A user is found by UPN; the manager is returned, or None at the top of the tree."""
    john = await clients.graph.user(JOHN)
    assert john["displayName"] == "John Miller"
    manager = await clients.graph.manager(JOHN)
    assert manager is not None
    assert manager["id"] == PRIYA_ID
    assert await clients.graph.manager("olivia.martin@acme.com") is None
    with pytest.raises(NotFound):
        await clients.graph.user("nobody@acme.com")


async def test_domains_organization_and_contacts(clients: TenantClients, acme: RunningEmulator) -> None:
    """Domains carry verification, the organization its name, contacts their outside address."""
    domains = {d["id"]: d for d in await clients.graph.domains()}
    assert domains["acme.com"]["isVerified"] is True
    assert domains["newacme.com"]["isVerified"] is False
    organization = await clients.graph.organization()
    assert organization["id"] == acme.tenant_id
    assert organization["displayName"] == "Acme Corporation"
    contacts = await clients.graph.contacts()
    assert "john@partnerfirm.example" in {c["mail"] for c in contacts}


async def test_app_permissions_and_roles_are_readable(clients: TenantClients, acme: RunningEmulator) -> None:
    """The app's service principal shows its Exchange.ManageAsApp grant and Exchange Administrator role."""
    sp = await clients.graph.service_principal(acme.client_id)
    assert sp is not None
    grants = await clients.graph.app_role_assignments(sp["id"])
    assert EXCHANGE_MANAGE_AS_APP_ROLE in {g["appRoleId"] for g in grants}
    roles = await clients.graph.directory_role_assignments(sp["id"])
    assert EXCHANGE_ADMIN_ROLE_TEMPLATE in {r["roleDefinitionId"] for r in roles}
    assert await clients.graph.service_principal("00000000-0000-0000-0000-000000000000") is None


async def test_calendar_permission_lifecycle(clients: TenantClients) -> None:
    """A calendar permission is added, its role updated, and deleted again."""
    added = await clients.graph.add_calendar_permission(JOHN, "sarah@acme.com", "read", name="Sarah Connor")
    assert added["role"] == "read"
    listed = {p["id"]: p for p in await clients.graph.calendar_permissions(JOHN)}
    assert listed[added["id"]]["emailAddress"]["address"] == "sarah@acme.com"
    updated = await clients.graph.update_calendar_permission(JOHN, added["id"], "write")
    assert updated["role"] == "write"
    await clients.graph.delete_calendar_permission(JOHN, added["id"])
    assert added["id"] not in {p["id"] for p in await clients.graph.calendar_permissions(JOHN)}
    with pytest.raises(NotFound):
        await clients.graph.delete_calendar_permission(JOHN, added["id"])


async def test_proxy_address_owner_is_found_among_users_and_groups(clients: TenantClients) -> None:
    """A secondary address finds its mailbox, a list address its group, a free address nothing."""
    (support,) = await clients.graph.find_by_proxy_address("HelpDesk@acme.com")
    assert support["displayName"] == "Support"
    (sales_list,) = await clients.graph.find_by_proxy_address("smtp:all-sales@acme.com")
    assert sales_list["mail"] == "all-sales@acme.com"
    assert await clients.graph.find_by_proxy_address("free.address@acme.com") == []


async def test_calendar_permissions_are_read_past_the_first_page(
    clients: TenantClients, acme: RunningEmulator
) -> None:
    """A calendar with more entries than one page holds (150 left by people long gone, which Exchange
    keeps and prints by their old name) is read to the end through `@odata.nextLink`: each entry once,
    My Organization included."""
    john = acme.state.find(JOHN)
    assert john is not None
    john.calendar.extend(
        CalendarEntry(user=f"Former colleague {n:03}", access_rights=["Reviewer"]) for n in range(150)
    )

    listed = await clients.graph.calendar_permissions(JOHN)

    names = [p["emailAddress"]["name"] for p in listed]
    assert len(names) == len(set(names)) == 151
    assert names[-1] == "My Organization"
    pages = [r for r in acme.faults.requests("graph") if r.path.endswith("/calendar/calendarPermissions")]
    assert len(pages) >= 2


async def test_users_with_their_managers_are_read_in_pages_of_100(
    big: TenantClients, big_tenant: RunningEmulator
) -> None:
    """Discovery's read of every user with `$expand=manager`: Graph gives at most 100 a page with `$expand`
    whatever `$top` asks, so the client follows the nextLinks to read every user once, managers included."""
    users = await big.graph.list_all(
        "/users", {"$select": "id,userPrincipalName", "$expand": "manager($select=id)"}
    )

    assert len(users) == len({u["id"] for u in users}) == await big.graph.count("/users")
    pages = [r for r in big_tenant.faults.requests("graph") if r.path == "/v1.0/users" and r.status == 200]
    assert len(pages) >= len(users) // 100
    assert any(u.get("manager") for u in users)


async def test_messages_reads_the_newest_page_only(clients: TenantClients, acme: RunningEmulator) -> None:
    """`messages(top=n)` is the n newest messages, in one request: it followed every nextLink and read the
    whole mailbox (Outlook pages by $top; a real inbox holds thousands)."""
    for n in range(7):
        await clients.graph.send_mail(
            "support@acme.com", subject=f"n{n}", text="x", to=["olivia.martin@acme.com"]
        )
    acme.faults.reset()
    newest = await clients.graph.messages("olivia.martin@acme.com", folder="inbox", top=3)
    assert [m["subject"] for m in newest] == ["n6", "n5", "n4"]
    reads = [r for r in acme.faults.requests("graph") if r.path.endswith("/messages")]
    assert len(reads) == 1
