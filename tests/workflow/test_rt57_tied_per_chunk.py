"""A bulk expiry ties each grant it ended in the transaction that records that end, a record chunk at a
time (red team 56 F1, now one `record_steps` call whose per-chunk writer ties each chunk's ends). A sweep
killed between two chunks leaves the grants of the chunk recorded tied, and only those: the next sweep ends
none of them again, so what another admin gives one of them since stays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.workflow import service as service_module
from mailwarden.workflow.service import EXECUTION_LEASE, RequestService
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

crowd, tenant = generated_tenant(5)  # the five people the test adds
ctx = lagging_crowd_ctx()


class Killed(BaseException):
    """The process dies: nothing catches it (the sweep logs and postpones any Exception of one end)."""


async def test_a_bulk_expiry_killed_between_record_chunks_left_the_first_chunks_grants_tied(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, replicated: Any
) -> None:
    people = crowd_people(5)
    until = flow.clock.now + dt.timedelta(days=14)
    added = await asked_and_run(flow, all_hands_adds(people, until))
    journal = len(tenant.data.journal)
    monkeypatch.setattr(service_module, "RECORD_CHUNK", 2)
    real = RequestService._record_chunk
    ended_chunks: list[list[int]] = []

    def dies_before_the_second(
        self: RequestService,
        view: Any,
        outcomes: Sequence[tuple[int, str, dict[str, Any]]],
        *a: Any,
        **k: Any,
    ) -> None:
        if view.kind == "expiry" and any(status == "applied" for _, status, _ in outcomes):
            if ended_chunks:
                raise Killed  # the first chunk's transaction is committed, the second never opens
            ended_chunks.append([p for p, _, _ in outcomes])
        real(self, view, outcomes, *a, **k)

    with monkeypatch.context() as m:
        m.setattr(RequestService, "_record_chunk", dies_before_the_second)
        with pytest.raises(Killed):
            await sweep_at(flow, until + dt.timedelta(minutes=1))
    [first] = ended_chunks
    assert len(first) == 2
    expiry = next(r for r in flow.service.list(TENANT) if r.kind == "expiry")
    ends = {s.position: s.step["member"] for s in flow.service.get(TENANT, expiry.request_id).every_step()}
    tied = {
        str(g.step["member"]): g.reverted_by for g in flow.service.get(TENANT, added.request_id).every_step()
    }
    assert {who for who, by in tied.items() if by == expiry.request_id} == {ends[p] for p in first}
    assert [by for who, by in tied.items() if who not in {ends[p] for p in first}] == [None] * 3

    # The killed expiry is taken over and finishes; later another admin gives a first-chunk member the list
    # for good, and the next sweep ends nothing again.
    await replicated()
    await sweep_at(flow, flow.clock.now + EXECUTION_LEASE + dt.timedelta(minutes=10))
    assert sorted(set(all_hands_removals(tenant, journal))) == people
    again = ends[first[0]]
    flow.clock.advance(dt.timedelta(days=2))
    OtherAdmin(tenant, settled=True).exchange("Add-DistributionGroupMember", Identity=ALL_HANDS, Member=again)
    await replicated()
    assert await sweep_at(flow, flow.clock.now + dt.timedelta(minutes=1)) == []
    assert again in all_hands_members(tenant)
