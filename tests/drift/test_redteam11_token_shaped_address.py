"""Red team 11: an outside change whose values look like a token to the audit log's secret check. Whoever
sets a mailbox's forwarding in Exchange chooses the address, and 'eyJhbGciOi.eyJzdWIiOi.x@rival.example' is
a valid one shaped like the JWTs the audit log refuses. Had the scan recorded it as typed, the event would be
stored, its audit record refused, and every scan after it would die: the forwarding (and all later drift)
never reported. Held: addresses are compared and recorded lower-cased, which no JWT is; this keeps it so."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from tests.drift.test_scan import _outside, _scan
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio

SHAPED = "eyJhbGciOi.eyJzdWIiOi.x@rival.example"


async def test_forwarding_to_a_token_shaped_address_is_reported_and_audited(
    flow: Flow, tenant: TenantState
) -> None:
    await _scan(flow)
    _outside(tenant, "Set-Mailbox", Identity="sales@acme.com", ForwardingSmtpAddress=f"smtp:{SHAPED}")
    [event] = (await _scan(flow)).events
    assert (event.kind, event.severity) == ("forwarding_external", "high")
    assert event.revert_request_id
    detected = flow.audit.records(tenant=TENANT, event="drift.detected")
    assert len(detected) == 1
    assert flow.audit.verify().ok
    # The scans go on: the next outside change is reported too.
    _outside(
        tenant, "Set-Mailbox", Identity="support@acme.com", ForwardingSmtpAddress="smtp:drop@rival.example"
    )
    [later] = (await _scan(flow)).events
    assert later.after == "drop@rival.example"
