"""Red team 82 F6: an end the sweep refuses (`_refuse_expiry`: an object no longer found, an end that would
give access again, an action no longer known) leaves the access in place: it is listed as overdue, with why,
until the step is taken back, never dropped while the listing says every ended access is taken back."""

from __future__ import annotations

import pytest

import mailwarden.workflow.requests as sweep
from mailwarden.emulator.state import TenantState
from mailwarden.workflow.overdue import overdue_ends
from tests.security.test_rt60_unreadable_expiry_still_ends import _unreadable
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_overdue_ends import _granted
from tests.workflow.test_time_bound_shares import _ended

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GONE = "The mailbox support@acme.com is no longer found; its access is not ended."


async def test_a_refused_end_is_listed_with_why_until_it_is_taken_back(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    [view] = await _granted(flow, "support@acme.com")
    monkeypatch.setattr(sweep, "readdressed", lambda *args: GONE)
    await _ended(flow, 2)
    assert flow.service.due_expiries(TENANT) == [], "refused: never due again"
    [row] = overdue_ends(flow.service, TENANT)
    assert (row.request_id, row.step, row.refused) == (view.request_id, 1, True)
    assert row.end == view.steps[0].expires
    assert row.last_reason == GONE
    assert row.next_try is None

    flow.service.mark_reverted(view.request_id, 0, "an-admins-request")
    assert overdue_ends(flow.service, TENANT) == [], "taken back: no longer overdue"


async def test_an_end_left_to_an_admin_is_listed(flow: Flow, tenant: TenantState) -> None:
    [view] = await _granted(flow, "support@acme.com")
    _unreadable(flow, view.request_id, action="send_as_legacy")  # an action name from older rules
    await _ended(flow, 2)
    [row] = overdue_ends(flow.service, TENANT)
    assert (row.request_id, row.refused) == (view.request_id, True)
    assert row.last_reason is not None
    assert "send_as_legacy" in row.last_reason
