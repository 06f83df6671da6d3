"""Hunting through nesting and undo: what joining a list gives beyond the list, and an undo that would
give back what policy must approve again."""

from __future__ import annotations

import pytest

from mailwarden.model.requests import RequestState
from mailwarden.planner.structured import build_step
from mailwarden.workflow import requests as flow
from mailwarden.workspace import DEMO_TENANT
from tests.security.conftest import Demo

pytestmark = pytest.mark.anyio


@pytest.mark.xfail(
    strict=True,
    reason="hole: joining an Open list nested in a Closed one makes you a member of the Closed one without "
    "its owners (the decision looks only at the list joined, not at the lists it is a member of)",
)
async def test_joining_an_open_list_nested_in_a_closed_one_needs_the_closed_ones_owners(demo: Demo) -> None:
    """Marketing (Open) is a member of Finance Team (Closed, owned by Mike). John joining Marketing would
    receive Finance Team's mail: Mike must approve it, as he must approve John joining Finance Team."""
    finance, marketing = (
        demo.state.by_address("finance-team@acme.com"),
        demo.state.by_address("marketing@acme.com"),
    )
    assert finance is not None
    assert marketing is not None
    finance.members.append(marketing.id)
    session = await demo.session("john@acme.com")
    step = build_step(
        "distribution_list_membership",
        "add",
        {"group": "marketing@acme.com", "member": "me"},
        session.ctx.directory,
        session.requester,
    )
    nested_in = session.org.groups_of(session.ctx.directory.by_address("marketing@acme.com"))  # type: ignore[arg-type]
    assert session.ctx.directory.by_address("finance-team@acme.com").recipient_id in nested_in  # type: ignore[union-attr]
    [planned] = await flow.plan_steps(session.ctx, session.requester, [step], session.decide)
    assert planned.decision.outcome != "allowed", planned.decision


async def test_undoing_a_leave_asks_the_owners_again(demo: Demo) -> None:
    """John leaves all-sales (Closed, Priya owns it), which needs nobody; the undo of that leave puts him
    back into a Closed list, which Priya must approve again: an undo is no way around an approval."""
    john = await demo.session("john@acme.com")
    leave = build_step(
        "distribution_list_membership",
        "remove",
        {"group": "all-sales@acme.com", "member": "me"},
        john.ctx.directory,
        john.requester,
    )
    planned = await flow.plan_steps(john.ctx, john.requester, [leave], john.decide)
    assert planned[0].decision.outcome == "allowed"
    done = await flow.submit(
        john.service, john.ctx, DEMO_TENANT, john.actor, planned, confirm=True, check=john.live.step_check
    )
    assert done.state is RequestState.COMPLETED
    undo = await flow.undo(
        john.service, john.ctx, DEMO_TENANT, done.request_id, john.actor, john.requester, john.decide
    )
    assert [s.decision.outcome for s in undo.steps] == ["approval_required"]
    assert [s.decision.approvers for s in undo.steps] == [["priya.patel@acme.com"]]  # type: ignore[union-attr]
