"""Red team 8: a drift revert is decided by "any admin". When the access the revert would take away is an
admin's own (Mike, an Exchange admin, gave himself Full Access to Sales in the admin center), Mike must not
be the one who decides it: his denial would keep access no one else ever agreed to, the four-eyes rule a
requester is held to. The other admins decide; Mike can no longer deny or approve it."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestState
from mailwarden.workflow.live_policy import verdict
from tests.drift.test_scan import ADMIN, _scan
from tests.security import drift_setup
from tests.security.drift_setup import MIKE, SALES, TOM, outside_change, propose_reverts
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
other = drift_setup.other


async def test_an_admin_does_not_decide_the_revert_of_his_own_outside_access(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    assert flow.person(MIKE).is_admin
    await propose_reverts(flow)
    outside_change(
        tenant, MIKE, "Add-MailboxPermission", Identity=SALES, User=MIKE, AccessRights="FullAccess"
    )
    [event] = (await _scan(flow)).events
    assert event.revert_request_id
    revert = flow.service.get(TENANT, event.revert_request_id)
    assert revert.pending_approvers() == [ADMIN]
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert.request_id, flow.person(MIKE), "deny", "mine")
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert.request_id, flow.person(MIKE), "approve", "x")
    assert flow.service.get(TENANT, revert.request_id).state is RequestState.PENDING_APPROVAL


async def test_the_admin_who_made_the_outside_change_does_not_decide_its_revert(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    """Mike gives Tom Full Access to Sales in the admin center; the tenant's audit log names Mike. His
    denial of the revert would keep a change no one else agreed to: another admin decides it."""
    await propose_reverts(flow)
    outside_change(tenant, MIKE, "Add-MailboxPermission", Identity=SALES, User=TOM, AccessRights="FullAccess")
    [event] = (await _scan(flow)).events
    assert event.changed_by == MIKE
    assert event.revert_request_id
    with pytest.raises(NotPermitted, match="made the change"):
        await verdict(
            flow.service, flow.live, TENANT, event.revert_request_id, flow.person(MIKE), "deny", "ok"
        )
    assert flow.service.get(TENANT, event.revert_request_id).state is RequestState.PENDING_APPROVAL
    grace = flow.person(ADMIN)
    done = await verdict(flow.service, flow.live, TENANT, event.revert_request_id, grace, "deny", "keep it")
    assert done.state is RequestState.DENIED


async def test_a_revert_of_access_one_admin_gave_another_still_has_someone_to_decide_it(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    """Grace gives Mike Full Access to Sales in the admin center. Mike may not decide the revert of his own
    access; Grace, who made the change, is then the only admin left to decide it: she may approve it, but
    her denial alone does not keep her own change (sec38, red team 42: a maker never keeps it alone); it is
    held, says why, and the revert waits for another admin."""
    await propose_reverts(flow)
    outside_change(
        tenant, ADMIN, "Add-MailboxPermission", Identity=SALES, User=MIKE, AccessRights="FullAccess"
    )
    [event] = (await _scan(flow)).events
    assert event.changed_by == ADMIN
    assert event.revert_request_id
    assert flow.service.get(TENANT, event.revert_request_id).pending_approvers() == [ADMIN]
    with pytest.raises(NotPermitted):
        await verdict(
            flow.service, flow.live, TENANT, event.revert_request_id, flow.person(MIKE), "deny", "mine"
        )
    with pytest.raises(NotPermitted, match="never kept on its maker's word alone"):
        await verdict(
            flow.service, flow.live, TENANT, event.revert_request_id, flow.person(ADMIN), "deny", "mine too"
        )
    assert flow.service.get(TENANT, event.revert_request_id).state is RequestState.PENDING_APPROVAL
    done = await verdict(
        flow.service, flow.live, TENANT, event.revert_request_id, flow.person(ADMIN), "approve", "undo it"
    )
    assert done.state not in (RequestState.PENDING_APPROVAL, RequestState.DENIED)
