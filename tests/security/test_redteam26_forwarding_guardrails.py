"""Red team 26: attacks on security leftover 21 (guardrails beside every tenant's policy, approvers who read
the mail a forwarding sends on left out, tokens bound to a session).

A drift revert is decided by the admins (live_policy.revert_approvers), not by the policy's routing, so
sec21's "whoever reads the mail a forwarding sends on does not approve it" did not reach it as meant: a
forwarding cleared outside mailwarden and proposed for revert sets it again, and
- the admin holding Full Access to the target approved putting someone else's mail back where she reads it;
- when the other admin was the reader, the policy, asked as if the first admin had asked for the revert,
  found nobody to approve it (the reader left out) and the revert was denied for good the moment anyone
  decided it, although the first admin may approve it.
"""

from __future__ import annotations

import pytest

from mailwarden.drift.policy import save_responses
from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import EmailForwardingInternal
from mailwarden.workflow import live_policy
from mailwarden.workflow.live_policy import verdict
from mailwarden.workflow.requests import advance, plan_steps, undo
from tests.conftest import discovered_context
from tests.drift.test_scan import ADMIN, _scan
from tests.security.drift_setup import outside_change
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

MIKE, MARIA, TOM = "mike.smith@acme.com", "maria.garcia@acme.com", "tom.becker@acme.com"
KEN = "ken.adams@acme.com"


@pytest.fixture
def mike_is_admin(tenant: TenantState) -> OtherAdmin:
    """Mike holds the Exchange admin role before mailwarden discovers the tenant; Tom forwards to Maria."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(MIKE)
    other.exchange("Set-Mailbox", Identity=TOM, ForwardingAddress=MARIA)
    return other


async def _revert_of_a_cleared_forwarding(flow: Flow, tenant: TenantState) -> RequestView:
    """Tom clears his forwarding to Maria in Outlook on the web; the scan proposes setting it again."""
    await _scan(flow)
    save_responses(flow.service.store, flow.audit, TENANT, {"removed_outside": "propose_revert"}, by=ADMIN)
    outside_change(tenant, TOM, "Set-Mailbox", Identity=TOM, ForwardingAddress=None)
    [event] = [e for e in (await _scan(flow)).events if e.revert_request_id]
    assert event.fact_kind == "forwarding", event
    revert = flow.service.get(TENANT, str(event.revert_request_id))
    assert revert.state is RequestState.PENDING_APPROVAL
    return revert


async def test_an_admin_who_reads_the_target_does_not_approve_the_revert_setting_a_forwarding(
    mike_is_admin: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    mike_is_admin.exchange("Add-MailboxPermission", Identity=MARIA, User=ADMIN, AccessRights=["FullAccess"])
    revert = await _revert_of_a_cleared_forwarding(flow, tenant)
    with pytest.raises(NotPermitted, match="access given to themselves"):
        await verdict(flow.service, flow.live, TENANT, revert.request_id, flow.person(ADMIN), "approve", "ok")
    assert flow.service.get(TENANT, revert.request_id).state is RequestState.PENDING_APPROVAL
    done = await verdict(
        flow.service, flow.live, TENANT, revert.request_id, flow.person(MIKE), "approve", "ok"
    )
    assert done.state is RequestState.APPROVED


async def test_a_reader_among_the_admins_does_not_get_the_revert_denied_that_another_admin_approves(
    mike_is_admin: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    mike_is_admin.exchange("Add-MailboxPermission", Identity=MARIA, User=MIKE, AccessRights=["FullAccess"])
    revert = await _revert_of_a_cleared_forwarding(flow, tenant)
    with pytest.raises(NotPermitted, match="access given to themselves"):
        await verdict(flow.service, flow.live, TENANT, revert.request_id, flow.person(MIKE), "approve", "ok")
    assert flow.service.get(TENANT, revert.request_id).state is RequestState.PENDING_APPROVAL
    done = await verdict(
        flow.service, flow.live, TENANT, revert.request_id, flow.person(ADMIN), "approve", "ok"
    )
    assert done.state is RequestState.APPROVED


async def test_a_reader_through_a_security_group_made_after_the_directory_was_read_does_not_approve(
    flow: Flow, tenant: TenantState
) -> None:
    """Mike joins a security group the cache does not know yet, which holds Full Access on Maria's mailbox,
    after Grace confirmed 'forward Tom's mail to Maria' (Mike named then): he reads where the mail goes, and
    is refused when he approves (the holder is read by its name, Mike's groups from Entra ID now)."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(MIKE)
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace = flow.person(ADMIN)
    step = EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MARIA)
    planned = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    assert view.state is RequestState.PENDING_APPROVAL, view
    assert MIKE in view.pending_approvers(), view
    other.exchange("New-DistributionGroup", Name="Vault", Alias="vault", Type="Security", Members=[MIKE])
    other.exchange(
        "Add-MailboxPermission", Identity=MARIA, User="vault@acme.com", AccessRights=["FullAccess"]
    )
    with pytest.raises(NotPermitted, match="access given to themselves"):
        await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(MIKE), "approve", "ok")
    assert flow.service.get(TENANT, view.request_id).state is not RequestState.APPROVED


async def test_a_member_of_the_new_group_who_is_no_reader_still_approves(
    flow: Flow, tenant: TenantState
) -> None:
    """The live read of Mike's groups refuses only a group that holds Full Access where the mail lands."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(MIKE)
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace = flow.person(ADMIN)
    step = EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MARIA)
    planned = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    other.exchange("New-DistributionGroup", Name="Vault", Alias="vault", Type="Security", Members=[MIKE])
    other.exchange("Add-MailboxPermission", Identity=TOM, User="vault@acme.com", AccessRights=["FullAccess"])
    done = await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(MIKE), "approve", "ok")
    assert done.state is RequestState.APPROVED


async def test_undoing_a_cleared_forwarding_is_not_approved_by_a_reader_nor_stopped_for_one(
    flow: Flow, tenant: TenantState
) -> None:
    """Grace clears Tom's forwarding to Maria, then undoes it: the undo sets it again. Mike reads Maria's
    mailbox; Ken, the third admin, does not. The undo is planned on the cache (no readers known), confirmed
    on live facts: Mike is left out, Ken decides, and the undo is not stopped for the change."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(MIKE)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=TOM, ForwardingAddress=MARIA)
    other.exchange("Add-MailboxPermission", Identity=MARIA, User=MIKE, AccessRights=["FullAccess"])
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace = flow.person(ADMIN)
    clear = EmailForwardingInternal(change="clear", mailbox=TOM)
    planned = await plan_steps(flow.ctx, grace, [clear], await flow.live.decider(grace, [clear]))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    if view.state is RequestState.PENDING_APPROVAL:
        await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(KEN), "approve", "ok")
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)
    assert done.state is RequestState.COMPLETED, done
    reverting = await undo(
        flow.service, flow.ctx, TENANT, view.request_id, flow.actor(ADMIN), grace, flow.decide
    )
    confirmed = await live_policy.confirm(
        flow.service, flow.live, TENANT, reverting.request_id, flow.actor(ADMIN)
    )
    assert confirmed.state is RequestState.PENDING_APPROVAL, confirmed
    assert MIKE not in confirmed.pending_approvers(), confirmed.pending_approvers()
    with pytest.raises(NotPermitted):
        await verdict(
            flow.service, flow.live, TENANT, reverting.request_id, flow.person(MIKE), "approve", "x"
        )
    approved = await verdict(
        flow.service, flow.live, TENANT, reverting.request_id, flow.person(KEN), "approve", "ok"
    )
    assert approved.state is RequestState.APPROVED
