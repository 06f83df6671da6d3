"""Fix of red team 40's third finding: while no audit record names who made an outside change, one admin's
denial of its revert does not keep it (the maker may be the admin denying). Two different admins of those
who decide the revert must deny it; approving it stays open to any of them; the only admin who may decide
it denies alone. Changes made through Graph (Microsoft 365 group members, calendar permissions) are never
named by the audit log mailwarden reads: the same rule holds for them, for as long as they are pending."""

from __future__ import annotations

import pytest

from mailwarden.drift.records import get_event
from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestState
from mailwarden.workflow.live_policy import DENY_AGREED, DENY_ALONE, DENY_HELD, verdict
from tests.drift.test_scan import ADMIN, _scan
from tests.security import drift_setup
from tests.security.drift_setup import MIKE, TOM, propose_reverts, unattributed_revert
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
other = drift_setup.other

PHOENIX = "project-phoenix@acme.com"


async def test_a_second_admins_denial_denies_it_and_both_are_audited(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    revert = await unattributed_revert(flow, tenant)
    with pytest.raises(NotPermitted, match=r"not known yet.*another admin \(grace") as refused:
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "expected")
    assert "Your denial is recorded" in str(refused.value)
    # Saying it again is still one admin's denial.
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "really")
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL
    held = flow.audit.records(request_id=revert, event=DENY_HELD)
    assert [r.actor for r in held] == [MIKE, MIKE]
    assert held[0].detail["justification"] == "expected"
    assert "not known yet" in str(held[0].detail["reason"])

    done = await verdict(flow.service, flow.live, TENANT, revert, flow.person(ADMIN), "deny", "agreed")
    assert done.state is RequestState.DENIED
    [agreed] = flow.audit.records(request_id=revert, event=DENY_AGREED)
    assert (agreed.actor, agreed.detail["first"]) == (ADMIN, MIKE)
    assert [r.actor for r in flow.audit.records(request_id=revert, event="approval.denied")] == [ADMIN]


async def test_any_admin_approves_the_revert_alone(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    revert = await unattributed_revert(flow, tenant)
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(ADMIN), "deny", "keep it")
    done = await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "approve", "undo it")
    assert done.state is not RequestState.PENDING_APPROVAL
    assert done.state is not RequestState.DENIED


async def test_a_first_denier_who_is_no_longer_an_admin_does_not_count(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    revert = await unattributed_revert(flow, tenant)
    with pytest.raises(NotPermitted):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "expected")
    other.remove_role(MIKE)  # Mike is no admin now: his denial is no second admin's agreement
    # Grace is the only admin now, but only since the revert was filed (security 41: who took the other's
    # role away is not known, and may be her): her denial is held too, never agreed with Mike's.
    with pytest.raises(NotPermitted, match="only since it was filed"):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(ADMIN), "deny", "alone now")
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL
    assert flow.audit.records(request_id=revert, event=DENY_AGREED) == []
    assert flow.audit.records(request_id=revert, event=DENY_ALONE) == []
    assert [r.actor for r in flow.audit.records(request_id=revert, event=DENY_HELD)] == [MIKE, ADMIN]


async def test_a_change_made_through_graph_is_never_one_admins_to_keep(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    """Mike adds Tom to Project Phoenix (a Microsoft 365 group) through Graph: the audit log mailwarden
    reads never names who did (Entra records), however long one waits. His denial alone is refused."""
    await propose_reverts(flow)
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{other.id_of(TOM)}"}
    other.graph("POST", f"/groups/{other.id_of(PHOENIX)}/members/$ref", ref)
    [event] = (await _scan(flow)).events
    assert (event.resource, event.holder) == (PHOENIX, TOM)
    assert event.revert_request_id
    assert (await _scan(flow)).events == []
    later = get_event(flow.service.store, TENANT, event.event_id)
    assert later is not None
    assert later.changed_by is None
    revert = event.revert_request_id
    with pytest.raises(NotPermitted, match="through Graph"):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "expected")
    assert flow.service.get(TENANT, revert).state is RequestState.PENDING_APPROVAL
    done = await verdict(flow.service, flow.live, TENANT, revert, flow.person(ADMIN), "deny", "agreed")
    assert done.state is RequestState.DENIED
