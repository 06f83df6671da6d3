"""Inside the replication lag of mailwarden's own revoke, a person keeps only what they still hold (sec42).

Red team 43's test: within the lag of the Full Access revoke Grace ran through mailwarden, Tom may no longer
view support@ (the read still lists him; mailwarden's record knows better). These are the other side: the
record takes away only the right revoked, so Tom, who still holds Send As on support@, stays its delegate;
and our own later grant given again makes him one. Driven against the emulator over HTTP."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.steps import MailboxDelegation
from mailwarden.workflow.requests import advance
from tests.security.test_redteam43_view_inside_the_lag_of_our_own_revoke import (
    SUPPORT,
    TOM,
    _revoke_through_mailwarden,
    _tom_may_view,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_write_by_object_id import ADMIN, _filed

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_tom_holding_send_as_still_may_view_inside_the_lag_of_the_full_access_revoke(
    flow: Flow, tenant: TenantState
) -> None:
    outside_cmdlet(
        tenant, ADMIN, "Add-RecipientPermission", Identity=SUPPORT, Trustee=TOM, AccessRights="SendAs"
    )
    await _revoke_through_mailwarden(flow, tenant)
    assert await _tom_may_view(flow) == [True, True]


async def test_our_grant_after_our_revoke_makes_tom_a_delegate_again(flow: Flow, tenant: TenantState) -> None:
    await _revoke_through_mailwarden(flow, tenant)
    assert await _tom_may_view(flow) == [False, False]
    set_switch(tenant, "replication_lag_seconds", 0)  # the revoke is in the reads: the grant is planned on it
    flow.clock.advance(dt.timedelta(minutes=1))
    view = await _filed(flow, ADMIN, MailboxDelegation(change="grant", mailbox=SUPPORT, trustee=TOM))
    await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    # Both within the window: the latest change of ours to Tom's Full Access is the grant, which he holds.
    assert await _tom_may_view(flow) == [True, True]
