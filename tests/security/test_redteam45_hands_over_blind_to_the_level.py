"""Red team 45, attack on sec43's hands_over: a list add's hands_over names each mailbox with its right
("<mailbox id>:Inbox"), never the level, so a handover raised from reading to writing compares equal.

finance-team holds Reviewer on Tom Becker's Inbox (its members read his mail). Grace asks to add John to
finance-team; the decision (four eyes on list access) hands over "<Tom>:Inbox" and waits for Ken. Before
Ken approves, another admin raises finance-team's permission on Tom's Inbox to Editor: its members may now
also delete and change his mail, and create items in it. At Ken's approval the fresh decision hands over
"<Tom>:Inbox" again; redecision compares hands_over and finds no change, so Ken's approval is taken for an
add that now gives write access to a colleague's Inbox, which nobody deciding was told of. (A Calendar
permission raised from Reviewer to Editor gives "<Tom>:Calendar" either way by the same code,
policy/entities.py `_list_access`: not asserted here.)

Driven through the live decision against the emulator over HTTP, as red team 44's list-access tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import DecisionChanged
from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE, KEN, TOM, JOHN = "grace.hopper@acme.com", "ken.adams@acme.com", "tom.becker@acme.com", "john@acme.com"
FINANCE = "finance-team@acme.com"


async def _asked_knowing_toms_inbox_read(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> tuple[OtherAdmin, str]:
    other = OtherAdmin(tenant)
    other.add_role(KEN)
    other.exchange(
        "Add-MailboxFolderPermission", Identity=f"{TOM}:\\Inbox", User=FINANCE, AccessRights=["Reviewer"]
    )
    await replicated()
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace = flow.person(GRACE)
    step = DistributionListMembership(change="add", group=FINANCE, member=JOHN)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    assert isinstance(planned.decision, ApprovalRequired), planned.decision
    assert planned.decision.approvers == [KEN], planned.decision
    assert any(h.endswith(":Inbox") for h in planned.decision.hands_over), planned.decision.hands_over
    view = flow.service.submit(TENANT, flow.actor(GRACE), [planned])
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view.state
    return other, view.request_id


async def test_control_the_approval_stands_when_the_handover_is_unchanged(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    _, request_id = await _asked_knowing_toms_inbox_read(flow, tenant, replicated)
    view = await live_policy.verdict(flow.service, flow.live, TENANT, request_id, flow.person(KEN), "approve")
    assert view.state is RequestState.APPROVED, view.state


@pytest.mark.xfail(
    strict=True,
    reason="red team 45: hands_over names '<mailbox>:Inbox' without the level, so a list's Reviewer on "
    "Tom's Inbox raised to Editor before the approval compares equal and the approval is taken unseen "
    "(severity medium)",
)
async def test_a_handover_raised_from_read_to_write_before_the_approve_is_not_approved_unseen(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    other, request_id = await _asked_knowing_toms_inbox_read(flow, tenant, replicated)
    other.exchange(
        "Set-MailboxFolderPermission", Identity=f"{TOM}:\\Inbox", User=FINANCE, AccessRights=["Editor"]
    )
    await replicated()
    shown = other.exchange("Get-MailboxFolderPermission", Identity=f"{TOM}:\\Inbox")
    assert "Editor" in str(shown), shown  # the tenant holds the raised level
    try:
        view = await live_policy.verdict(
            flow.service, flow.live, TENANT, request_id, flow.person(KEN), "approve"
        )
    except DecisionChanged:
        return  # the approval not taken, the decision changed: the fix
    assert view.state is not RequestState.APPROVED, (
        "Ken's approval was taken for write access he was not told of"
    )
