"""Red team 57 F3: a bulk run's verification follows the single path when the check, read again after the
write, refuses the step: two refusing reads in a row take the write back (its undo only takes away what it
gave) and flag it for the admins (`step.refused_after_write`); one refusing read, then one that shows the
write, leaves it verified. Recorded unverified instead, the access stayed and no admin heard of it.

The list membership check refuses on facts of the run's directory snapshot, which do not change between a
write and its read back, so no tenant change reaches this path today: the check is made to refuse after the
write here, standing for an action whose check reads live facts. Against the emulator over HTTP."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Refusal
from mailwarden.model.steps import DistributionListMembership
from mailwarden.workflow.requests import advance
from tests.security.test_rt54_takeover_first_send import DL, _run
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM, _on
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GONE = "Priya Patel is no longer an enabled person of the organisation."


@pytest.mark.parametrize("refusing_reads", [2, 1])
async def test_a_bulk_add_the_check_refuses_after_its_write_is_taken_back_and_flagged(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, refusing_reads: int
) -> None:
    action = WRITE_ACTIONS["distribution_list_membership"]
    real_apply, real_refusal = action.apply_many, action.refusal
    reads_after: list[str] = []

    async def apply_many(*args: Any, **kwargs: Any) -> Any:
        answered = await real_apply(*args, **kwargs)
        reads_after.append("written")
        return answered

    def refusal(step: DistributionListMembership, group: Any, member: Any) -> Refusal | None:
        if reads_after and step.change == "add" and member.primary_address == PRIYA:
            reads_after.append("read")
            if reads_after.count("read") <= refusing_reads:
                return Refusal(reason=GONE)
        return real_refusal(step, group, member)

    request = await _run(
        flow, [DistributionListMembership(change="add", group=DL, member=p) for p in (TOM, PRIYA)]
    )

    async def waits(seconds: float) -> None:
        flow.clock.advance(dt.timedelta(seconds=seconds))

    flow.ctx = dataclasses.replace(
        flow.ctx, verify=VerifyWait(first=1.0, longest=2.0, bound=10.0, sleep=waits)
    )
    monkeypatch.setattr(action, "apply_many", apply_many)
    monkeypatch.setattr(action, "refusal", refusal)
    done = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)

    steps = {s.step["member"]: s for s in done.steps}
    assert (steps[TOM].status, (steps[TOM].outcome or {}).get("verification")) == ("applied", "verified")
    assert _on(tenant, DL, TOM)
    flagged = flow.audit.records(request_id=request, event="step.refused_after_write")
    priya = steps[PRIYA]
    if refusing_reads == 1:  # one read refusing may be a read that failed inside the check: read again
        assert (priya.status, (priya.outcome or {}).get("verification")) == ("applied", "verified")
        assert _on(tenant, DL, PRIYA)
        assert flagged == []
        return
    assert priya.status == "refused", priya.outcome
    assert "took it back" in str((priya.outcome or {}).get("message"))
    assert not _on(tenant, DL, PRIYA), "the write the check refuses stayed in the tenant"
    [record] = flagged
    assert record.detail is not None
    assert (record.detail["position"], record.detail["kept"], record.detail["reason"]) == (
        priya.position,
        False,
        GONE,
    )
