"""Red team 4: a batched run (workflow/bulk_run.py) killed at every point it can die, then resumed.

tests/security/test_kill_every_step.py kills a run of three list additions at each `execute`,
`begin_step` and `record_step`; since a run of steps of one action goes through `run_bulk` as one batch,
none of those is called for them any more, and each of its cases fails with "DID NOT RAISE" (the kill
never happened, so nothing was tested). Here the same three additions die at the batch's own points:
marking them applying, the `$batch` write, each recording of outcomes, and the finish. The next run (after
the dead one's lease) completes the request with each member added exactly once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import ActionContext
from mailwarden.emulator.state import TenantState
from mailwarden.store.db import Store
from tests.security.test_kill_every_step import Killed, _advance, _dying, resume_and_check, three_additions

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
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        run = await three_additions(store, ctx, tenant, tmp_path)
        if target == "apply_many":
            action = WRITE_ACTIONS["distribution_list_membership"]
            real_apply = action.apply_many  # type: ignore[attr-defined]
            monkeypatch.setattr(action, "apply_many", _dying(real_apply, nth, when, is_async=True))
        else:
            real = getattr(run.service, target)
            monkeypatch.setattr(run.service, target, _dying(real, nth, when, is_async=False))
        with pytest.raises(Killed):
            await _advance(run.service, ctx, run.view.request_id)
        monkeypatch.undo()
        await resume_and_check(run, ctx, tenant)


# The same three additions in two chunks (two, then one): the second is decided while the first is written
# (workflow/executor.py, BulkRun.decides_ahead). Killed at a chunk's mark, at its write, at its records, the
# next run still adds each member exactly once and records every step.
CHUNKED_POINTS = [
    *[("begin_steps", n, w) for n in (1, 2) for w in ("before", "after")],
    *[("apply_many", n, w) for n in (1, 2) for w in ("before", "after")],
    *[("record_steps", n, "after") for n in (3, 4, 6, 8)],
]


@pytest.mark.parametrize(
    ("target", "nth", "when"), CHUNKED_POINTS, ids=[f"{t}{n}-{w}" for t, n, w in CHUNKED_POINTS]
)
async def test_a_run_of_chunks_marked_ahead_killed_anywhere_resumes_with_nothing_lost_or_repeated(
    ctx: ActionContext,
    tenant: TenantState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    nth: int,
    when: str,
) -> None:
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        run = await three_additions(store, ctx, tenant, tmp_path)
        run.service.run_chunk = 2
        if target == "apply_many":
            action = WRITE_ACTIONS["distribution_list_membership"]
            real_apply = action.apply_many  # type: ignore[attr-defined]
            monkeypatch.setattr(action, "apply_many", _dying(real_apply, nth, when, is_async=True))
        else:
            real = getattr(run.service, target)
            monkeypatch.setattr(run.service, target, _dying(real, nth, when, is_async=False))
        with pytest.raises(Killed):
            await _advance(run.service, ctx, run.view.request_id)
        monkeypatch.undo()
        await resume_and_check(run, ctx, tenant)
