"""The transition table: the service moves requests only along its rows, and it answers which actions a
person has on a request (what the pages offer)."""

from __future__ import annotations

import pytest

from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from mailwarden.workflow.requests import advance, plan_steps, submit
from mailwarden.workflow.transitions import TABLE, Role, available, sources, transition, who_may
from tests.workflow.conftest import TENANT, Flow

S = RequestState
TOM, SARAH, GRACE, JOHN = "tom.becker@acme.com", "sarah@acme.com", "grace.hopper@acme.com", "john@acme.com"


def test_the_table_is_the_lifecycle() -> None:
    """One row per (state, action); terminal states have no way out but undo of what completed."""
    assert len({(t.source, t.action) for t in TABLE}) == len(TABLE)
    assert sources("cancel", S.CANCELLED) == {S.NEEDS_CONFIRMATION, S.PENDING_APPROVAL, S.APPROVED}
    assert sources("confirm", S.APPROVED) == {S.NEEDS_CONFIRMATION}
    assert sources("approve", S.APPROVED) == {S.PENDING_APPROVAL}
    assert sources("finish", S.PARTIALLY_FAILED) == {S.EXECUTING}
    for state in (S.DENIED, S.CANCELLED, S.EXPIRED, S.FAILED):
        assert not [t for t in TABLE if t.source is state], state
    assert transition(S.COMPLETED, "confirm") is None
    assert who_may("confirm") == {Role.REQUESTER}
    assert who_may("approve") == {Role.APPROVER}


async def _ask(flow: Flow, *, confirm: bool):  # type: ignore[no-untyped-def]
    step = SendAs(change="grant", mailbox="support@acme.com", trustee=TOM)
    planned = await plan_steps(flow.ctx, flow.person(TOM), [step], flow.decide)
    return await submit(
        flow.service, flow.ctx, TENANT, flow.actor(TOM), planned, confirm=confirm, check=flow.check
    )


@pytest.mark.anyio
async def test_available_actions_follow_the_table_for_each_person(flow: Flow) -> None:
    asked = await _ask(flow, confirm=False)
    assert available(asked, flow.actor(TOM)) == {"confirm", "cancel"}
    assert available(asked, flow.actor(GRACE)) == {"cancel"}  # an admin cancels, never confirms for Tom
    assert available(asked, flow.actor(SARAH)) == set()

    waiting = flow.service.confirm(TENANT, asked.request_id, flow.actor(TOM))
    assert waiting.state is S.PENDING_APPROVAL
    assert available(waiting, flow.actor(TOM)) == {"cancel"}
    assert available(waiting, flow.actor(SARAH)) == {"approve", "deny"}
    assert available(waiting, flow.actor(JOHN)) == set()

    flow.service.approve(TENANT, waiting.request_id, flow.actor(SARAH))
    done = await advance(flow.service, flow.ctx, TENANT, waiting.request_id, check=flow.check)
    assert done.state is S.COMPLETED
    assert available(done, flow.actor(TOM)) == {"undo"}
    assert available(done, flow.actor(SARAH)) == set()
