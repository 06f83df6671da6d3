"""Drift scans against the emulated tenant: outside changes become events naming who and when (from the
audit log, or the window between scans), mailwarden's own changes never do, and the tenant's drift policy
decides whether to record, notify or propose a revert that waits for an admin."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mailwarden.connectors.connection import ClientSecretCredential, TenantConnection, open_tenant
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.connectors.secret import Secret
from mailwarden.drift import ScanResult, scan
from mailwarden.drift.audit_source import AUDIT_PERMISSION
from mailwarden.drift.lease import ScanRunning, scan_lease
from mailwarden.drift.policy import save_responses
from mailwarden.drift.records import list_events
from mailwarden.emulator import state as state_module
from mailwarden.emulator.credentials import register_app
from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import EXCHANGE_ADMIN_ROLE_TEMPLATE, GRAPH_APP_ROLES, TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import CalendarShare, MailboxDelegation, SendAs, Step
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import plan_steps, run_expiries, submit
from tests.conftest import discovered_context
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio

ADMIN = "grace.hopper@acme.com"
SUPPORT = "support@acme.com"


def _now(flow: Flow) -> dt.datetime:
    """Real time: the emulator's audit log stamps real times, so requests and scans use it too."""
    flow.clock.now = dt.datetime.now(dt.UTC)
    return flow.clock.now


async def _scan(flow: Flow, **options: Any) -> ScanResult:
    _now(flow)
    return await scan(
        flow.service.store, flow.audit, flow.ctx, TENANT, service=flow.service, audit_wait=5, **options
    )


async def _request(flow: Flow, who: str, *steps: Step) -> Any:
    _now(flow)
    planned = await plan_steps(flow.ctx, flow.person(who), list(steps), flow.decide)
    return await submit(
        flow.service, flow.ctx, TENANT, flow.actor(who), planned, confirm=True, check=flow.check
    )


def _outside(tenant: TenantState, cmdlet: str, **parameters: Any) -> None:
    outside_cmdlet(tenant, ADMIN, cmdlet, **parameters)


async def test_the_first_scan_records_the_baseline_and_a_second_finds_nothing(flow: Flow) -> None:
    first = await _scan(flow)
    assert first.first
    assert first.events == []
    assert first.facts > 0
    again = await _scan(flow)
    assert (again.first, again.events, again.failures) == (False, [], [])
    assert list_events(flow.service.store, TENANT) == []


async def test_an_outside_grant_names_who_and_when_from_the_audit_log(
    flow: Flow, tenant: TenantState
) -> None:
    await _scan(flow)
    _outside(
        tenant, "Add-MailboxPermission", Identity=SUPPORT, User="john@acme.com", AccessRights="FullAccess"
    )
    result = await _scan(flow)
    [event] = result.events
    assert (event.kind, event.fact_kind, event.resource, event.holder) == (
        "granted_outside",
        "full_access",
        SUPPORT,
        "john@acme.com",
    )
    assert event.changed_by == ADMIN
    assert event.changed_at is not None
    assert event.audit_record_id
    assert event.severity == "medium"
    assert (await _scan(flow)).events == []  # idempotent: recorded once


async def test_without_an_audit_record_yet_the_event_gives_the_window_and_is_named_later(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await _scan(flow)
    set_switch(tenant, "audit_log_lag_seconds", 3600)
    _outside(tenant, "Remove-DistributionGroupMember", Identity="all-sales@acme.com", Member="john@acme.com")
    result = await _scan(flow)
    [event] = result.events
    assert event.kind == "removed_outside"
    assert event.changed_by is None
    assert event.window_start == first.started
    assert "between" in event.when
    later = state_module._clock() + 3700
    monkeypatch.setattr(state_module, "_clock", lambda: later)
    named = await _scan(flow)
    assert named.events == []
    assert named.attributed_late == 1
    [event] = list_events(flow.service.store, TENANT)
    assert event.changed_by == ADMIN


async def test_mailwardens_own_changes_are_never_drift(flow: Flow, tenant: TenantState) -> None:
    await _scan(flow)
    view = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee="sarah@acme.com"))
    assert view.state is RequestState.COMPLETED
    assert (await _scan(flow)).events == []
    view = await _request(flow, ADMIN, SendAs(change="revoke", mailbox=SUPPORT, trustee="sarah@acme.com"))
    assert view.state is RequestState.COMPLETED
    assert (await _scan(flow)).events == []


async def test_forwarding_outside_the_organisation_is_high_and_its_revert_waits_for_an_admin(
    flow: Flow, tenant: TenantState
) -> None:
    await _scan(flow)
    _outside(
        tenant, "Set-Mailbox", Identity="sales@acme.com", ForwardingSmtpAddress="smtp:drop@rival.example"
    )
    [event] = (await _scan(flow)).events
    assert (event.kind, event.severity, event.after) == ("forwarding_external", "high", "drop@rival.example")
    assert event.response == "propose_revert"
    assert event.revert_request_id
    proposal = flow.service.get(TENANT, event.revert_request_id)
    assert proposal.state is RequestState.PENDING_APPROVAL
    assert proposal.steps[0].step["change"] == "clear"
    assert ADMIN in proposal.pending_approvers()
    box = tenant.find("sales@acme.com")
    assert box is not None
    assert box.forwarding_smtp_address


async def test_a_time_bound_grant_that_comes_back_after_it_ended_is_high(
    flow: Flow, tenant: TenantState
) -> None:
    await _scan(flow)
    expires = _now(flow) + dt.timedelta(days=1)
    view = await _request(
        flow,
        ADMIN,
        MailboxDelegation(change="grant", mailbox=SUPPORT, trustee="sarah@acme.com", expires=expires),
    )
    assert view.state is RequestState.COMPLETED
    flow.clock.advance(dt.timedelta(days=2))
    assert [r.state for r in await run_expiries(flow.service, flow.ctx, TENANT)] == [RequestState.COMPLETED]
    flow.clock.now = dt.datetime.now(dt.UTC)
    # the expiry request finished at the moved clock, after this scan: still mailwarden's own change
    assert (await _scan(flow)).events == []
    _outside(
        tenant, "Add-MailboxPermission", Identity=SUPPORT, User="sarah@acme.com", AccessRights="FullAccess"
    )
    [event] = (await _scan(flow)).events
    assert (event.kind, event.severity) == ("returned_after_expiry", "high")


async def test_the_tenants_drift_policy_decides_record_or_notify(flow: Flow, tenant: TenantState) -> None:
    await _scan(flow)
    save_responses(flow.service.store, flow.audit, TENANT, {"granted_outside": "record"}, by=ADMIN)
    _outside(
        tenant, "Add-RecipientPermission", Identity=SUPPORT, Trustee="john@acme.com", AccessRights="SendAs"
    )
    [event] = (await _scan(flow)).events
    assert event.response == "record"
    assert not [r for r in flow.audit.records(tenant=TENANT) if r.event == "drift.notice_due"]
    save_responses(flow.service.store, flow.audit, TENANT, {"granted_outside": "notify"}, by=ADMIN)
    _outside(
        tenant,
        "Add-RecipientPermission",
        Identity=SUPPORT,
        Trustee="jane.doe@acme.com",
        AccessRights="SendAs",
    )
    [event] = (await _scan(flow)).events
    [notice] = [r for r in flow.audit.records(tenant=TENANT) if r.event == "drift.notice_due"]
    assert notice.target == event.event_id
    assert ADMIN in notice.detail["recipients"]


async def test_without_the_audit_permission_events_give_the_window_and_say_why(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """An app not granted AuditLogsQuery-Exchange.Read.All: Graph refuses the query (403), the scan still
    finds the change, names the window between scans and says which permission would name the person."""
    others = [p for p in GRAPH_APP_ROLES if p != AUDIT_PERMISSION]
    app, secret = register_app(
        tenant,
        "mailwarden without audit",
        graph_permissions=others,
        directory_roles=[EXCHANGE_ADMIN_ROLE_TEMPLATE],
    )
    connection = TenantConnection(
        endpoints=emulator_endpoints(emulator.url),
        tenant_id=emulator.tenant_id,
        client_id=app.app_id,
        credential=ClientSecretCredential(Secret(secret)),
        ca_file=emulator.ca_file,
    )
    async with open_tenant(connection) as clients:
        ctx = await discovered_context(clients)
        first = await scan(flow.service.store, flow.audit, ctx, TENANT, service=flow.service, audit_wait=5)
        _outside(
            tenant, "Add-MailboxPermission", Identity=SUPPORT, User="john@acme.com", AccessRights="FullAccess"
        )
        result = await scan(flow.service.store, flow.audit, ctx, TENANT, service=flow.service, audit_wait=5)
    [event] = result.events
    assert event.changed_by is None
    assert event.window_start == first.started
    assert result.audit_note is not None
    assert AUDIT_PERMISSION in result.audit_note


async def test_two_scans_of_one_tenant_never_run_at_once(flow: Flow) -> None:
    await _scan(flow)
    with scan_lease(flow.service.store, TENANT), pytest.raises(ScanRunning, match="running since"):
        await _scan(flow)
    assert (await _scan(flow)).events == []  # the lease is free again


async def test_mailwardens_change_where_the_scan_does_not_look_is_not_called_removed(flow: Flow) -> None:
    """A person shares their own calendar through mailwarden: people's calendars are outside the scan's
    scope (shared and room mailboxes), so expecting it there must not report it as removed."""
    await _scan(flow)
    view = await _request(
        flow,
        "tom.becker@acme.com",
        CalendarShare(
            change="grant", owner="tom.becker@acme.com", grantee="john@acme.com", access="reviewer"
        ),
    )
    assert view.state is RequestState.COMPLETED
    assert (await _scan(flow)).events == []


async def test_the_scheduled_scan_runs_about_hourly_and_is_a_per_tenant_job(flow: Flow) -> None:
    """The workers' hourly sweep calls scan_if_due: a tenant never scanned is scanned at once, then not
    again until the hour is (nearly) up."""
    from mailwarden.drift.job import SCAN_EVERY, scan_if_due
    from mailwarden.jobs import tasks

    async def due() -> ScanResult | None:
        return await scan_if_due(
            flow.service.store, flow.audit, flow.ctx, TENANT, service=flow.service, clock=lambda: now
        )

    now = _now(flow)
    assert (await due()) is not None
    assert (await due()) is None
    now += SCAN_EVERY
    assert (await due()) is not None
    assert "scan_drift" in tasks._OCCASIONAL


class _Killed(BaseException):
    """The process dies here (not an error the scan could handle)."""


async def test_a_scan_killed_after_filing_its_revert_files_no_second_one_when_run_again(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after the revert request is filed and before the event is recorded: the next scan finds the
    same difference again and must reuse that request, not file a second revert of one change."""
    import importlib

    from mailwarden.store.tables import RequestRow

    scan_module = importlib.import_module("mailwarden.drift.scan")  # the module, not the function

    await _scan(flow)
    _outside(
        tenant, "Set-Mailbox", Identity="sales@acme.com", ForwardingSmtpAddress="smtp:drop@rival.example"
    )

    def die(*_args: Any, **_kwargs: Any) -> None:
        raise _Killed

    with monkeypatch.context() as patch:
        patch.setattr(scan_module, "notify_drift", die)  # the first call after the revert is filed
        with pytest.raises(_Killed):
            await _scan(flow)
    assert list_events(flow.service.store, TENANT) == []
    [event] = (await _scan(flow)).events
    with flow.service.store.session() as session:
        reverts = session.query(RequestRow).filter(RequestRow.channel == "drift").all()
        filed = [r.request_id for r in reverts]
    assert filed == [event.revert_request_id]
    assert flow.service.get(TENANT, filed[0]).state is RequestState.PENDING_APPROVAL
    assert (await _scan(flow)).events == []


async def test_mailwardens_change_seconds_before_a_scan_is_not_drift_while_reads_lag(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exchange's directory replicates: a grant and a removal mailwarden made seconds ago may not show in
    reads yet. The scan must not call them removed (or granted) outside, then or once reads catch up."""
    await _scan(flow)
    set_switch(tenant, "replication_lag_seconds", 120)
    granted = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee="sarah@acme.com"))
    revoked = await _request(
        flow, ADMIN, MailboxDelegation(change="revoke", mailbox=SUPPORT, trustee="tom.becker@acme.com")
    )
    assert (granted.state, revoked.state) == (RequestState.COMPLETED, RequestState.COMPLETED)
    assert tenant.lagged() is not tenant  # reads still show the tenant as it was
    assert (await _scan(flow)).events == []
    later = state_module._clock() + 180
    monkeypatch.setattr(state_module, "_clock", lambda: later)
    assert (await _scan(flow)).events == []
    assert list_events(flow.service.store, TENANT) == []


async def test_an_outside_grant_on_a_persons_own_mailbox_is_found_through_the_audit_log(
    flow: Flow, tenant: TenantState
) -> None:
    """People's mailboxes are not all read each scan: the audit log says which changed, and those are."""
    await _scan(flow)
    _outside(
        tenant,
        "Add-MailboxPermission",
        Identity="john@acme.com",
        User="sarah@acme.com",
        AccessRights="FullAccess",
    )
    _outside(
        tenant,
        "Add-MailboxFolderPermission",
        Identity="john@acme.com:\\Calendar",
        User="tom.becker@acme.com",
        AccessRights="Editor",
    )
    result = await _scan(flow)
    found = {(e.kind, e.fact_kind, e.resource, e.holder, e.changed_by) for e in result.events}
    assert found == {
        ("granted_outside", "full_access", "john@acme.com", "sarah@acme.com", ADMIN),
        ("granted_outside", "calendar", "john@acme.com", "tom.becker@acme.com", ADMIN),
    }
    assert result.people_told == 1
    assert (await _scan(flow)).events == []


async def test_without_the_audit_log_the_rolling_sweep_finds_a_change_on_a_persons_mailbox(
    flow: Flow, tenant: TenantState
) -> None:
    """Audit records not there yet: each scan re-reads a slice of people, so all are read within the sweep
    period (here a microsecond, so every scan reads everyone); the change is found, named by its window."""
    fast = dt.timedelta(microseconds=1)
    await _scan(flow, sweep_period=fast)
    read = await _scan(flow, sweep_period=fast)  # everyone's first read: their baseline, not drift
    assert read.events == []
    assert read.people_read > 0
    set_switch(tenant, "audit_log_lag_seconds", 3600)
    _outside(
        tenant,
        "Add-RecipientPermission",
        Identity="john@acme.com",
        Trustee="sarah@acme.com",
        AccessRights="SendAs",
    )
    [event] = (await _scan(flow, sweep_period=fast)).events
    assert (event.kind, event.fact_kind, event.resource, event.holder) == (
        "granted_outside",
        "send_as",
        "john@acme.com",
        "sarah@acme.com",
    )
    assert event.changed_by is None


async def test_a_list_deleted_outside_mailwarden_is_drift(flow: Flow, tenant: TenantState) -> None:
    await _scan(flow)
    _outside(tenant, "Remove-DistributionGroup", Identity="all-sales@acme.com")
    result = await _scan(flow)
    [event] = result.events
    assert (event.kind, event.resource, event.changed_by) == ("deleted_outside", "all-sales@acme.com", ADMIN)
    assert "deleted outside mailwarden" in event.summary
    assert (await _scan(flow)).events == []
