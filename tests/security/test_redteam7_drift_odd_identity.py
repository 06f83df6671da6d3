"""Red team 7: an outside change on a person's own mailbox must not hide from drift by how the admin named
the mailbox. Exchange takes -Identity as the mailbox's ExchangeGuid (or its object Guid) as well as its
address; the audit log then names it so, and the directory mailwarden holds does not know that Guid. The
person is then neither "told" (so not read this scan) nor, when the rolling sweep first reaches them,
distinguished from what was there before: the grant became their baseline ("discovery"), never drift."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.drift import ScanResult, scan
from mailwarden.emulator.state import TenantState
from tests.security.drift_setup import outside_change
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store
pytestmark = pytest.mark.anyio

ADMIN = "grace.hopper@acme.com"


async def _scan(flow: Flow, period: dt.timedelta) -> ScanResult:
    flow.clock.now = dt.datetime.now(dt.UTC)
    return await scan(
        flow.service.store,
        flow.audit,
        flow.ctx,
        TENANT,
        service=flow.service,
        audit_wait=5,
        sweep_period=period,
    )


async def test_a_grant_naming_the_mailbox_by_its_exchange_guid_is_drift(
    flow: Flow, tenant: TenantState
) -> None:
    week = dt.timedelta(days=7)
    await _scan(flow, week)
    with tenant.transaction():
        john = tenant.find("john@acme.com")
        assert john is not None
        guid = john.exchange_guid
    outside_change(
        tenant,
        ADMIN,
        "Add-MailboxPermission",
        Identity=guid,
        User="sarah@acme.com",
        AccessRights="FullAccess",
    )
    told = await _scan(flow, week)
    # The sweep reaches john later (here: next scan, everyone): still the outside grant, not his baseline.
    swept = await _scan(flow, dt.timedelta(microseconds=1))
    found = [(e.kind, e.resource, e.holder) for e in [*told.events, *swept.events]]
    assert found == [("granted_outside", "john@acme.com", "sarah@acme.com")]


async def test_a_grant_naming_the_trustee_by_its_guid_is_not_taken_for_the_baseline(
    flow: Flow, tenant: TenantState
) -> None:
    """The audit log points at john, so the scan reads him for the first time: what the log names someone
    giving since the last scan is drift, even with the trustee given as its ExchangeGuid."""
    week = dt.timedelta(days=7)
    await _scan(flow, week)
    with tenant.transaction():
        sarah = tenant.find("sarah@acme.com")
        assert sarah is not None
        guid = sarah.exchange_guid
    outside_change(
        tenant,
        ADMIN,
        "Add-RecipientPermission",
        Identity="john@acme.com",
        Trustee=guid,
        AccessRights="SendAs",
    )
    result = await _scan(flow, week)
    assert [(e.kind, e.resource, e.holder, e.changed_by) for e in result.events] == [
        ("granted_outside", "john@acme.com", "sarah@acme.com", ADMIN)
    ]
