"""Red team 12: an undo is a request like any other. Its grant (the undo of a revoke) over access that a
time-bound grant holds now is a grant decided as one, and the later decision: it must not be taken for the
putting back of an extension's old end (decided as a revoke, run without a write), nor lose the access at
the earlier grant's end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.recipients import Recipient
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import SendAs
from mailwarden.policy import Org, PolicyEngine
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, run_expiries, undo
from mailwarden.workflow.service import RequestService
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as, _request

pytestmark = pytest.mark.anyio

ADMIN, OWNER, TOM = "grace.hopper@acme.com", "sarah@acme.com", "tom.becker@acme.com"


@dataclass(frozen=True)
class _Reader:
    """What every channel passes `undo` as its reader: the person's session, with the request records."""

    ctx: ActionContext
    requester: Recipient
    engine: PolicyEngine
    org: Org
    service: RequestService
    tenant_key: str


async def _undo(flow: Flow, request_id: str, who: str = TOM) -> RequestView:
    person = flow.person(who)
    reader = _Reader(flow.ctx, person, flow.engine, flow.org, flow.service, TENANT)
    view = await undo(
        flow.service, flow.ctx, TENANT, request_id, flow.actor(who), person, flow.decide, reader=reader
    )
    if view.state is RequestState.NEEDS_CONFIRMATION:
        # As every channel confirms: the steps decided again on live facts first.
        view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(who))
    return view


async def _revoked_for_good_send_as(flow: Flow) -> str:
    """Tom held Send As on Support for good (an admin gave it) and gave it up: the revoke's request id."""
    given = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    assert given.state is RequestState.COMPLETED
    flow.clock.advance(dt.timedelta(minutes=1))
    revoked = await _request(flow, TOM, SendAs(change="revoke", mailbox=SUPPORT, trustee=TOM))
    assert revoked.state is RequestState.COMPLETED
    flow.clock.advance(dt.timedelta(minutes=1))
    return revoked.request_id


async def test_undo_of_a_revoke_over_a_time_bound_grant_is_decided_as_the_grant_it_is(
    flow: Flow, tenant: TenantState
) -> None:
    revoked = await _revoked_for_good_send_as(flow)
    until = flow.clock.now + dt.timedelta(days=1)
    short = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    assert short.state is RequestState.COMPLETED
    undoing = await _undo(flow, revoked)
    # The undo gives Tom Send As for good where he holds it for a day: a grant, approved by the owner, never
    # the "giving up one's own access" a revoke is.
    assert isinstance(undoing.steps[0].decision, ApprovalRequired), undoing.steps[0].decision
    assert undoing.state is RequestState.PENDING_APPROVAL
    flow.service.approve(TENANT, undoing.request_id, flow.actor(OWNER))
    ran = await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)
    assert ran.steps[0].status == "applied", ran.steps[0].outcome
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert _has_send_as(tenant, SUPPORT, TOM), "the for-good access the undo gave ended with the day's grant"


async def test_undo_of_a_revoke_approved_after_a_time_bound_grant_ran_keeps_the_access(
    flow: Flow, tenant: TenantState
) -> None:
    """Filed first, approved after the time-bound grant ran: the undo is the later decision (as a change's
    grant is, test_grant_run_after_a_time_bound_one)."""
    revoked = await _revoked_for_good_send_as(flow)
    undoing = await _undo(flow, revoked)
    assert undoing.state is RequestState.PENDING_APPROVAL
    flow.clock.advance(dt.timedelta(minutes=5))
    until = flow.clock.now + dt.timedelta(days=1)
    short = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    assert short.state is RequestState.COMPLETED
    flow.clock.advance(dt.timedelta(hours=2))
    flow.service.approve(TENANT, undoing.request_id, flow.actor(OWNER))
    ran = await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)
    assert ran.steps[0].status == "applied", ran.steps[0].outcome
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert _has_send_as(tenant, SUPPORT, TOM), (
        "the for-good access the undo gave ended with the earlier grant"
    )
