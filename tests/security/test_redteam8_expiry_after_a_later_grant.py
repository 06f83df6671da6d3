"""Red team 8: the scheduler that ends time-bound access "only takes away what a request gave". Sarah had
Send As on Support until tomorrow; today the grant was taken back and given again, for good, by a later
request. Tomorrow the first grant's expiry must not take away the access the later request gave with no
end: the tenant no longer holds what the first request gave, so its expiry leaves the access and says why."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.drift.policy import save_responses
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from mailwarden.workflow.live_policy import verdict
from mailwarden.workflow.requests import advance, run_expiries
from tests.drift.test_scan import _now, _scan
from tests.security.drift_setup import outside_change
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as, _request

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN, SARAH = "grace.hopper@acme.com", "sarah@acme.com"


async def test_the_expiry_of_a_grant_given_again_for_good_since_leaves_it(
    flow: Flow, tenant: TenantState
) -> None:
    until = flow.clock.now + dt.timedelta(days=1)
    first = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH, expires=until))
    assert first.state is RequestState.COMPLETED, first.state
    flow.clock.advance(dt.timedelta(hours=1))
    taken = await _request(flow, ADMIN, SendAs(change="revoke", mailbox=SUPPORT, trustee=SARAH))
    assert taken.state is RequestState.COMPLETED, taken.state
    flow.clock.advance(dt.timedelta(hours=1))
    again = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH))
    assert again.state is RequestState.COMPLETED, again.state
    assert _has_send_as(tenant, SUPPORT, SARAH)

    flow.clock.advance(dt.timedelta(days=2))
    ended = await run_expiries(flow.service, flow.ctx, TENANT)
    assert _has_send_as(tenant, SUPPORT, SARAH), "the expiry took away the access given for good since"
    assert [r.state for r in ended] == [RequestState.DENIED]  # refused, audited, and never due again
    assert flow.service.get(TENANT, first.request_id).steps[0].expires is None


async def test_a_time_bound_grant_a_drift_revert_put_back_still_ends(flow: Flow, tenant: TenantState) -> None:
    """The other side of the rule above: an admin took Sarah's time-bound Send As away in the admin center
    and the drift revert put it back. That restored what mailwarden knew, its end included; it is not a
    later decision about the access, so the grant still ends when the first request said."""
    _now(flow)
    until = flow.clock.now + dt.timedelta(days=1)
    first = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH, expires=until))
    assert first.state is RequestState.COMPLETED, first.state
    await _scan(flow)
    save_responses(flow.service.store, flow.audit, TENANT, {"removed_outside": "propose_revert"}, by=ADMIN)
    outside_change(
        tenant, ADMIN, "Remove-RecipientPermission", Identity=SUPPORT, Trustee=SARAH, AccessRights="SendAs"
    )
    [event] = (await _scan(flow)).events
    assert event.revert_request_id
    await verdict(flow.service, flow.live, TENANT, event.revert_request_id, flow.person(ADMIN), "approve")
    put_back = await advance(flow.service, flow.ctx, TENANT, event.revert_request_id, check=flow.check)
    assert put_back.state is RequestState.COMPLETED, put_back.state
    assert _has_send_as(tenant, SUPPORT, SARAH)

    flow.clock.advance(dt.timedelta(days=2))
    ended = await run_expiries(flow.service, flow.ctx, TENANT)
    assert [r.state for r in ended] == [RequestState.COMPLETED]
    assert not _has_send_as(tenant, SUPPORT, SARAH)
