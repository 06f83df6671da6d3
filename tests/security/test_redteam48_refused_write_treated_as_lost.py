"""Red team 48: a write the tenant answered with a refusal is kept as one whose answer may have been lost.

Since sec44 a failed step keeps the change its write was sent to make, whatever the failure: a write whose
every answer was lost (it may have landed) and a write Exchange answered with a plain refusal (403, or 429
until the connector gave up: Microsoft carries out neither) are both `tried_write`. For the second, nothing
can have landed, yet:

- its end is due (`due_expiries`), and at the end the scheduler revokes the right: a for-good Send As
  another admin gave Sarah in the admin center during the day is taken away;
- retried (reopen_failed), it goes back `applying` as a write whose answer was lost: the run finds the
  other admin's Send As, records it as this request's grant ("an earlier run recorded as failed (its answer
  may have been lost)"), with the one-day end, which takes it away.

Driven against the emulator over HTTP; the refusals are switched on only while the write is sent."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import advance, run_expiries
from tests.security.faulty_send_as import SARAH, one_day_send_as_sent_into
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as
from tests.workflow.test_write_by_object_id import ADMIN

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def _one_day_grant_refused(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch, status: int
) -> str:
    """Grace gives Sarah Send As on support@ for a day; Exchange refuses every send of the write."""
    request_id = await one_day_send_as_sent_into(
        flow, tenant, emulator, monkeypatch, lambda faults: faults.fail("exchange", status=status, times=50)
    )
    [step] = flow.service.get(TENANT, request_id).steps
    assert step.status == "failed", step
    assert not _has_send_as(tenant, SUPPORT, SARAH)  # the tenant refused it: nothing was written
    return request_id


def _given_for_good_outside(tenant: TenantState) -> None:
    OtherAdmin(tenant).exchange(
        "Add-RecipientPermission", Identity=SUPPORT, Trustee=SARAH, AccessRights="SendAs"
    )
    assert _has_send_as(tenant, SUPPORT, SARAH)


@pytest.mark.parametrize("status", [403, 400])
async def test_the_end_of_a_refused_grant_leaves_another_admins_grant(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    await _one_day_grant_refused(flow, tenant, emulator, monkeypatch, status)
    flow.clock.advance(dt.timedelta(hours=2))
    _given_for_good_outside(tenant)  # another admin, in the admin center, for good
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert _has_send_as(tenant, SUPPORT, SARAH), "the refused grant's end took the other admin's Send As"


async def test_a_refused_grant_retried_does_not_take_another_admins_grant_as_its_own(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = await _one_day_grant_refused(flow, tenant, emulator, monkeypatch, 403)
    flow.clock.advance(dt.timedelta(hours=2))
    _given_for_good_outside(tenant)
    flow.clock.advance(dt.timedelta(hours=1))
    flow.service.reopen_failed(TENANT, request_id, flow.actor(ADMIN))
    [step] = (await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.check)).steps
    assert step.status == "already", (step.status, (step.outcome or {}).get("message"))
