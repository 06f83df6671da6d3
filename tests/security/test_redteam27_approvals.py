"""Red team 27: approvals, bulk decisions and forwarded-mail readers, attacked as a hostile requester or
approver through the real flow (plan_steps over LivePolicy, the request service, the emulator over HTTP)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import DecisionChanged, MailwardenError, NotPermitted
from mailwarden.model.decisions import Allowed, ApprovalRequired, Decision, Denied
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import DistributionListMembership, EmailForwardingInternal, Step
from mailwarden.workflow import live_policy
from mailwarden.workflow.live_policy import verdict
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE, KEN, TOM, JOHN = "grace.hopper@acme.com", "ken.adams@acme.com", "tom.becker@acme.com", "john@acme.com"
MIKE, MARIA, PAT = "mike.smith@acme.com", "maria.garcia@acme.com", "pat.gone@acme.com"
FINANCE, ENGINEERING, MARKETING = "finance-team@acme.com", "engineering@acme.com", "marketing@acme.com"
SUPPORT = "support@acme.com"


def _join(member: str, group: str = FINANCE) -> DistributionListMembership:
    return DistributionListMembership(change="add", group=group, member=member)


async def _plan(flow: Flow, requester: str, steps: Sequence[Step]) -> list[Decision]:
    flow.ctx = await discovered_context(flow.ctx.clients)
    who = flow.person(requester)
    planned = await plan_steps(flow.ctx, who, list(steps), await flow.live.decider(who, list(steps)))
    return [p.decision for p in planned]


async def _pending(flow: Flow, requester: str, steps: Sequence[Step]) -> RequestView:
    """`requester` asks for `steps` and confirms: the request waits for its approvers."""
    flow.ctx = await discovered_context(flow.ctx.clients)
    who = flow.person(requester)
    planned = await plan_steps(flow.ctx, who, list(steps), await flow.live.decider(who, list(steps)))
    view = flow.service.submit(TENANT, flow.actor(requester), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(requester))
    assert view.state is RequestState.PENDING_APPROVAL, (view.state, [s.decision for s in view.steps])
    return view


async def test_a_group_whose_members_would_include_the_approver_is_never_added_through_a_request(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 3. Grace asks to add the security group ops to finance-team (Full Access on Tom's mailbox),
    meaning to put Ken, the approver, into ops through a group made after the directory was read, once he
    has approved: his approval would then have given him Tom's mail. A request adds persons only, so the
    add is refused at its preview and never waits for anyone's approval."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    other.exchange("New-DistributionGroup", Name="Ops", Alias="ops", Type="Security")
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace = flow.person(GRACE)
    steps: list[Step] = [_join("ops@acme.com")]
    planned = await plan_steps(flow.ctx, grace, steps, await flow.live.decider(grace, steps))
    view = flow.service.submit(TENANT, flow.actor(GRACE), planned)
    assert view.state is RequestState.DENIED, view.state
    assert "a member must be a person" in str(view.steps[0].preview), view.steps[0].preview


async def test_a_bulk_add_decides_each_kind_of_person_as_that_person_alone(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 4 (policy/alike.py folds people of one shape into one Cedar call). Grace adds, in one request,
    to finance-team (Full Access on Tom's mailbox): Tom (whose mailbox it is), Mike and John (plain
    colleagues), Ken (the second admin, who would approve), Pat (disabled), Maria (a third admin) and
    herself. Each must get the decision it gets alone, and none the one of a person of another kind."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.add_role(MARIA)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    people = [MIKE, TOM, JOHN, KEN, PAT, MARIA, GRACE]
    together = await _plan(flow, GRACE, [_join(p) for p in people])
    alone = [(await _plan(flow, GRACE, [_join(p)]))[0] for p in people]
    assert [d.model_dump() for d in together] == [d.model_dump() for d in alone]
    by = dict(zip(people, together, strict=True))
    assert isinstance(by[PAT], Denied), by[PAT]
    assert isinstance(by[TOM], Allowed), by[TOM]  # his own mailbox: nothing of anyone else's
    for person in (MIKE, JOHN, GRACE):
        assert isinstance(by[person], ApprovalRequired), by[person]
        assert sorted(by[person].approvers) == [KEN, MARIA], by[person]
    assert isinstance(by[KEN], ApprovalRequired), by[KEN]
    assert by[KEN].approvers == [MARIA], by[KEN]
    assert isinstance(by[MARIA], ApprovalRequired), by[MARIA]
    assert by[MARIA].approvers == [KEN], by[MARIA]


async def test_an_approver_of_a_bulk_add_does_not_approve_the_step_that_adds_him(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 5. Grace's one request adds Mike and Ken to finance-team; Ken approves it. His approval counts
    for Mike's step, never for his own: the request still waits for Maria."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.add_role(MARIA)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    view = await _pending(flow, GRACE, [_join(MIKE), _join(KEN)])
    after = await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(KEN), "approve", "ok")
    assert after.state is RequestState.PENDING_APPROVAL, after.state
    assert after.pending_approvers() == [MARIA]


async def test_an_employee_does_not_join_an_open_list_inside_a_new_group_that_holds_a_persons_mailbox(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 6. marketing is open; after the directory was read, a new security group 'Vault' gets Full
    Access on Tom's mailbox and marketing is put inside it. John's self-join of marketing gives him Tom's
    mail: the group around it that the cache does not know must not make the add a plain one."""
    other = OtherAdmin(tenant, settled=True)
    flow.ctx = await discovered_context(flow.ctx.clients)
    other.exchange("New-DistributionGroup", Name="Vault", Alias="vault", Type="Security")
    other.exchange("Add-MailboxPermission", Identity=TOM, User="vault@acme.com", AccessRights=["FullAccess"])
    other.exchange("Add-DistributionGroupMember", Identity="vault@acme.com", Member=MARKETING)
    john = flow.person(JOHN)
    step = _join(JOHN, MARKETING)
    [decision] = (await flow.live.decider(john, [step])).many(john, [step])
    assert isinstance(decision, Denied), decision


async def test_an_admin_self_join_of_an_open_group_holding_a_persons_mailbox_still_needs_a_second_admin(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 7. `join-open-list` lets anyone join an open list on their own confirmation: finance-team
    opened, holding Send As on Tom's mailbox, must not become Grace's way to send as Tom alone."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.set_join_restriction(FINANCE, "Open")
    other.exchange("Add-RecipientPermission", Identity=TOM, Trustee=FINANCE, AccessRights=["SendAs"])
    [decision] = await _plan(flow, GRACE, [_join(GRACE)])
    assert isinstance(decision, ApprovalRequired), decision
    assert decision.approvers == [KEN], decision


async def test_a_reader_through_a_new_group_inside_a_known_one_does_not_approve_a_forwarding(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 8. Grace forwards Tom's mail to support@ (shared); finance-team holds Full Access on support@.
    Ken, the approver, is put into a new security group that sits inside finance-team (the cache knows
    neither the group nor his place in it): he reads Tom's mail there and must not approve."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=SUPPORT, User=FINANCE, AccessRights=["FullAccess"])
    view = await _pending(
        flow, GRACE, [EmailForwardingInternal(change="set", mailbox=TOM, forward_to=SUPPORT)]
    )
    assert KEN in view.pending_approvers(), view.pending_approvers()
    other.exchange("New-DistributionGroup", Name="Back Office", Alias="back-office", Type="Security")
    other.exchange("Add-DistributionGroupMember", Identity="back-office@acme.com", Member=KEN)
    other.exchange("Add-DistributionGroupMember", Identity=FINANCE, Member="back-office@acme.com")
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(KEN), "approve", "ok")
    # Decided again at his approval, routing reads each candidate's groups live (sec34): Ken reads the mail,
    # no second admin is left to approve, and the stricter decision stops the request (it was left
    # pending while routing still took Ken's groups from the cache).
    assert flow.service.get(TENANT, view.request_id).state is RequestState.DENIED


async def test_an_approval_after_the_policy_was_tightened_is_decided_on_the_new_policy(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 9. Grace's add of John to finance-team (Full Access on Tom's mailbox) waits for Ken; the
    tenant's admins then freeze approvals of membership changes. Ken's approval must not carry the request
    through on the policy it was filed under."""
    from mailwarden.policy import DEFAULT_POLICY

    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    view = await _pending(flow, GRACE, [_join(JOHN)])
    flow.engine.load(
        DEFAULT_POLICY
        + '\n@id("freeze")\n@reason("Membership changes are frozen this week.")\n'
        + 'forbid (principal, action == Action::"approve:distribution_list_membership", resource);\n'
    )
    with pytest.raises((NotPermitted, DecisionChanged)):
        await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(KEN), "approve", "ok")
    assert flow.service.get(TENANT, view.request_id).state is not RequestState.APPROVED


async def test_an_admin_who_reads_the_targets_inbox_through_a_folder_permission_does_not_approve(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 10. Grace forwards Tom's mail to Maria. Ken, the second admin, holds no Full Access on Maria's
    mailbox, but Reviewer on her Inbox (a delegate's folder permission): every forwarded message lands
    where he reads it. He must be left out of the approvers and refused if he approves."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.add_role(MIKE)
    other.exchange(
        "Add-MailboxFolderPermission", Identity=f"{MARIA}:\\Inbox", User=KEN, AccessRights=["Reviewer"]
    )
    view = await _pending(flow, GRACE, [EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MARIA)])
    assert KEN not in view.pending_approvers(), view.pending_approvers()
    assert MIKE in view.pending_approvers(), view.pending_approvers()
    flow.service.restate(
        TENANT,
        view.request_id,
        {0: view.steps[0].decision.model_copy(update={"approvers": [KEN, MIKE]})},
        flow.actor(GRACE),
        "test: as planned before Ken became a reader",
    )
    with pytest.raises(NotPermitted, match="access given to themselves"):
        await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(KEN), "approve", "ok")
    done = await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(MIKE), "approve", "ok")
    assert done.state is RequestState.APPROVED, done.state


async def test_a_default_entry_that_reads_the_targets_inbox_leaves_nobody_to_approve(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 11. Maria's Inbox lets Default (every colleague) read it: whoever approves forwarding Tom's
    mail there reads it, so nobody may."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange(
        "Set-MailboxFolderPermission", Identity=f"{MARIA}:\\Inbox", User="Default", AccessRights=["Reviewer"]
    )
    [decision] = await _plan(
        flow, GRACE, [EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MARIA)]
    )
    assert isinstance(decision, Denied), decision


async def test_a_reader_whose_display_name_another_recipient_shares_is_still_refused(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 12. An Inbox permission entry names its holder by display name. Ken holds Reviewer on Maria's
    Inbox; the shared mailbox support@ is then renamed 'Ken Adams', so the entry names two recipients and
    the directory names neither: Ken must still be refused when he approves forwarding Tom's mail to Maria."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.add_role(MIKE)
    other.exchange(
        "Add-MailboxFolderPermission", Identity=f"{MARIA}:\\Inbox", User=KEN, AccessRights=["Reviewer"]
    )
    other.exchange("Set-Mailbox", Identity=SUPPORT, DisplayName="Ken Adams")
    view = await _pending(flow, GRACE, [EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MARIA)])
    if KEN in view.pending_approvers():
        with pytest.raises(NotPermitted, match="access given to themselves"):
            await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(KEN), "approve", "ok")
    assert flow.service.get(TENANT, view.request_id).state is RequestState.PENDING_APPROVAL


async def test_another_tenants_key_does_not_reach_this_tenants_request(
    flow: Flow, tenant: TenantState
) -> None:
    """Attack 14 (a provider serving many tenants). Ken is an approver at Acme; an admin of another tenant
    the same service holds (Globex) takes the request id from a notification and approves, or denies, it
    under Globex's key. Neither reaches Acme's request."""
    from mailwarden.store.tenants import TenantRecord, TenantRegistry
    from mailwarden.workflow.service import Actor

    TenantRegistry(flow.service.store).add(
        TenantRecord(
            tenant_key="globex", display_name="Globex", cloud="emulator", tenant_id="g", client_id="c"
        )
    )
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange("Add-MailboxPermission", Identity=TOM, User=FINANCE, AccessRights=["FullAccess"])
    view = await _pending(flow, GRACE, [_join(JOHN)])
    stranger = Actor(actor_id="0f0f0f0f-0000-4000-8000-000000000001", address=KEN, is_admin=True)
    for decide in (flow.service.approve, flow.service.deny):
        with pytest.raises(MailwardenError):
            decide("globex", view.request_id, stranger, "ok")
    with pytest.raises(MailwardenError):
        await verdict(flow.service, flow.live, "globex", view.request_id, flow.person(KEN), "approve", "ok")
    after = flow.service.get(TENANT, view.request_id)
    assert after.state is RequestState.PENDING_APPROVAL, after.state
    assert not after.approvals, after.approvals
