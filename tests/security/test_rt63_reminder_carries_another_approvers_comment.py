"""Red team 63 F2, the mail: a reminder (or any later message) to an approver of some of a request's steps
lists every approval with its justification, so another approver's comment about their own step reaches
him whole, while the request's text is withheld from him (sec63). Strict xfail while it is present."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import COMMENT_WITHHELD, TEXT_WITHHELD, RequestState
from mailwarden.model.steps import DistributionListMembership, SendAs
from mailwarden.notifications.events import Event
from mailwarden.notifications.templates import Person, message_context, render
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import plan_steps
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

TOM, SARAH, DAVID = "tom.becker@acme.com", "sarah@acme.com", "david.chen@acme.com"
COMMENT = "Tom may send as support@acme.com while Chris is away"


async def test_a_reminder_does_not_carry_another_approvers_comment(flow: Flow, tenant: TenantState) -> None:
    tom = flow.person(TOM)
    steps = [
        SendAs(change="grant", mailbox="support@acme.com", trustee=TOM),
        DistributionListMembership(change="add", group="contractors@acme.com", member=TOM),
    ]
    planned = await plan_steps(flow.ctx, tom, steps, await flow.live.decider(tom, steps))
    view = flow.service.submit(TENANT, flow.actor(TOM), planned, text="Send as support@, and Contractors")
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(TOM))
    assert view.pending_approvers() == [SARAH, DAVID]
    view = await live_policy.verdict(
        flow.service, flow.live, TENANT, view.request_id, flow.person(SARAH), "approve", COMMENT
    )
    assert view.state is RequestState.PENDING_APPROVAL

    context = message_context(
        view,
        Event.REMINDER,
        person=lambda a: Person(name=a, address=a),
        recipient=Person(name="David Chen", address=DAVID),
        link=None,
        tenant_name="Acme",
    )
    mail = render(context, home=None)
    assert TEXT_WITHHELD in mail.text  # the text is withheld from him, as sec63 holds
    assert "support@" not in mail.text
    assert f"Approved by {SARAH}: {COMMENT_WITHHELD}" in mail.text  # that she commented, not her words
