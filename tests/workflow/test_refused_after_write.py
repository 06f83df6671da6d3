"""A request's grant whose check, read again after the write, refuses it now (sec56): a guest put in the
group inside the reads' lag, after the run's last read before the write. The request's step says so and
that mailwarden took the grant back, and the audit log flags it for an admin. Without the lag the run's
own check sees the guest first: refused, nothing written, nothing to flag."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import MailboxDelegation
from mailwarden.workflow.requests import advance, plan_steps, submit
from tests.conftest import settle
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT

pytestmark = pytest.mark.anyio

ADMIN, OWNER, TEAM = "grace.hopper@acme.com", "sarah@acme.com", "finance-team@acme.com"


async def test_a_grant_refused_after_its_write_is_taken_back_and_flagged(
    flow: Flow, tenant: TenantState, replication_lag: int
) -> None:
    step = MailboxDelegation(change="grant", mailbox=SUPPORT, trustee=TEAM)
    planned = await plan_steps(
        flow.ctx, flow.person(ADMIN), [step], flow.decide, service=flow.service, tenant=TENANT
    )
    await flow.ctx.clients.exchange.add_distribution_group_member(TEAM, "vera@vendorco.example")  # in the lag
    view = await submit(
        flow.service, flow.ctx, TENANT, flow.actor(ADMIN), planned, confirm=True, check=flow.check
    )
    if view.state is RequestState.PENDING_APPROVAL:
        flow.service.approve(TENANT, view.request_id, flow.actor(OWNER))
        view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)

    [ran] = view.steps
    assert ran.status == "refused", ran.outcome
    message = str((ran.outcome or {}).get("message"))
    assert "Vera Vendor" in message, message
    assert "did not show it" not in message
    settle(tenant)
    team, support = tenant.find(TEAM), tenant.find(SUPPORT)
    assert team is not None
    assert support is not None
    assert team.id not in {g.trustee_id for g in support.full_access}
    flagged = flow.audit.records(request_id=view.request_id, event="step.refused_after_write")
    if not replication_lag:
        assert flagged == []
        return
    assert "took it back" in message, message
    [record] = flagged
    assert record.detail is not None
    assert record.detail["kept"] is False
    assert "contains guest Vera Vendor" in str(record.detail["reason"])
