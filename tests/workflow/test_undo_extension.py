"""Undoing an extension (a grant that moved the end of a time-bound one, or made it for good) puts the old
end back: the access stays until then, as the time-bound grant gave it, and the scheduler ends it then. It
never takes the access away at once (that is a revoke, asked for as one)."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import SendAs
from mailwarden.workflow.requests import advance, run_expiries, undo
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_extension import OWNER, TOM, _time_bound_send_as_for_tom
from tests.workflow.test_requests import SUPPORT, _has_send_as, _request

pytestmark = pytest.mark.anyio


async def _extended_for_good(flow: Flow) -> tuple[str, RequestView]:
    first = await _time_bound_send_as_for_tom(flow, days=1)
    view = await _request(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    flow.service.approve(TENANT, view.request_id, flow.actor(OWNER))
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert view.steps[0].status == "applied"
    assert flow.service.get(TENANT, first).steps[0].expires is None
    return first, view


async def _undo(flow: Flow, request_id: str, who: str = TOM) -> RequestView:
    reverting = await undo(
        flow.service, flow.ctx, TENANT, request_id, flow.actor(who), flow.person(who), flow.decide
    )
    if reverting.state is RequestState.NEEDS_CONFIRMATION:
        flow.service.confirm(TENANT, reverting.request_id, flow.actor(who))
    return await advance(flow.service, flow.ctx, TENANT, reverting.request_id, check=flow.check)


async def test_undoing_an_extension_restores_the_old_end_and_keeps_the_access_until_then(
    flow: Flow, tenant: TenantState
) -> None:
    first, extension = await _extended_for_good(flow)
    old_end = flow.clock.now + dt.timedelta(days=1)
    done = await _undo(flow, extension.request_id)
    assert done.state is RequestState.COMPLETED, [(s.status, s.outcome) for s in done.steps]
    [step] = done.steps
    assert f"{old_end:%Y-%m-%d %H:%M}" in str(step.preview["summary"])
    assert _has_send_as(tenant, SUPPORT, TOM), "the undo of an extension took the access away at once"
    assert flow.service.get(TENANT, extension.request_id).steps[0].reverted_by == done.request_id

    flow.clock.advance(dt.timedelta(hours=12))
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert _has_send_as(tenant, SUPPORT, TOM)
    flow.clock.advance(dt.timedelta(days=1))
    [ended] = await run_expiries(flow.service, flow.ctx, TENANT)
    assert ended.state is RequestState.COMPLETED
    assert not _has_send_as(tenant, SUPPORT, TOM)
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []  # never twice
    assert first


async def test_an_extension_whose_access_is_gone_is_not_undone_into_a_grant(
    flow: Flow, tenant: TenantState
) -> None:
    """The access was revoked since the extension: its undo has nothing to shorten and gives nothing."""
    _, extension = await _extended_for_good(flow)
    revoke = await _request(flow, TOM, SendAs(change="revoke", mailbox=SUPPORT, trustee=TOM))
    assert revoke.state is RequestState.COMPLETED
    done = await _undo(flow, extension.request_id)
    assert [s.status for s in done.steps] != ["applied"]
    assert not _has_send_as(tenant, SUPPORT, TOM)
    flow.clock.advance(dt.timedelta(days=2))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert not _has_send_as(tenant, SUPPORT, TOM)
