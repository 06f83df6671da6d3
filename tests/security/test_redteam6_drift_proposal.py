"""Red team 6: a drift scan killed after it proposed a revert and before it recorded the event.

The proposal (a request waiting for an admin) is committed before the event that names it; a scan that dies
between the two leaves a revert request no event points to, and the next scan, finding no event of the
change, proposes a second revert of it: two requests an admin may approve for one change."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest

from mailwarden.drift.records import list_events
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from tests.security.drift_setup import outside_change
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

scan_module = importlib.import_module("mailwarden.drift.scan")  # the package's `scan` is the function
flow, store = workflow_fixtures.flow, workflow_fixtures.store
pytestmark = pytest.mark.anyio

ADMIN = "grace.hopper@acme.com"


class Killed(BaseException):
    """The process died here."""


async def _scan(flow: Flow) -> Any:
    flow.clock.now = dt.datetime.now(dt.UTC)
    return await scan_module.scan(
        flow.service.store, flow.audit, flow.ctx, TENANT, service=flow.service, audit_wait=5
    )


def _reverts(flow: Flow) -> list[Any]:
    return [
        v
        for v in flow.service.list(TENANT, state=RequestState.PENDING_APPROVAL, limit=100)
        if v.requester == "drift-scan"
    ]


async def test_a_scan_killed_between_its_proposal_and_its_event_proposes_one_revert(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _scan(flow)
    outside_change(
        tenant, ADMIN, "Set-Mailbox", Identity="sales@acme.com", ForwardingSmtpAddress="smtp:a@rival.example"
    )

    def dies(*args: Any, **kwargs: Any) -> int:
        raise Killed

    monkeypatch.setattr(scan_module, "notify_drift", dies)  # inside the transaction that records the event
    with pytest.raises(Killed):
        await _scan(flow)
    monkeypatch.undo()
    assert list_events(flow.service.store, TENANT) == []
    assert len(_reverts(flow)) == 1

    await _scan(flow)
    events = list_events(flow.service.store, TENANT)
    assert len(events) == 1
    reverts = _reverts(flow)
    assert [v.request_id for v in reverts] == [events[0].revert_request_id], [v.text for v in reverts]
