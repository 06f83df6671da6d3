"""Red team 40: the admin who made an outside change does not decide its revert (live_policy._not_its_maker),
but only once the tenant's audit log names them. Exchange's admin actions reach the unified audit log 60 to
90 minutes late (no guarantee), and the drift scan files the revert before that: in that window the maker's
denial is accepted, and the change stays that no one else agreed to. The later attribution names them, too
late: the revert is denied and done with.

Steps: Mike (an Exchange admin) gives Tom Full Access to Sales in the admin center; the scan finds it and
proposes its revert (granted_outside: propose_revert) with "changed by" unknown yet; Mike denies the revert
at once ("expected"). Tom keeps Full Access to Sales without any other admin's agreement."""

from __future__ import annotations

import contextlib

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
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


async def test_the_maker_cannot_deny_the_revert_before_the_audit_log_names_him(
    other: OtherAdmin, flow: Flow, tenant: TenantState
) -> None:
    await propose_reverts(flow)
    set_switch(tenant, "audit_log_lag_seconds", 3600)  # Microsoft: typically 60 to 90 minutes
    outside_change(tenant, MIKE, "Add-MailboxPermission", Identity=SALES, User=TOM, AccessRights="FullAccess")
    [event] = (await _scan(flow)).events
    assert event.changed_by is None  # not known yet: the scan gives a window, not a name
    assert event.revert_request_id
    revert = flow.service.get(TENANT, event.revert_request_id)
    assert ADMIN in revert.pending_approvers()  # another admin is there to decide it

    # Held would be: refused (who made the change is not known yet, and another admin can decide it).
    with contextlib.suppress(NotPermitted):
        await verdict(
            flow.service, flow.live, TENANT, event.revert_request_id, flow.person(MIKE), "deny", "expected"
        )
    assert flow.service.get(TENANT, event.revert_request_id).state is RequestState.PENDING_APPROVAL
