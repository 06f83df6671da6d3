"""Red team 63 F11: an escalation ("no approver decided in time") is mailed to the tenant's admins, who may
read every request whole (operations.seen_by); its mail withholds the request's text from them (sec63's
`reads_text` asked of an admin who approves none of the steps) and outlines every step (RT58 F4's mail
rule), so the admin is asked to act on a request the mail does not describe. Strict xfail while present."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import TEXT_WITHHELD
from mailwarden.model.steps import DistributionListMembership, SendAs
from mailwarden.notifications.events import Event
from mailwarden.notifications.templates import Person, message_context, render
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import plan_steps
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

SARAH, GRACE = "sarah@acme.com", "grace.hopper@acme.com"
ASKED = "Take Chris Lee off the support@ Send As and put me on Contractors"


async def test_an_admin_told_of_an_escalation_reads_the_request(flow: Flow, tenant: TenantState) -> None:
    sarah = flow.person(SARAH)
    steps = [
        SendAs(change="revoke", mailbox="support@acme.com", trustee="chris.lee@acme.com"),
        DistributionListMembership(change="add", group="contractors@acme.com", member=SARAH),
    ]
    planned = await plan_steps(flow.ctx, sarah, steps, await flow.live.decider(sarah, steps))
    view = flow.service.submit(TENANT, flow.actor(SARAH), planned, text=ASKED)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(SARAH))
    assert view.pending_approvers() == ["david.chen@acme.com"]

    context = message_context(
        view,
        Event.ESCALATED,
        person=lambda a: Person(name=a, address=a),
        recipient=Person(name="Grace Hopper", address=GRACE),
        link=None,
        tenant_name="Acme",
    )
    mail = render(context, home=None)
    assert "You are told as an admin" in mail.text
    assert TEXT_WITHHELD not in mail.text
    assert ASKED in mail.text
    assert "Contractors" in mail.text
