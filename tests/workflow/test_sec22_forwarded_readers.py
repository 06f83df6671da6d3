"""Security leftover 22: people who read the mail a forwarding sends on, which routing still named as its
approvers (over HTTPS to the emulated tenant).

1. A reader through a security group the directory cache does not know (made since it was read) was named
   at planning; only approval matched him live. Planning now checks every candidate it might name live
   (their groups as Entra ID says now) against the holders the cache could not identify.
2. Whoever may read the items of the Inbox where the mail lands (Reviewer, or any role with ReadItems,
   themselves or through a group; the Default entry: everyone) reads the mail, as a Full Access holder
   does (tests/workflow/test_sec21_forwarded_readers_at_planning.py: already left out). A calendar
   delegate, or a right that reads no items, reads none of it and still approves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.decisions import ApprovalRequired, Decision, Denied
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import EmailForwardingInternal, Step
from mailwarden.policy.entities import forwarding_key
from mailwarden.testing import RunningEmulator
from mailwarden.workflow import live_policy
from mailwarden.workflow.live_policy import verdict
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
Replicated = Callable[[], Awaitable[None]]

GRACE, MIKE, MARIA, TOM, KEN = (
    "grace.hopper@acme.com",
    "mike.smith@acme.com",
    "maria.garcia@acme.com",
    "tom.becker@acme.com",
    "ken.adams@acme.com",
)
TO_MARIA = EmailForwardingInternal(change="set", mailbox=TOM, forward_to=MARIA)
"""Grace (an admin) asks to forward Tom's mail to Maria: Mike and Ken, the other admins, may approve."""
INBOX = f"{MARIA}:\\Inbox"


@pytest.fixture
def admins(tenant: TenantState) -> OtherAdmin:
    other = OtherAdmin(tenant)
    other.add_role(MIKE)
    other.add_role(KEN)
    return other


async def _decided(flow: Flow, step: Step = TO_MARIA) -> Decision:
    grace = flow.person(GRACE)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    return planned.decision


def _vault(other: OtherAdmin, members: list[str]) -> None:
    """A security group made after mailwarden read the directory, holding Full Access on Maria's mailbox."""
    other.exchange("New-DistributionGroup", Name="Vault", Alias="vault", Type="Security", Members=members)
    other.exchange(
        "Add-MailboxPermission", Identity=MARIA, User="vault@acme.com", AccessRights=["FullAccess"]
    )


# ---- 1. a reader through a group the directory does not know ------------------------------------------


async def test_a_reader_through_a_group_the_cache_does_not_know_is_not_named_at_planning(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    flow.ctx = await discovered_context(flow.ctx.clients)  # the cache: before the group was made
    _vault(admins, [MIKE])
    await replicated()  # the group stands for a state reached long before the request
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE not in decision.approvers, decision
    assert KEN in decision.approvers, decision  # checked live too, and no reader: he decides


async def test_when_every_other_admin_reads_through_an_unknown_group_nobody_is_named(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    flow.ctx = await discovered_context(flow.ctx.clients)
    _vault(admins, [MIKE, KEN])
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, Denied), decision
    assert MIKE in decision.reason, decision
    assert KEN in decision.reason, decision
    assert "reads the mail this forwarding sends on" in decision.reason, decision


async def test_a_candidate_outside_the_unknown_group_is_still_named(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    """Ken, in the unknown group, is left out; Mike, outside it, is not: the live check is no blanket
    refusal of everyone once a reader is unknown."""
    flow.ctx = await discovered_context(flow.ctx.clients)
    _vault(admins, [KEN])
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE in decision.approvers, decision
    assert KEN not in decision.approvers, decision


async def test_the_live_check_reads_each_candidate_once_and_only_when_a_reader_is_unknown(
    flow: Flow, admins: OtherAdmin, emulator: RunningEmulator, replicated: Replicated
) -> None:
    def checks() -> list[str]:
        return [r.path for r in emulator.faults.requests("graph") if r.path.endswith("/transitiveMemberOf")]

    await replicated()
    emulator.faults.reset()
    await _decided(flow)
    assert checks() == [], "no unknown reader: nobody is read live"
    flow.ctx = await discovered_context(flow.ctx.clients)
    _vault(admins, [MIKE])
    await replicated()
    emulator.faults.reset()
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    read = checks()
    assert len(read) == len(set(read)), read  # one read per person
    assert 2 <= len(read) <= 6, read  # the candidates (owners, manager, admins) and the requester


# ---- 2. Inbox folder permissions --------------------------------------------------------------------


@pytest.mark.parametrize("rights", [["Reviewer"], ["ReadItems", "FolderVisible"], ["Owner"]])
async def test_who_may_read_the_inbox_where_the_mail_lands_is_not_named(
    flow: Flow, admins: OtherAdmin, replicated: Replicated, rights: list[str]
) -> None:
    admins.exchange("Add-MailboxFolderPermission", Identity=INBOX, User=MIKE, AccessRights=rights)
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE not in decision.approvers, decision
    assert KEN in decision.approvers, decision


async def test_an_inbox_reader_through_a_group_is_not_named(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    """Finance Team, of which Mike is a member (the seed), may read Maria's Inbox."""
    admins.exchange(
        "Add-MailboxFolderPermission", Identity=INBOX, User="finance-team@acme.com", AccessRights=["Reviewer"]
    )
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE not in decision.approvers, decision
    assert KEN in decision.approvers, decision


async def test_an_inbox_everyone_may_read_leaves_nobody_to_approve(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    admins.exchange("Set-MailboxFolderPermission", Identity=INBOX, User="Default", AccessRights=["Reviewer"])
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, Denied), decision
    assert MIKE in decision.reason, decision
    assert KEN in decision.reason, decision


async def test_an_inbox_reviewer_since_planning_is_refused_when_approving(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    """Mike, named when Grace planned and confirmed, is made a Reviewer of Maria's Inbox before he
    approves: read again at the verdict, he reads where the mail goes and is refused; Ken approves."""
    await replicated()
    step = TO_MARIA
    grace = flow.person(GRACE)
    planned = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    view = flow.service.submit(TENANT, flow.actor(GRACE), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view
    assert MIKE in view.pending_approvers(), view
    admins.exchange("Add-MailboxFolderPermission", Identity=INBOX, User=MIKE, AccessRights=["Reviewer"])
    await replicated()
    with pytest.raises(NotPermitted, match="access given to themselves"):
        await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(MIKE), "approve", "ok")
    assert flow.service.get(TENANT, view.request_id).state is RequestState.PENDING_APPROVAL
    done = await verdict(flow.service, flow.live, TENANT, view.request_id, flow.person(KEN), "approve", "ok")
    assert done.state is RequestState.APPROVED


@pytest.mark.parametrize(
    ("identity", "rights", "flags"),
    [
        (f"{MARIA}:\\Calendar", ["Editor"], ["Delegate", "CanViewPrivateItems"]),  # a calendar delegate
        (INBOX, ["Contributor"], None),  # may put items in the Inbox, read none
    ],
)
async def test_who_reads_no_mail_there_is_still_named(
    flow: Flow,
    admins: OtherAdmin,
    replicated: Replicated,
    identity: str,
    rights: list[str],
    flags: list[str] | None,
) -> None:
    extra = {"SharingPermissionFlags": flags} if flags else {}
    admins.exchange("Add-MailboxFolderPermission", Identity=identity, User=MIKE, AccessRights=rights, **extra)
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE in decision.approvers, decision
    assert KEN in decision.approvers, decision


async def test_a_candidate_nobody_checked_against_an_unknown_reader_counts_as_one(flow: Flow) -> None:
    """The safe default behind the live check: facts that name an unidentified reader of a forwarding but
    checked nobody against it (a caller that skipped the check) leave every candidate out."""
    unknown = {forwarding_key(TOM, MARIA): {"acme\\vault": "Maria Garcia"}}
    org = replace(flow.org, admins=flow.org.admins | {flow.person(MIKE).recipient_id}).with_forward_readers(
        {}, unknown
    )
    decision = flow.engine.decide(org, flow.person(GRACE), TO_MARIA)
    assert isinstance(decision, Denied), decision
    assert MIKE in decision.reason, decision
    assert "not checked against them" in decision.reason, decision


# ---- 3. the requester reads it ----------------------------------------------------------------------


async def test_the_approvers_are_told_when_the_requester_reads_where_the_mail_goes(
    flow: Flow, admins: OtherAdmin, replicated: Replicated
) -> None:
    """Grace may read Maria's Inbox: forwarding Tom's mail to Maria gives it to her, and whoever approves
    is told so (a second admin approves it anyway: the policy's four eyes)."""
    admins.exchange("Add-MailboxFolderPermission", Identity=INBOX, User=GRACE, AccessRights=["Reviewer"])
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    assert f"{GRACE}, who asks for it, reads the mail this forwarding sends on" in decision.reason, decision
    assert TOM in decision.reason, decision
    plain = await _decided(flow, EmailForwardingInternal(change="set", mailbox=TOM, forward_to=KEN))
    assert "who asks for it" not in plain.reason, plain
