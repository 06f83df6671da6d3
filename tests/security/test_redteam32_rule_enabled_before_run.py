"""Red team 32: a rule turned on between a self-join's confirmation and its run.

John's join of the open exec-assist list is allowed while Maria's Inbox rule to it is disabled, and confirmed;
the rule is turned on before the step runs. The run decides the step again on facts read right before its
write (LivePolicy.step_check, which reads what the list receives), so the join stops instead of handing
Maria's mail over. (A check of the existing design, attempted as an attack: it held on main.)"""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed
from mailwarden.model.requests import RequestState
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.conftest import discovered_context
from tests.security.test_sec24_forwarded_to_group import EXEC, JOHN, MARIA, _join, _open_list
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


def _members(tenant: TenantState) -> set[str]:
    with tenant.transaction():
        group = tenant.by_address(EXEC)
        assert group is not None
        return {r.primary_smtp for m in group.members if (r := tenant.get(m)) is not None}


async def test_a_rule_enabled_after_confirmation_stops_the_join(flow: Flow, tenant: TenantState) -> None:
    other = _open_list(tenant)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to assistants", ForwardTo=[EXEC])
    other.exchange("Disable-InboxRule", Mailbox=MARIA, Identity="to assistants")
    flow.ctx = await discovered_context(flow.ctx.clients)
    john, step = flow.person(JOHN), _join(JOHN)
    [planned] = await plan_steps(flow.ctx, john, [step], await flow.live.decider(john, [step]))
    assert isinstance(planned.decision, Allowed), planned.decision
    view = flow.service.submit(TENANT, flow.actor(JOHN), [planned])
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(JOHN))
    assert view.state is RequestState.APPROVED, view.state

    other.exchange("Enable-InboxRule", Mailbox=MARIA, Identity="to assistants")
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)

    assert view.state is not RequestState.COMPLETED, view
    assert JOHN not in _members(tenant)
    [ran] = view.steps
    assert ran.status == "refused", ran
    assert "decision changed" in str((ran.outcome or {}).get("message")).lower(), ran.outcome
