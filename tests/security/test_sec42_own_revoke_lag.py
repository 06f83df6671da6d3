"""Inside the replication lag of mailwarden's own revoke, a person keeps only what they still hold (sec42).

Red team 43's test: within the lag of the Full Access revoke Grace ran through mailwarden, Tom may no longer
view support@ (the read still lists him; mailwarden's record knows better). These are the other side: the
record takes away only the right revoked, so Chris, who still holds Send As on support@, stays its delegate;
and our own later grant makes Tom one again. Driven against the emulator over HTTP."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.decisions import Denied
from mailwarden.model.steps import MailboxDelegation, ViewMailboxDetails, ViewMailboxPermissions
from mailwarden.workflow.redact import read_decision
from mailwarden.workflow.requests import advance
from tests.security.test_redteam43_view_inside_the_lag_of_our_own_revoke import (
    SUPPORT,
    TOM,
    _Reader,
    _revoke_through_mailwarden,
    _tom_may_view,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_write_by_object_id import ADMIN, _filed

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

CHRIS = "chris.lee@acme.com"


async def _may_view(flow: Flow, who: str) -> list[bool]:
    reader = _Reader(flow.ctx, flow.person(who), flow.engine, flow.org, flow.service, TENANT)
    steps = (ViewMailboxPermissions(mailbox=SUPPORT), ViewMailboxDetails(mailbox=SUPPORT))
    return [not isinstance(await read_decision(reader, s), Denied) for s in steps]


async def test_chris_holding_send_as_still_may_view_inside_the_lag_of_his_full_access_revoke(
    flow: Flow, tenant: TenantState
) -> None:
    """Chris Lee holds Full Access and Send As on support@ (the seed): Grace revokes the Full Access through
    mailwarden; inside its lag he is still support@'s delegate by Send As, which no revoke took."""
    assert await _may_view(flow, CHRIS) == [True, True]
    view = await _filed(flow, ADMIN, MailboxDelegation(change="revoke", mailbox=SUPPORT, trustee=CHRIS))
    set_switch(tenant, "replication_lag_seconds", 3600)  # the revoke reaches no read while the test runs
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.01, longest=0.01, bound=0.03))
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert done.steps[0].status == "applied", done.steps[0]
    assert await _may_view(flow, CHRIS) == [True, True]
    assert await _may_view(flow, TOM) == [True, True]  # Tom's Full Access was not revoked


async def test_our_grant_after_our_revoke_makes_tom_a_delegate_again(flow: Flow, tenant: TenantState) -> None:
    await _revoke_through_mailwarden(flow, tenant)
    assert await _tom_may_view(flow) == [False, False]
    set_switch(tenant, "replication_lag_seconds", 0)  # the revoke is in the reads: the grant is planned on it
    flow.clock.advance(dt.timedelta(minutes=1))
    view = await _filed(flow, ADMIN, MailboxDelegation(change="grant", mailbox=SUPPORT, trustee=TOM))
    await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    # Both within the window: the latest change of ours to Tom's Full Access is the grant, which he holds.
    assert await _tom_may_view(flow) == [True, True]
