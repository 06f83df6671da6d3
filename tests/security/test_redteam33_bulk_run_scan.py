"""Red team 33 (bulk13): the chunks of one bulk run share one read of what their list holds.

bulk13 lets a run decide its chunks on one scan of what the list holds (`StepChecks.for_run`, `RunScan`),
re-read only when it failed or is older than RUN_SCAN_MAX_AGE (300 s). Before, each chunk was decided on a
read made right before its writes. An admin's bulk add of colleagues to an open list that holds nothing,
with herself in the last chunk, is approved by herself (nothing in it needs four eyes). Between the first
chunk's writes and the last chunk's decision Maria's mail starts going to the list (her forwarding set, as
a forwarding request executed then or an Inbox rule she makes does): the last chunk, decided on the run's
first read, still adds the admin and the second chunk's people, who read Maria's mail without a second
admin's approval. Decided on a read made for each chunk (RUN_SCAN_MAX_AGE at -1: the control), only the
first chunk, decided before the forwarding, is written."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership, Step
from mailwarden.workflow import bulk_run, live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.security.test_sec25_forwarded_unplaced_and_chains import (
    CHAIN,
    EXEC,
    GRACE,
    MARIA,
    _open_list,
    _read_directory,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


def _members(tenant: TenantState) -> set[str]:
    with tenant.transaction():
        group = tenant.find(EXEC)
        assert group is not None
        return {tenant.recipients[m].primary_smtp for m in group.members if m in tenant.recipients}


async def _run_with_forwarding_set_after_the_first_chunk(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> set[str]:
    other = _open_list(tenant)
    await _read_directory(flow)
    people = [*CHAIN[:4], GRACE]  # chunks of two: Grace's own add is decided last
    steps: list[Step] = [DistributionListMembership(change="add", group=EXEC, member=p) for p in people]
    admin = flow.person(GRACE)
    planned = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    view = flow.service.submit(TENANT, flow.actor(GRACE), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.APPROVED, view.state
    monkeypatch.setattr(flow.service, "run_chunk", 2)
    write = bulk_run.BulkRun.write
    written = [0]

    async def then_forward(self: Any, prepared: Any) -> None:
        await write(self, prepared)
        written[0] += 1
        if written[0] == 1:
            other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=EXEC)

    monkeypatch.setattr(bulk_run.BulkRun, "write", then_forward)
    await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)
    assert written[0] >= 1
    return _members(tenant)


async def test_the_control_a_chunk_decided_on_a_read_made_for_it_stops_the_admins_own_add(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live_policy, "RUN_SCAN_MAX_AGE", -1.0)
    members = await _run_with_forwarding_set_after_the_first_chunk(flow, tenant, monkeypatch)
    assert members == set(CHAIN[:2]), members  # the first chunk, decided before the forwarding


async def test_forwarding_set_between_chunks_stops_the_admins_own_add_in_a_later_chunk(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = await _run_with_forwarding_set_after_the_first_chunk(flow, tenant, monkeypatch)
    # (the second chunk may have been decided while the first was written, before the forwarding: bulk13
    # decides the next chunk ahead; the third, Grace's own add, is decided after it, on a fresh read)
    assert GRACE not in members, members
    assert members <= set(CHAIN[:4]), members
