"""Fix of red team 42's findings on sec35's two-admin denial of a drift revert: a revert about an admin's own
mailbox is decided by her too when a single other admin is left (he may be its maker), its maker's denial is
held and says why, and an application named by the audit log is no known maker."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestState
from mailwarden.workflow.live_policy import DENY_HELD, verdict
from tests.drift.test_scan import ADMIN, _scan
from tests.security import drift_setup
from tests.security.drift_setup import MIKE, SALES, TOM, outside_change, propose_reverts
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
other = drift_setup.other

GRACE_OUT = "grace.backup@fabrikam.example"
AVA = "ava.johnson@acme.com"


async def _revert_of_graces_forwarding(flow: Flow, tenant: TenantState, lag: int) -> str:
    await _scan(flow)
    set_switch(tenant, "audit_log_lag_seconds", lag)
    outside_change(tenant, MIKE, "Set-Mailbox", Identity=ADMIN, ForwardingSmtpAddress=GRACE_OUT)
    [event] = (await _scan(flow)).events
    assert event.revert_request_id
    return event.revert_request_id


@pytest.mark.parametrize("lag", [3600, 0], ids=["unattributed", "attributed"])
async def test_the_admin_whose_mail_it_is_decides_its_revert_with_the_maker(
    other: OtherAdmin, flow: Flow, tenant: TenantState, lag: int
) -> None:
    revert = await _revert_of_graces_forwarding(flow, tenant, lag)
    assert set(flow.service.get(TENANT, revert).pending_approvers()) == {ADMIN, MIKE}
    with pytest.raises(NotPermitted, match="another admin") as refused:
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "keep it")
    assert ADMIN in str(refused.value)
    [held] = flow.audit.records(request_id=revert, event=DENY_HELD)
    assert held.actor == MIKE
    assert held.detail["reason"] == str(refused.value)
    done = await verdict(flow.service, flow.live, TENANT, revert, flow.person(ADMIN), "approve", "undo it")
    assert done.state not in (RequestState.PENDING_APPROVAL, RequestState.DENIED)


async def test_the_owner_of_the_mail_may_deny_a_revert_the_maker_did_not(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    """Once the audit log names Mike, Grace's denial (she keeps the forwarding of her own mail) goes on."""
    revert = await _revert_of_graces_forwarding(flow, tenant, 0)
    done = await verdict(flow.service, flow.live, TENANT, revert, flow.person(ADMIN), "deny", "I asked him")
    assert done.state is RequestState.DENIED


async def test_an_app_named_as_maker_says_so_when_holding_a_denial(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    await propose_reverts(flow)
    other.exchange("Add-MailboxPermission", Identity=SALES, User=TOM, AccessRights="FullAccess")
    [event] = (await _scan(flow)).events
    assert event.revert_request_id
    with pytest.raises(NotPermitted, match="no person of the tenant now"):
        await verdict(
            flow.service, flow.live, TENANT, event.revert_request_id, flow.person(MIKE), "deny", "x"
        )
    done = await verdict(
        flow.service, flow.live, TENANT, event.revert_request_id, flow.person(ADMIN), "deny", "agreed"
    )
    assert done.state is RequestState.DENIED


async def test_a_drift_revert_is_denied_not_cancelled_and_the_refusal_says_why(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    revert = await _revert_of_graces_forwarding(flow, tenant, 3600)
    for admin in (MIKE, ADMIN):
        with pytest.raises(NotPermitted, match=r"not cancelled.*Deny it"):
            flow.service.cancel(TENANT, revert, flow.actor(admin))
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL
    refused = flow.audit.records(request_id=revert, event="request.cancel_refused")
    assert [r.actor for r in refused] == [MIKE, ADMIN]


async def test_an_admin_made_after_filing_neither_agrees_nor_is_agreed_with(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    """Ava, made an admin after the revert was filed, denies after Mike: held, and saying why; Mike denying
    again does not take her held denial as a first one. Grace, who decided it when filed, agrees."""
    await propose_reverts(flow)
    set_switch(tenant, "audit_log_lag_seconds", 3600)
    outside_change(tenant, MIKE, "Add-MailboxPermission", Identity=SALES, User=TOM, AccessRights="FullAccess")
    [event] = (await _scan(flow)).events
    revert = event.revert_request_id
    assert revert
    other.add_role(AVA)
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "expected")
    with pytest.raises(NotPermitted, match="only after it was filed"):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(AVA), "deny", "agreed")
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "again")
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL
    done = await verdict(flow.service, flow.live, TENANT, revert, flow.person(ADMIN), "deny", "agreed")
    assert done.state is RequestState.DENIED
