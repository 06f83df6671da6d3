"""Red team 54 W2: a bulk step's "may have been sent" (`mark_sent`: `NOT_SENT` off, `SENT_AT` on) was made
before its `$batch` waited for its token and the tenant's budget. A sibling `$batch` that fails there (here:
the store refuses the Graph `$batch`'s mark) cancels it (connectors/together.py `all_of`) before anything
left: the step was recorded as maybe sent though nothing was. Marked right before the bytes leave, after
those waits, it stays `NOT_SENT`, and the run taking it over reads it as never marked (red team 51)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from mailwarden.connectors.budget import LocalBudget
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.grant_records import NOT_SENT, SENT_AT
from mailwarden.workflow.requests import advance, plan_steps
from mailwarden.workflow.service import RequestService
from tests.security.test_redteam53_orphan_batch import DL, M365, StoreDown
from tests.security.test_sec50_bulk_marks_never_sent import ADMIN, PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


def _slow_token(flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Exchange token is fetched slowly (the identity platform answers in its own time)."""
    exchange = flow.ctx.clients.exchange
    tokens = exchange._auth.tokens  # type: ignore[attr-defined]
    resource = exchange._auth.resource  # type: ignore[attr-defined]
    real = tokens.token

    async def slow(wanted: str, *args: Any, **kwargs: Any) -> str:
        if wanted == resource:
            await asyncio.sleep(0.4)
        token: str = await real(wanted, *args, **kwargs)
        return token

    monkeypatch.setattr(tokens, "token", slow)


def _slow_budget(flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tenant's Exchange budget is spent: a request waits for it."""
    real = LocalBudget.take

    async def waits(self: LocalBudget, api: Any, cost: int = 1) -> None:
        if api == "exchange":
            await asyncio.sleep(0.4)
        await real(self, api, cost)

    monkeypatch.setattr(LocalBudget, "take", waits)


@pytest.mark.parametrize("wait", [_slow_token, _slow_budget], ids=["token", "budget"])
async def test_a_batch_cancelled_while_it_waits_to_go_out_was_never_sent(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, wait: Any
) -> None:
    end = flow.clock.now + dt.timedelta(days=1)
    steps = [
        DistributionListMembership(change="add", group=DL, member=TOM, expires=end),
        DistributionListMembership(change="add", group=M365, member=PRIYA, expires=end),
    ]
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))

    real_mark_sent = RequestService.mark_sent

    def store_down_for_graph(self: RequestService, request_id: str, positions: Any, at: str) -> None:
        if 1 in positions:
            raise StoreDown
        real_mark_sent(self, request_id, positions, at)

    with monkeypatch.context() as down:
        wait(flow, down)
        down.setattr(RequestService, "mark_sent", store_down_for_graph)
        with pytest.raises(StoreDown):
            await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    await asyncio.sleep(0.5)  # nothing of the cancelled $batch goes out later either
    assert not _on(tenant, DL, TOM)
    tom = flow.service.get(TENANT, view.request_id).steps[0]
    assert tom.status == "applying", tom
    mark = tom.outcome or {}
    assert mark.get(NOT_SENT), f"Tom's add was never sent, yet is marked so: {mark}"
    assert not mark.get(SENT_AT), mark
