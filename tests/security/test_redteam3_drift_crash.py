"""Red team 3: a drift scan that dies halfway (the process killed, the store gone for a moment) has
recorded some events and not its new baseline. The scan after it must not record those events again, nor
propose a second revert of the same change; and the tenant is free to scan again at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mailwarden.drift import scan
from mailwarden.drift.records import list_events
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from tests.security.drift_setup import outside_change
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store
pytestmark = pytest.mark.anyio

ADMIN = "grace.hopper@acme.com"


class Killed(Exception):
    pass


async def _scan(flow: Flow) -> Any:
    flow.clock.now = dt.datetime.now(dt.UTC)
    return await scan(flow.service.store, flow.audit, flow.ctx, TENANT, service=flow.service, audit_wait=5)


async def test_a_scan_killed_halfway_records_nothing_twice(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _scan(flow)
    outside_change(
        tenant, ADMIN, "Set-Mailbox", Identity="sales@acme.com", ForwardingSmtpAddress="smtp:a@rival.example"
    )
    outside_change(
        tenant,
        ADMIN,
        "Add-MailboxPermission",
        Identity="support@acme.com",
        User="john@acme.com",
        AccessRights="FullAccess",
    )

    append_many = flow.audit.append_many
    seen = {"detected": 0}

    def dies_on_the_second_event(entries: Any, **kwargs: Any) -> Any:
        entries = list(entries)
        if any(e.get("event") == "drift.detected" for e in entries):
            seen["detected"] += 1
            if seen["detected"] == 2:
                raise Killed
        return append_many(entries, **kwargs)

    monkeypatch.setattr(flow.audit, "append_many", dies_on_the_second_event)
    with pytest.raises(Killed):
        await _scan(flow)
    monkeypatch.setattr(flow.audit, "append_many", append_many)

    await _scan(flow)  # the lease was given back: no ScanRunning
    events = list_events(flow.service.store, TENANT)
    keys = [(e.fact_kind, e.resource, e.holder) for e in events]
    assert sorted(keys) == sorted(set(keys)), [e.summary for e in events]
    assert len(events) == 2
    reverts = [
        v
        for v in flow.service.list(TENANT, state=RequestState.PENDING_APPROVAL, limit=100)
        if v.requester == "drift-scan"
    ]
    assert len(reverts) == 1, [v.text for v in reverts]
    assert (await _scan(flow)).events == []
