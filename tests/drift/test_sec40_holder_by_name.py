"""sec40: a drift scan places a Full Access / Send As holder printed by Name (a group) on the Name alone.

Get-MailboxPermission and Get-RecipientPermission print a group trustee by its Name. The scan placed it
with `identify` on the cached directory (alias, then display name): a security group made outside since the
cache was read and named 'tom.becker' (Tom Becker's alias; Tom's own Name is his directory id), given Full
Access on billing@, was recorded as Tom's grant: the event named Tom, and its revert would take Tom's
right (which he does not hold) and leave the group's. Now the Name is looked up live; a failed look-up
leaves the mailbox's facts as they were (a failure of the scan), never guessed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.access.test_sec40_holder_by_name import TEAM, team_named_like_tom
from tests.drift.test_scan import _outside, _scan
from tests.drift.test_sec34_forwarding_name import TOM, unplaced_then_placed
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
Replicated = Callable[[], Awaitable[None]]

BILLING = "billing@acme.com"


async def _granted_after_a_scan(flow: Flow, tenant: TenantState, replicated: Replicated) -> None:
    """The group named 'tom.becker' made before a scan, then given Full Access on billing@ outside."""
    team_named_like_tom(tenant)
    await replicated()
    await _scan(flow)
    _outside(tenant, "Add-MailboxPermission", Identity=BILLING, User=TEAM, AccessRights=["FullAccess"])
    await replicated()


async def test_full_access_for_a_group_named_as_a_colleagues_alias_names_the_group(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    await _granted_after_a_scan(flow, tenant, replicated)
    [event] = (await _scan(flow)).events
    assert event.fact_kind == "full_access", event
    assert TEAM in event.holder, event
    assert TOM not in event.holder, event


async def test_a_failed_name_look_up_leaves_full_access_as_it_was(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, replicated: Replicated
) -> None:
    await _granted_after_a_scan(flow, tenant, replicated)
    event = await unplaced_then_placed(flow, emulator)
    assert (event.fact_kind, TEAM in event.holder) == ("full_access", True), event
