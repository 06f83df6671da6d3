"""Red team 10: the expiry job and an extension's run racing on the same time-bound grant."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import SendAs
from mailwarden.workflow import executor
from mailwarden.workflow.requests import advance, run_expiries
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_extension import OWNER, TOM, _time_bound_send_as_for_tom
from tests.workflow.test_requests import SUPPORT, _has_send_as, _request

pytestmark = pytest.mark.anyio


async def test_an_expiry_that_commits_after_an_extension_read_the_end_makes_it_drift(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await _time_bound_send_as_for_tom(flow)
    view = await _request(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    flow.service.approve(TENANT, view.request_id, flow.actor(OWNER))
    # The extension's run reads the old end; the scheduler (another process) then takes the access away
    # and commits before the extension records itself: what the run read is stale when it writes.
    stale = executor.current_end(
        flow.service, flow.ctx, TENANT, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM)
    )
    assert stale is not None
    flow.clock.advance(dt.timedelta(days=2))
    assert len(await run_expiries(flow.service, flow.ctx, TENANT)) == 1
    assert not _has_send_as(tenant, SUPPORT, TOM)

    def read_before_the_expiry(*_: Any) -> Any:
        return stale

    monkeypatch.setattr(executor, "current_end", read_before_the_expiry)
    preflight = executor.WRITE_ACTIONS["send_as"].preflight

    async def as_read_before_the_expiry(ctx: Any, step: Any) -> Any:
        found = await preflight(ctx, step)
        return found.model_copy(
            update={"already": True, "before": {"send_as": True}, "after": {"send_as": True}}
        )

    monkeypatch.setattr(executor.WRITE_ACTIONS["send_as"], "preflight", as_read_before_the_expiry)
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert not _has_send_as(tenant, SUPPORT, TOM)
    assert flow.service.get(TENANT, first).steps[0].reverted_by is not None
    assert view.steps[0].status != "applied", "audited as applied while the tenant has no access"


async def test_an_extension_recorded_while_the_expiry_reads_the_tenant_keeps_the_access(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other order: the scheduler has found the grant due and is reading the tenant when an extension's
    run records itself and drops the end. The expiry must then take nothing away: the access is for good."""
    first = await _time_bound_send_as_for_tom(flow)
    extension = await _request(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    flow.service.approve(TENANT, extension.request_id, flow.actor(OWNER))
    flow.clock.advance(dt.timedelta(days=2))
    preflight = executor.WRITE_ACTIONS["send_as"].preflight
    extended: list[str] = []

    async def the_extension_runs_meanwhile(ctx: Any, step: Any) -> Any:
        if step.change == "revoke" and not extended:
            done = await advance(flow.service, flow.ctx, TENANT, extension.request_id, check=flow.check)
            extended.append(done.steps[0].status)
        return await preflight(ctx, step)

    monkeypatch.setattr(executor.WRITE_ACTIONS["send_as"], "preflight", the_extension_runs_meanwhile)
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert extended == ["applied"]
    assert _has_send_as(tenant, SUPPORT, TOM), "extended, then the expiry took it anyway"
    assert flow.service.get(TENANT, first).steps[0].reverted_by is None
