"""Red team 57 F2: a calendar share whose read showed the grantee no entry, and whose add Exchange answered
"already there" (another admin gave the grantee a level between the read and the write), set its own level
and was recorded as if the grantee held nothing before: its undo removed the whole entry, the level the other
admin gave with it. The share now records the level held before as not known, so its undo leaves the entry
and says why. Driven against the emulator over HTTP: the other admin's entry lands between the read and the
write."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import CalendarShare
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow
from tests.workflow.test_redteam12_undo_over_an_end import _undo
from tests.workflow.test_time_bound_shares import ADMIN, JANE, TOM, _calendar, _done

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_an_undo_leaves_the_level_another_admin_gave_between_the_read_and_the_add(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    assert TOM not in _calendar(tenant, JANE)
    exchange = flow.ctx.clients.exchange
    add = exchange.add_folder_permission
    other = OtherAdmin(tenant, settled=True)

    async def raced(*args: Any, **kwargs: Any) -> Any:
        # Another admin gives Tom Editor on Jane's calendar after mailwarden read it, before its add.
        other.exchange(
            "Add-MailboxFolderPermission", Identity=f"{JANE}:\\Calendar", User=TOM, AccessRights="Editor"
        )
        return await add(*args, **kwargs)

    monkeypatch.setattr(exchange, "add_folder_permission", raced)
    given = await _done(
        flow, ADMIN, CalendarShare(change="grant", owner=JANE, grantee=TOM, access="reviewer")
    )
    monkeypatch.undo()
    assert given.state is RequestState.COMPLETED, given.state
    [step] = given.steps
    assert step.status == "applied", (step.status, step.outcome)
    assert _calendar(tenant, JANE)[TOM] == ["Reviewer"]
    change = (step.outcome or {}).get("change") or {}
    assert any("since the last read" in w for w in change.get("warnings", [])), change
    await replicated()

    # Undone, the share takes nothing away: Tom's entry was not the share's to remove, and the refusal says
    # the level before it cannot be given back by mailwarden (sec72).
    with pytest.raises(NotPermitted, match=r"cannot be undone.*an admin gives it back in Exchange"):
        await _undo(flow, given.request_id, ADMIN)
    assert TOM in _calendar(tenant, JANE), "the undo removed the entry another admin gave"
