"""Red team 3: the revert a drift scan proposes is an ordinary request that only an admin's approval runs.
An employee cannot approve it, the scan (its requester) cannot approve it, nothing runs it unapproved, and
an admin's approval, through the same live-policy path every channel takes, does run it."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.drift import scan
from mailwarden.drift.respond import DRIFT_SCAN
from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.workflow.live_policy import verdict
from mailwarden.workflow.requests import advance
from tests.security.drift_setup import outside_change
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store

pytestmark = pytest.mark.anyio

ADMIN = "grace.hopper@acme.com"
SALES = "sales@acme.com"


async def _proposed(flow: Flow, tenant: TenantState) -> RequestView:
    flow.clock.now = dt.datetime.now(dt.UTC)
    await scan(flow.service.store, flow.audit, flow.ctx, TENANT, service=flow.service, audit_wait=5)
    outside_change(
        tenant, ADMIN, "Set-Mailbox", Identity=SALES, ForwardingSmtpAddress="smtp:drop@rival.example"
    )
    flow.clock.now = dt.datetime.now(dt.UTC)
    result = await scan(flow.service.store, flow.audit, flow.ctx, TENANT, service=flow.service, audit_wait=5)
    [event] = result.events
    assert event.revert_request_id
    view = flow.service.get(TENANT, event.revert_request_id)
    assert view.state is RequestState.PENDING_APPROVAL
    return view


def _forwarding(tenant: TenantState) -> str | None:
    box = tenant.find(SALES)
    assert box is not None
    return box.forwarding_smtp_address


async def test_nobody_but_an_admin_approves_a_drift_revert_and_nothing_runs_it_unapproved(
    flow: Flow, tenant: TenantState
) -> None:
    view = await _proposed(flow, tenant)
    with pytest.raises(NotPermitted):
        flow.service.approve(TENANT, view.request_id, DRIFT_SCAN, "my own")
    with pytest.raises(NotPermitted):
        await verdict(
            flow.service, flow.live, TENANT, view.request_id, flow.person("john@acme.com"), "approve"
        )
    ran = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert ran.state is RequestState.PENDING_APPROVAL
    assert _forwarding(tenant)


async def test_an_admins_approval_runs_the_drift_revert(flow: Flow, tenant: TenantState) -> None:
    view = await _proposed(flow, tenant)
    admin = next(
        r for r in flow.ctx.directory if r.is_admin and r.primary_address in view.pending_approvers()
    )
    await verdict(flow.service, flow.live, TENANT, view.request_id, admin, "approve", "put it back")
    ran = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert ran.state is RequestState.COMPLETED, (ran.state, [s.status for s in ran.steps])
    assert not _forwarding(tenant)
