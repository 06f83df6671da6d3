"""Red team 60 F1: a calendar share's add reads every "already there" answer as another admin's entry
(`CalendarShareAction.apply`, the `except AlreadyExists` after Add-MailboxFolderPermission), whether or not it
answers a resend. An "already there" answering a resend (the client's first try landed, its answer was lost:
`AlreadyExists.resent`) may be the share's own doing, and the rule for such an answer (`actions.base.ours`)
reads it toward less access: the grant is ours, its undo and end take it away. Instead:
- a share for good sets its level again, Exchange answers "no settings modified", and the step is recorded
  "already": no undo takes back the entry nobody else gave;
- a share for a while raises a fresh AlreadyExists without `resent` and is recorded "already": its end never
  runs, and the access it gave is kept for good.

Fixed: an "already there" answering a resend is this share's entry (actions.base.ours)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import AlreadyExists
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import CalendarShare
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow, advanced
from tests.workflow.test_redteam12_undo_over_an_end import _undo
from tests.workflow.test_time_bound_shares import ADMIN, JANE, TOM, _calendar, _days, _done, _ended

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_the_undo_takes_back_a_share_whose_own_first_add_landed_with_its_answer_lost(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    assert TOM not in _calendar(tenant, JANE)
    exchange = flow.ctx.clients.exchange
    add = exchange.add_folder_permission

    async def answer_lost(*args: Any, **kwargs: Any) -> Any:
        # The first try lands; its answer is lost; the client's resend is answered "already there".
        await add(*args, **kwargs)
        raise AlreadyExists("An existing permission entry was found for user: Tom Becker.", resent=True)

    monkeypatch.setattr(exchange, "add_folder_permission", answer_lost)
    given = await _done(
        flow, ADMIN, CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer")
    )
    monkeypatch.undo()
    assert given.state is RequestState.COMPLETED, given.state
    [step] = given.steps
    assert step.status == "applied", (step.status, step.outcome)
    assert _calendar(tenant, JANE)[TOM] == ["Reviewer"]
    await replicated()

    # Nobody but this share gave Tom the entry: its undo must take it away (today: NotPermitted,
    # "changed nothing that can be undone", and the entry stays for good).
    undoing = await advanced(flow, await _undo(flow, given.request_id, ADMIN))
    assert undoing.state is RequestState.COMPLETED, undoing.state
    assert TOM not in _calendar(tenant, JANE), "the share's own entry outlived its undo"


async def test_a_share_for_a_day_whose_first_add_landed_with_its_answer_lost_still_ends(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    exchange = flow.ctx.clients.exchange
    add = exchange.add_folder_permission

    async def answer_lost(*args: Any, **kwargs: Any) -> Any:
        await add(*args, **kwargs)
        raise AlreadyExists("An existing permission entry was found for user: Tom Becker.", resent=True)

    monkeypatch.setattr(exchange, "add_folder_permission", answer_lost)
    share = CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer", expires=_days(flow, 1))
    given = await _done(flow, ADMIN, share)
    monkeypatch.undo()
    assert _calendar(tenant, JANE)[TOM] == ["Reviewer"], "the first try landed"

    await _ended(flow, 2)
    # Today: the step is "already", nothing is due, and Tom keeps Reviewer past its end, for good.
    assert TOM not in _calendar(tenant, JANE), (given.steps[0].status, given.steps[0].outcome)
