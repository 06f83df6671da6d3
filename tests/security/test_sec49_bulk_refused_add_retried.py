"""sec49: a bulk add the tenant refused for one member, retried after another admin added that member.

Exchange answers the adds' cmdlets in the `$batch` with a 403 (nothing done). Each refused
step is failed; it must not keep the change it was sent to make, or its retry (reopen_failed) goes back as a
write whose answer was lost and records the member another admin added since as this request's add, which
its undo would then remove (red team 48's F2, on the bulk path).

Driven against the emulator over HTTP."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import advance, plan_steps
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN = "grace.hopper@acme.com"
GROUP = "contractors@acme.com"
REFUSED, TAKEN = "tom.becker@acme.com", "priya.patel@acme.com"  # REFUSED: added outside before the retry


async def test_a_refused_bulk_add_retried_does_not_take_another_admins_add_as_its_own(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    other = OtherAdmin(tenant)
    steps = [DistributionListMembership(change="add", group=GROUP, member=m) for m in (REFUSED, TAKEN)]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.01, longest=0.01, bound=0.03))
    # Both adds refused (the fault matches the cmdlet, not the reads before it); only one is given outside.
    emulator.faults.fail_items("exchange", status=403, times=50, matching="Add-DistributionGroupMember")
    try:
        done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    finally:
        emulator.faults.reset()
    assert {s.status for s in done.steps} == {"failed"}, done.steps

    flow.clock.advance(dt.timedelta(hours=1))
    other.exchange("Add-DistributionGroupMember", Identity=GROUP, Member=REFUSED)  # in the admin center
    flow.service.reopen_failed(TENANT, view.request_id, flow.actor(ADMIN))
    retried = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    statuses = {s.step["member"]: s.status for s in retried.steps}
    assert statuses[REFUSED] == "already", (
        f"the retry recorded another admin's add as this request's ({statuses})"
    )
    assert statuses[TAKEN] == "applied", statuses
