"""The decision a drift revert is filed with is the one the policy makes again on live facts (one builder,
live_policy.revert_decision): approving it restates nothing, and both name the same approvers and reason."""

from __future__ import annotations

import pytest

from mailwarden.drift.policy import save_responses
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import parse_step
from mailwarden.workflow import live_policy
from mailwarden.workflow.live_policy import verdict
from tests.drift.test_scan import ADMIN, SUPPORT, _outside, _scan
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio


async def test_a_proposed_revert_is_filed_with_the_decision_live_policy_makes(
    flow: Flow, tenant: TenantState
) -> None:
    await _scan(flow)
    save_responses(flow.service.store, flow.audit, TENANT, {"granted_outside": "propose_revert"}, by=ADMIN)
    _outside(
        tenant, "Add-MailboxPermission", Identity=SUPPORT, User="john@acme.com", AccessRights="FullAccess"
    )
    [event] = (await _scan(flow)).events
    assert event.revert_request_id
    filed = flow.service.get(TENANT, event.revert_request_id)
    [step] = filed.steps
    again = live_policy._drift_revert(flow.org, parse_step(step.step))
    assert step.decision == again
    await verdict(flow.service, flow.live, TENANT, filed.request_id, flow.person(ADMIN), "approve", "ok")
    assert flow.audit.records(request_id=filed.request_id, event="request.redecided") == []
