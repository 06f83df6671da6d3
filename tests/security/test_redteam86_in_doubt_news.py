"""Red team 86 F3: a requester in doubt (red team 84 F1: the store's copy of Tom's row names tom.becker@ as
his primary address, which the copy gives Ava after her sign-in read her row alone) was told nothing for good:
his news was recorded skipped when queued, and news queued before was skipped when delivered in that window,
though the outbox's reason said "until the directory is read again". Now it is held: queued under his object
id, tried again after `HOLD` and resolved again then, sent to his address now once the copy was read again,
never to Ava. It is skipped only once he is gone from the tenant, or when he is still in doubt `HELD_AT_MOST`
after it was queued."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestView
from mailwarden.notifications.outbox import HELD_AT_MOST, HOLD, IN_DOUBT
from mailwarden.store.recipient_cache import RecipientCache
from tests.notifications.test_notifications import _ask, _configure, _deliver, _inbox, _records
from tests.security.test_requester_by_object_id import AVA, _moved
from tests.security.test_requester_by_object_id_reads import SARAH, SUPPORT_FOR_TOM, TOM, TOM_NOW, _stored
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

QUEUED = ["while in doubt", "before, delivered while in doubt"]


def _only_ava_upserted(flow: Flow) -> None:
    RecipientCache(flow.service.store).upsert(TENANT, flow.person(TOM))  # Ava's sign-in: her row alone


async def _denied_in_doubt(flow: Flow, tenant: TenantState, tmp_path: Path, queued: str) -> RequestView:
    """Tom's request denied, its news queued while he is in doubt or before, and delivered in the doubt."""
    _configure(flow, tmp_path)
    view = await _ask(flow, TOM, SUPPORT_FOR_TOM)
    if queued != "while in doubt":
        flow.service.deny(TENANT, view.request_id, flow.actor(SARAH), "Not your queue.")
    await _moved(flow, tenant, TOM)
    _only_ava_upserted(flow)
    assert flow.service.get(TENANT, view.request_id).requester_in_doubt
    if queued == "while in doubt":
        flow.service.deny(TENANT, view.request_id, flow.actor(SARAH), "Not your queue.")
    await _deliver(flow, tmp_path)
    assert _inbox(tenant, AVA) == [], "held: Ava is told nothing"
    return view


def _denial(flow: Flow, view: RequestView) -> tuple[str, int, str | None]:
    rows = _records(flow.service.store)
    (row,) = [r for r in rows if r.request_id == view.request_id and r.event == "denied"]
    return row.state, row.attempts, row.last_error


@pytest.mark.parametrize("queued", QUEUED)
async def test_a_denial_told_while_the_requester_is_in_doubt_reaches_him_once_the_copy_is_read_again(
    flow: Flow, tenant: TenantState, tmp_path: Path, queued: str
) -> None:
    view = await _denied_in_doubt(flow, tenant, tmp_path, queued)
    assert _denial(flow, view) == ("queued", 0, IN_DOUBT)  # held, not an attempt, and the record says why
    _stored(flow)  # the directory is read again: Tom is at tom.becker-old@
    assert not flow.service.get(TENANT, view.request_id).requester_in_doubt
    flow.clock.advance(HOLD)
    await _deliver(flow, tmp_path)
    assert _inbox(tenant, AVA) == []
    assert [m["subject"] for m in _inbox(tenant, TOM_NOW)] == [
        f"[mailwarden] Your request was denied ({view.request_id[:8]})"
    ], "Tom was never told his request was denied (news dropped, not held)"
    assert _denial(flow, view)[0] == "sent"
    flow.clock.advance(HOLD)
    await _deliver(flow, tmp_path)
    assert len(_inbox(tenant, TOM_NOW)) == 1  # told once


@pytest.mark.parametrize("queued", QUEUED)
async def test_news_held_while_the_doubt_lasts_never_goes_to_the_addresss_new_holder(
    flow: Flow, tenant: TenantState, tmp_path: Path, queued: str
) -> None:
    view = await _denied_in_doubt(flow, tenant, tmp_path, queued)
    for _ in range(10):  # more rounds than a failing send is tried
        flow.clock.advance(HOLD)
        await _deliver(flow, tmp_path)
    assert _inbox(tenant, AVA) == []
    assert _denial(flow, view) == ("queued", 0, IN_DOUBT)


@pytest.mark.parametrize("queued", QUEUED)
async def test_news_still_in_doubt_after_the_bound_is_skipped_and_says_why(
    flow: Flow, tenant: TenantState, tmp_path: Path, queued: str
) -> None:
    view = await _denied_in_doubt(flow, tenant, tmp_path, queued)
    flow.clock.advance(HELD_AT_MOST)
    await _deliver(flow, tmp_path)
    state, _, why = _denial(flow, view)
    assert state == "skipped"
    assert why is not None
    assert "still in doubt" in why, why
    _stored(flow)  # read again too late: the news is not sent days later
    flow.clock.advance(HOLD)
    await _deliver(flow, tmp_path)
    assert _inbox(tenant, AVA) == []
    assert _inbox(tenant, TOM_NOW) == []


async def test_news_held_for_a_requester_who_is_gone_meanwhile_is_skipped(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    view = await _denied_in_doubt(flow, tenant, tmp_path, "while in doubt")
    RecipientCache(flow.service.store).remove(TENANT, view.requester_id)  # the copy holds Tom no more
    assert flow.service.get(TENANT, view.request_id).requester_gone
    flow.clock.advance(HOLD)
    await _deliver(flow, tmp_path)
    assert _denial(flow, view) == ("skipped", 1, "who asked for the request is no longer in the tenant")
    assert _inbox(tenant, AVA) == []
