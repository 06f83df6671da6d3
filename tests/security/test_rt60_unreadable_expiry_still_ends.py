"""Red team 60 F4, the other half: an unfinished expiry whose stored step today's model refuses (a row from
older rules) no longer stops the sweep (sec61), but it was skipped on every pass, and the grant behind it
was never ended: Tom kept Send As for good. Now that expiry's step is recorded refused ("no longer a valid
step", as `_judged_end` refuses a grant's step stored under older rules) and a fresh end is filed from the
grant's own step, so the access still ends. When the grant's step is unreadable too, nothing can be named to
end: it is left to an admin, with an audit record naming the request (never a crash, never kept in silence).

A sweep dies right after filing Tom's end (as in red team 56 F4); its stored step is then made one the model
refuses, standing for a row from older rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import update

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import SendAs
from mailwarden.store.tables import RequestStepRow
from mailwarden.workflow.requests import run_expiries
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as, _request
from tests.workflow.test_rt56_unconfirmed_expiry import ADMIN, RACHEL, TOM, Killed, _expiries

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def toms_end_filed_then_killed(
    flow: Flow, monkeypatch: pytest.MonkeyPatch, replicated: Callable[[], Awaitable[None]]
) -> tuple[RequestView, str]:
    """Tom's send as on support until tomorrow, granted; two days on, a sweep killed right after it filed the
    end. Returns Tom's request and the id of the expiry left unfinished."""
    soon = flow.clock.now + dt.timedelta(days=1)
    toms = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=soon))
    assert toms.state is RequestState.COMPLETED, toms.state
    await replicated()
    flow.clock.advance(dt.timedelta(days=2))
    submit = flow.service.submit

    def killed_once_filed(*args: Any, **kwargs: Any) -> RequestView:
        filed = submit(*args, **kwargs)
        if kwargs.get("kind") == "expiry":
            raise Killed
        return filed

    with monkeypatch.context() as m:
        m.setattr(flow.service, "submit", killed_once_filed)
        with pytest.raises(Killed):
            await run_expiries(flow.service, flow.ctx, TENANT)
    [(dead, _)] = _expiries(flow, toms.request_id)
    return toms, dead


def _unreadable(flow: Flow, request_id: str, **changed: Any) -> None:
    """The request's one stored step rewritten with `changed`, as a row stored under older rules."""
    with flow.service.store.session() as session:
        [row] = session.query(RequestStepRow).filter(RequestStepRow.request_id == request_id).all()
        session.execute(
            update(RequestStepRow)
            .where(RequestStepRow.request_id == request_id)
            .values(step={**row.step, **changed})
        )


@pytest.mark.parametrize("grant", ["readable", "unreadable"])
async def test_an_unreadable_unfinished_expiry_is_refused_and_the_grant_still_ends(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
    grant: str,
) -> None:
    toms, dead = await toms_end_filed_then_killed(flow, monkeypatch, replicated)
    _unreadable(flow, dead, expires="2026-01-01T00:00:00+00:00")  # a revoke with an end: refused today
    if grant == "unreadable":
        _unreadable(flow, toms.request_id, legacy_scope="all")  # a field today's model does not know

    end = flow.clock.now + dt.timedelta(hours=1)
    rachels = await _request(
        flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=RACHEL, expires=end)
    )
    assert rachels.state is RequestState.COMPLETED, rachels.state
    await replicated()
    flow.clock.advance(dt.timedelta(hours=2))

    for _ in range(2):  # the next pass finds nothing more to do
        await run_expiries(flow.service, flow.ctx, TENANT)
    await replicated()
    assert not _has_send_as(tenant, SUPPORT, RACHEL), "Rachel's access outlived its end"

    old = flow.service.get(TENANT, dead)
    assert old.state is RequestState.FAILED, old.state
    [refused] = old.steps
    assert refused.status == "refused"
    assert "no longer a valid step" in str((refused.outcome or {}).get("message"))
    left = flow.audit.records(request_id=toms.request_id, event="expiry.left_for_admin")
    if grant == "readable":
        assert not _has_send_as(tenant, SUPPORT, TOM), "Tom's access outlived its end"
        assert [state for _, state in _expiries(flow, toms.request_id)][1:] == ["completed"]
        assert left == []
        return
    # Nothing can be named to end: left to an admin, told once, and the sweep goes on.
    assert _has_send_as(tenant, SUPPORT, TOM)
    [record] = left
    assert record.detail is not None
    assert record.detail["position"] == 0
    assert "no longer a valid step" in str(record.detail["reason"])
    assert flow.service.due_expiries(TENANT) == []
