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
from mailwarden.model.decisions import Decision, Denied
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec25_forwarded_unplaced_and_chains import (
    EXEC,
    INFO,
    JOHN,
    MARIA,
    _decide,
    _join,
    _list,
    _open_list,
    _read_directory,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

RELAY = "relay@acme.com"


async def _info_added_to_relay(flow: Flow, tenant: TenantState) -> OtherAdmin:
    other = _open_list(tenant)
    _list(other, "Relay", "relay")
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=RELAY)
    await _read_directory(flow)
    other.exchange("Add-DistributionGroupMember", Identity=RELAY, Member=INFO)
    return other


async def _johns_join(flow: Flow, *, read_again: bool) -> Decision:
    return await _decide(flow, JOHN, _join(JOHN), read_again=read_again)


async def test_the_control_with_the_directory_read_again_johns_join_is_refused(
    flow: Flow, tenant: TenantState
) -> None:
    await _info_added_to_relay(flow, tenant)
    john = await _johns_join(flow, read_again=True)
    assert isinstance(john, Denied), john


async def test_on_the_cached_directory_johns_join_is_refused_too(flow: Flow, tenant: TenantState) -> None:
    await _info_added_to_relay(flow, tenant)
    john = await _johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john
