"""Red team 19: undoing the revoke of time-bound access gave it back for good. An admin gave Tom Send As on
Support for two days; Tom gave it up; undoing that revoke planned the revert (a grant) from the tenant's
before-state, which cannot tell access that ends from access for good, so Tom held Send As forever. The undo
now restores the grant with the end it had; when that end has passed, it restores nothing and says so."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import MailboxDelegation, SendAs
from mailwarden.workflow.requests import advance, run_expiries
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_redteam12_undo_over_an_end import ADMIN, OWNER, TOM, _undo
from tests.workflow.test_requests import SUPPORT, _has_full_access, _has_send_as, _request

pytestmark = pytest.mark.anyio


async def _given_then_revoked(flow: Flow, days: int) -> tuple[str, dt.datetime]:
    """Send As on Support given to Tom until `days` from now, then given up by him: the revoke, the end."""
    until = (flow.clock.now + dt.timedelta(days=days)).replace(microsecond=0)
    given = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    assert given.state is RequestState.COMPLETED
    flow.clock.advance(dt.timedelta(hours=1))
    revoked = await _request(flow, TOM, SendAs(change="revoke", mailbox=SUPPORT, trustee=TOM))
    assert revoked.state is RequestState.COMPLETED
    flow.clock.advance(dt.timedelta(hours=1))
    return revoked.request_id, until


async def test_undo_of_a_revoke_gives_the_access_back_until_its_old_end(
    flow: Flow, tenant: TenantState
) -> None:
    revoked, until = await _given_then_revoked(flow, days=2)
    undoing = await _undo(flow, revoked)
    (step,) = undoing.steps
    assert step.step.get("expires") is not None, step.step
    assert dt.datetime.fromisoformat(str(step.step["expires"])) == until
    if undoing.state is RequestState.PENDING_APPROVAL:
        flow.service.approve(TENANT, undoing.request_id, flow.actor(OWNER))
    ran = await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)
    assert ran.steps[0].status == "applied", ran.steps[0].outcome
    assert _has_send_as(tenant, SUPPORT, TOM)

    flow.clock.advance(dt.timedelta(days=3))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert not _has_send_as(tenant, SUPPORT, TOM), "the access the undo gave back outlived its old end"


async def test_undo_after_the_old_end_restores_nothing_and_says_so(flow: Flow, tenant: TenantState) -> None:
    revoked, until = await _given_then_revoked(flow, days=1)
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)  # the first grant's expiry: nothing left to end
    with pytest.raises(NotPermitted, match=f"{until:%Y-%m-%d %H:%M} UTC") as refused:
        await _undo(flow, revoked)
    assert "passed" in str(refused.value)
    assert not _has_send_as(tenant, SUPPORT, TOM)


async def test_an_undo_of_many_steps_restores_the_live_ones_and_names_the_ended(
    flow: Flow, tenant: TenantState
) -> None:
    """Tom gave up Send As (held for a day) and Full Access (held for good) in one request; after the day,
    undoing it gives back Full Access only, and the undo says why Send As is not among it."""
    until = (flow.clock.now + dt.timedelta(days=1)).replace(microsecond=0)
    assert (
        await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    ).state is RequestState.COMPLETED
    assert (
        await _request(flow, ADMIN, MailboxDelegation(change="grant", mailbox=SUPPORT, trustee=TOM))
    ).state is RequestState.COMPLETED
    flow.clock.advance(dt.timedelta(hours=1))
    revoked = await _request(
        flow,
        TOM,
        SendAs(change="revoke", mailbox=SUPPORT, trustee=TOM),
        MailboxDelegation(change="revoke", mailbox=SUPPORT, trustee=TOM),
    )
    assert revoked.state is RequestState.COMPLETED
    flow.clock.advance(dt.timedelta(days=2))
    undoing = await _undo(flow, revoked.request_id)
    assert [s.step["action"] for s in undoing.steps] == ["mailbox_delegation"]
    assert undoing.steps[0].step.get("expires") is None
    assert f"{until:%Y-%m-%d %H:%M} UTC" in (undoing.text or ""), undoing.text
    if undoing.state is RequestState.PENDING_APPROVAL:
        flow.service.approve(TENANT, undoing.request_id, flow.actor(OWNER))
    await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)
    assert _has_full_access(tenant, SUPPORT, TOM)
    assert not _has_send_as(tenant, SUPPORT, TOM)


async def test_an_undo_approved_after_the_old_end_gives_nothing_back(flow: Flow, tenant: TenantState) -> None:
    """Filed in time, approved after the end: the grant it holds would give access that has already ended
    (until the next expiry sweep took it again), so it is not run."""
    revoked, until = await _given_then_revoked(flow, days=1)
    undoing = await _undo(flow, revoked)
    assert undoing.state is RequestState.PENDING_APPROVAL
    flow.clock.advance(dt.timedelta(days=2))
    flow.service.approve(TENANT, undoing.request_id, flow.actor(OWNER))
    ran = await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)
    assert ran.steps[0].status == "refused", ran.steps[0]
    assert f"{until:%Y-%m-%d %H:%M} UTC" in str((ran.steps[0].outcome or {}).get("message"))
    assert not _has_send_as(tenant, SUPPORT, TOM)


async def test_a_time_bound_grant_approved_after_its_end_is_not_run(flow: Flow, tenant: TenantState) -> None:
    until = (flow.clock.now + dt.timedelta(hours=4)).replace(microsecond=0)
    asked = await _request(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    assert asked.state is RequestState.PENDING_APPROVAL
    flow.clock.advance(dt.timedelta(hours=5))
    flow.service.approve(TENANT, asked.request_id, flow.actor(OWNER))
    ran = await advance(flow.service, flow.ctx, TENANT, asked.request_id, check=flow.check)
    assert ran.steps[0].status == "refused", ran.steps[0]
    assert not _has_send_as(tenant, SUPPORT, TOM)


async def test_undoing_the_expiry_itself_gives_nothing_back(flow: Flow, tenant: TenantState) -> None:
    """The scheduler's expiry is a completed request that revoked the access: undoing it was one more way to
    keep time-bound access for good."""
    until = (flow.clock.now + dt.timedelta(hours=4)).replace(microsecond=0)
    given = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=until))
    assert given.state is RequestState.COMPLETED
    flow.clock.advance(dt.timedelta(hours=5))
    (expiry,) = await run_expiries(flow.service, flow.ctx, TENANT)
    assert expiry.state is RequestState.COMPLETED
    assert not _has_send_as(tenant, SUPPORT, TOM)
    with pytest.raises(NotPermitted, match="passed"):
        await _undo(flow, expiry.request_id, who=ADMIN)
