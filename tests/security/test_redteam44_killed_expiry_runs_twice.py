"""Red team 44, attack on sec39's "an expiry that reads 'already' now runs": before, an expiry reading the
access already gone closed at submission and nothing was sent; now it is stored, confirmed and run, so a
run can die between its READ_AS_ALREADY mark and the write. The grant stays due (only a completed expiry
marks it reverted), so the scheduler's next pass files a second expiry, which completes. Sarah is then
given Send As on Support again, for good, by a later request. The first expiry, still `applying` with its
mark, is taken over by a run (as a worker resumes a dead run) and sends its revoke again: it takes away
the Send As the later request gave for good. The first expiry is never told it was overtaken: neither
`superseding_request` nor the re-filed expiry's completion stops it.

The root predates sec39 (the same happens to an expiry killed before its write while Sarah still held the
right: the `still-held` case); sec39 opens it to an expiry that reads the access already gone, which used to
close unsent at submission (the `read-already` case).

Since red team 56 F4 the next sweep takes the dead run over (its marked step settled by a read) instead of
filing a second expiry beside it, so the two never coexist; the test holds that Sarah's later grant stays.

Driven against the emulator over HTTP, as red team 8's expiry tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import select

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from mailwarden.store.tables import RequestRow
from mailwarden.workflow.requests import advance, run_expiries
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.drift.test_scan import _outside
from tests.security.test_kill_every_step import Killed, _dying
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as, _request

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADMIN, SARAH = "grace.hopper@acme.com", "sarah@acme.com"


def _expiries(flow: Flow, parent: str) -> list[tuple[str, str]]:
    with flow.service.store.session() as session:
        rows = session.execute(
            select(RequestRow.request_id, RequestRow.state)
            .where(RequestRow.parent_request_id == parent, RequestRow.kind == "expiry")
            .order_by(RequestRow.created)
        ).all()
    return [(r.request_id, str(r.state)) for r in rows]


@pytest.mark.parametrize("gone", [True, False], ids=["read-already", "still-held"])
async def test_a_killed_expiry_resumed_does_not_take_away_a_later_grant(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
    gone: bool,
) -> None:
    # The finding is the killed run, not the lag: the tenant is read as it is (days pass between the steps).
    set_switch(tenant, "replication_lag_seconds", 0)
    until = flow.clock.now + dt.timedelta(days=1)
    first = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH, expires=until))
    assert first.state is RequestState.COMPLETED, first.state
    # Another admin takes Sarah's Send As away in the admin center: at the end, reads show it gone.
    if gone:
        _outside(tenant, "Remove-RecipientPermission", Identity=SUPPORT, Trustee=SARAH, AccessRights="SendAs")
        await replicated()
    flow.clock.advance(dt.timedelta(days=2))

    # Dies in the write's send (sec44: its step is marked right before it), before or after it goes out.
    action = WRITE_ACTIONS["send_as"]
    monkeypatch.setattr(action, "apply", _dying(action.apply, 1, "before", is_async=True))
    with pytest.raises(Killed):
        await run_expiries(flow.service, flow.ctx, TENANT)
    monkeypatch.undo()
    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))
    journal = len(tenant.data.journal)
    await run_expiries(flow.service, flow.ctx, TENANT)
    expiries = _expiries(flow, first.request_id)
    # Red team 56 F4: the next sweep takes over the dead run (its marked step settled by a read) rather than
    # file a second expiry beside it; the dead one is never left for a worker to resume later.
    assert [state for _, state in expiries] == ["completed"], expiries
    assert not _has_send_as(tenant, SUPPORT, SARAH)
    with tenant.transaction():
        sent = [e for e in tenant.data.journal[journal:] if e.operation == "Remove-RecipientPermission"]
    assert len(sent) == (0 if gone else 1), sent  # read as already gone: nothing sent again
    await replicated()  # the later grant is asked for well after the second expiry

    again = await _request(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH))
    assert again.state is RequestState.COMPLETED, again.state
    await replicated()
    assert _has_send_as(tenant, SUPPORT, SARAH)

    flow.clock.advance(EXECUTION_LEASE + dt.timedelta(seconds=1))
    for request_id, _ in expiries:
        await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.check)  # as a worker resumes it
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert _has_send_as(tenant, SUPPORT, SARAH), "a dead expiry, resumed, took away the access given since"
