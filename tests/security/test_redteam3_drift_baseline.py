"""Red team 3: drift's expected state must not be fooled into taking an outside grant for mailwarden's own.
A time-bound grant of mailwarden's that ended, and which someone then puts back in the admin center before
the next scan, is back after it ended: that scan reports it (high), even though mailwarden's grant and its
expiry both finished since the last scan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mailwarden.drift import scan
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import MailboxDelegation
from mailwarden.workflow.requests import plan_steps, run_expiries, submit
from tests.security.drift_setup import outside_change
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store
pytestmark = pytest.mark.anyio

ADMIN = "grace.hopper@acme.com"
SUPPORT = "support@acme.com"


async def _scan(flow: Flow) -> Any:
    flow.clock.now = dt.datetime.now(dt.UTC)
    return await scan(flow.service.store, flow.audit, flow.ctx, TENANT, service=flow.service, audit_wait=5)


async def test_an_ended_grant_put_back_outside_before_the_next_scan_is_reported(
    flow: Flow, tenant: TenantState
) -> None:
    await _scan(flow)
    now = flow.clock.now = dt.datetime.now(dt.UTC)
    step = MailboxDelegation(
        change="grant", mailbox=SUPPORT, trustee="sarah@acme.com", expires=now + dt.timedelta(minutes=1)
    )
    planned = await plan_steps(flow.ctx, flow.person(ADMIN), [step], flow.decide)
    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check
    )
    assert view.state is RequestState.COMPLETED
    flow.clock.now = now + dt.timedelta(minutes=2)
    assert [r.state for r in await run_expiries(flow.service, flow.ctx, TENANT)] == [RequestState.COMPLETED]
    outside_change(
        tenant,
        ADMIN,
        "Add-MailboxPermission",
        Identity=SUPPORT,
        User="sarah@acme.com",
        AccessRights="FullAccess",
    )
    events = (await _scan(flow)).events
    assert [(e.kind, e.holder) for e in events] == [("returned_after_expiry", "sarah@acme.com")]
