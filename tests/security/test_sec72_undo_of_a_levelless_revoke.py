"""sec72: the undo of a calendar revoke that took away access with no level a step can name (Owner, given
outside mailwarden; the revoke's preview warned "Undo cannot restore the custom access"). The revert of such
a revoke is nothing (`CalendarShareAction.revert`), and the undo skipped the step: alone, it was refused as
having "changed nothing that can be undone"; beside another step, the undo gave the other back and said
nothing of the access it did not. The undo must name what it cannot give back, and why.

Driven against the emulator over HTTP."""

from __future__ import annotations

import pytest

from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestView
from mailwarden.model.steps import CalendarShare
from mailwarden.workflow.requests import advance, undo
from tests.security import take_back_kit as kit
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import ADMIN, JANE, PRIYA, TOM

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def _owner_outside(flow: Flow, owner: str) -> None:
    exchange = flow.ctx.clients.exchange
    await exchange.add_folder_permission(await exchange.calendar_folder(owner), TOM, ["Owner"])


async def _revoked(flow: Flow, owners: list[str]) -> str:
    request = await kit.filed(flow, [CalendarShare(change="revoke", owner=o, grantee=TOM) for o in owners])
    done = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
    assert [s.status for s in done.steps] == ["applied"] * len(owners), done.steps
    return request


async def _undone(flow: Flow, request: str) -> RequestView:
    return await undo(
        flow.service, flow.ctx, TENANT, request, flow.actor(ADMIN), flow.person(ADMIN), flow.decide
    )


async def test_the_undo_of_a_revoked_owner_share_says_it_cannot_give_it_back(flow: Flow) -> None:
    await _owner_outside(flow, JANE)
    request = await _revoked(flow, [JANE])
    with pytest.raises(NotPermitted) as refused:
        await _undone(flow, request)
    said = str(refused.value)
    assert "changed nothing" not in said, said
    assert "Owner" in said, said


async def test_the_undo_beside_another_step_names_the_owner_share_it_does_not_give_back(flow: Flow) -> None:
    await _owner_outside(flow, JANE)
    await _done_reviewer(flow)
    request = await _revoked(flow, [JANE, PRIYA])
    view = await _undone(flow, request)
    assert [(s.step["owner"], s.step["access"]) for s in view.steps] == [(PRIYA, "reviewer")], view.steps
    text = view.text or ""
    assert "Owner" in text, (
        f"the undo gives Priya's share back and says nothing of Jane's Owner share: {text!r}"
    )


async def _done_reviewer(flow: Flow) -> None:
    request = await kit.filed(
        flow, [CalendarShare(change="grant", owner=PRIYA, grantee=TOM, access="reviewer")]
    )
    done = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
    assert [s.status for s in done.steps] == ["applied"], done.steps
