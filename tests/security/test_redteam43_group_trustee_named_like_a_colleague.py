"""Red team 43: a right on hr@ held by a security group whose Exchange Name is a colleague's display name.

sec37 placed GrantSendOnBehalfTo Names live in `delegates_of` (the policy's "an employee may view a
mailbox they are a delegate of"), but Full Access and Send As holders are still placed with `identify` on
the cached directory. Get-MailboxPermission / Get-RecipientPermission print a user by UPN and a group by
its Name; a security group named 'Tom Becker' (Tom's display name; Tom's own Name is 'tom.becker', the
group's display name 'HR auditors', its alias 'hr-auditors') given Full Access or Send As on hr@ is read
as Tom (`identify` falls back to a display name only one recipient carries): Tom, no member of the group
and no delegate of hr@, may then view hr@'s permissions and details; the access view of hr@ (what Tom's
reviewer and an admin read) shows the right as Tom's and hides the group. Driven against the emulator over
HTTP."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from mailwarden.access.grants import grants_on_mailbox
from mailwarden.actions.base import ActionContext
from mailwarden.actions.views import delegates_of
from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Denied
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ViewMailboxDetails, ViewMailboxPermissions
from mailwarden.policy import Org, PolicyEngine
from mailwarden.workflow.redact import read_decision
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
Replicated = Callable[[], Awaitable[None]]

HR, TOM, ADMIN = "hr@acme.com", "tom.becker@acme.com", "grace.hopper@acme.com"
GROUP = "hr-auditors@acme.com"


@dataclass
class _Reader:
    ctx: ActionContext
    requester: Recipient
    engine: PolicyEngine
    org: Org


def _reader(flow: Flow, who: str) -> _Reader:
    return _Reader(flow.ctx, flow.person(who), flow.engine, flow.org)


def _group_named_like_tom(tenant: TenantState, *, right: str) -> None:
    outside_cmdlet(
        tenant,
        ADMIN,
        "New-DistributionGroup",
        Name="Tom Becker",
        DisplayName="HR auditors",
        Alias="hr-auditors",
        Type="Security",
    )
    if right == "FullAccess":
        outside_cmdlet(
            tenant, ADMIN, "Add-MailboxPermission", Identity=HR, User=GROUP, AccessRights="FullAccess"
        )
    else:
        outside_cmdlet(
            tenant, ADMIN, "Add-RecipientPermission", Identity=HR, Trustee=GROUP, AccessRights="SendAs"
        )


async def test_the_control_tom_may_not_view_hr(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    outside_cmdlet(
        tenant, ADMIN, "New-DistributionGroup", Name="HR auditors", Alias="hr-auditors", Type="Security"
    )
    outside_cmdlet(tenant, ADMIN, "Add-MailboxPermission", Identity=HR, User=GROUP, AccessRights="FullAccess")
    await replicated()
    tom = flow.person(TOM)
    assert tom.alias == "tom.becker", tom
    assert tom.recipient_id not in await delegates_of(flow.ctx, flow.person(HR))
    decision = await read_decision(_reader(flow, TOM), ViewMailboxPermissions(mailbox=HR))
    assert isinstance(decision, Denied), decision


@pytest.mark.parametrize("right", ["FullAccess", "SendAs"])
async def test_a_group_named_like_tom_holding_a_right_on_hr_lets_no_one_but_its_members_view_hr(
    flow: Flow, tenant: TenantState, replicated: Replicated, right: str
) -> None:
    _group_named_like_tom(tenant, right=right)
    await replicated()
    for step in (ViewMailboxPermissions(mailbox=HR), ViewMailboxDetails(mailbox=HR)):
        decision = await read_decision(_reader(flow, TOM), step)
        assert isinstance(decision, Denied), (step, decision)
    delegates = await delegates_of(flow.ctx, flow.person(HR))
    assert flow.person(TOM).recipient_id not in delegates, delegates


@pytest.mark.parametrize("right", ["FullAccess", "SendAs"])
async def test_the_access_view_shows_the_group_not_tom(
    flow: Flow, tenant: TenantState, replicated: Replicated, right: str
) -> None:
    _group_named_like_tom(tenant, right=right)
    await replicated()
    held = [
        (g.kind, g.holder_address)
        for g in await grants_on_mailbox(flow.ctx, flow.person(HR))
        if g.kind != "member"
    ]
    assert not [h for h in held if h[1] == TOM], held
    assert [h for h in held if h[1] == GROUP], held
