"""Red team 8: asking for for-good access one holds only until tomorrow. Sarah has Send As on Support until
tomorrow (an earlier request's time-bound grant). Grace asks for Send As for Sarah with no end: the request
completes at once as "already so" (no approval asked, nothing written), and tomorrow the scheduler takes the
access away. The request said it was done and it is undone a day later: the for-good request should be
decided as the extension it is (approved like a grant, then the old end dropped), never "already"."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from mailwarden.workflow.requests import run_expiries
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as, _request

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN, SARAH = "grace.hopper@acme.com", "sarah@acme.com"


async def test_a_for_good_grant_over_a_time_bound_one_is_not_taken_away_by_its_expiry(
    flow: Flow, tenant: TenantState
) -> None:
    until = flow.clock.now + dt.timedelta(days=1)
    first = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH, expires=until))
    assert first.state is RequestState.COMPLETED, first.state
    for_good = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH))
    assert for_good.state is RequestState.COMPLETED, for_good.state
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert _has_send_as(tenant, SUPPORT, SARAH), (
        f"request {for_good.request_id} completed ({for_good.steps[0].status}) and the access ended anyway"
    )
