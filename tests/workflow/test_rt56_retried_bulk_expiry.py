"""Red team 56 F2: a failed bulk expiry retried (`requests retry`) completes on the bulk path, outside the
sweep. When the tie was the sweep's alone (`_tie_ends`), the retry left the grants due, and the next sweep
ended them a second time, taking away what another admin had given since. The bulk run ties each end in the
transaction that records it, so the retry ties what it ended."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import advance
from tests.security.other_admin import OtherAdmin
from tests.workflow.conftest import (
    ALL_HANDS,
    TENANT,
    Flow,
    all_hands_adds,
    all_hands_members,
    all_hands_removals,
    asked_and_run,
    crowd_people,
    generated_tenant,
    lagging_crowd_ctx,
    sweep_at,
)

pytestmark = pytest.mark.anyio

crowd, tenant = generated_tenant(3)  # the three people each test adds
ctx = lagging_crowd_ctx()


async def test_a_retried_bulk_expiry_ties_the_grants_it_ended(
    flow: Flow, tenant: TenantState, crowd: RunningEmulator, replicated: Any
) -> None:
    people = crowd_people(3)
    until = flow.clock.now + dt.timedelta(days=14)
    added = await asked_and_run(flow, all_hands_adds(people, until))
    journal = len(tenant.data.journal)
    crowd.faults.reset()
    for address in people[:2]:
        crowd.faults.fail_items("exchange", 400, matching=f'"member": "{flow.person(address).recipient_id}"')
    [first] = await sweep_at(flow, until + dt.timedelta(minutes=1))
    assert (first.state.value, first.status_counts.get("failed")) == ("partially_failed", 2)
    crowd.faults.reset()
    flow.service.reopen_failed(TENANT, first.request_id, flow.actor("grace.hopper@acme.com"))
    retried = await advance(flow.service, flow.ctx, TENANT, first.request_id, check=flow.live.step_check)
    assert retried.state.value == "completed"
    grants = flow.service.get(TENANT, added.request_id).every_step()
    assert [g.reverted_by for g in grants] == [first.request_id] * 3
    await replicated()
    flow.clock.advance(dt.timedelta(days=2))
    OtherAdmin(tenant, settled=True).exchange(
        "Add-DistributionGroupMember", Identity=ALL_HANDS, Member=people[0]
    )
    await replicated()
    ended = await sweep_at(flow, flow.clock.now + dt.timedelta(minutes=1))
    assert ended == []
    assert all_hands_removals(tenant, journal).count(people[0]) == 1
    assert people[0] in all_hands_members(tenant)
