"""Red team 21: four eyes on access to a person's mailbox, side-stepped through a list. Full Access on Tom's
mailbox for Grace (an admin) needs a second admin; but finance-team holds Full Access on it, and an admin
adds anyone to a list once they confirm (`admin-runs-membership-and-calendars`), so "add me to
finance-team" gives Grace Tom's mail with nobody else looking. The policy knows nothing of the mailbox
rights a list holds (Get-MailboxPermission per mailbox, read live), so it cannot tell this add from any
other."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE, TOM, FINANCE = "grace.hopper@acme.com", "tom.becker@acme.com", "finance-team@acme.com"


async def test_an_admin_adding_herself_to_a_list_with_full_access_to_a_persons_mailbox_needs_four_eyes(
    flow: Flow, tenant: TenantState
) -> None:
    OtherAdmin(tenant).exchange(
        "Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"]
    )
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace = flow.person(GRACE)
    step = DistributionListMembership(change="add", group=FINANCE, member=GRACE)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    assert not isinstance(planned.decision, Allowed), planned.decision
