"""Red team 43: an admin's revoke of a security group's Full Access or Send As is planned "already" and the
group keeps the right.

Get-MailboxPermission / Get-RecipientPermission print a group trustee by its Exchange Name, which need be
neither its alias nor its display name (red team 32: 'EA security 2019' for 'Exec assistants'). The
preview made when a request is planned is not bound to objects yet, and `_delegation.trustee_entries` then
matches the printed holders with `identify` on the cached directory: the group's Name names no one, so
the group is read as holding nothing. Grace (admin) asks mailwarden to take Full Access (or Send As) on
hr@ away from 'HR auditors' (Name 'HR auditors 2019', alias 'hr-auditors'): the preview says "HR auditors
already has no Full Access to Human Resources", the request completes with no write sent (sec36's write
is sent only for a step that reaches the executor) and the group keeps the right while the record says it
is gone (an incident response that leaves a group on the HR mailbox). With the group's Name 'Tom Becker'
(Tom's display name) the same. Driven against the emulator over HTTP."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import MailboxDelegation, SendAs, Step
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.conftest import discovered_context
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_write_by_object_id import ADMIN

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
Replicated = Callable[[], Awaitable[None]]

HR, GROUP = "hr@acme.com", "hr-auditors@acme.com"


def _group_holding(tenant: TenantState, name: str, right: str) -> Step:
    outside_cmdlet(
        tenant,
        ADMIN,
        "New-DistributionGroup",
        Name=name,
        DisplayName="HR auditors",
        Alias="hr-auditors",
        Type="Security",
    )
    if right == "FullAccess":
        outside_cmdlet(
            tenant, ADMIN, "Add-MailboxPermission", Identity=HR, User=GROUP, AccessRights="FullAccess"
        )
        return MailboxDelegation(change="revoke", mailbox=HR, trustee=GROUP)
    outside_cmdlet(
        tenant, ADMIN, "Add-RecipientPermission", Identity=HR, Trustee=GROUP, AccessRights="SendAs"
    )
    return SendAs(change="revoke", mailbox=HR, trustee=GROUP)


def _holds(tenant: TenantState, right: str) -> bool:
    box, group = tenant.address_owner(HR), tenant.address_owner(GROUP)
    assert box is not None
    assert group is not None
    if right == "FullAccess":
        return any(g.trustee_id == group.id for g in box.full_access)
    return group.id in box.send_as


async def _revoke(flow: Flow, step: Step) -> RequestView:
    """Grace files, confirms and runs the revoke (the directory read again: the group is new)."""
    flow.ctx = await discovered_context(flow.ctx.clients)
    grace = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, grace, [step], await flow.live.decider(grace, [step]))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    if view.state is RequestState.NEEDS_CONFIRMATION:
        view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    if view.state is RequestState.APPROVED:
        view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    return view


@pytest.mark.parametrize("right", ["FullAccess", "SendAs"])
async def test_the_control_a_group_named_by_its_alias_loses_the_right(
    flow: Flow, tenant: TenantState, replicated: Replicated, right: str
) -> None:
    step = _group_holding(tenant, "hr-auditors", right)
    await replicated()
    assert _holds(tenant, right)
    view = await _revoke(flow, step)
    assert not _holds(tenant, right), view.steps


@pytest.mark.parametrize("name", ["HR auditors 2019", "Tom Becker"])
@pytest.mark.parametrize("right", ["FullAccess", "SendAs"])
async def test_a_revoke_of_a_right_a_group_holds_under_a_name_of_its_own_takes_it_away(
    flow: Flow, tenant: TenantState, replicated: Replicated, right: str, name: str
) -> None:
    step = _group_holding(tenant, name, right)
    await replicated()
    assert _holds(tenant, right)
    view = await _revoke(flow, step)
    assert not _holds(tenant, right), view.steps
