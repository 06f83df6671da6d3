"""Red team 5: a drift notice names a resource's delegates, so it goes to the owners mailwarden answers to
(the ones an admin set replace the directory's, as in policy and access reviews) and the admins. An owner an
admin replaced is no longer told who was given access to the mailbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.drift.policy import save_responses
from mailwarden.emulator.state import TenantState
from mailwarden.store.documents import TenantDocuments
from mailwarden.tenants.targets import TARGETS_KIND, propose_targets
from tests.drift.test_scan import ADMIN, SUPPORT, _outside, _scan
from tests.notifications.test_notifications import SARAH, _configure, _records
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

MIKE, JOHN = "mike.smith@acme.com", "john@acme.com"


async def test_an_owner_replaced_by_an_admin_gets_no_drift_notice(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    targets = propose_targets(TENANT, flow.ctx.directory)
    support = flow.person(SUPPORT).recipient_id
    targets.targets[support].owners = [flow.person(MIKE).recipient_id]
    targets.targets[support].owners_set_by_admin = True
    TenantDocuments(flow.service.store).put(TENANT, TARGETS_KIND, targets.model_dump_json())
    await _scan(flow)
    save_responses(flow.service.store, flow.audit, TENANT, {"granted_outside": "notify"}, by=ADMIN)
    _outside(tenant, "Add-RecipientPermission", Identity=SUPPORT, Trustee=JOHN, AccessRights="SendAs")
    [_] = (await _scan(flow)).events
    told = {r.recipient for r in _records(flow.service.store) if r.notice_kind == "drift_event"}
    assert flow.person(SARAH).recipient_id not in told
    assert told == {flow.person(MIKE).recipient_id, flow.person(ADMIN).recipient_id}
