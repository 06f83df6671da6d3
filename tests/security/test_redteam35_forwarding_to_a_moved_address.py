"""Red team 35 (around b2a9581): a forwarding address moved, since the directory was cached, to a list that
is not around the joined one is still placed on its old holder.

b2a9581 places an SMTP rule target that is one of the joined groups' addresses read live on that group
before the cached directory's holder, as a ForwardingSmtpAddress already was. Only the groups around the
joined list are read live. Maria's ForwardingSmtpAddress is helpers@, a secondary address of careers@ (a
shared mailbox that forwards nothing) when the directory is cached; an admin then moves helpers@ to the relay
list, whose member info@ redirects to the open exec-assist list. Maria's mail now reaches exec-assist, but
the scan places helpers@ on careers@ (the cache), the chain ends there, and John's join is decided on info@'s
own mail alone: it goes to an admin who is never told of Maria, where with the directory read again it is
a refusal. (An Inbox rule to helpers@ keeps naming careers@ by its DN, as Exchange does: no hand-over.)

Fixed (security 29): a ForwardingSmtpAddress is placed on what holds the address now (a group read live, a
mailbox of the live listing), else looked up live (`Get-Recipient`), never on the cache's holder.
Driven through the live decision against the emulator over HTTP, on the directory as last read."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, Denied
from tests.security import forwarding_setup as fw
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def _helpers_moved_to_relay(flow: Flow, tenant: TenantState) -> OtherAdmin:
    other = fw.open_exec_assist(tenant)
    fw.make_relay_list(other)
    fw.add_info_to_relay(other)
    fw.info_redirects_to_exec_assist(other)
    careers = fw.give_careers_helpers(other)
    fw.maria_forwards_to(other, fw.HELPERS)
    await fw.read_directory(flow)
    fw.move_helpers_to_list(other, careers, fw.RELAY)
    return other


async def test_the_control_with_the_directory_read_again_johns_join_is_refused(
    flow: Flow, tenant: TenantState
) -> None:
    await _helpers_moved_to_relay(flow, tenant)
    john = await fw.johns_join(flow, read_again=True)
    assert isinstance(john, Denied), john


async def test_on_the_cached_directory_johns_join_is_refused_too(flow: Flow, tenant: TenantState) -> None:
    await _helpers_moved_to_relay(flow, tenant)
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john


async def test_the_control_moved_to_a_list_whose_members_forward_nothing_the_join_stays_open(
    flow: Flow, tenant: TenantState
) -> None:
    """The live placing follows the address to its list and that list's members: with none of them
    forwarding to exec-assist, Maria's mail does not reach it and John's join of the open list is allowed
    (a live look-up is no unknown that refuses every join)."""
    other = fw.open_exec_assist(tenant)
    fw.make_open_list(other, "Quiet", "quiet")
    other.exchange("Add-DistributionGroupMember", Identity="quiet@acme.com", Member=fw.TOM)
    careers = fw.give_careers_helpers(other)
    fw.maria_forwards_to(other, fw.HELPERS)
    await fw.read_directory(flow)
    fw.move_helpers_to_list(other, careers, "quiet@acme.com")
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Allowed), john
