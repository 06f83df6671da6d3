"""An approved revoke whose run reads (lagging) that the right is already gone still takes it away (sec36).

The request is filed and approved while Mike Smith holds Full Access to Billing. Another admin then removes
it (the reads show that) and, seconds before the run, grants it again: the reads, which lag writes, do not
show the new grant yet. The run used to record "already" and write nothing, leaving the right in place while
the request said it was gone. Now the remove is sent and only Exchange's answer says "already".
"""

from __future__ import annotations

import dataclasses

import pytest

from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.steps import MailboxDelegation
from mailwarden.workflow.requests import advance
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_write_by_object_id import ADMIN, _filed

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

BILLING, MIKE = "billing@acme.com", "mike.smith@acme.com"
FULL_ACCESS = {"Identity": BILLING, "User": MIKE, "AccessRights": ["FullAccess"]}


def _holds(tenant: TenantState, other: OtherAdmin) -> bool:
    box = tenant.get(other.id_of(BILLING))
    assert box is not None
    return any(g.trustee_id == other.id_of(MIKE) for g in box.full_access)


@pytest.mark.parametrize("regranted", [True, False], ids=["granted-again-outside", "still-removed"])
async def test_an_approved_revoke_is_sent_when_the_run_reads_it_already_done(
    flow: Flow, tenant: TenantState, regranted: bool
) -> None:
    view = await _filed(flow, ADMIN, MailboxDelegation(change="revoke", mailbox=BILLING, trustee=MIKE))
    other = OtherAdmin(tenant)
    set_switch(tenant, "replication_lag_seconds", 0)
    other.exchange("Remove-MailboxPermission", **FULL_ACCESS)  # in the reads at once
    set_switch(tenant, "replication_lag_seconds", 3600)
    if regranted:
        other.exchange("Add-MailboxPermission", **FULL_ACCESS)  # in no read while the test runs
    assert _holds(tenant, other) is regranted
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.01, longest=0.01, bound=0.03))

    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)

    assert not _holds(tenant, other), "the Full Access granted outside survived the approved revoke"
    step = done.steps[0]
    if regranted:
        assert step.status == "applied", step  # the record says the right was taken away, not "already"
        assert (step.outcome or {}).get("before") == {"full_access": True, "automapping": None}, step.outcome
    else:
        assert step.status == "already", step  # Exchange answered that there was nothing to remove
