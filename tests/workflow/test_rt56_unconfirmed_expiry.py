"""Red team 56 F4: the sweep filed an expiry (waiting for confirmation) and confirmed it in a second write; a
sweep killed between the two left the expiry waiting for a confirmation nobody gives, for good. The next sweep
did not see it (it takes over approved and executing ones only) and filed a second expiry of the same grant,
and every later extension of the request's other grants was recorded drifted: an expiry of that request was
still "under way". The expiry is now filed approved, in one write, and the next sweep takes up what a dead
one filed before filing anything. Driven against the emulator over HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import SendAs
from mailwarden.store.tables import RequestRow
from mailwarden.workflow import requests as requests_module
from mailwarden.workflow.requests import run_expiries
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as, _request

pytestmark = pytest.mark.anyio

ADMIN, TOM, RACHEL = "grace.hopper@acme.com", "tom.becker@acme.com", "rachel.green@acme.com"


class Killed(BaseException):
    """The process dies: nothing catches it (the sweep logs and postpones any Exception of one end)."""


def _expiries(flow: Flow, parent: str) -> list[tuple[str, str]]:
    with flow.service.store.session() as session:
        rows = session.execute(
            select(RequestRow.request_id, RequestRow.state)
            .where(RequestRow.parent_request_id == parent, RequestRow.kind == "expiry")
            .order_by(RequestRow.created)
        ).all()
    return [(r.request_id, str(r.state)) for r in rows]


def _send_as_removals(tenant: TenantState, since: int, trustee: str) -> int:
    person = tenant.find(trustee)
    assert person is not None
    with tenant.transaction():
        return sum(
            1
            for e in tenant.data.journal[since:]
            if e.operation == "Remove-RecipientPermission"
            and str(e.detail.get("trustee", "")).lower() in (trustee, person.id.lower())
        )


async def test_a_sweep_killed_after_filing_an_expiry_is_taken_up_once_and_extensions_still_run(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    # One request gives Tom Send As on Support for a day and Rachel for two weeks.
    soon, later = flow.clock.now + dt.timedelta(days=1), flow.clock.now + dt.timedelta(days=14)
    given = await _request(
        flow,
        ADMIN,
        SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=soon),
        SendAs(change="grant", mailbox=SUPPORT, trustee=RACHEL, expires=later),
    )
    assert given.state is RequestState.COMPLETED, given.state
    await replicated()
    journal = len(tenant.data.journal)
    flow.clock.advance(dt.timedelta(days=2))

    submit = flow.service.submit

    def killed_once_filed(*args: Any, **kwargs: Any) -> RequestView:
        filed = submit(*args, **kwargs)
        if kwargs.get("kind") == "expiry":
            raise Killed  # the sweep dies right after its expiry is stored, before anything else it does
        return filed

    with monkeypatch.context() as m:
        m.setattr(flow.service, "submit", killed_once_filed)
        with pytest.raises(Killed):
            await run_expiries(flow.service, flow.ctx, TENANT)
    [(dead, _)] = _expiries(flow, given.request_id)
    assert _has_send_as(tenant, SUPPORT, TOM), "nothing was sent before the kill"

    ended = await run_expiries(flow.service, flow.ctx, TENANT)
    # The dead sweep's expiry is the one that ran: no second one was filed, Tom's Send As was removed once.
    assert [v.request_id for v in ended] == [dead]
    assert _expiries(flow, given.request_id) == [(dead, RequestState.COMPLETED.value)]
    assert not _has_send_as(tenant, SUPPORT, TOM)
    assert _send_as_removals(tenant, journal, TOM) == 1
    tom, rachel = flow.service.get(TENANT, given.request_id).every_step()
    assert tom.reverted_by == dead
    assert rachel.reverted_by is None
    assert rachel.expires == later
    await replicated()
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert _send_as_removals(tenant, journal, TOM) == 1

    # Rachel's access is extended after the kill: an extension, run as one, not drifted.
    flow.clock.advance(dt.timedelta(hours=1))
    extended_to = flow.clock.now + dt.timedelta(days=30)
    extension = await _request(
        flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=RACHEL, expires=extended_to)
    )
    assert extension.state is RequestState.COMPLETED, extension.state
    [step] = extension.steps
    assert step.status == "applied", (step.status, step.outcome)
    assert flow.service.get(TENANT, given.request_id).every_step()[1].expires is None
    flow.clock.advance(dt.timedelta(days=14))
    assert await run_expiries(flow.service, flow.ctx, TENANT) == []
    assert _has_send_as(tenant, SUPPORT, RACHEL), "the old end no longer takes the extended access away"


async def test_an_expiry_an_older_sweep_left_waiting_is_settled_though_its_grant_ended_since(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    """A store from before the fix: a sweep killed between filing and confirming, then the next sweep (which
    took up no expiry of one step) filed a second one, which ended the grant. The first, waiting for its
    confirmation, is of a request with nothing due any more: it is settled, sending nothing, and the
    request's other grant can be extended again."""
    soon, later = flow.clock.now + dt.timedelta(days=1), flow.clock.now + dt.timedelta(days=14)
    given = await _request(
        flow,
        ADMIN,
        SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=soon),
        SendAs(change="grant", mailbox=SUPPORT, trustee=RACHEL, expires=later),
    )
    assert given.state is RequestState.COMPLETED, given.state
    await replicated()
    journal = len(tenant.data.journal)
    flow.clock.advance(dt.timedelta(days=2))
    submit = flow.service.submit

    def filed_unconfirmed_and_killed(*args: Any, **kwargs: Any) -> RequestView:
        filed = submit(*args, **{k: v for k, v in kwargs.items() if k != "confirmed"})
        if kwargs.get("kind") == "expiry":
            raise Killed  # as the sweep before the fix filed it: waiting for its confirmation
        return filed

    async def took_up_nothing(*args: Any, **kwargs: Any) -> list[RequestView]:
        return []  # as the sweep before the fix did for an expiry of one step

    with monkeypatch.context() as m:
        m.setattr(flow.service, "submit", filed_unconfirmed_and_killed)
        with pytest.raises(Killed):
            await run_expiries(flow.service, flow.ctx, TENANT)
    [(stranded, state)] = _expiries(flow, given.request_id)
    assert state == RequestState.NEEDS_CONFIRMATION.value
    flow.clock.advance(dt.timedelta(minutes=5))
    with monkeypatch.context() as m:
        m.setattr(requests_module, "_resume_ends", took_up_nothing)
        [second] = await run_expiries(flow.service, flow.ctx, TENANT)
    assert second.state is RequestState.COMPLETED, second.steps[0]
    assert flow.service.get(TENANT, given.request_id).every_step()[0].reverted_by == second.request_id
    await replicated()

    flow.clock.advance(dt.timedelta(minutes=5))
    await run_expiries(flow.service, flow.ctx, TENANT)
    states = dict(_expiries(flow, given.request_id))
    assert RequestState(states[stranded]).is_final, states
    assert _send_as_removals(tenant, journal, TOM) == 1  # the second expiry's only

    extension = await _request(
        flow,
        ADMIN,
        SendAs(change="grant", mailbox=SUPPORT, trustee=RACHEL, expires=later + dt.timedelta(days=7)),
    )
    [step] = extension.steps
    assert step.status == "applied", (step.status, step.outcome)
