"""Red team 37 on d65f98f: a distribution list or security group of the cache that mail is forwarded to is
read live now, but a Microsoft 365 group keeps the members the cached directory holds (`_through_lists`).

Maria forwards to Project Phoenix (a Microsoft 365 group) when the directory is cached. Another admin then
adds the shared mailbox info@ to Project Phoenix (Graph, members/$ref); info@'s rule redirects to the open
exec-assist list. Maria's mail reaches exec-assist (Maria -> Project Phoenix -> info@ -> exec-assist), but
the scan walks Project Phoenix's cached members (David, Jane), the chain ends there, and John's join of
exec-assist goes to an admin as a join that hands over info@'s (a shared mailbox's) mail only, where with
the directory read again it is refused (a person's mail: no employee may be given it).

Severity: medium-high for a tenant whose directory is cached for a while (an admin approves an employee's
join that hands over a person's mail, told only of a shared mailbox's): red team 36's finding, left open
for Microsoft 365 groups. Fixed: a Microsoft 365 group of the cache that mail is forwarded to has its
members read live through Graph (`_m365_groups_read_live`, twenty groups to a $batch).
"""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from mailwarden.testing import RunningEmulator
from tests.security import forwarding_setup as fw
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

PHOENIX = "project-phoenix@acme.com"


async def _info_added_to_phoenix(flow: Flow, tenant: TenantState) -> OtherAdmin:
    other = fw.open_exec_assist(tenant)
    fw.info_redirects_to_exec_assist(other)
    fw.maria_forwards_to(other, PHOENIX)
    await fw.read_directory(flow)
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{other.id_of(fw.INFO)}"}
    other.graph("POST", f"/groups/{other.id_of(PHOENIX)}/members/$ref", ref)
    return other


async def test_the_control_with_the_directory_read_again_johns_join_is_refused(
    flow: Flow, tenant: TenantState
) -> None:
    await _info_added_to_phoenix(flow, tenant)
    john = await fw.johns_join(flow, read_again=True)
    assert isinstance(john, Denied), john


async def test_on_the_cached_directory_johns_join_is_refused_too(flow: Flow, tenant: TenantState) -> None:
    await _info_added_to_phoenix(flow, tenant)
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john


async def test_a_group_nobody_joined_since_hands_over_nothing(flow: Flow, tenant: TenantState) -> None:
    """The control of the live read: Maria forwards to Project Phoenix, whose members (David, Jane) forward
    nothing on, and info@ is on no list: John's join of exec-assist hands over only info@'s own mail."""
    other = fw.open_exec_assist(tenant)
    fw.maria_forwards_to(other, PHOENIX)
    await fw.read_directory(flow)
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Allowed), john


async def test_a_group_whose_members_cannot_be_read_is_unknown(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """The live read of Project Phoenix's members fails: where Maria's mail goes cannot be said, so the
    join is routed as the worst case (an employee's refused), never decided on the cached members."""
    await _info_added_to_phoenix(flow, tenant)
    emulator.faults.fail_items("graph", status=403, times=50, matching="/members")
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john
    grace = await fw.graces_join(flow, read_again=False)
    assert isinstance(grace, ApprovalRequired), grace
    assert fw.UNKNOWN in grace.reason, grace.reason
