"""A Send As write that meets a fault switched on only while it is sent (red teams 45 and 48, sec44: answers
lost after Exchange carried it out, sends dropped before it did, refusals), and the one-day grant of it
those attacks start from: Grace gives Sarah Send As on support@ for a day.

    await run_sent_into(flow, emulator, monkeypatch, request_id, never_arrives, quick=True)  -> its steps
    await one_day_send_as_sent_into(flow, tenant, emulator, monkeypatch, fault)              -> request id
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.faults import Faults
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestStepView
from mailwarden.model.steps import SendAs
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import advance
from tests.security.conftest import quick_retries
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_requests import SUPPORT, _has_send_as
from tests.workflow.test_write_by_object_id import ADMIN, _filed

SARAH = "sarah@acme.com"

Fault = Callable[[Faults], object]


def never_arrives(faults: Faults) -> None:
    """Every send dropped before Exchange carries it out: nothing is written, every answer is lost."""
    faults.drop("exchange", times=200)


async def run_sent_into(
    flow: Flow,
    emulator: RunningEmulator,
    monkeypatch: pytest.MonkeyPatch,
    request_id: str,
    fault: Fault,
    *,
    quick: bool = False,
) -> list[RequestStepView]:
    """The request's steps after one run with `fault` armed on the emulator while the Send As write is sent
    (and with `quick`, the connector retrying without waiting out its backoff); verification waits little."""
    flow.ctx = dataclasses.replace(flow.ctx, verify=VerifyWait(first=0.01, longest=0.01, bound=0.03))
    action = WRITE_ACTIONS["send_as"]
    real = action.apply

    async def faulty(*args: Any, **kwargs: Any) -> None:
        fault(emulator.faults)
        try:
            await real(*args, **kwargs)
        finally:
            emulator.faults.reset()

    monkeypatch.setattr(action, "apply", faulty)
    if quick:
        quick_retries(flow.ctx.clients, monkeypatch)
    try:
        return (await advance(flow.service, flow.ctx, TENANT, request_id, check=flow.check)).steps
    finally:
        monkeypatch.undo()


async def one_day_send_as_sent_into(
    flow: Flow,
    tenant: TenantState,
    emulator: RunningEmulator,
    monkeypatch: pytest.MonkeyPatch,
    fault: Fault,
    *,
    quick: bool = False,
) -> str:
    """Grace's one-day Send As for Sarah on support@, filed and run once into `fault`: its request id."""
    assert not _has_send_as(tenant, SUPPORT, SARAH)
    until = flow.clock.now + dt.timedelta(days=1)
    view = await _filed(flow, ADMIN, SendAs(change="grant", mailbox=SUPPORT, trustee=SARAH, expires=until))
    await run_sent_into(flow, emulator, monkeypatch, view.request_id, fault, quick=quick)
    return view.request_id
