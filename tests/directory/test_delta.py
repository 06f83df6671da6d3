"""Graph delta sync of the recipient cache, over real HTTPS to the emulator: changes made behind
mailwarden's back reach the cache in one round, without a rediscovery."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import emulator_connection

from mailwarden.connectors.connection import TenantClients, open_tenant
from mailwarden.emulator.state import TenantState
from mailwarden.settings import load_settings
from mailwarden.store.tenants import TenantRecord
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace

pytestmark = pytest.mark.anyio

TENANT = "acme"
SARAH = "21d8f596-06ee-5014-8871-44db835f7241"
JANE = "d37fc3ca-495a-5e9a-8008-f0a2e31212bf"
GRACE = "30c2e407-75e9-5579-92b5-79e75abbbc3e"
DAVID = "ef889351-712d-5e11-b4f7-1245eefc7558"
ALL_SALES = "526f9339-4221-5b6b-a5c4-6303c6119668"
PHOENIX = "df11c4aa-8c17-5f71-8678-139e799a0414"


@dataclass
class Synced:
    workspace: Workspace
    clients: TenantClients
    tenant: TenantState
    emulator: RunningEmulator


@pytest.fixture
def workspace(tmp_path: Path, emulator: RunningEmulator) -> Iterator[Workspace]:
    ws = Workspace.open(load_settings({"MAILWARDEN_HOME": str(tmp_path / "home")}))
    ws.tenants.add(
        TenantRecord(
            tenant_key=TENANT,
            display_name="Acme",
            cloud="emulator",
            tenant_id=emulator.tenant_id,
            client_id=emulator.client_id,
        )
    )
    yield ws
    ws.close()


@pytest.fixture
async def synced(
    workspace: Workspace, tenant: TenantState, emulator: RunningEmulator
) -> AsyncIterator[Synced]:
    """A workspace whose cache was discovered from the emulated tenant (and change tracking started)."""
    async with open_tenant(emulator_connection(emulator)) as clients:
        await workspace.discover(TENANT, clients)
        yield Synced(workspace, clients, tenant, emulator)


def _behind_our_back(tenant: TenantState, recipient_id: str, **fields: Any) -> None:
    """Another admin's change in the tenant (not through mailwarden)."""
    with tenant.transaction():
        recipient = tenant.get(recipient_id)
        assert recipient is not None
        for name, value in fields.items():
            setattr(recipient, name, value)
        tenant.mark_dirty()


def _cached(s: Synced, recipient_id: str) -> Any:
    return s.workspace.directory(TENANT).get(recipient_id)


async def test_disabled_user_is_disabled_in_the_cache_after_one_sync(synced: Synced) -> None:
    """A user disabled in the tenant is cached as disabled after one delta round."""
    assert _cached(synced, SARAH).enabled
    _behind_our_back(synced.tenant, SARAH, account_enabled=False)
    result = await synced.workspace.sync_directory(TENANT, synced.clients)
    assert result is not None
    assert not result.full
    assert result.changed == 1
    assert not _cached(synced, SARAH).enabled


async def test_removed_admin_role_leaves_the_cache(synced: Synced) -> None:
    """An Exchange Administrator whose role assignment is deleted is no longer an admin after a sync."""
    assert _cached(synced, GRACE).is_admin
    with synced.tenant.transaction():
        synced.tenant.data.user_directory_roles.pop(GRACE)
        synced.tenant.mark_dirty()
    await synced.workspace.sync_directory(TENANT, synced.clients)
    assert not _cached(synced, GRACE).is_admin


async def test_changed_owner_and_member_reach_the_cache(synced: Synced) -> None:
    """A list's new owner and a removed member show in the cache after a sync."""
    group = synced.tenant.get(ALL_SALES)
    assert group is not None
    gone = group.members[0]
    _behind_our_back(
        synced.tenant,
        ALL_SALES,
        owners=[JANE],
        members=[m for m in group.members if m != gone],
    )
    await synced.workspace.sync_directory(TENANT, synced.clients)
    cached = _cached(synced, ALL_SALES)
    assert cached.owners == (JANE,)
    assert gone not in cached.members
    assert len(cached.members) == len(group.members)


async def test_group_made_private_is_closed_in_the_cache(synced: Synced) -> None:
    """A public Microsoft 365 group made private is Closed (owners approve) after a sync."""
    assert _cached(synced, PHOENIX).member_join_restriction == "Open"
    _behind_our_back(synced.tenant, PHOENIX, visibility="Private", member_join_restriction="Closed")
    await synced.workspace.sync_directory(TENANT, synced.clients)
    assert _cached(synced, PHOENIX).member_join_restriction == "Closed"


async def test_deleted_objects_leave_the_cache(synced: Synced) -> None:
    """A deleted user and a deleted list are gone from the cache after a sync, and from lists' members."""
    with synced.tenant.transaction():
        synced.tenant.remove_recipient(JANE)
        synced.tenant.remove_recipient(ALL_SALES)
    result = await synced.workspace.sync_directory(TENANT, synced.clients)
    assert result is not None
    assert result.removed == 2
    directory = synced.workspace.directory(TENANT)
    assert directory.get(JANE) is None
    assert directory.get(ALL_SALES) is None
    assert all(JANE not in r.members for r in directory)


async def test_a_quiet_round_costs_three_requests_and_changes_nothing(synced: Synced) -> None:
    """With nothing changed, a round is one users page, one groups page and one read of the admin roles'
    assignments for all of them (the tenant counts the same three)."""
    before = len(synced.emulator.faults.requests("graph"))
    result = await synced.workspace.sync_directory(TENANT, synced.clients)
    assert result is not None
    assert (result.requests, result.changed, result.removed, result.full) == (3, 0, 0, False)
    sent = [r.path for r in synced.emulator.faults.requests("graph")[before:]]
    assert [p for p in sent if p.endswith("/roleAssignments")] == [
        "/v1.0/roleManagement/directory/roleAssignments"
    ]
    assert len(sent) == 3, sent


async def test_a_role_given_and_one_taken_reach_the_cache_from_the_one_read(synced: Synced) -> None:
    """Of the roles read together, each reaches its holder: Grace loses Exchange Administrator, Sarah is
    made Global Administrator, in one round."""
    with synced.tenant.transaction():
        synced.tenant.data.user_directory_roles.pop(GRACE)
        synced.tenant.data.user_directory_roles[SARAH] = ["62e90394-69f5-4237-9190-012177145e10"]
        synced.tenant.mark_dirty()
    await synced.workspace.sync_directory(TENANT, synced.clients)
    assert not _cached(synced, GRACE).is_admin
    assert _cached(synced, SARAH).roles == ("Global Administrator",)


async def test_a_fresh_cache_is_not_synced_again(synced: Synced) -> None:
    """A command skips the round when the cache caught up less than the threshold ago."""
    assert await synced.workspace.sync_directory(TENANT, synced.clients, older_than=60) is None


async def test_refused_token_falls_back_to_full_discovery(synced: Synced) -> None:
    """When Graph answers 410 syncStateNotFound, the sync rediscovers the tenant and tracks again."""
    with synced.tenant.transaction():
        synced.tenant.data.change_log.epoch = "reset-tenant"
        synced.tenant.mark_dirty()
    _behind_our_back(synced.tenant, SARAH, job_title="Head of Everything")
    result = await synced.workspace.sync_directory(TENANT, synced.clients)
    assert result is not None
    assert result.full
    assert _cached(synced, SARAH).job_title == "Head of Everything"
    quiet = await synced.workspace.sync_directory(TENANT, synced.clients)
    assert quiet is not None
    assert not quiet.full


async def test_many_changes_page_through_the_round(synced: Synced) -> None:
    """More changes than one delta page holds (200) all reach the cache, over several pages."""
    with synced.tenant.transaction():
        for n, recipient in enumerate(r for r in synced.tenant.recipients.values() if r.is_user):
            recipient.department = f"Dept {n}"
        original = next(iter(synced.tenant.recipients.values()))
        for n in range(230):
            clone = original.model_copy(
                update={
                    "id": f"00000000-0000-4000-8000-{n:012d}",
                    "alias": f"clone{n}",
                    "display_name": f"Clone {n}",
                    "primary_smtp": f"clone{n}@acme.com",
                    "email_addresses": [f"SMTP:clone{n}@acme.com"],
                    "user_principal_name": f"clone{n}@acme.com",
                    "kind": "UserMailbox",
                }
            )
            synced.tenant.data.recipients[clone.id] = clone
        synced.tenant.reindex()
        synced.tenant.mark_dirty()
    result = await synced.workspace.sync_directory(TENANT, synced.clients)
    assert result is not None
    assert not result.full
    assert result.requests >= 4  # at least two users pages
    directory = synced.workspace.directory(TENANT)
    assert directory.get("00000000-0000-4000-8000-000000000229") is not None
    assert _cached(synced, SARAH).department.startswith("Dept ")


async def test_a_manager_change_reaches_the_cache(synced: Synced) -> None:
    """A new manager set behind our back is the cached manager after a sync."""
    _behind_our_back(synced.tenant, SARAH, manager_id=DAVID)
    await synced.workspace.sync_directory(TENANT, synced.clients)
    assert _cached(synced, SARAH).manager_id == DAVID
