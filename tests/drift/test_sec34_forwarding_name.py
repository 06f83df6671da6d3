"""sec34: a drift scan places a ForwardingAddress printed by Name on the Name alone, live.

Exchange prints ForwardingAddress as the target's Name. The scan placed it with `identify` on the cached
directory, which matches an alias or a display name: billing@ set outside to forward to the contact John
Partner (john@partnerfirm.example), whose Name is 'tom.becker' (Tom Becker's alias; Tom's own Name is his
directory id, as for a mailbox made since MC365786), was recorded as forwarding to Tom inside the
organisation (medium) instead of to an address outside it (high, revert proposed). The Name is looked up
live with `Get-Recipient -Filter "Name -eq ..."`; a Name two recipients hold counts as both; a failed
look-up leaves the mailbox's forwarding as it was (a failure of the scan), never guessed."""

from __future__ import annotations

import pytest

from mailwarden.drift.records import DriftEvent
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.drift.test_scan import _outside, _scan
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio

BILLING, TOM, CONTACT = "billing@acme.com", "tom.becker@acme.com", "john@partnerfirm.example"
TOM_ID = "12744b96-d6e1-517b-b0ea-020dbb08da36"


def _name(tenant: TenantState, *names: tuple[str, str]) -> None:
    with tenant.transaction():
        for address, name in names:
            found = tenant.address_owner(address)
            assert found is not None, address
            found.name = name
        tenant.reindex()
        tenant.mark_dirty()


async def test_forwarding_to_a_contact_whose_name_is_a_colleagues_alias_is_forwarding_outside(
    flow: Flow, tenant: TenantState
) -> None:
    _name(tenant, (TOM, TOM_ID), (CONTACT, "tom.becker"))
    await _scan(flow)
    _outside(tenant, "Set-Mailbox", Identity=BILLING, ForwardingAddress=CONTACT)
    [event] = (await _scan(flow)).events
    assert (event.kind, event.severity, event.after) == ("forwarding_external", "high", CONTACT)


async def test_a_name_two_recipients_hold_counts_as_both(flow: Flow, tenant: TenantState) -> None:
    """The contact and Tom both carry the Name: the mail may go to either, and one is outside."""
    _name(tenant, (CONTACT, "tom.becker"))  # Tom's Name is his alias too
    await _scan(flow)
    _outside(tenant, "Set-Mailbox", Identity=BILLING, ForwardingAddress=CONTACT)
    [event] = (await _scan(flow)).events
    assert event.kind == "forwarding_external", event
    assert event.after is not None
    assert sorted(event.after.split(", ")) == [CONTACT, TOM], event


async def test_a_failed_name_look_up_leaves_the_forwarding_as_it_was(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    _name(tenant, (TOM, TOM_ID), (CONTACT, "tom.becker"))
    await _scan(flow)
    _outside(tenant, "Set-Mailbox", Identity=BILLING, ForwardingAddress=CONTACT)
    event = await unplaced_then_placed(flow, emulator)
    assert (event.kind, event.after) == ("forwarding_external", CONTACT)


async def unplaced_then_placed(flow: Flow, emulator: RunningEmulator) -> DriftEvent:
    """Scan while every Name look-up fails: no event, the Name 'tom.becker' a failure of the scan; then
    scan again with the look-ups answered: the one event the outside change makes."""
    emulator.faults.fail_items("exchange", status=500, times=50, matching="name -eq")
    result = await _scan(flow)
    assert result.events == [], result.events
    assert any("tom.becker" in f for f in result.failures), result.failures
    emulator.faults.reset()
    [event] = (await _scan(flow)).events
    return event
