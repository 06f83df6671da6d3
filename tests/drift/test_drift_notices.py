"""A drift event the tenant's policy says to tell of reaches the resource's owners and the tenant's admins by
e-mail (Graph sendMail into the emulated mailboxes, read back over Graph by object id); one it says to
record only reaches nobody; a failing sender never holds up the scan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mailwarden.drift.policy import save_responses
from mailwarden.emulator.state import TenantState
from mailwarden.notifications.notices import Notice, NoticeKind, queue_notice_in
from tests.drift.test_scan import ADMIN, SUPPORT, _outside, _scan
from tests.notifications.test_notifications import SARAH, _configure, _deliver, _records
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio

JOHN = "john@acme.com"


async def _inbox(flow: Flow, address: str) -> list[dict[str, Any]]:
    person = flow.person(address)
    found = await flow.ctx.clients.graph.messages(person.recipient_id, folder="inbox")
    # The drift notices only (a proposed revert also asks the admins for their approval, as any request).
    return [m for m in found if ". Drift event " in m["body"]["content"]]


async def _deliver_now(flow: Flow, tmp_path: Path) -> Any:
    """Send what is due by now (the scan stamps its events with real time)."""
    flow.clock.now = dt.datetime.now(dt.UTC)
    return await _deliver(flow, tmp_path)


async def test_policy_notify_tells_the_owners_and_the_admins(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    await _scan(flow)
    save_responses(flow.service.store, flow.audit, TENANT, {"granted_outside": "notify"}, by=ADMIN)
    _outside(tenant, "Add-RecipientPermission", Identity=SUPPORT, Trustee=JOHN, AccessRights="SendAs")
    [event] = (await _scan(flow)).events
    queued = [r for r in _records(flow.service.store) if r.notice_kind == "drift_event"]
    assert {r.recipient for r in queued} == {flow.person(SARAH).recipient_id, flow.person(ADMIN).recipient_id}
    assert {(r.request_id, r.subject_id, r.state) for r in queued} == {(None, event.event_id, "queued")}
    assert (await _deliver_now(flow, tmp_path)).sent == 2
    for person in (SARAH, ADMIN):
        [mail] = await _inbox(flow, person)
        assert mail["subject"] == "[mailwarden] Access granted outside mailwarden on support@acme.com"
        body = mail["body"]["content"]
        assert JOHN in body
        assert event.event_id in body
        assert "https://mailwarden.acme.example/drift" in body
        assert "HIGH" not in mail["subject"]
    assert await _inbox(flow, JOHN) == []  # the holder is not an owner or an admin


async def test_policy_record_tells_nobody(flow: Flow, tenant: TenantState, tmp_path: Path) -> None:
    _configure(flow, tmp_path)
    await _scan(flow)
    save_responses(flow.service.store, flow.audit, TENANT, {"granted_outside": "record"}, by=ADMIN)
    _outside(tenant, "Add-RecipientPermission", Identity=SUPPORT, Trustee=JOHN, AccessRights="SendAs")
    [event] = (await _scan(flow)).events
    assert event.response == "record"
    assert _records(flow.service.store) == []
    await _deliver_now(flow, tmp_path)
    for person in (SARAH, ADMIN):
        assert await _inbox(flow, person) == []


async def test_forwarding_to_an_outside_address_says_high_severity_in_the_subject(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    await _scan(flow)
    _outside(
        tenant, "Set-Mailbox", Identity="sales@acme.com", ForwardingSmtpAddress="smtp:drop@rival.example"
    )
    [event] = (await _scan(flow)).events
    assert event.severity == "high"
    await _deliver_now(flow, tmp_path)
    [mail] = await _inbox(flow, ADMIN)
    assert mail["subject"].startswith("[mailwarden] HIGH SEVERITY: Forwarding to an outside address")
    assert "drop@rival.example" in mail["body"]["content"]
    assert event.revert_request_id
    assert event.revert_request_id in mail["body"]["content"]


async def test_a_failing_sender_never_holds_up_the_scan(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    from mailwarden.notifications.config import NotificationConfig, save_config

    save_config(flow.service.store, TENANT, NotificationConfig(sender="nobody-here@acme.com"))
    await _scan(flow)
    _outside(tenant, "Add-RecipientPermission", Identity=SUPPORT, Trustee=JOHN, AccessRights="SendAs")
    [event] = (await _scan(flow)).events
    assert event.response == "notify"
    done = await _deliver_now(flow, tmp_path)
    assert done.sent == 0
    assert done.retrying == 2
    records = [r for r in _records(flow.service.store) if r.subject_id == event.event_id]
    assert all(r.state == "queued" and "nobody-here@acme.com" in (r.last_error or "") for r in records)


async def test_an_unknown_or_disabled_recipient_is_skipped_with_why(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    await _scan(flow)
    _outside(tenant, "Add-RecipientPermission", Identity=SUPPORT, Trustee=JOHN, AccessRights="SendAs")
    [event] = (await _scan(flow)).events
    disabled = next(r for r in flow.ctx.directory if not r.enabled)
    with flow.service.store.session() as session:
        queue_notice_in(
            session,
            TENANT,
            Notice.DRIFT,
            NoticeKind.DRIFT_EVENT,
            event.event_id,
            ["00000000-0000-0000-0000-000000000000", disabled.recipient_id],
            now=flow.clock.now - dt.timedelta(seconds=1),
        )
    done = await _deliver_now(flow, tmp_path)
    assert (done.sent, done.skipped) == (2, 2)
    skipped = {r.recipient: r.last_error for r in _records(flow.service.store) if r.state == "skipped"}
    assert skipped == {
        "00000000-0000-0000-0000-000000000000": "the recipient is not in the tenant's directory",
        disabled.recipient_id: f"{disabled.primary_address} is disabled",
    }
