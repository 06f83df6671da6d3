"""Red team 64: a due grant whose stored step names an action today's catalogue no longer has (a row stored
under older rules: an action renamed or retired) still stops the whole expiry sweep of the tenant. sec61/62
made an unreadable *expiry* step refused and its grant's end filed afresh (`_without_unreadable`), and leave
a grant step no end can be named from to an admin (`service.leave_expiry`, which `_refuse_expiry` reaches on
`(ValidationError, KeyError)`), but `_judged_end` looks the action up first, unguarded
(`ACTIONS[action].gives_access(...)`): a KeyError, which `_end_one` / `_end_together` (MailwardenError only)
and `run_expiries` let out. Every pass hits it again: Rachel's grant, due, another request, is never ended.
The right outcome: that grant left to an admin with `expiry.left_for_admin`, the sweep going on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from mailwarden.workflow.requests import run_expiries
from tests.security.test_rt60_unreadable_expiry_still_ends import _unreadable, toms_end_filed_then_killed
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as, _request
from tests.workflow.test_rt56_unconfirmed_expiry import ADMIN, RACHEL, TOM

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_a_grant_step_naming_a_retired_action_is_left_to_an_admin_and_the_sweep_goes_on(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    soon = flow.clock.now + dt.timedelta(hours=1)
    toms = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=soon))
    rachels = await _request(
        flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=RACHEL, expires=soon)
    )
    assert toms.state is rachels.state is RequestState.COMPLETED
    await replicated()
    _unreadable(flow, toms.request_id, action="send_as_legacy")  # an action name from older rules
    flow.clock.advance(dt.timedelta(hours=2))

    crashed: list[BaseException] = []
    for _ in range(2):
        try:
            await run_expiries(flow.service, flow.ctx, TENANT)
        except Exception as exc:  # noqa: BLE001 - what the expiry job would die of, every pass
            crashed.append(exc)
    await replicated()
    assert not crashed, f"the sweep stopped: {crashed[0]!r}"
    assert not _has_send_as(tenant, SUPPORT, RACHEL), "Rachel's access outlived its end"
    left = flow.audit.records(request_id=toms.request_id, event="expiry.left_for_admin")
    assert len(left) == 1, left


async def test_an_unfinished_expiry_naming_a_retired_action_is_refused_and_the_sweep_goes_on(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    _, dead = await toms_end_filed_then_killed(flow, monkeypatch, replicated)
    _unreadable(flow, dead, action="send_as_legacy")  # the sweep's own end, stored under older rules
    end = flow.clock.now + dt.timedelta(hours=1)
    rachels = await _request(
        flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=RACHEL, expires=end)
    )
    assert rachels.state is RequestState.COMPLETED
    await replicated()
    flow.clock.advance(dt.timedelta(hours=2))

    crashed: list[BaseException] = []
    for _ in range(2):
        try:
            await run_expiries(flow.service, flow.ctx, TENANT)
        except Exception as exc:  # noqa: BLE001 - what the expiry job would die of, every pass
            crashed.append(exc)
    await replicated()
    assert not crashed, f"the sweep stopped: {crashed[0]!r}"
    assert not _has_send_as(tenant, SUPPORT, RACHEL), "Rachel's access outlived its end"
    assert not _has_send_as(tenant, SUPPORT, TOM), "Tom's access outlived its end"
