"""Red team 7: a shared mailbox turned into a person's (Set-Mailbox -Type Regular in the admin center) was
read every scan until then, so what the sweep later finds on it is not its baseline. It counted as never
read: a grant made with the conversion, with the audit log not (yet) readable, became "discovery" and the
mailbox could be turned back, the grant laundered into the baseline."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.drift import ScanResult, scan
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from tests.security.drift_setup import outside_change
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store
pytestmark = pytest.mark.anyio

ADMIN = "grace.hopper@acme.com"
SUPPORT = "support@acme.com"


async def _scan(flow: Flow) -> ScanResult:
    flow.clock.now = dt.datetime.now(dt.UTC)
    return await scan(
        flow.service.store,
        flow.audit,
        flow.ctx,
        TENANT,
        service=flow.service,
        audit_wait=5,
        sweep_period=dt.timedelta(microseconds=1),  # every scan reads every person
    )


async def test_a_grant_on_a_shared_mailbox_turned_into_a_persons_is_drift(
    flow: Flow, tenant: TenantState
) -> None:
    await _scan(flow)
    set_switch(tenant, "audit_log_lag_seconds", 10 * 365 * 86400)  # no record names anything
    with tenant.transaction():
        # Exchange's Set-Mailbox -Type Regular (the emulator has no cmdlet for it): the same mailbox, now a
        # user mailbox.
        support = tenant.find(SUPPORT)
        assert support is not None
        assert support.kind == "SharedMailbox"
        support.kind = "UserMailbox"
    outside_change(
        tenant,
        ADMIN,
        "Add-MailboxPermission",
        Identity=SUPPORT,
        User="john@acme.com",
        AccessRights="FullAccess",
    )
    events = (await _scan(flow)).events
    assert [(e.kind, e.resource, e.holder) for e in events] == [("granted_outside", SUPPORT, "john@acme.com")]
