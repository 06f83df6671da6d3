"""Red team 36 on security 27/29: a list that mail is forwarded to is followed to its members as the cached
directory holds them (`_through_lists`), where a list made since is read live (`_walk_new_lists`).

Maria forwards to the relay list, which has no members when the directory is cached. An admin then adds
info@ to relay; info@'s rule redirects to the open exec-assist list. Maria's mail now reaches exec-assist
(Maria -> relay -> info@ -> exec-assist), but the scan walks relay's members from the cache (none), the
chain ends there, and John's join of exec-assist is not refused, as it is with the directory read again.

Severity: high for a tenant whose directory is cached for a while (an employee joins a list that receives
a person's forwarded mail); same class as red team 35's moved address: a member added since the cache.
Fixed: a distribution list or security group of the cache that mail is forwarded to is read live too.
"""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Denied
from tests.security import forwarding_setup as fw
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def _info_added_to_relay(flow: Flow, tenant: TenantState) -> OtherAdmin:
    other = fw.open_exec_assist(tenant)
    fw.make_relay_list(other)
    fw.info_redirects_to_exec_assist(other)
    fw.maria_forwards_to(other, fw.RELAY)
    await fw.read_directory(flow)
    fw.add_info_to_relay(other)
    return other


async def test_the_control_with_the_directory_read_again_johns_join_is_refused(
    flow: Flow, tenant: TenantState
) -> None:
    await _info_added_to_relay(flow, tenant)
    john = await fw.johns_join(flow, read_again=True)
    assert isinstance(john, Denied), john


async def test_on_the_cached_directory_johns_join_is_refused_too(flow: Flow, tenant: TenantState) -> None:
    await _info_added_to_relay(flow, tenant)
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john
