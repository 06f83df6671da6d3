"""Red team 19: changing the drift policy committed the change, then appended its audit record in a second
transaction. An append that failed (the disk full, the process killed between the two) left the policy
changed with nothing in the signed log telling who changed it. Now both land or neither does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from mailwarden.audit import AuditLog
from mailwarden.drift import scan
from mailwarden.drift.policy import DEFAULT_RESPONSES, load_responses, save_responses
from mailwarden.drift.records import list_events
from mailwarden.emulator.state import TenantState
from mailwarden.store.db import Store
from tests.security.drift_setup import outside_change
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store

TENANT = "acme"
ADMIN = "grace.hopper@acme.com"


def _audit_refuses_records(store: Store) -> None:
    """The database refuses every new audit record, as a full disk or a dying process would stop it."""
    with store.session() as session:
        session.execute(
            text(
                "CREATE TRIGGER audit_fails BEFORE INSERT ON audit_records "
                "BEGIN SELECT RAISE(ABORT, 'the audit record could not be written'); END"
            )
        )


def _policy_changes(audit: AuditLog) -> int:
    return sum(1 for r in audit.iter_records() if r.event == "drift.policy_changed")


def test_a_policy_change_whose_record_fails_is_not_made(store: Store, tmp_path: Path) -> None:
    audit = AuditLog(store, tmp_path)
    save_responses(store, audit, TENANT, {"granted_outside": "record"}, by=ADMIN)
    _audit_refuses_records(store)

    with pytest.raises(IntegrityError, match="could not be written"):
        save_responses(store, audit, TENANT, {"forwarding_external": "record"}, by=ADMIN)

    policy = load_responses(store, TENANT)
    assert policy["forwarding_external"] == DEFAULT_RESPONSES["forwarding_external"] == "propose_revert"
    assert policy["granted_outside"] == "record"  # the earlier, recorded change stays
    assert _policy_changes(audit) == 1


def test_the_first_change_of_a_tenant_is_not_made_without_its_record_either(
    store: Store, tmp_path: Path
) -> None:
    """No settings row yet: the row the change would create is not created."""
    audit = AuditLog(store, tmp_path)
    _audit_refuses_records(store)

    with pytest.raises(IntegrityError):
        save_responses(store, audit, TENANT, {"removed_outside": "propose_revert"}, by=ADMIN)

    assert load_responses(store, TENANT) == dict(DEFAULT_RESPONSES)


def test_a_change_and_its_record_agree(store: Store, tmp_path: Path) -> None:
    audit = AuditLog(store, tmp_path)
    after = save_responses(store, audit, TENANT, {"removed_outside": "notify"}, by=ADMIN)
    (record,) = [r for r in audit.iter_records() if r.event == "drift.policy_changed"]
    assert record.actor == ADMIN
    assert isinstance(record.before, dict)
    assert isinstance(record.after, dict)
    assert record.before["removed_outside"] == "record"
    assert (
        record.after
        == {str(k): str(v) for k, v in after.items()}
        == {str(k): str(v) for k, v in load_responses(store, TENANT).items()}
    )


# ---- the same of a drift event: recorded with its audit record, or not at all ------------------------------
@pytest.mark.anyio
async def test_a_drift_event_whose_record_fails_is_recorded_by_the_next_scan_with_its_record(
    flow: Flow, tenant: TenantState
) -> None:
    """The scan recorded the event, then appended `drift.detected`: an append that failed left the event
    without its record, and the next scan, finding the event, never wrote one."""
    store = flow.service.store
    await _scan(flow)
    outside_change(
        tenant, ADMIN, "Set-Mailbox", Identity="sales@acme.com", ForwardingSmtpAddress="smtp:a@rival.example"
    )
    with store.session() as session:
        session.execute(
            text(
                "CREATE TRIGGER detected_fails BEFORE INSERT ON audit_records "
                "WHEN NEW.event = 'drift.detected' "
                "BEGIN SELECT RAISE(ABORT, 'the audit record could not be written'); END"
            )
        )
    with pytest.raises(IntegrityError):
        await _scan(flow)
    assert list_events(store, TENANT) == []
    with store.session() as session:
        session.execute(text("DROP TRIGGER detected_fails"))

    await _scan(flow)
    (event,) = list_events(store, TENANT)
    detected = [r for r in flow.audit.iter_records() if r.event == "drift.detected"]
    assert [r.detail.get("drift_event") for r in detected] == [event.event_id]


async def _scan(flow: Flow) -> object:
    flow.clock.now = dt.datetime.now(dt.UTC)
    return await scan(flow.service.store, flow.audit, flow.ctx, TENANT, service=flow.service, audit_wait=5)
