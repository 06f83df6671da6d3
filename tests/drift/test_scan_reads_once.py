"""A drift scan reads mailwarden's own changes once (not once for the expected state and again for what is
still settling), and looks up the late-found grants' events in one session, not one per grant."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from mailwarden.drift import ScanResult, scan
from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.steps import SendAs
from tests.drift.test_scan import _request
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store
pytestmark = pytest.mark.anyio
scan_module = importlib.import_module(
    "mailwarden.drift.scan"
)  # the package exports the function by this name

ADMIN = "grace.hopper@acme.com"


async def _scan(flow: Flow, later: dt.timedelta = dt.timedelta(0)) -> ScanResult:
    flow.clock.now = dt.datetime.now(dt.UTC) + later
    return await scan(
        flow.service.store,
        flow.audit,
        flow.ctx,
        TENANT,
        service=flow.service,
        audit_wait=5,
        sweep_period=dt.timedelta(days=36500),
        clock=lambda: flow.clock.now,
    )


async def test_a_scan_reads_mailwardens_changes_once(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _scan(flow)
    done = await _request(flow, ADMIN, SendAs(change="grant", mailbox="support@acme.com", trustee=ADMIN))
    assert done.state.value == "completed"
    calls: list[Any] = []
    real = scan_module.mailwarden_effects

    def counted(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(scan_module, "mailwarden_effects", counted)
    assert (await _scan(flow)).events == []
    assert len(calls) == 1


async def test_late_found_grants_are_looked_up_in_one_session(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three grants on the sweep's first person, read before their audit records came, then named by them:
    three late-found grants, whose events are looked up together."""
    with tenant.transaction():
        people = sorted(
            (r for r in tenant.recipients.values() if r.kind == "UserMailbox" and r.account_enabled),
            key=lambda r: r.id,
        )
        target = people[0].primary_smtp  # the sweep's first pick
        trustees = [r.primary_smtp for r in people[1:] if r.primary_smtp != ADMIN][:3]
    await _scan(flow)
    set_switch(tenant, "audit_log_lag_seconds", 3600)
    for trustee in trustees:
        outside_cmdlet(
            tenant, ADMIN, "Add-MailboxPermission", Identity=target, User=trustee, AccessRights="FullAccess"
        )
    assert (await _scan(flow, dt.timedelta(minutes=30))).events == []
    set_switch(tenant, "audit_log_lag_seconds", 0)
    sessions: list[int] = []
    real_late = scan_module._discovered_late
    store = flow.service.store
    real_session = store.session

    @contextmanager
    def counted_session() -> Iterator[Any]:
        sessions.append(1)
        with real_session() as session:
            yield session

    def late(*args: Any) -> Any:
        monkeypatch.setattr(store, "session", counted_session)
        try:
            return real_late(*args)
        finally:
            monkeypatch.setattr(store, "session", real_session)

    monkeypatch.setattr(scan_module, "_discovered_late", late)
    found = await _scan(flow, dt.timedelta(minutes=31))
    assert sorted(e.holder for e in found.events) == sorted(trustees)
    assert len(sessions) == 1
