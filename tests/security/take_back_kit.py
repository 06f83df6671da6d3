"""The kill points of the take-back proofs (rt67, rt69, rt72, sec72), written once: a write that lands and is
then refused by the check, the run killed in the wait between its two refusing reads, a takeover after the
dead run's lease, and a live run with something done inside its wait. Each drives the real workflow against
the emulator over HTTP; only the check's answer (the action's preflight) and the wait's sleep are replaced."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import ActionContext, VerifyWait
from mailwarden.model.changes import Refusal
from mailwarden.workflow.requests import advance, plan_steps
from tests.security.test_rt60_flag_with_its_record import Killed
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import ADMIN

Refuses = Callable[[Any], bool]
"""Which steps the check refuses (once the write has landed, for a kill point)."""


async def no_wait(seconds: float) -> None:
    pass


def waiting(flow: Flow, sleep: Callable[[float], Awaitable[None]]) -> ActionContext:
    """The flow's context with a short verify wait that sleeps with `sleep`."""
    return dataclasses.replace(flow.ctx, verify=VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=sleep))


async def filed(flow: Flow, steps: list[Any], *, justification: str | None = None) -> str:
    """Filed and confirmed by the admin (a forwarding wants a written `justification`)."""
    requester = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, requester, steps, await flow.live.decider(requester, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned, justification=justification)
    view = flow.service.confirm(TENANT, view.request_id, flow.actor(ADMIN))
    return view.request_id


def refusing(m: pytest.MonkeyPatch, action_name: str, refuses: Refuses, reason: str) -> None:
    """The check refuses the steps of `action_name` that `refuses` names, from now on."""
    action = WRITE_ACTIONS[action_name]
    real = action.preflight

    async def preflight(ctx: Any, step: Any) -> Any:
        if refuses(step):
            return Refusal(reason=reason)
        return await real(ctx, step)

    m.setattr(action, "preflight", preflight)


async def run_refused_after_its_write(
    flow: Flow,
    monkeypatch: pytest.MonkeyPatch,
    request: str,
    action_name: str,
    refuses: Refuses,
    reason: str,
    *,
    sleep: Callable[[float], Awaitable[None]] = no_wait,
    bulk: bool = False,
    killed_after_the_write: bool = False,
) -> None:
    """`request` run: its write lands (a `bulk` one: its `$batch`), and from then on the check refuses the
    steps `refuses` names. The verify wait sleeps with `sleep` (one that raises `Killed` is a run dying in
    the wait); `killed_after_the_write`: the run dies as the first write's answer comes back, before any
    re-read."""
    action = WRITE_ACTIONS[action_name]
    real_apply = action.apply
    written: list[bool] = []

    def landed() -> None:
        first = not written
        written.append(True)
        if killed_after_the_write and first:
            raise Killed

    async def apply(ctx: Any, step: Any) -> Any:
        answered = await real_apply(ctx, step)
        landed()
        return answered

    async def apply_many(*args: Any, **kwargs: Any) -> Any:
        answered = await real_apply_many(*args, **kwargs)
        landed()
        return answered

    def refused(step: Any) -> bool:
        return bool(written) and refuses(step)

    with monkeypatch.context() as m:
        if bulk:
            real_apply_many = action.apply_many  # only list actions write in `$batch`es
            m.setattr(action, "apply_many", apply_many)
            refusing_in_bulk(m, action_name, refused, reason)
        else:
            m.setattr(action, "apply", apply)
            refusing(m, action_name, refused, reason)
        await advance(flow.service, waiting(flow, sleep), TENANT, request, check=flow.check)


async def _dies(seconds: float) -> None:
    raise Killed


async def killed_in_the_wait(
    flow: Flow,
    monkeypatch: pytest.MonkeyPatch,
    request: str,
    action_name: str,
    refuses: Refuses,
    reason: str,
    *,
    bulk: bool = False,
) -> None:
    """`request`'s write lands, the check then refuses it, and the run dies in the wait between the two
    refusing reads (its step recorded applied, "verifying")."""
    with pytest.raises(Killed):
        await run_refused_after_its_write(
            flow, monkeypatch, request, action_name, refuses, reason, sleep=_dies, bulk=bulk
        )


def refusing_in_bulk(m: pytest.MonkeyPatch, action_name: str, refuses: Refuses, reason: str) -> None:
    """`refusing`, for a bulk run's reads (`preflight_many`)."""
    action = WRITE_ACTIONS[action_name]
    real = action.preflight_many

    async def preflight_many(ctx: Any, steps: Any, reads: Any) -> Any:
        found = list(await real(ctx, steps, reads))
        return [Refusal(reason=reason) if refuses(s) else f for s, f in zip(steps, found, strict=True)]

    m.setattr(action, "preflight_many", preflight_many)


async def taken_over(
    flow: Flow, monkeypatch: pytest.MonkeyPatch, request: str, refuse: Callable[[pytest.MonkeyPatch], None]
) -> None:
    """After the dead run's lease, a run takes `request` over (no wait between its reads), the check
    refusing as `refuse` makes it."""
    flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))
    with monkeypatch.context() as m:
        refuse(m)
        await advance(flow.service, waiting(flow, no_wait), TENANT, request, check=flow.check)


def once_in_the_wait(flow: Flow, inside: Callable[[], Awaitable[None]]) -> Callable[[float], Awaitable[None]]:
    """A verify wait's sleep that does `inside` once, at the first wait (between the two refusing reads), and
    moves the clock on as it sleeps."""
    done: list[bool] = []

    async def sleep(seconds: float) -> None:
        if not done:
            done.append(True)
            await inside()
        flow.clock.advance(dt.timedelta(seconds=seconds))

    return sleep
