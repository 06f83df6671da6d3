"""Red team 24: attacks on "joining a group is the grant it gives" (sec20, workflow/list_rights.py).

Each test drives the live decision (`plan_steps` over `LivePolicy`, against the emulator) or a bulk
request's confirmation, as redteam21's tests do."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired, Decision
from mailwarden.model.steps import DistributionListMembership, Step
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

JOHN, FINANCE = "john@acme.com", "finance-team@acme.com"
SHARED = ("support@acme.com", "info@acme.com", "sales@acme.com")


async def _decide(flow: Flow, requester: str, step: Step) -> Decision:
    flow.ctx = await discovered_context(flow.ctx.clients)
    who = flow.person(requester)
    [planned] = await plan_steps(flow.ctx, who, [step], await flow.live.decider(who, [step]))
    return planned.decision


async def test_an_employee_does_not_learn_how_many_mailboxes_a_group_reaches(
    flow: Flow, tenant: TenantState
) -> None:
    """John may not read which mailboxes finance-team holds rights on (the delegation views show a person
    only their own access and what they own), so the decision on his self-join must not count them either:
    one shared mailbox or three, he reads the same sentence."""
    other = OtherAdmin(tenant)
    other.set_join_restriction(FINANCE, "Open")
    other.exchange("Add-MailboxPermission", Identity=SHARED[0], User=FINANCE, AccessRights=["FullAccess"])
    one = await _decide(flow, JOHN, DistributionListMembership(change="add", group=FINANCE, member=JOHN))
    for box in SHARED[1:]:
        other.exchange("Add-MailboxPermission", Identity=box, User=FINANCE, AccessRights=["FullAccess"])
    three = await _decide(flow, JOHN, DistributionListMembership(change="add", group=FINANCE, member=JOHN))
    assert isinstance(one, ApprovalRequired), one
    assert isinstance(three, ApprovalRequired), three
    assert one.reason == three.reason, (one.reason, three.reason)
    assert "mailboxes you may not view" in three.reason
