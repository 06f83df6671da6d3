"""Red team 8: a drift revert is a request like any other, so what the policy always denies stays denied.
Tom left: his account was disabled and an admin took his Full Access to Support away in the admin center.
With "removed outside" set to propose a revert, the scan proposes giving it back; an admin approving the
queue of reverts must not hand a disabled account Full Access (DESIGN §5: always denied, for everyone)."""

from __future__ import annotations

import pytest

from mailwarden.drift.policy import save_responses
from mailwarden.emulator.state import TenantState
from mailwarden.errors import DecisionChanged
from mailwarden.model.requests import RequestState
from mailwarden.workflow.live_policy import verdict
from mailwarden.workflow.requests import advance
from tests.drift.test_scan import ADMIN, SUPPORT, _scan
from tests.security.drift_setup import outside_change
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import _has_full_access

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

TOM = "tom.becker@acme.com"


async def test_a_revert_never_gives_a_disabled_account_access(flow: Flow, tenant: TenantState) -> None:
    assert _has_full_access(tenant, SUPPORT, TOM)
    await _scan(flow)
    save_responses(flow.service.store, flow.audit, TENANT, {"removed_outside": "propose_revert"}, by=ADMIN)
    OtherAdmin(tenant).set_enabled(TOM, False)
    outside_change(
        tenant, ADMIN, "Remove-MailboxPermission", Identity=SUPPORT, User=TOM, AccessRights="FullAccess"
    )
    [event] = (await _scan(flow)).events
    assert event.revert_request_id
    revert = flow.service.get(TENANT, event.revert_request_id)
    assert revert.state is RequestState.PENDING_APPROVAL
    # The admin approves it as the queue shows it; the policy, asked again, stops it.
    with pytest.raises(DecisionChanged):
        await verdict(flow.service, flow.live, TENANT, revert.request_id, flow.person(ADMIN), "approve")
    ran = await advance(flow.service, flow.ctx, TENANT, revert.request_id, check=flow.check)
    assert ran.state is RequestState.DENIED, ran.state
    assert not _has_full_access(tenant, SUPPORT, TOM), "a drift revert gave a disabled account Full Access"
