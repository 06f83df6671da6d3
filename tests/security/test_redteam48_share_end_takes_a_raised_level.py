"""Red team 48: the end of a calendar shared for a while takes a higher level another admin gave since.

Grace shares Jane Doe's calendar with Tom Becker as Reviewer for a day (mailwarden; Tom held nothing
before). During the day another admin, in the admin center, makes Tom an Editor of Jane's calendar for good.
At the end the scheduler revokes the share (`ending._calendar_end`: the level before was none), and
`ends_as_read` checks only an end that puts a lower level back: the revoke runs and Tom loses the Editor
access nobody at mailwarden gave or decided on. A forwarding changed since is left by its end, and a
calendar level lowered since is left; a level raised since is taken entirely.

(The same holds for a share recorded through a dead run's or a retried failed step's mark: `_landed` reads
the calendar "already" at the level asked or more, and records the share ours with nothing held before.)

Driven against the emulator over HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import CalendarShare
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow
from tests.workflow.test_time_bound_shares import ADMIN, JANE, TOM, _calendar, _done, _ended

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_the_end_of_a_reviewer_share_leaves_an_editor_level_given_since(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    assert TOM not in _calendar(tenant, JANE)
    share = CalendarShare(
        change="grant",
        owner=JANE,
        grantee=TOM,
        access="reviewer",
        expires=flow.clock.now + dt.timedelta(days=1),
    )
    view = await _done(flow, ADMIN, share)
    assert view.steps[0].status == "applied", view.steps[0]
    flow.clock.advance(dt.timedelta(hours=2))
    other = OtherAdmin(tenant)
    other.exchange(
        "Set-MailboxFolderPermission",
        Identity=f"{other.id_of(JANE)}:\\Calendar",
        User=other.id_of(TOM),
        AccessRights=["Editor"],
    )
    await replicated()
    assert _calendar(tenant, JANE)[TOM] == ["Editor"]
    await _ended(flow, 2)
    assert _calendar(tenant, JANE).get(TOM) == ["Editor"], (
        "the share's end took the Editor another admin gave"
    )
