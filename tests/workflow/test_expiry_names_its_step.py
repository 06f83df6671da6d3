"""An expiry ends one step of its parent request: the one it was filed for, not every step of the request
that gives the same right on the same mailbox or calendar to the same person (workflow/ended_grant.py).

One request shares Jane's calendar with Tom as reviewer for three days and, its plan edited, as editor for
one: both steps run. The editor's end puts the reviewer level back (it lowers); tied by what it names, it
also marked the reviewer step ended, so nothing ended that one and Tom kept reviewer for good. The same
holds for an end that failed and is retried: it ends its own step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.errors import MailwardenError
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import CalendarShare
from mailwarden.store.tables import RequestStepRow
from mailwarden.workflow.ended_grant import ENDS
from mailwarden.workflow.requests import advance, plan_steps, run_expiries
from tests.security.other_admin import OtherAdmin
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_retried_ends import CASES, _ended, _failed_end
from tests.workflow.test_time_bound_shares import ADMIN, JANE, TOM, _calendar

pytestmark = pytest.mark.anyio


async def _two_shares_in_one_request(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> str:
    """Reviewer for three days, then editor for one, in one request, both run. The editor step is planned
    on the tenant as it will be when it runs (reviewer given), as an edited plan previews it."""
    reviewer = CalendarShare(
        change="grant",
        owner=JANE,
        grantee=TOM,
        access="reviewer",
        expires=flow.clock.now + dt.timedelta(days=3),
    )
    editor = CalendarShare(
        change="grant",
        owner=JANE,
        grantee=TOM,
        access="editor",
        expires=flow.clock.now + dt.timedelta(days=1),
    )
    person = flow.person(ADMIN)
    [first] = await plan_steps(flow.ctx, person, [reviewer], await flow.live.decider(person, [reviewer]))
    other = OtherAdmin(tenant)
    calendar = f"{JANE}:\\Calendar"
    other.exchange("Add-MailboxFolderPermission", Identity=calendar, User=TOM, AccessRights=["Reviewer"])
    await replicated()
    [second] = await plan_steps(flow.ctx, person, [editor], await flow.live.decider(person, [editor]))
    other.exchange("Remove-MailboxFolderPermission", Identity=calendar, User=TOM)
    await replicated()
    view = flow.service.submit(TENANT, flow.actor(ADMIN), [first, second])
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert [s.status for s in done.steps] == ["applied", "applied"], done.steps
    assert _calendar(tenant, JANE)[TOM] == ["Editor"]
    await replicated()  # reads show both long before the first end
    return view.request_id


async def test_the_first_end_of_two_grants_of_one_right_ends_only_its_own(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    parent = await _two_shares_in_one_request(flow, tenant, replicated)

    flow.clock.advance(dt.timedelta(days=1, hours=1))
    [lowered] = await run_expiries(flow.service, flow.ctx, TENANT)
    assert lowered.state is RequestState.COMPLETED, lowered.steps[0]
    assert _calendar(tenant, JANE)[TOM] == ["Reviewer"]
    steps = flow.service.get(TENANT, parent).steps
    assert [s.reverted_by for s in steps] == [None, lowered.request_id]
    await replicated()

    flow.clock.advance(dt.timedelta(days=2))
    [ended] = await run_expiries(flow.service, flow.ctx, TENANT)
    assert ended.state is RequestState.COMPLETED, ended.steps[0].decision
    assert TOM not in _calendar(tenant, JANE), "Tom keeps the reviewer level the first end marked ended"


async def test_a_retried_end_of_one_of_two_grants_of_one_right_ends_only_its_own(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    parent = await _two_shares_in_one_request(flow, tenant, replicated)
    action = WRITE_ACTIONS["calendar_share"]
    real = action.apply

    async def refused_once(ctx: Any, step: Any) -> Any:
        monkeypatch.setattr(action, "apply", real)
        raise MailwardenError("Exchange refused the change (a transient server-side error)")

    monkeypatch.setattr(action, "apply", refused_once)
    flow.clock.advance(dt.timedelta(days=1, hours=1))
    [failed] = await run_expiries(flow.service, flow.ctx, TENANT)
    assert failed.state is RequestState.FAILED, failed.steps[0]

    flow.service.reopen_failed(TENANT, failed.request_id, flow.actor(ADMIN))
    retried = await advance(flow.service, flow.ctx, TENANT, failed.request_id, check=flow.check)
    assert retried.state is RequestState.COMPLETED, retried.steps[0]
    assert _calendar(tenant, JANE)[TOM] == ["Reviewer"]
    steps = flow.service.get(TENANT, parent).steps
    assert [s.reverted_by for s in steps] == [None, failed.request_id]
    await replicated()

    flow.clock.advance(dt.timedelta(days=2))
    ended = await run_expiries(flow.service, flow.ctx, TENANT)
    assert [e.state for e in ended] == [RequestState.COMPLETED], [e.steps[0] for e in ended]
    assert TOM not in _calendar(tenant, JANE), "Tom keeps the reviewer level the retried end marked ended"


async def test_an_end_filed_before_it_named_its_step_is_still_its_grants_end(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    """An expiry stored before the step it ends was filed with it is tied by the right and holder it names:
    retried, it marks its grant ended, and the next sweep files no second end to take what was given since."""
    case = CASES[0]  # a list add
    view, failed = await _failed_end(flow, monkeypatch, replicated, case)
    with flow.service.store.session() as session:
        row = session.execute(
            select(RequestStepRow).where(RequestStepRow.request_id == failed.request_id)
        ).scalar_one()
        row.preview = {k: v for k, v in row.preview.items() if k != ENDS}
    flow.service.reopen_failed(TENANT, failed.request_id, flow.actor(ADMIN))
    retried = await advance(flow.service, flow.ctx, TENANT, failed.request_id, check=flow.check)
    assert retried.state is RequestState.COMPLETED, retried.steps[0]
    assert flow.service.get(TENANT, view.request_id).steps[0].reverted_by == failed.request_id

    case.given_outside(OtherAdmin(tenant))
    await replicated()
    assert await _ended(flow, 1) == []
    assert case.held(tenant)
