"""A failed end of time-bound access, retried: it is its grant's end only while no other end took the grant
back, and the end that runs marks the grant ended (red team 51, for every kind of access that can end: a list
add, a forwarding, Send As, as the calendar share in tests/security/test_redteam51_failed_end_retried.py).

Each case: the access is given for a day through mailwarden; at its end the scheduler's write fails once
(Exchange refuses it); the access is given again outside mailwarden later. Driven against the emulator over
HTTP."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.emulator.state import TenantState
from mailwarden.errors import MailwardenError, NotPermitted
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import DistributionListMembership, EmailForwardingInternal, SendAs, Step
from mailwarden.workflow import requests as requests_module
from mailwarden.workflow.requests import advance
from tests.security.other_admin import OtherAdmin
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import (
    ADMIN,
    CONTRACTORS,
    JANE,
    MIKE,
    TOM,
    _days,
    _done,
    _ended,
    _forwards_to,
    _members,
)

pytestmark = pytest.mark.anyio

SUPPORT = "support@acme.com"


def _has_send_as(tenant: TenantState, mailbox: str, trustee: str) -> bool:
    with tenant.transaction():
        box, person = tenant.find(mailbox), tenant.find(trustee)
        assert box is not None
        assert person is not None
        return person.id in box.send_as


@dataclass(frozen=True)
class Case:
    name: str
    requester: str
    grant: Callable[[Flow], Step]
    given_outside: Callable[[OtherAdmin], None]
    """Another admin gives the access again (after the grant ended)."""
    held: Callable[[TenantState], bool]
    """Whether the access the case gives is held now."""


CASES = [
    Case(
        "list add",
        ADMIN,
        lambda flow: DistributionListMembership(
            change="add", group=CONTRACTORS, member=TOM, expires=_days(flow, 1)
        ),
        lambda other: other.exchange("Add-DistributionGroupMember", Identity=CONTRACTORS, Member=TOM),
        lambda tenant: TOM in _members(tenant, CONTRACTORS),
    ),
    Case(
        "forwarding",
        JANE,
        lambda flow: EmailForwardingInternal(
            change="set", mailbox=JANE, forward_to=TOM, expires=_days(flow, 1)
        ),
        lambda other: other.exchange(
            "Set-Mailbox", Identity=other.id_of(JANE), ForwardingAddress=other.id_of(MIKE)
        ),
        lambda tenant: _forwards_to(tenant, JANE) == MIKE,
    ),
    Case(
        "send as",
        ADMIN,
        lambda flow: SendAs(change="grant", mailbox=SUPPORT, trustee=TOM, expires=_days(flow, 1)),
        lambda other: other.exchange(
            "Add-RecipientPermission", Identity=SUPPORT, Trustee=TOM, AccessRights=["SendAs"]
        ),
        lambda tenant: _has_send_as(tenant, SUPPORT, TOM),
    ),
]


async def _failed_end(
    flow: Flow, monkeypatch: pytest.MonkeyPatch, replicated: Callable[[], Awaitable[None]], case: Case
) -> tuple[RequestView, RequestView]:
    """The grant, run; its end, failed once as the tenant refused the write."""
    grant = case.grant(flow)
    view = await _done(flow, case.requester, grant)
    assert view.steps[0].status == "applied", view.steps[0]
    await replicated()  # a day passes: reads show the grant long before its end
    action = WRITE_ACTIONS[grant.action]
    real = action.apply

    async def refused_once(ctx: Any, step: Any) -> Any:
        monkeypatch.setattr(action, "apply", real)
        raise MailwardenError("Exchange refused the change (a transient server-side error)")

    monkeypatch.setattr(action, "apply", refused_once)
    # refused_once puts the real write back itself: monkeypatch.undo() would also undo the emulator's clock
    # under --replication-lag.
    [failed] = await _ended(flow, 2)
    assert failed.state is RequestState.FAILED, failed.steps[0]
    return view, failed


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_a_failed_end_is_not_retried_once_the_next_sweep_ended_the_access(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
    case: Case,
) -> None:
    """The retry is refused, naming the end that ran, and what was given since stays."""
    _, failed = await _failed_end(flow, monkeypatch, replicated, case)
    [ended] = await _ended(flow, 0)
    assert ended.state is RequestState.COMPLETED, ended.steps[0]
    case.given_outside(OtherAdmin(tenant))
    await replicated()

    with pytest.raises(NotPermitted, match=ended.request_id):
        flow.service.reopen_failed(TENANT, failed.request_id, flow.actor(ADMIN))
    assert flow.service.get(TENANT, failed.request_id).state is RequestState.FAILED
    assert case.held(tenant)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_a_retried_end_the_sweep_overtook_runs_no_write(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
    case: Case,
) -> None:
    """Retried while its access was still due, then overtaken by the sweep's own end before it ran: it runs
    no write, and says which request ended the access. (A retry reopened before the sweep looks is taken
    up by the sweep itself, as any unfinished end is (red team 56 F4): the sweep files its own end only
    while the failed one is not retried yet, so the retry comes as the sweep's end runs.)"""
    _, failed = await _failed_end(flow, monkeypatch, replicated, case)
    run_request = requests_module.run_request

    async def retried_meanwhile(*args: Any, **kwargs: Any) -> RequestView:
        flow.service.reopen_failed(TENANT, failed.request_id, flow.actor(ADMIN))
        return await run_request(*args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(requests_module, "run_request", retried_meanwhile)
        [ended] = await _ended(flow, 0)
    assert ended.request_id != failed.request_id
    assert ended.state is RequestState.COMPLETED, ended.steps[0]
    case.given_outside(OtherAdmin(tenant))
    await replicated()

    retried = await advance(flow.service, flow.ctx, TENANT, failed.request_id, check=flow.check)
    assert retried.steps[0].status == "refused", retried.steps[0]
    assert ended.request_id in str((retried.steps[0].outcome or {}).get("message"))
    assert case.held(tenant)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_a_retried_end_that_runs_is_the_end_of_its_grant(
    flow: Flow,
    tenant: TenantState,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
    case: Case,
) -> None:
    """Retried before any other end, it ends the access and marks the grant ended: the next sweep files no
    second end, which would take what was given since."""
    view, failed = await _failed_end(flow, monkeypatch, replicated, case)
    flow.service.reopen_failed(TENANT, failed.request_id, flow.actor(ADMIN))
    retried = await advance(flow.service, flow.ctx, TENANT, failed.request_id, check=flow.check)
    assert retried.state is RequestState.COMPLETED, retried.steps[0]
    assert not case.held(tenant)
    assert flow.service.get(TENANT, view.request_id).steps[0].reverted_by == failed.request_id

    case.given_outside(OtherAdmin(tenant))
    await replicated()
    assert await _ended(flow, 1) == []
    assert case.held(tenant)
