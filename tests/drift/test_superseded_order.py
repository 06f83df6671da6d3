"""A drift revert is overtaken by a request that changed the same grant AFTER the revert was proposed,
whenever that request was filed: what counts is when its change took effect (it may have waited days for
its approver), not when it was asked."""

from __future__ import annotations

import pytest

from mailwarden.drift.policy import save_responses
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import MailboxDelegation
from mailwarden.workflow.live_policy import verdict
from mailwarden.workflow.requests import advance
from tests.drift.test_scan import ADMIN, SUPPORT, _now, _outside, _request, _scan
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio

JOHN, SARAH = "john@acme.com", "sarah@acme.com"


def _john_has_full_access(tenant: TenantState) -> bool:
    box, john = tenant.find(SUPPORT), tenant.find(JOHN)
    assert box is not None
    assert john is not None
    return any(entry.trustee_id == john.id for entry in box.full_access)


async def test_a_request_filed_before_the_revert_but_applied_after_it_overtakes_it(
    flow: Flow, tenant: TenantState
) -> None:
    await _scan(flow)
    save_responses(flow.service.store, flow.audit, TENANT, {"granted_outside": "propose_revert"}, by=ADMIN)
    # John asks for Full Access on Support; it waits for Sarah, its owner.
    asked = await _request(flow, JOHN, MailboxDelegation(change="grant", mailbox=SUPPORT, trustee=JOHN))
    assert asked.state is RequestState.PENDING_APPROVAL, asked.state
    # Meanwhile an admin gives it to him in the admin center; the scan proposes to take it back.
    _outside(tenant, "Add-MailboxPermission", Identity=SUPPORT, User=JOHN, AccessRights="FullAccess")
    [event] = (await _scan(flow)).events
    assert event.revert_request_id
    # ... and takes it away again there, so John's request runs as previewed when Sarah approves it.
    _outside(tenant, "Remove-MailboxPermission", Identity=SUPPORT, User=JOHN, AccessRights="FullAccess")
    _now(flow)
    await verdict(flow.service, flow.live, TENANT, asked.request_id, flow.person(SARAH), "approve", "ok")
    done = await advance(flow.service, flow.ctx, TENANT, asked.request_id, check=flow.check)
    assert [s.status for s in done.steps] == ["applied"]
    # The admin later approves the revert proposed before Sarah's approval: it must not undo it.
    _now(flow)
    await verdict(
        flow.service, flow.live, TENANT, event.revert_request_id, flow.person(ADMIN), "approve", "undo it"
    )
    ran = await advance(flow.service, flow.ctx, TENANT, event.revert_request_id, check=flow.check)
    assert _john_has_full_access(tenant), "the access Sarah approved was taken away by an older revert"
    [step] = ran.steps
    assert step.status == "refused"
    assert asked.request_id in str((step.outcome or {}).get("message"))
