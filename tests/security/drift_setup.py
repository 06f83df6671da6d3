"""The drift-revert setup the two-admin denial tests share (security 35, 38, 41; red team 42): Mike made
an Exchange admin before mailwarden discovers the tenant, and a revert of an outside change the drift scan
proposes while the audit log does not name who made it yet."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.drift.policy import save_responses
from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from tests.conftest import settle
from tests.drift.test_scan import ADMIN, _scan
from tests.security.other_admin import OtherAdmin
from tests.workflow.conftest import TENANT, Flow

__all__ = [
    "ADMIN",
    "MIKE",
    "SALES",
    "TOM",
    "other",
    "outside_change",
    "propose_reverts",
    "unattributed_revert",
]

MIKE, SALES, TOM = "mike.smith@acme.com", "sales@acme.com", "tom.becker@acme.com"


@pytest.fixture
def other(tenant: TenantState) -> OtherAdmin:
    """Mike holds the Exchange admin role before mailwarden discovers the tenant (a two-admin tenant). His
    writes here on (roles taken or given, access given outside) are ones mailwarden reads once made: each
    test's story is what follows a change, not a read inside its replication (`OtherAdmin(settled=True)`)."""
    admin = OtherAdmin(tenant, settled=True)
    admin.add_role(MIKE)
    return admin


def outside_change(tenant: TenantState, maker: str, cmdlet: str, **parameters: Any) -> None:
    """`maker` runs `cmdlet` outside mailwarden (the admin center, Outlook on the web), a while before the
    next drift scan: under --replication-lag the scan reads it as Microsoft's would by then, not inside the
    seconds its replication takes (a scan inside them misses it, and the one after finds it)."""
    outside_cmdlet(tenant, maker, cmdlet, **parameters)
    settle(tenant)


async def propose_reverts(flow: Flow) -> None:
    """The first scan (the baseline), and access granted outside mailwarden answered with a revert."""
    await _scan(flow)
    save_responses(flow.service.store, flow.audit, TENANT, {"granted_outside": "propose_revert"}, by=ADMIN)


async def unattributed_revert(flow: Flow, tenant: TenantState, maker: str = MIKE) -> str:
    """`maker` gives Tom Full Access to Sales in the admin center; the audit log does not name him yet. The
    id of the revert the scan proposes."""
    await propose_reverts(flow)
    set_switch(tenant, "audit_log_lag_seconds", 3600)
    outside_change(
        tenant, maker, "Add-MailboxPermission", Identity=SALES, User=TOM, AccessRights="FullAccess"
    )
    [event] = (await _scan(flow)).events
    assert event.changed_by is None
    assert event.revert_request_id
    return event.revert_request_id
