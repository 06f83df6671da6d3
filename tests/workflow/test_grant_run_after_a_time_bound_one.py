"""A grant filed before a time-bound grant of the same access, but approved and run after it, is the later
decision: the access it gives (for good, or to its later end) is not taken away by the earlier one's end."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from mailwarden.workflow.requests import advance, run_expiries
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as, _request

pytestmark = pytest.mark.anyio

ADMIN, OWNER, TOM = "grace.hopper@acme.com", "sarah@acme.com", "tom.becker@acme.com"


async def test_a_for_good_grant_approved_after_a_time_bound_one_keeps_the_access(
    flow: Flow, tenant: TenantState
) -> None:
    for_good = await _request(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    assert for_good.state is RequestState.PENDING_APPROVAL
    flow.clock.advance(dt.timedelta(minutes=5))
    until = flow.clock.now + dt.timedelta(days=1)
    short = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    assert short.state is RequestState.COMPLETED
    flow.clock.advance(dt.timedelta(hours=2))
    flow.service.approve(TENANT, for_good.request_id, flow.actor(OWNER), "he works the queue for good")
    ran = await advance(flow.service, flow.ctx, TENANT, for_good.request_id, check=flow.check)
    assert ran.state is RequestState.COMPLETED
    assert ran.steps[0].status == "applied", ran.steps[0].outcome
    assert flow.service.get(TENANT, short.request_id).steps[0].expires is None

    flow.clock.advance(dt.timedelta(days=2))
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert _has_send_as(tenant, SUPPORT, TOM), "the access approved for good ended with the earlier grant"


async def test_a_time_bound_grant_approved_after_a_for_good_one_ends_nothing_it_did_not_give(
    flow: Flow, tenant: TenantState
) -> None:
    """The other order, unchanged: a grant for good made first, then a shorter one over it is already so."""
    done = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    assert done.state is RequestState.COMPLETED
    until = flow.clock.now + dt.timedelta(days=1)
    short = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    assert short.state is RequestState.COMPLETED
    flow.clock.advance(dt.timedelta(days=2))
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert _has_send_as(tenant, SUPPORT, TOM)
