"""The transactional outbox: a transition and the news of it are committed together or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from mailwarden.notifications import outbox
from mailwarden.notifications.config import load_config, save_config
from mailwarden.workflow.requests import plan_steps
from tests.notifications.test_notifications import SUPPORT, TOM, _ask, _configure, _records
from tests.workflow.conftest import TENANT, Flow


class Crash(Exception):
    """The process dies here: after the state change, before anything is committed."""


@pytest.mark.anyio
async def test_a_crash_while_queueing_leaves_neither_the_transition_nor_the_message(
    flow: Flow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _configure(flow, tmp_path)
    store = flow.service.store
    # Two channels for the approver: the crash comes after the first delivery row is written.
    save_config(
        store,
        TENANT,
        load_config(store, TENANT).model_copy(
            update={"teams_app_id": "3d1f4c2a-8b9e-4f0a-9c51-7e2b6a1d0f33"}
        ),
    )
    planned = await plan_steps(
        flow.ctx, flow.person(TOM), [SendAs(change="grant", mailbox=SUPPORT, trustee=TOM)], flow.decide
    )
    view = flow.service.submit(TENANT, flow.actor(TOM), planned)
    assert view.state is RequestState.NEEDS_CONFIRMATION
    woken: list[str] = []
    undo = outbox.on_queued(woken.append)
    real_key = outbox.dedupe_key
    calls: list[int] = []

    def crash_on_second(*parts: str) -> str:
        calls.append(1)
        if len(calls) == 2:
            raise Crash
        return real_key(*parts)

    monkeypatch.setattr(outbox, "dedupe_key", crash_on_second)
    try:
        with pytest.raises(Crash):
            flow.service.confirm(TENANT, view.request_id, flow.actor(TOM))
    finally:
        undo()
    assert flow.service.get(TENANT, view.request_id).state is RequestState.NEEDS_CONFIRMATION
    assert _records(store) == []
    assert woken == []  # nothing was committed, so no sender is woken
    # Once the process is back, the same confirmation moves the request and queues its news, together.
    monkeypatch.setattr(outbox, "dedupe_key", real_key)
    confirmed = flow.service.confirm(TENANT, view.request_id, flow.actor(TOM))
    assert confirmed.state is RequestState.PENDING_APPROVAL
    assert sorted(r.channel for r in _records(store)) == ["email", "teams_feed"]


@pytest.mark.anyio
async def test_a_transition_that_loses_the_race_queues_nothing(flow: Flow, tmp_path: Path) -> None:
    _configure(flow, tmp_path)
    view = await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    assert view.state is RequestState.PENDING_APPROVAL
    before = len(_records(flow.service.store))
    # Confirming again is refused by the state guard inside the same transaction: no second message.
    with pytest.raises(Exception, match="confirm"):
        flow.service.confirm(TENANT, view.request_id, flow.actor(TOM))
    assert len(_records(flow.service.store)) == before
