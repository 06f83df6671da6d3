"""Red team 48, what held: an employee's retry (reopen_failed) of their own failed request, whose write was
sent and its answers lost, is decided again before anything is sent.

John asks for Send As on support@; Sarah, its owner, approves. Every send of the write is dropped before
Exchange carries it out, so the step is "failed" with the change it was sent to make. Sarah then leaves
(another admin disables her account): her approval no longer stands for the owners'. John retries his
request: the step goes back `applying` (its answer may have been lost); the tenant does not show the grant,
so the retry is decided again on live facts and refused, and John is given nothing.

Driven against the emulator over HTTP."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from mailwarden.testing import RunningEmulator
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.security.faulty_send_as import never_arrives, run_sent_into
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

JOHN, SARAH = "john@acme.com", "sarah@acme.com"


async def test_an_employee_retry_of_a_lost_write_is_decided_again(
    flow: Flow,
    tenant: TenantState,
    emulator: RunningEmulator,
    monkeypatch: pytest.MonkeyPatch,
    replicated: Callable[[], Awaitable[None]],
) -> None:
    john = flow.person(JOHN)
    step = SendAs(change="grant", mailbox=SUPPORT, trustee=JOHN)
    [planned] = await plan_steps(flow.ctx, john, [step], await flow.live.decider(john, [step]))
    assert isinstance(planned.decision, ApprovalRequired)
    assert planned.decision.approvers == [SARAH]
    view = flow.service.submit(TENANT, flow.actor(JOHN), [planned])
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(JOHN))
    view = await live_policy.verdict(
        flow.service, flow.live, TENANT, view.request_id, flow.person(SARAH), "approve"
    )
    assert view.state is RequestState.APPROVED, view.state

    [failed] = await run_sent_into(flow, emulator, monkeypatch, view.request_id, never_arrives, quick=True)
    assert failed.status == "failed", failed
    assert (failed.outcome or {}).get("change"), failed  # its write was sent, every answer lost
    assert not _has_send_as(tenant, SUPPORT, JOHN)

    OtherAdmin(tenant).set_enabled(SARAH, False)
    # Sarah has left by the time John retries: under --replication-lag a read a moment after the disable
    # would still show her enabled, as Entra's would (a decision can only be as fresh as its reads).
    await replicated()
    flow.service.reopen_failed(TENANT, view.request_id, flow.actor(JOHN))
    [retried] = (await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)).steps
    assert retried.status == "refused", (retried.status, retried.outcome)
    assert "decision changed" in str((retried.outcome or {}).get("message")), retried.outcome
    assert not _has_send_as(tenant, SUPPORT, JOHN), "John's retry was granted on an approval that lapsed"
