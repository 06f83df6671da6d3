"""sec37: a drift scan places a GrantSendOnBehalfTo entry (printed by Name) on the Name alone, live.

Exchange prints GrantSendOnBehalfTo as each delegate's Name. The scan placed it with `identify` on the
cached directory, which matches an alias or a display name: Rachel Green, whose Name is 'tom.becker' (Tom
Becker's alias; Tom's own Name is his directory id, as for a mailbox made since MC365786), given Send on
Behalf of billing@ outside mailwarden, was recorded as Tom's grant: the event named Tom, and its revert
would have taken Tom's right (which he does not hold) instead of Rachel's. The Name is looked up with
`Get-Recipient -Filter "Name -eq ..."`; a failed look-up leaves the mailbox's Send on Behalf as it was (a
failure of the scan), never guessed."""

from __future__ import annotations

import pytest

from mailwarden.connectors.exchange import hashtable
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.drift.test_scan import _outside, _scan
from tests.drift.test_sec34_forwarding_name import TOM, TOM_ID, _name, unplaced_then_placed
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio

BILLING, RACHEL = "billing@acme.com", "rachel.green@acme.com"


async def test_send_on_behalf_for_someone_whose_name_is_a_colleagues_alias_names_that_someone(
    flow: Flow, tenant: TenantState
) -> None:
    _name(tenant, (TOM, TOM_ID), (RACHEL, "tom.becker"))
    await _scan(flow)
    _outside(tenant, "Set-Mailbox", Identity=BILLING, GrantSendOnBehalfTo=hashtable(add=RACHEL))
    [event] = (await _scan(flow)).events
    assert event.fact_kind == "send_on_behalf", event
    assert RACHEL in event.holder, event
    assert TOM not in event.holder, event


async def test_a_failed_name_look_up_leaves_send_on_behalf_as_it_was(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    _name(tenant, (TOM, TOM_ID), (RACHEL, "tom.becker"))
    await _scan(flow)
    _outside(tenant, "Set-Mailbox", Identity=BILLING, GrantSendOnBehalfTo=hashtable(add=RACHEL))
    event = await unplaced_then_placed(flow, emulator)
    assert RACHEL in event.holder, event
