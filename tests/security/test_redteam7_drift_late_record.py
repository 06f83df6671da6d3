"""Red team 7: an outside change on a person's own mailbox whose audit record arrives late (Microsoft's
usual 60 to 90 minutes) must still be drift when the record points the scan at that person. The scan after
the change has no record and does not read the person; the next one has the record, reads the person for
the first time, and took the record for older than "since the last scan", so the grant became the
person's baseline ("discovery"): hidden for good."""

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
TRUSTEE = "sarah@acme.com"


async def _scan(flow: Flow, later: dt.timedelta = dt.timedelta(0)) -> ScanResult:
    """`later`: the scan runs that much after now (the hour between scans, shortened)."""
    flow.clock.now = dt.datetime.now(dt.UTC) + later
    return await scan(
        flow.service.store,
        flow.audit,
        flow.ctx,
        TENANT,
        service=flow.service,
        audit_wait=5,
        sweep_period=dt.timedelta(days=36500),
        clock=lambda: flow.clock.now,  # the sweep reads one person a scan: the first by id
    )


async def test_a_late_audit_record_of_a_change_on_a_person_never_read_is_still_drift(
    flow: Flow, tenant: TenantState
) -> None:
    with tenant.transaction():
        people = sorted(
            (r for r in tenant.recipients.values() if r.kind == "UserMailbox" and r.account_enabled),
            key=lambda r: r.id,
        )
        target = next(r.primary_smtp for r in reversed(people) if r.primary_smtp not in (ADMIN, TRUSTEE))
    await _scan(flow)
    set_switch(tenant, "audit_log_lag_seconds", 3600)
    outside_change(
        tenant, ADMIN, "Add-MailboxPermission", Identity=target, User=TRUSTEE, AccessRights="FullAccess"
    )
    unseen = await _scan(flow, dt.timedelta(minutes=30))
    assert unseen.events == []  # no record yet, and the sweep is elsewhere
    assert unseen.people_told == 0
    set_switch(tenant, "audit_log_lag_seconds", 0)  # the record arrives
    late = await _scan(flow, dt.timedelta(minutes=31))
    assert late.people_told == 1
    assert [(e.kind, e.resource, e.holder, e.changed_by) for e in late.events] == [
        ("granted_outside", target, TRUSTEE, ADMIN)
    ]


async def test_a_grant_the_sweep_first_read_before_its_record_came_is_drift_once_it_comes(
    flow: Flow, tenant: TenantState
) -> None:
    """The sweep reads a person for the first time before the record of an outside grant there arrives: the
    grant is taken for their baseline then, and is drift once the record names it."""
    with tenant.transaction():
        people = sorted(
            (r for r in tenant.recipients.values() if r.kind == "UserMailbox" and r.account_enabled),
            key=lambda r: r.id,
        )
        target = people[0].primary_smtp  # the sweep's first pick
        trustee = next(r.primary_smtp for r in people[1:] if r.primary_smtp != ADMIN)
    await _scan(flow)
    set_switch(tenant, "audit_log_lag_seconds", 3600)
    outside_change(
        tenant, ADMIN, "Add-MailboxPermission", Identity=target, User=trustee, AccessRights="FullAccess"
    )
    swept = await _scan(flow, dt.timedelta(minutes=30))
    assert swept.events == []  # read for the first time, nothing names the grant yet
    set_switch(tenant, "audit_log_lag_seconds", 0)
    late = await _scan(flow, dt.timedelta(minutes=31))
    assert [(e.kind, e.resource, e.holder, e.changed_by) for e in late.events] == [
        ("granted_outside", target, trustee, ADMIN)
    ]
    assert (await _scan(flow, dt.timedelta(minutes=32))).events == []
