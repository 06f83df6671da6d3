"""Red team 51: a failed end, retried after a later sweep ended the share, takes a share the owner gave since.

Tom can read Jane's calendar for a day. At its end the scheduler's revoke fails (Exchange refuses it once);
the step stays due, and the next sweep ends it with a second expiry request. Jane then shares her calendar
with Tom again herself, for good. An admin, seeing the first expiry request "failed" in the list, retries
it: it is decided again and run as any failed request, and its revoke takes away the share Jane gave. The
share's end ran twice; nothing ties the retried end to the step it ends (already taken back: `reverted_by`),
as `reopen_failed` ties a retried grant to its end (red team 47). Driven against the emulator over HTTP."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.errors import MailwardenError, NotPermitted
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import CalendarShare
from mailwarden.workflow.requests import advance
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import ADMIN, JANE, TOM, _calendar, _days, _done, _ended

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_retrying_a_failed_end_after_the_share_ended_leaves_a_share_given_since(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    assert TOM not in _calendar(tenant, JANE)
    share = CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer", expires=_days(flow, 1))
    view = await _done(flow, ADMIN, share)
    assert view.steps[0].status == "applied", view.steps[0]

    action = WRITE_ACTIONS["calendar_share"]
    real = action.apply

    async def refused_once(ctx: Any, step: Any) -> Any:
        monkeypatch.setattr(action, "apply", real)
        raise MailwardenError("Exchange refused the change (a transient server-side error)")

    monkeypatch.setattr(action, "apply", refused_once)
    [failed] = await _ended(flow, 2)
    assert failed.state is RequestState.FAILED, failed.state
    monkeypatch.undo()
    assert _calendar(tenant, JANE)[TOM] == ["Reviewer"]

    [ended] = await _ended(flow, 0)  # the next sweep ends the share
    assert ended.state is RequestState.COMPLETED, ended.steps[0]
    assert TOM not in _calendar(tenant, JANE)

    other = OtherAdmin(tenant)
    other.exchange(
        "Add-MailboxFolderPermission",
        Identity=f"{other.id_of(JANE)}:\\Calendar",
        User=other.id_of(TOM),
        AccessRights=["Reviewer"],
    )
    await replicated()

    try:
        flow.service.reopen_failed(TENANT, failed.request_id, flow.actor(ADMIN))
    except NotPermitted:
        return  # refused: nothing runs again (the test then fails as an unexpected pass)
    await advance(flow.service, flow.ctx, TENANT, failed.request_id, check=flow.check)
    assert _calendar(tenant, JANE).get(TOM) == ["Reviewer"], "the retried end took the share Jane gave since"
