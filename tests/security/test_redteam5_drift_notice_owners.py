"""Red team 5: a drift notice names a resource's delegates, so it goes to the owners mailwarden answers to
(the ones an admin set replace the directory's, as in policy and access reviews) and the admins. An owner an
admin replaced is no longer told who was given access to the mailbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mailwarden.drift.policy import save_responses
from mailwarden.emulator.state import TenantState
from mailwarden.store.documents import TenantDocuments
from mailwarden.tenants.targets import TARGETS_KIND, propose_targets
from tests.drift.test_scan import ADMIN, SUPPORT, _scan
from tests.notifications.test_notifications import SARAH, _configure, _deliver, _records
from tests.security.drift_setup import outside_change
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

MIKE, JOHN = "mike.smith@acme.com", "john@acme.com"


async def test_an_owner_replaced_by_an_admin_gets_no_drift_notice(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    _replace_owner(flow, SUPPORT, MIKE)
    await _scan(flow)
    save_responses(flow.service.store, flow.audit, TENANT, {"granted_outside": "notify"}, by=ADMIN)
    outside_change(
        tenant, ADMIN, "Add-RecipientPermission", Identity=SUPPORT, Trustee=JOHN, AccessRights="SendAs"
    )
    [_] = (await _scan(flow)).events
    told = {r.recipient for r in _records(flow.service.store) if r.notice_kind == "drift_event"}
    assert flow.person(SARAH).recipient_id not in told
    assert told == {flow.person(MIKE).recipient_id, flow.person(ADMIN).recipient_id}


def _replace_owner(flow: Flow, resource: str, owner: str) -> None:
    targets = propose_targets(TENANT, flow.ctx.directory)
    chosen = targets.targets[flow.person(resource).recipient_id]
    chosen.owners, chosen.owners_set_by_admin = [flow.person(owner).recipient_id], True
    TenantDocuments(flow.service.store).put(TENANT, TARGETS_KIND, targets.model_dump_json())


async def test_an_owner_replaced_after_the_scan_is_not_sent_the_notice_queued_for_them(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    """The notice was queued while Sarah owned support; an admin hands support to Mike before it is sent
    (a retry can come hours later): Sarah's is skipped, the admin's still goes."""
    _configure(flow, tmp_path)
    await _scan(flow)
    save_responses(flow.service.store, flow.audit, TENANT, {"granted_outside": "notify"}, by=ADMIN)
    outside_change(
        tenant, ADMIN, "Add-RecipientPermission", Identity=SUPPORT, Trustee=JOHN, AccessRights="SendAs"
    )
    [_] = (await _scan(flow)).events
    _replace_owner(flow, SUPPORT, MIKE)
    flow.clock.now = dt.datetime.now(dt.UTC)
    await _deliver(flow, tmp_path)
    states = {r.recipient: r.state for r in _records(flow.service.store) if r.notice_kind == "drift_event"}
    assert states == {flow.person(SARAH).recipient_id: "skipped", flow.person(ADMIN).recipient_id: "sent"}
