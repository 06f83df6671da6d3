"""Graph delta queries of the emulator (`/users/delta`, `/groups/delta`), over real HTTPS."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from mailwarden.connectors.connection import TenantClients, open_tenant
from mailwarden.connectors.graph import DeltaTokenRefused
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.conftest import emulator_connection

pytestmark = pytest.mark.anyio

SARAH = "21d8f596-06ee-5014-8871-44db835f7241"
JOHN = "5f949081-2c0a-5c9b-af69-87633d4fd64b"
JANE = "d37fc3ca-495a-5e9a-8008-f0a2e31212bf"
ALL_SALES = "526f9339-4221-5b6b-a5c4-6303c6119668"
PHOENIX = "df11c4aa-8c17-5f71-8678-139e799a0414"


@pytest.fixture
async def clients(tenant: TenantState, emulator: RunningEmulator) -> AsyncIterator[TenantClients]:
    async with open_tenant(emulator_connection(emulator)) as opened:
        yield opened


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def _change(tenant: TenantState, recipient_id: str, **fields: Any) -> None:
    """Another admin's change, made straight in the tenant's state (persisted like a request's)."""
    with tenant.transaction():
        recipient = tenant.get(recipient_id)
        assert recipient is not None
        for name, value in fields.items():
            setattr(recipient, name, value)
        tenant.mark_dirty()


async def test_first_round_lists_every_user_then_a_delta_link(clients: TenantClients) -> None:
    """A round without a token lists every user with the selected properties and ends in a deltaLink."""
    first = await clients.graph.delta("users", select=("id", "displayName", "accountEnabled"))
    users = _by_id(first.items)
    assert SARAH in users
    assert set(users[SARAH]) == {"id", "displayName", "accountEnabled"}
    assert "$deltatoken=" in first.delta_link
    assert ALL_SALES not in users


async def test_later_round_returns_only_what_changed(clients: TenantClients, tenant: TenantState) -> None:
    """After a deltaLink, a round with no change is empty, and a disabled user comes back alone."""
    first = await clients.graph.delta("users", select=("id", "accountEnabled"))
    quiet = await clients.graph.delta("users", delta_link=first.delta_link)
    assert quiet.items == []
    assert quiet.requests == 1
    _change(tenant, SARAH, account_enabled=False)
    changed = await clients.graph.delta("users", delta_link=quiet.delta_link)
    assert changed.items == [{"id": SARAH, "accountEnabled": False}]


async def test_latest_token_starts_from_now(clients: TenantClients, tenant: TenantState) -> None:
    """`$deltatoken=latest` lists nothing and tracks changes from then on."""
    latest = await clients.graph.delta("users", select=("id", "jobTitle"), latest=True)
    assert latest.items == []
    _change(tenant, JOHN, job_title="Chief Tester")
    after = await clients.graph.delta("users", delta_link=latest.delta_link)
    assert after.items == [{"id": JOHN, "jobTitle": "Chief Tester"}]


async def test_group_membership_changes_come_as_members_delta(
    clients: TenantClients, tenant: TenantState
) -> None:
    """A member removed and an owner added show in `members@delta` / `owners@delta`, nothing else."""
    first = await clients.graph.delta("groups", select=("id", "displayName", "members", "owners"))
    sales = _by_id(first.items)[ALL_SALES]
    assert {m["id"] for m in sales["members@delta"]} == set(tenant.get(ALL_SALES).members)  # type: ignore[union-attr]
    member = tenant.get(ALL_SALES).members[0]  # type: ignore[union-attr]
    group = tenant.get(ALL_SALES)
    assert group is not None
    _change(
        tenant, ALL_SALES, members=[m for m in group.members if m != member], owners=[*group.owners, JANE]
    )
    after = await clients.graph.delta("groups", delta_link=first.delta_link)
    (item,) = after.items
    assert item["id"] == ALL_SALES
    assert item["members@delta"] == [
        {"@odata.type": "#microsoft.graph.user", "id": member, "@removed": {"reason": "deleted"}}
    ]
    assert item["owners@delta"] == [{"@odata.type": "#microsoft.graph.user", "id": JANE}]


async def test_group_made_private_shows_its_visibility(clients: TenantClients, tenant: TenantState) -> None:
    """A Microsoft 365 group turned private comes back with `visibility: Private`."""
    first = await clients.graph.delta("groups", select=("id", "visibility"))
    assert _by_id(first.items)[PHOENIX]["visibility"] == "Public"
    _change(tenant, PHOENIX, visibility="Private", member_join_restriction="Closed")
    after = await clients.graph.delta("groups", delta_link=first.delta_link)
    assert after.items == [{"id": PHOENIX, "visibility": "Private"}]


async def test_deleted_objects_come_back_removed(clients: TenantClients, tenant: TenantState) -> None:
    """A deleted user is `@removed` with reason changed (recycle bin); a deleted list with deleted."""
    users = await clients.graph.delta("users", select=("id",))
    groups = await clients.graph.delta("groups", select=("id",))
    with tenant.transaction():
        tenant.remove_recipient(JANE)
        tenant.remove_recipient(ALL_SALES)
    assert (await clients.graph.delta("users", delta_link=users.delta_link)).items == [
        {"id": JANE, "@removed": {"reason": "changed"}}
    ]
    changed_groups = (await clients.graph.delta("groups", delta_link=groups.delta_link)).items
    # The lists Jane was a member of changed too (she left them with her deletion).
    assert {"id": ALL_SALES, "@removed": {"reason": "deleted"}} in changed_groups


async def test_exchange_changes_show_where_graph_shows_them(
    clients: TenantClients, tenant: TenantState
) -> None:
    """A list member added through Exchange appears in the group's `members@delta`."""
    first = await clients.graph.delta("groups", select=("id", "members"))
    await clients.exchange.invoke(
        "Add-DistributionGroupMember", {"Identity": "all-sales@acme.com", "Member": "jane.doe@acme.com"}
    )
    (item,) = (await clients.graph.delta("groups", delta_link=first.delta_link)).items
    assert item["id"] == ALL_SALES
    assert item["members@delta"] == [{"@odata.type": "#microsoft.graph.user", "id": JANE}]


async def test_a_token_the_tenant_cannot_honour_is_gone(clients: TenantClients) -> None:
    """A malformed or foreign delta token is answered 410 syncStateNotFound."""
    first = await clients.graph.delta("users", select=("id",))
    forged = first.delta_link.split("$deltatoken=")[0] + "$deltatoken=bm90LWEtdG9rZW4"
    with pytest.raises(DeltaTokenRefused) as refused:
        await clients.graph.delta("users", delta_link=forged)
    assert refused.value.status == 410
    assert refused.value.code == "syncStateNotFound"


async def test_pages_follow_next_links(clients: TenantClients) -> None:
    """A small `odata.maxpagesize` splits the round into pages linked by `$skiptoken`."""
    whole = await clients.graph.delta("users", select=("id",))
    body = await clients.graph.get_json(
        "/users/delta", {"$select": "id"}, headers={"Prefer": "odata.maxpagesize=3"}
    )
    assert len(body["value"]) == 3
    assert "$skiptoken=" in body["@odata.nextLink"]
    seen = [item["id"] for item in body["value"]]
    while "@odata.nextLink" in body:
        body = await clients.graph.get_json(
            body["@odata.nextLink"], headers={"Prefer": "odata.maxpagesize=3"}
        )
        seen += [item["id"] for item in body["value"]]
    assert "@odata.deltaLink" in body
    assert sorted(seen) == sorted(item["id"] for item in whole.items)


async def test_unsupported_options_are_refused(clients: TenantClients) -> None:
    """`$filter` on a delta query is refused as Graph refuses it."""
    with pytest.raises(Exception, match="delta"):
        await clients.graph.get_json("/users/delta", {"$filter": "accountEnabled eq false"})
