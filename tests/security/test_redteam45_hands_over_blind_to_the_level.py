"""Red team 45, attack on sec43's hands_over: a list add's hands_over names each mailbox with its right
("<mailbox id>:Inbox"), never the level, so a handover raised from reading to writing compares equal.

finance-team holds Reviewer on Tom Becker's Inbox (its members read his mail). Grace asks to add John to
finance-team; the decision (four eyes on list access) hands over "<Tom>:Inbox" and waits for Ken. Before
Ken approves, another admin raises finance-team's permission on Tom's Inbox to Editor: its members may now
also delete and change his mail, and create items in it. At Ken's approval the fresh decision hands over
"<Tom>:Inbox" again; redecision compares hands_over and finds no change, so Ken's approval is taken for an
add that now gives write access to a colleague's Inbox, which nobody deciding was told of. A Calendar
permission raised from Reviewer to Editor gave "<Tom>:Calendar" either way by the same code
(policy/entities.py `_list_access`).

Fixed (sec45): a folder permission is handed over with its level ("<Tom>:Inbox:reviewer"); a decision
stored before levels were named ("<Tom>:Inbox") never compares equal to one that names them, so an approval
pending across the upgrade is asked again rather than taken for a level it was not told of.

Driven through the live decision against the emulator over HTTP, as red team 44's list-access tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import update

from mailwarden.emulator.state import TenantState
from mailwarden.errors import DecisionChanged
from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.store.tables import RequestStepRow
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
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]], *, calendar: bool = False
) -> tuple[OtherAdmin, str]:
    """finance-team reads Tom's Inbox (Reviewer), and with `calendar` his calendar too (Reviewer); Grace asks
    to add John to it; the decision names what the add hands over and waits for Ken."""
    other = OtherAdmin(tenant)
    other.add_role(KEN)
    for folder in ("Inbox", "Calendar") if calendar else ("Inbox",):
        other.exchange(
            "Add-MailboxFolderPermission",
            Identity=f"{TOM}:\\{folder}",
            User=FINANCE,
            AccessRights=["Reviewer"],
        )
    await replicated()
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace = flow.person(GRACE)
    step = DistributionListMembership(change="add", group=FINANCE, member=JOHN)
    [planned] = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    assert isinstance(planned.decision, ApprovalRequired), planned.decision
    assert planned.decision.approvers == [KEN], planned.decision
    assert any(":Inbox" in h for h in planned.decision.hands_over), planned.decision.hands_over
    assert any(":Calendar" in h for h in planned.decision.hands_over) is calendar, planned.decision.hands_over
    assert "access to the Inbox (Reviewer)" in planned.decision.reason, planned.decision.reason  # Ken is told
    view = flow.service.submit(TENANT, flow.actor(GRACE), [planned])
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(GRACE))
    assert view.state is RequestState.PENDING_APPROVAL, view.state
    return other, view.request_id


async def _approved_unseen(flow: Flow, request_id: str) -> bool:
    """Whether Ken's approval is taken as given (not stopped as a changed decision, nor re-opened)."""
    try:
        view = await live_policy.verdict(
            flow.service, flow.live, TENANT, request_id, flow.person(KEN), "approve"
        )
    except DecisionChanged:
        return False
    return view.state is RequestState.APPROVED


async def test_control_the_approval_stands_when_the_handover_is_unchanged(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    _, request_id = await _asked_knowing_toms_inbox_read(flow, tenant, replicated)
    assert await _approved_unseen(flow, request_id)


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
    assert not await _approved_unseen(flow, request_id), (
        "Ken's approval was taken for write access he was not told of"
    )


async def test_control_the_approval_stands_when_the_calendar_handover_is_unchanged(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    _, request_id = await _asked_knowing_toms_inbox_read(flow, tenant, replicated, calendar=True)
    assert await _approved_unseen(flow, request_id)


async def test_a_calendar_handover_raised_from_read_to_write_before_the_approve_is_not_approved_unseen(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    other, request_id = await _asked_knowing_toms_inbox_read(flow, tenant, replicated, calendar=True)
    other.exchange(
        "Set-MailboxFolderPermission", Identity=f"{TOM}:\\Calendar", User=FINANCE, AccessRights=["Editor"]
    )
    await replicated()
    assert not await _approved_unseen(flow, request_id), (
        "Ken's approval was taken for editing Tom's calendar, which he was not told of"
    )


async def test_an_approval_pending_across_the_upgrade_does_not_cover_the_level(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """A decision stored before hands_over named levels ("<Tom>:Inbox") told of no level: Ken's approval under
    it is not taken for the Reviewer the add hands over, though nothing changed in the tenant since."""
    _, request_id = await _asked_knowing_toms_inbox_read(flow, tenant, replicated)
    [step] = flow.service.get(TENANT, request_id).steps
    assert isinstance(step.decision, ApprovalRequired)
    before_levels = [":".join(h.split(":")[:2]) for h in step.decision.hands_over]
    assert before_levels != step.decision.hands_over, step.decision.hands_over
    stored = step.decision.model_copy(update={"hands_over": before_levels})
    with flow.service.store.session() as session:
        session.execute(
            update(RequestStepRow)
            .where(RequestStepRow.request_id == request_id)
            .values(decision=stored.model_dump(mode="json"))
        )
    assert not await _approved_unseen(flow, request_id), "an approval given before levels covered the level"
    assert flow.service.get(TENANT, request_id).state is RequestState.DENIED  # stopped: asked anew
