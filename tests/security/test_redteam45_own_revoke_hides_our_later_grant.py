"""Red team 45, attack on sec42's own_revokes: a delegate who holds another right by mailwarden's own later
grant, inside the lag, is hidden.

Grace takes Tom Becker's Full Access on support@ away through mailwarden, then (minutes later, both inside
the replication window) gives him Send As on support@ through mailwarden. Tom is support@'s delegate by
that Send As. `without_own_revokes` finds the Full Access revoke as the latest change of ours to that right
and drops Tom unless he "holds another" right, which it asks the tenant for now; the read lags the Send As
grant mailwarden itself just made, so Tom is dropped and may not view support@'s permissions or details.
Its own record (the applied Send As grant, sec42's "a right given again by our own later grant counts as
held" applies only to the SAME right) says he holds it. A denial, not an escalation: severity low.

Fixed (sec45): a right whose latest change of ours within the window is a grant counts as held, as the
same right given again did (workflow/own_revokes.py).

Driven against the emulator over HTTP; the lag is the emulator's replication_lag_seconds switch."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import SendAs
from mailwarden.workflow.requests import advance, run_expiries
from tests.security.test_redteam43_view_inside_the_lag_of_our_own_revoke import (
    SUPPORT,
    TOM,
    _revoke_through_mailwarden,
    _tom_may_view,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import _has_send_as
from tests.workflow.test_write_by_object_id import ADMIN, _filed

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_tom_given_send_as_by_us_after_our_revoke_stays_a_delegate_inside_the_lag(
    flow: Flow, tenant: TenantState
) -> None:
    assert not _has_send_as(tenant, SUPPORT, TOM)
    await _revoke_through_mailwarden(flow, tenant)  # lag 3600 s from here
    flow.clock.advance(dt.timedelta(minutes=1))
    view = await _filed(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert done.steps[0].status == "applied", done.steps[0]
    assert _has_send_as(tenant, SUPPORT, TOM)  # the tenant holds it; reads lag it
    assert await _tom_may_view(flow) == [True, True]


async def test_our_later_grant_taken_back_at_its_end_inside_the_lag_does_not_keep_tom(
    flow: Flow, tenant: TenantState
) -> None:
    """A grant of ours counts only while it is the latest change of ours to that right: its end, run inside
    the lag, takes it back again for the view."""
    await _revoke_through_mailwarden(flow, tenant)  # lag 3600 s from here
    until = flow.clock.now + dt.timedelta(minutes=10)
    view = await _filed(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert done.steps[0].status == "applied", done.steps[0]
    flow.clock.advance(dt.timedelta(minutes=11))
    [expiry] = await run_expiries(flow.service, flow.ctx, TENANT)
    assert expiry.steps[0].status == "applied", expiry.steps[0]
    assert not _has_send_as(tenant, SUPPORT, TOM)  # taken back; the reads lag that as well
    assert await _tom_may_view(flow) == [False, False]
