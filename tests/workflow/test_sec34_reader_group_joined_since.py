"""sec34: "nobody among the approvers reads it" was concluded from the directory cache.

Routing leaves out of a forwarding's approvers whoever reads the mail it sends on, themselves or through a
group they are in (workflow/forwarded_readers.py). The readers are read live; the groups each candidate is
in were the directory cache's (`Org.groups_of`, live only for the recipients the decision read). Ken (an
admin) was added to `support-readers`, a group holding Full Access on support@, after the cache was read:
the group is a known reader, the cache puts Ken in no group, so routing concluded that no candidate reads
support@ and named Ken to approve Maria's forwarding to support@, which he reads.

Fixed: a candidate's groups are read live (Graph transitiveMemberOf, as at the moment of approval) whenever a
forwarding's readers include a group. Here in tests/workflow so that `make unit` runs it again under the
emulator's replication lag: the cache is read, Ken is added, and the tenant replicates before the decision
(`replicated`), so only a live read sees him (the cache never does)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired, Decision
from mailwarden.model.steps import EmailForwardingInternal, Step
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec24_forwarded_to_group import GRACE, KEN, MARIA
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
Replicated = Callable[[], Awaitable[None]]

SUPPORT, READERS = "support@acme.com", "support-readers@acme.com"


async def _decide_on_the_cache(flow: Flow, requester: str, step: Step) -> Decision:
    """Decided with the directory cache as it was read before (no discovery in between)."""
    who = flow.person(requester)
    [planned] = await plan_steps(flow.ctx, who, [step], await flow.live.decider(who, [step]))
    return planned.decision


def _readers_group(tenant: TenantState) -> OtherAdmin:
    other = OtherAdmin(tenant)
    other.add_role(KEN)
    other.exchange("New-DistributionGroup", Name="Support readers", Alias="support-readers", Type="Security")
    other.exchange("Add-MailboxPermission", Identity=SUPPORT, User=READERS, AccessRights=["FullAccess"])
    return other


def _forward_marias_mail() -> EmailForwardingInternal:
    return EmailForwardingInternal(change="set", mailbox=MARIA, forward_to=SUPPORT)


async def test_the_control_ken_outside_the_group_is_named(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    _readers_group(tenant)
    await replicated()
    flow.ctx = await discovered_context(flow.ctx.clients)
    decision = await _decide_on_the_cache(flow, GRACE, _forward_marias_mail())
    assert isinstance(decision, ApprovalRequired), decision
    assert KEN in decision.approvers, decision


async def test_ken_added_to_the_readers_group_since_the_cache_was_read_is_never_named(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    other = _readers_group(tenant)
    await replicated()
    flow.ctx = await discovered_context(flow.ctx.clients)
    other.exchange("Add-DistributionGroupMember", Identity=READERS, Member=KEN)
    await replicated()
    decision = await _decide_on_the_cache(flow, GRACE, _forward_marias_mail())
    assert not (isinstance(decision, ApprovalRequired) and KEN in decision.approvers), decision
