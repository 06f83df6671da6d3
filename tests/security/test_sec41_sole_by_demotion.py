"""Security 41, item 1: an admin who takes the other admin's role away after an outside change is no sole
admin of its revert. The sole-admin exception (`DENY_ALONE`, DESIGN §5) counts only for an admin who was
already the only one deciding the revert when the scan filed it; one who became the only one since (another
admin's role removed, or account disabled) denies into the hold (`DENY_HELD`, saying why)."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestState
from mailwarden.workflow.live_policy import DENY_ALONE, DENY_HELD, verdict
from tests.drift.test_scan import ADMIN
from tests.security import drift_setup
from tests.security.drift_setup import MIKE, unattributed_revert
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
other = drift_setup.other


async def test_demoting_the_only_other_admin_does_not_make_a_sole_admin(
    other: OtherAdmin, tenant: TenantState, flow: Flow
) -> None:
    """Mike (admin) makes the change, takes Grace's Exchange admin role away, then denies the revert with a
    justification as if he were the tenant's only admin: held, and the audit says why."""
    revert = await unattributed_revert(flow, tenant, MIKE)
    assert set(flow.service.get(TENANT, revert).pending_approvers()) == {ADMIN, MIKE}
    other.remove_role(ADMIN)
    with pytest.raises(NotPermitted, match="only since it was filed") as refused:
        await verdict(
            flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "I am the only admin"
        )
    assert ADMIN in str(refused.value)
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL
    assert flow.audit.records(request_id=revert, event=DENY_ALONE) == []
    [held] = flow.audit.records(request_id=revert, event=DENY_HELD)
    assert held.actor == MIKE
    assert held.detail["reason"] == str(refused.value)
    assert held.detail["justification"] == "I am the only admin"
    # His vote is recorded, not a sole admin's denial: saying it again is held again.
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "again")
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL
    # Approving the revert stays open to him.
    done = await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "approve", "fine")
    assert done.state not in (RequestState.PENDING_APPROVAL, RequestState.DENIED)


async def test_disabling_the_only_other_admin_does_not_make_a_sole_admin(
    other: OtherAdmin, tenant: TenantState, flow: Flow
) -> None:
    revert = await unattributed_revert(flow, tenant, MIKE)
    other.set_enabled(ADMIN, False)
    with pytest.raises(NotPermitted, match="only since it was filed"):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "alone")
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL


async def test_an_admin_sole_when_the_revert_was_filed_still_denies_alone(
    tenant: TenantState, flow: Flow
) -> None:
    """Grace is the tenant's only admin throughout: her denial of the revert keeps the change (DESIGN §5),
    and the audit says she denied alone."""
    revert = await unattributed_revert(flow, tenant, ADMIN)
    assert flow.service.get(TENANT, revert).pending_approvers() == [ADMIN]
    done = await verdict(flow.service, flow.live, TENANT, revert, flow.person(ADMIN), "deny", "mine, keep")
    assert done.state is RequestState.DENIED
    assert [r.actor for r in flow.audit.records(request_id=revert, event=DENY_ALONE)] == [ADMIN]
    assert flow.audit.records(request_id=revert, event=DENY_HELD) == []
