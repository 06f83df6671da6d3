"""Red team 6: a run killed while it appends the audit records of its steps' outcomes.

`record_steps` wrote the steps' rows in one transaction and their `step.<status>` records in another, so
a run that died between the two (or while appending) left steps `applied` in the store with no record of
it in the signed log: the next run finds them applied and never writes one, and the tenant holds a change
the log does not tell. Here the run dies as it appends the records of its writes; after the next run
every step the store calls applied has its `step.applied` record, and the chain verifies.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

import mailwarden.workflow.service as service_module
from mailwarden.actions.base import ActionContext
from mailwarden.emulator.state import TenantState
from mailwarden.store.db import Store
from tests.security.test_kill_every_step import Killed, _advance, _dying, resume_and_check, three_additions

pytestmark = pytest.mark.anyio


def _dies_appending(real: Callable[..., Any], event: str) -> Callable[..., Any]:
    def append_many(entries: Sequence[Mapping[str, Any]], **options: Any) -> Any:
        if any(e.get("event") == event for e in entries):
            raise Killed
        return real(entries, **options)

    return append_many


@pytest.mark.parametrize("event", ["step.applying", "step.applied"])
async def test_a_run_killed_appending_its_outcomes_leaves_no_step_unaudited(
    ctx: ActionContext, tenant: TenantState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, event: str
) -> None:
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        run = await three_additions(store, ctx, tenant, tmp_path)
        audit = run.service.audit
        monkeypatch.setattr(audit, "append_many", _dies_appending(audit.append_many, event))
        with pytest.raises(Killed):
            await _advance(run.service, ctx, run.view.request_id)
        monkeypatch.undo()
        await resume_and_check(run, ctx, tenant)

        done = run.service.get("acme", run.view.request_id)
        audited = {
            r.detail["position"]
            for r in audit.records(request_id=run.view.request_id, event="step.applied")
            if r.detail
        }
        applied = {s.position for s in done.steps if s.status == "applied"}
        assert applied <= audited, f"steps applied with no step.applied record: {sorted(applied - audited)}"
        assert audit.verify().ok


@pytest.mark.parametrize("nth", range(1, 9))
@pytest.mark.parametrize("when", ["before", "after"])
async def test_a_run_killed_between_chunks_records_and_audits_each_step_once(
    ctx: ActionContext,
    tenant: TenantState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    nth: int,
    when: str,
) -> None:
    """A chunk of one step: the run dies before or after any of its audit appends (each chunk's)."""
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        run = await three_additions(store, ctx, tenant, tmp_path)
        audit = run.service.audit
        monkeypatch.setattr(service_module, "RECORD_CHUNK", 1)
        monkeypatch.setattr(audit, "append_many", _dying(audit.append_many, nth, when, is_async=False))
        with contextlib.suppress(Killed):
            await _advance(run.service, ctx, run.view.request_id)
        monkeypatch.undo()
        monkeypatch.setattr(service_module, "RECORD_CHUNK", 1)
        await resume_and_check(run, ctx, tenant)

        done = run.service.get("acme", run.view.request_id)
        finals = [
            r.detail["position"]
            for r in audit.records(request_id=run.view.request_id)
            if r.detail and r.event in ("step.applied", "step.already") and "position" in r.detail
        ]
        settled = sorted(s.position for s in done.steps if s.status in ("applied", "already"))
        assert sorted(set(finals)) == settled
        assert audit.verify().ok
