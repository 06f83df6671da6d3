"""Red team 19: does an approval bind the exact steps? A step names its list and member by address, and the
executor resolves those addresses again when it runs. Tom asks to join Contractors and David, who owns it,
approves; before the run another admin renames Contractors and gives contractors@acme.com to Engineering
(David owns that one too), and the directory syncs. The approved step then ran on Engineering: a list nobody
asked for or approved, with the same approver's approval counting for it."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

TOM, DAVID = "tom.becker@acme.com", "david.chen@acme.com"
CONTRACTORS, ENGINEERING = "contractors@acme.com", "engineering@acme.com"


async def test_an_approved_join_does_not_run_on_the_list_that_took_its_address(
    flow: Flow, tenant: TenantState
) -> None:
    tom = flow.person(TOM)
    step = DistributionListMembership(change="add", group=CONTRACTORS, member=TOM)
    planned = await plan_steps(flow.ctx, tom, [step], await flow.live.decider(tom, [step]))
    view = flow.service.submit(TENANT, flow.actor(TOM), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(TOM))
    if view.state is RequestState.PENDING_APPROVAL:
        await live_policy.verdict(
            flow.service, flow.live, TENANT, view.request_id, flow.person(DAVID), "approve"
        )
    other = OtherAdmin(tenant)
    contractors, engineering = other.id_of(CONTRACTORS), other.id_of(ENGINEERING)
    other.exchange(
        "Set-DistributionGroup", Identity=contractors, EmailAddresses=["SMTP:contractors-old@acme.com"]
    )
    other.exchange(
        "Set-DistributionGroup",
        Identity=engineering,
        EmailAddresses=[f"SMTP:{CONTRACTORS}", f"smtp:{ENGINEERING}"],
    )
    flow.ctx = await discovered_context(flow.ctx.clients)  # the minute's delta sync has seen the rename

    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    tom_id = other.id_of(TOM)
    engineering_now = tenant.get(engineering)
    assert engineering_now is not None
    assert tom_id not in engineering_now.members, done.steps[0]
