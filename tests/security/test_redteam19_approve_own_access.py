"""Red team 19: the second pair of eyes on an admin's request must not be the person the request gives
access to. Grace (an admin) files "give Mike Full Access to Tom's mailbox" (a person's mailbox: four eyes);
the default policy let any other admin approve, so Mike approved the access to Tom's mail he himself gets:
the owner of the mailbox never asked, and nobody but the beneficiary looked. (The drift revert and the
access review already refuse an admin deciding about his own access; a request did not.)"""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.decisions import ApprovalRequired, Denied
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import EmailForwardingInternal, MailboxDelegation, Step
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import plan_steps
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE, MIKE, MARIA, TOM = (
    "grace.hopper@acme.com",
    "mike.smith@acme.com",
    "maria.garcia@acme.com",
    "tom.becker@acme.com",
)


async def _decided(flow: Flow, step: Step) -> ApprovalRequired | Denied:
    grace = flow.person(GRACE)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    assert isinstance(planned.decision, ApprovalRequired | Denied), planned.decision
    return planned.decision


@pytest.fixture
def mike_is_admin(tenant: TenantState) -> None:
    OtherAdmin(tenant, settled=True).add_role(MIKE)


async def test_the_only_other_admin_does_not_approve_access_to_a_persons_mailbox_for_himself(
    mike_is_admin: None, flow: Flow
) -> None:
    decision = await _decided(flow, MailboxDelegation(change="grant", mailbox=TOM, trustee=MIKE))
    assert isinstance(decision, Denied), decision  # nobody else to look: refused, not waved through
    assert f"{MIKE}: Nobody approves access given to themselves" in decision.reason  # why Mike may not


async def test_another_admin_approves_it_and_the_beneficiary_cannot(
    mike_is_admin: None, flow: Flow, tenant: TenantState
) -> None:
    OtherAdmin(tenant, settled=True).add_role(MARIA)
    step = MailboxDelegation(change="grant", mailbox=TOM, trustee=MIKE)
    decision = await _decided(flow, step)
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE not in decision.approvers
    assert MARIA in decision.approvers


async def test_a_beneficiary_named_before_the_rule_cannot_approve_at_verdict_time(
    mike_is_admin: None, flow: Flow
) -> None:
    """A request filed while the policy still named Mike (stored decisions outlive a policy change): his
    approval is judged again when he gives it, and refused."""
    step = MailboxDelegation(change="grant", mailbox=TOM, trustee=MIKE)
    grace = flow.person(GRACE)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    stale = ApprovalRequired(approvers=[MIKE], reason="a second admin approves", policies=["second-admin"])
    planned = type(planned)(**{**planned.__dict__, "decision": stale})
    view = flow.service.submit(TENANT, flow.actor(GRACE), [planned])
    assert view.state is RequestState.NEEDS_CONFIRMATION
    flow.service.confirm(TENANT, view.request_id, flow.actor(GRACE))
    with pytest.raises(NotPermitted):
        await live_policy.verdict(
            flow.service, flow.live, TENANT, view.request_id, flow.person(MIKE), "approve"
        )
    assert flow.service.get(TENANT, view.request_id).state is not RequestState.APPROVED


async def test_an_admin_does_not_approve_forwarding_of_someone_elses_mail_to_himself(
    mike_is_admin: None, flow: Flow
) -> None:
    decision = await _decided(flow, EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MIKE))
    assert not (isinstance(decision, ApprovalRequired) and MIKE in decision.approvers), decision


async def test_a_manager_still_approves_forwarding_of_the_requesters_own_mail_to_the_manager(
    flow: Flow,
) -> None:
    """Forwarding one's own mail to one's manager: the mailbox's owner asked, so the manager approving it is
    the second pair of eyes the rule wants, not the beneficiary alone."""
    tom = flow.person(TOM)
    manager = flow.org.manager(tom)
    if manager is None:
        pytest.skip("Tom has no manager in the fixture")
    step = EmailForwardingInternal(change="set", mailbox=TOM, forward_to=manager.primary_address)
    [planned] = await plan_steps(flow.ctx, tom, [step], await flow.live.decider(tom, [step]))
    assert isinstance(planned.decision, ApprovalRequired), planned.decision
    assert manager.primary_address in planned.decision.approvers


async def test_a_member_of_the_trustee_group_does_not_approve_its_access(
    mike_is_admin: None, flow: Flow
) -> None:
    """The trustee is finance-team, a mail-enabled security group Mike is in: the access is his too."""
    decision = await _decided(
        flow, MailboxDelegation(change="grant", mailbox=TOM, trustee="finance-team@acme.com")
    )
    assert not (isinstance(decision, ApprovalRequired) and MIKE in decision.approvers), decision
