"""Red team 72 F1 (forwarding): a take-back of a forwarding the check refused after the tenant took it clears
the forwarding a later request set to ANOTHER target (sec71: a different target does not "cover" the write,
so the write is taken back, and its undo clears whatever forwarding the mailbox has). The scheduler's end
clears only while the mailbox still forwards to the step's target (workflow/ending.py); the take-back does
not. Fixed in superseded.later_step. Emulator over HTTP, killed as the rt69 tests kill."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import EmailForwardingInternal
from mailwarden.workflow.requests import advance
from tests.security import take_back_kit as kit
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import JANE, MIKE, TOM, _forwards_to

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

NO_TOM = "no forwarding to Tom"


def _to_tom(step: Any) -> bool:
    return bool(step.change == "set" and step.forward_to == TOM)


def _refusing_tom(m: pytest.MonkeyPatch) -> None:
    kit.refusing(m, "email_forwarding_internal", _to_tom, NO_TOM)


async def _filed(flow: Flow, steps: list[Any]) -> str:
    return await kit.filed(flow, steps, justification="RT72")


async def test_a_forwarding_set_after_a_refused_one_survives_its_take_back(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await _filed(flow, [EmailForwardingInternal(change="set", mailbox=JANE, forward_to=TOM)])
    await kit.killed_in_the_wait(flow, monkeypatch, first, "email_forwarding_internal", _to_tom, NO_TOM)
    assert _forwards_to(tenant, JANE) == TOM
    with monkeypatch.context() as m:
        _refusing_tom(m)
        later = await _filed(flow, [EmailForwardingInternal(change="set", mailbox=JANE, forward_to=MIKE)])
        flow.clock.advance(dt.timedelta(minutes=1))
        given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
    assert [s.status for s in given.steps] == ["applied"], given.steps
    assert _forwards_to(tenant, JANE) == MIKE
    await kit.taken_over(flow, monkeypatch, first, _refusing_tom)
    assert _forwards_to(tenant, JANE) == MIKE, (
        f"the take-back of {first} cleared the forwarding to Mike that {later} set after it"
    )
