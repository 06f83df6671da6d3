"""Red team 67 F8: the re-check after a grant's write takes it back only on two refusing reads in a row (red
team 57 F1); between them the step is recorded "applied (verifying)" and the run sleeps. Killed in that
sleep, the step is no longer `applying` (`steps_to_run` takes pending and applying only): the next run has
nothing to run, the request completes, the refusal the first read made is never read again, the access the
check refuses stays and no admin is told (no `step.refused_after_write`)."""

from __future__ import annotations

import pytest

import mailwarden.workflow.executor as executor
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import DistributionListMembership
from tests.security import take_back_kit as kit
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_rt60_flag_with_its_record import GONE
from tests.security.test_rt67_killed_before_the_recheck import LIST, _an_add, _priya, taken_over_and_told
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_a_write_killed_between_its_two_refusing_reads_is_checked_again(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = await _run(flow, [DistributionListMembership(change="add", group=DL, member=PRIYA)])
    monkeypatch.setattr(executor, "_runs_together", lambda view, step: False)
    # The first re-read refuses; the process dies in the wait before the second.
    await kit.killed_in_the_wait(flow, monkeypatch, request, LIST, _an_add, GONE)
    await taken_over_and_told(flow, tenant, monkeypatch, request, bulk=False)


async def test_a_bulk_write_killed_between_its_two_refusing_reads_is_checked_again(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [TOM, PRIYA]
    request = await _run(flow, [DistributionListMembership(change="add", group=DL, member=p) for p in people])
    await kit.killed_in_the_wait(flow, monkeypatch, request, LIST, _priya, GONE, bulk=True)
    await taken_over_and_told(flow, tenant, monkeypatch, request, bulk=True)
