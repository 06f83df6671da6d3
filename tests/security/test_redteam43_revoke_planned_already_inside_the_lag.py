"""Red team 43: a revoke asked for inside the replication lag of an outside grant is planned "already",
the request completes with no write, and the right stays.

sec36 sends an approved step's write whatever the executor's lagging pre-check says, and records "already"
only from Exchange's answer. The preview made when the request is planned reads the same lagging state, and
a step it calls "already" never reaches the executor. Another admin gives Tom Becker Full Access (or Send
As) on billing@ outside mailwarden; seconds later (Exchange's and Entra's reads take seconds to minutes to
show it) Grace asks mailwarden to take it away. The preview reads "Tom Becker already has no Full Access to
Billing", the request completes, no Remove-MailboxPermission is ever sent, and Tom keeps Full Access while
the record says he never had it. Driven against the emulator over HTTP, the lag set with the emulator's
replication_lag_seconds switch (an hour here, so that nothing replicates while the test runs)."""

from __future__ import annotations

import pytest

from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.steps import MailboxDelegation, SendAs, Step
from tests.security.test_redteam43_group_revoke_planned_already import _revoke
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow
from tests.workflow.test_write_by_object_id import ADMIN

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

BILLING, TOM = "billing@acme.com", "tom.becker@acme.com"


def _granted_outside(tenant: TenantState, right: str, *, lag: int) -> Step:
    set_switch(tenant, "replication_lag_seconds", lag)
    if right == "FullAccess":
        outside_cmdlet(
            tenant, ADMIN, "Add-MailboxPermission", Identity=BILLING, User=TOM, AccessRights="FullAccess"
        )
        return MailboxDelegation(change="revoke", mailbox=BILLING, trustee=TOM)
    outside_cmdlet(
        tenant, ADMIN, "Add-RecipientPermission", Identity=BILLING, Trustee=TOM, AccessRights="SendAs"
    )
    return SendAs(change="revoke", mailbox=BILLING, trustee=TOM)


def _holds(tenant: TenantState, right: str) -> bool:
    box, tom = tenant.address_owner(BILLING), tenant.address_owner(TOM)
    assert box is not None
    assert tom is not None
    if right == "FullAccess":
        return any(g.trustee_id == tom.id for g in box.full_access)
    return tom.id in box.send_as


@pytest.mark.parametrize("right", ["FullAccess", "SendAs"])
async def test_the_control_with_no_lag_the_revoke_takes_it_away(
    flow: Flow, tenant: TenantState, right: str
) -> None:
    step = _granted_outside(tenant, right, lag=0)
    assert _holds(tenant, right)
    await _revoke(flow, step)
    assert not _holds(tenant, right)


@pytest.mark.parametrize("right", ["FullAccess", "SendAs"])
async def test_a_revoke_asked_inside_the_lag_of_an_outside_grant_takes_it_away(
    flow: Flow, tenant: TenantState, right: str
) -> None:
    step = _granted_outside(tenant, right, lag=3600)
    assert _holds(tenant, right)
    view = await _revoke(flow, step)
    assert not _holds(tenant, right), (view.state, view.steps)
