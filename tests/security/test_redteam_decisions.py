"""Red team: decisions made on facts that are not read fresh, found after the issue-10 fixes were merged."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import DecisionChanged
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership, MailboxDelegation
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from mailwarden.workflow.service import Actor
from tests.conftest import settle
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store
TOM_ID = "12744b96-d6e1-517b-b0ea-020dbb08da36"


CAREERS = "d8a47832-df99-5d23-9ee7-ab473beb3545"
TOM = "tom.becker@acme.com"


@pytest.mark.anyio
async def test_a_shared_mailbox_made_a_persons_mailbox_after_approval_is_not_opened(
    flow: Flow, tenant: TenantState
) -> None:
    """Tom asks for Full Access on the shared mailbox Careers (its owner Maria approves); another admin then
    converts Careers to a person's mailbox (Set-Mailbox -Type Regular). Full Access on someone else's
    mailbox is denied to an employee (DESIGN §5), so the step must not run: the mailbox's kind gives power
    (shared: owners approve; a person's: nobody may) and must be read fresh, like the other facts."""
    tom = flow.person(TOM)
    step = MailboxDelegation(change="grant", mailbox="careers@acme.com", trustee=TOM)
    planned = await plan_steps(flow.ctx, tom, [step], await flow.live.decider(tom, [step]))
    assert planned[0].decision.outcome == "approval_required"
    view = flow.service.submit(TENANT, flow.actor(TOM), planned)
    await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(TOM))
    maria = flow.person("maria.garcia@acme.com")
    await live_policy.verdict(flow.service, flow.live, TENANT, view.request_id, maria, "approve")
    with tenant.transaction():
        careers = tenant.get(CAREERS)
        assert careers is not None
        assert careers.kind == "SharedMailbox"
        careers.kind = "UserMailbox"
        careers.account_enabled = True
        tenant.mark_dirty()
    settle(tenant)  # converted a while before the run, not inside the reads' lag (see the sec55 report)

    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert view.steps[0].status == "refused", view.steps[0]
    assert not any(e.trustee_id == TOM_ID for e in tenant.get(CAREERS).full_access)  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_confirming_under_a_changed_primary_address_still_decides_again(
    flow: Flow, tenant: TenantState
) -> None:
    """Tom files a join of All Hands (Open); its owner closes it; by the time Tom confirms, his primary
    address has changed (he signs in as the same person, object id and all). The confirmation is his (the
    service checks the id), so it must be decided again like any other: the request stops there."""
    tom = flow.person(TOM)
    step = DistributionListMembership(change="add", group="all-hands@acme.com", member=TOM)
    planned = await plan_steps(flow.ctx, tom, [step], await flow.live.decider(tom, [step]))
    assert planned[0].decision.outcome == "allowed"
    view = flow.service.submit(TENANT, flow.actor(TOM), planned)
    OtherAdmin(tenant, settled=True).set_join_restriction("all-hands@acme.com", "Closed")
    renamed = Actor(actor_id=tom.recipient_id, address="tb@acme.com")

    with pytest.raises(DecisionChanged):
        await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, renamed)
    assert flow.service.get(TENANT, view.request_id).state is RequestState.DENIED
