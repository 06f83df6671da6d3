"""Red team 4: a batched run (workflow/bulk_run.py) killed at every point it can die, then resumed.

tests/security/test_kill_every_step.py kills a run of three list additions at each `execute`,
`begin_step` and `record_step`; since a run of steps of one action goes through `run_bulk` as one batch,
none of those is called for them any more, and each of its cases fails with "DID NOT RAISE" (the kill
never happened, so nothing was tested). Here the same three additions die at the batch's own points:
marking them applying, the `$batch` write, each recording of outcomes, and the finish. The next run (after
the dead one's lease) completes the request with each member added exactly once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import ActionContext
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.store.db import Store
from mailwarden.workflow.service import EXECUTION_LEASE
from tests.security.test_kill_every_step import (
    GROUP,
    MEMBERS,
    Clock,
    Killed,
    _adds,
    _advance,
    _confirmed,
    _dying,
    _service,
)

pytestmark = pytest.mark.anyio

POINTS = [
    ("claim", 1, "after"),
    *[("begin_steps", 1, w) for w in ("before", "after")],
    *[("apply_many", 1, w) for w in ("before", "after")],  # after: every write landed, none recorded
    *[("record_steps", n, w) for n in (1, 2, 3) for w in ("before", "after")],
    ("finish", 1, "before"),
]


@pytest.mark.parametrize(("target", "nth", "when"), POINTS, ids=[f"{t}{n}-{w}" for t, n, w in POINTS])
async def test_a_batched_run_killed_anywhere_resumes_with_nothing_lost_or_repeated(
    ctx: ActionContext,
    tenant: TenantState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    nth: int,
    when: str,
) -> None:
    clock = Clock()
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        service = _service(store, tmp_path, clock)
        steps = [("distribution_list_membership", "add", {"group": GROUP, "member": m}) for m in MEMBERS]
        view = await _confirmed(service, ctx, steps)
        journal = len(tenant.data.journal)

        if target == "apply_many":
            action = WRITE_ACTIONS["distribution_list_membership"]
            real_apply = action.apply_many  # type: ignore[attr-defined]
            monkeypatch.setattr(action, "apply_many", _dying(real_apply, nth, when, is_async=True))
        else:
            real = getattr(service, target)
            monkeypatch.setattr(service, target, _dying(real, nth, when, is_async=False))
        with pytest.raises(Killed):
            await _advance(service, ctx, view.request_id)
        monkeypatch.undo()

        during = await _advance(service, ctx, view.request_id)
        assert during.state in (RequestState.EXECUTING, RequestState.APPROVED, RequestState.COMPLETED)
        clock.now += EXECUTION_LEASE + dt.timedelta(seconds=1)
        done = await _advance(service, ctx, view.request_id)

        assert done.state is RequestState.COMPLETED, [s.status for s in done.steps]
        assert sorted(_adds(tenant, journal)) == sorted(MEMBERS), "a member lost or added twice"
        assert all(s.status in ("applied", "already") for s in done.steps)
        group = tenant.by_address(GROUP)
        assert group is not None
        for m in MEMBERS:
            member = tenant.by_address(m)
            assert member is not None
            assert group.members.count(member.id) == 1
