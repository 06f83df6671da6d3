"""Red team 42: sec35 (a drift revert of an outside change no audit record names yet is denied only by two
different admins, live_policy._deny_of_an_unattributed_change) attacked as Mike, an Exchange admin who made
the outside change himself and wants it kept without Grace, the tenant's other admin, agreeing.

Each test sets up what sec35's own tests do: Mike gives Tom Full Access to Sales outside mailwarden; the
drift scan proposes its revert (granted_outside: propose_revert), waiting on Grace and Mike. Each test
asserts what holding the rule means: the revert is still pending once Mike has done all he can alone.
The last one needs no role change: Mike's outside change is about Grace's own mailbox, so revert_approvers
leaves Grace out and Mike is the only decider, attributed or not.

What held (no test here): Mike denying twice (held twice, sec35's own test), Mike denying after the audit
log names him (_not_its_maker refuses him), a held denial by someone who is no admin any more."""

from __future__ import annotations

import contextlib

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestState
from mailwarden.workflow.live_policy import verdict
from tests.conftest import settle
from tests.drift.test_scan import ADMIN, _scan
from tests.security import drift_setup
from tests.security.drift_setup import MIKE, SALES, TOM, outside_change, propose_reverts, unattributed_revert
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
other = drift_setup.other

AVA = "ava.johnson@acme.com"


async def _unattributed_revert(flow: Flow, tenant: TenantState) -> str:
    """Mike gives Tom Full Access to Sales in the admin center; the audit log does not name him yet."""
    revert = await unattributed_revert(flow, tenant)
    assert {ADMIN, MIKE} <= set(flow.service.get(TENANT, revert).pending_approvers())
    return revert


async def test_the_maker_cannot_cancel_the_revert_he_may_not_deny_alone(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    revert = await _unattributed_revert(flow, tenant)
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "expected")
    # Refused is the fix; a cancel that goes through ends the revert and Tom keeps Full Access.
    with contextlib.suppress(NotPermitted):
        flow.service.cancel(TENANT, revert, flow.actor(MIKE))
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL


async def test_a_change_made_through_an_app_is_no_admins_to_keep_alone(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    """Mike makes the change with his own app registration (app-only token, no person signed in): the
    audit log's UserId is the app, not a person; who stands behind it is as unknown as before attribution."""
    await propose_reverts(flow)
    other.exchange("Add-MailboxPermission", Identity=SALES, User=TOM, AccessRights="FullAccess")
    [event] = (await _scan(flow)).events
    assert event.revert_request_id
    assert event.changed_by is not None
    assert flow.org.find(event.changed_by) is None  # no person of the tenant
    revert = event.revert_request_id
    with contextlib.suppress(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "expected")
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL


async def test_demoting_the_other_admin_between_two_denials_does_not_make_him_the_only_one(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    revert = await _unattributed_revert(flow, tenant)
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "expected")
    other.remove_role(ADMIN)  # Mike takes Grace's Exchange admin role away outside mailwarden
    with contextlib.suppress(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "alone now")
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL


async def test_an_admin_made_after_the_change_is_no_second_admin_to_agree(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    revert = await _unattributed_revert(flow, tenant)
    other.add_role(AVA)  # an account Mike controls, given the role after his change
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "expected")
    with contextlib.suppress(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(AVA), "deny", "agreed")
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL


GRACE_OUT = "grace.backup@fabrikam.example"


@pytest.mark.parametrize("lag", [3600, 0], ids=["unattributed", "attributed"])
async def test_the_maker_is_not_the_only_decider_of_a_revert_about_the_other_admin(
    other: OtherAdmin, flow: Flow, tenant: TenantState, lag: int
) -> None:
    """Mike sets Grace's own mailbox to forward to an address outside the organisation. The revert (clear
    the forwarding) is about Grace's mailbox, so Grace does not decide it; Mike, who made the change, is
    left as its only decider."""
    await _scan(flow)
    set_switch(tenant, "audit_log_lag_seconds", lag)
    outside_change(tenant, MIKE, "Set-Mailbox", Identity=ADMIN, ForwardingSmtpAddress=GRACE_OUT)
    [event] = (await _scan(flow)).events
    assert event.kind == "forwarding_external"
    assert (event.changed_by is None) is (lag > 0), event.changed_by
    assert event.revert_request_id
    revert = event.revert_request_id
    with contextlib.suppress(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "expected")
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL


async def test_an_admin_newer_than_the_cache_cannot_deny_her_own_unattributed_change_alone(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    """Ava is given the Exchange admin role after mailwarden read the directory, then gives Tom Full Access
    to Sales in the admin center. The revert is filed waiting on the admins the cache knows (Grace, Mike);
    Ava's denial makes the live routing add her, and the two-admin rule never looks at her."""
    await propose_reverts(flow)
    other.add_role(AVA)
    set_switch(tenant, "audit_log_lag_seconds", 3600)
    outside_change(tenant, AVA, "Add-MailboxPermission", Identity=SALES, User=TOM, AccessRights="FullAccess")
    [event] = (await _scan(flow)).events
    assert event.changed_by is None
    assert event.revert_request_id
    revert = event.revert_request_id
    assert AVA not in flow.service.get(TENANT, revert).pending_approvers()
    with contextlib.suppress(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(AVA), "deny", "expected")
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL


def _set_upn(tenant: TenantState, address: str, upn: str) -> None:
    """The account's userPrincipalName changed in Entra ID (the emulator's Graph does not take a PATCH of
    it, Microsoft's does for a User Administrator): set on the emulator's state directly."""
    with tenant.transaction():
        found = tenant.by_address(address)
        assert found is not None, address
        found.user_principal_name = upn
        tenant.reindex()
        tenant.mark_dirty()


async def test_the_maker_renamed_since_is_still_its_maker(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    await propose_reverts(flow)
    _set_upn(tenant, MIKE, "ms.ops@acme.com")
    outside_change(
        tenant,
        "ms.ops@acme.com",
        "Add-MailboxPermission",
        Identity=SALES,
        User=TOM,
        AccessRights="FullAccess",
    )
    _set_upn(tenant, MIKE, MIKE)
    settle(tenant)  # renamed back before the scan, as the scan reads it
    [event] = (await _scan(flow)).events
    assert event.changed_by == "ms.ops@acme.com"  # attributed, to the UPN Mike held then
    assert event.revert_request_id
    revert = event.revert_request_id
    with contextlib.suppress(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "expected")
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL
