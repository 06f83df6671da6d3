"""Red team 8: a drift revert waits for an admin, maybe for days. If meanwhile the grant went through
mailwarden's own process (John gave up the Full Access an admin had given him outside, asked for it, and
Support's owner approved it), the tenant looks as it did when the revert was proposed, so its preview still
matches. Approving the stale revert must not take away access the owner has just approved: the revert is
stopped, and says which request decided it."""

from __future__ import annotations

import pytest

from mailwarden.drift.policy import save_responses
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import MailboxDelegation
from mailwarden.workflow.live_policy import verdict
from mailwarden.workflow.requests import advance
from tests.drift.test_scan import ADMIN, SUPPORT, _request, _scan
from tests.security.drift_setup import outside_change
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

JOHN, SARAH = "john@acme.com", "sarah@acme.com"


def _john_has_full_access(tenant: TenantState) -> bool:
    box = tenant.find(SUPPORT)
    john = tenant.find(JOHN)
    assert box is not None
    assert john is not None
    return any(entry.trustee_id == john.id for entry in box.full_access)


async def test_a_revert_proposed_before_the_grant_was_approved_does_not_take_it_away(
    flow: Flow, tenant: TenantState
) -> None:
    await _scan(flow)
    save_responses(flow.service.store, flow.audit, TENANT, {"granted_outside": "propose_revert"}, by=ADMIN)
    outside_change(
        tenant, ADMIN, "Add-MailboxPermission", Identity=SUPPORT, User=JOHN, AccessRights="FullAccess"
    )
    [event] = (await _scan(flow)).events
    assert event.revert_request_id
    # John gives it up, then asks for it the proper way; Sarah, Support's owner, approves it.
    gone = await _request(flow, JOHN, MailboxDelegation(change="revoke", mailbox=SUPPORT, trustee=JOHN))
    assert gone.state is RequestState.COMPLETED, gone.state
    asked = await _request(flow, JOHN, MailboxDelegation(change="grant", mailbox=SUPPORT, trustee=JOHN))
    assert asked.state is RequestState.PENDING_APPROVAL, asked.state
    await verdict(flow.service, flow.live, TENANT, asked.request_id, flow.person(SARAH), "approve", "ok")
    done = await advance(flow.service, flow.ctx, TENANT, asked.request_id, check=flow.check)
    assert done.state is RequestState.COMPLETED, (done.state, [s.status for s in done.steps])
    # Days later the admin works through the drift queue and approves the old revert.
    revert = flow.service.get(TENANT, event.revert_request_id)
    assert revert.state is RequestState.PENDING_APPROVAL
    await verdict(
        flow.service, flow.live, TENANT, revert.request_id, flow.person(ADMIN), "approve", "undo it"
    )
    ran = await advance(flow.service, flow.ctx, TENANT, revert.request_id, check=flow.check)
    assert _john_has_full_access(tenant), "the access Sarah approved was taken away by a stale revert"
    [step] = ran.steps
    assert step.status == "refused"
    assert asked.request_id in str((step.outcome or {}).get("message"))
