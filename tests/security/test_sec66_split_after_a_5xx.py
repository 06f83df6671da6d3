"""sec65's own caveat: a Microsoft 365 group's adds go out as one `members@odata.bind` PATCH; one the group
refuses is split and each member added alone. A PATCH answered "already" to a resend marked its split adds
as resent, but one answered 5xx did not: a 5xx may come after Graph carried the PATCH out, and then each
single add meets the PATCH's own members ("already exist"), read as another hand's. The steps were recorded
"already in place": no undo or end of theirs takes the members off, so a time-bound add was kept for good.
The rule (red team 60 F3, red team 64 F1): an "already so" to a resend after a try that may have landed is
that try's doing, "applied", dated at that try. Against the emulator over HTTP: the PATCH is carried out and
answered 500 (`fail_items(..., after_processing=True)`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import DistributionListMembership
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.grant_records import APPLIED_AT
from mailwarden.workflow.requests import advance, run_expiries
from tests.security.other_admin import OtherAdmin
from tests.security.test_rt54_takeover_first_send import _run
from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GROUP = "project-phoenix@acme.com"  # a Microsoft 365 group: adds by members@odata.bind


async def test_adds_split_from_a_patch_answered_500_after_it_landed_are_applied_at_the_patch_and_end(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    other = OtherAdmin(tenant)
    group = tenant.get(other.id_of(GROUP))
    assert group is not None

    def members() -> set[str]:
        return {p for p in (TOM, PRIYA) if other.id_of(p) in group.members}

    assert not members(), "the seed has on the group whom the test adds"
    end = flow.clock.now + dt.timedelta(days=2)
    request = await _run(
        flow,
        [DistributionListMembership(change="add", group=GROUP, member=p, expires=end) for p in (TOM, PRIYA)],
    )
    emulator.faults.fail_items("graph", status=500, matching="members@odata.bind", after_processing=True)
    patched_at = flow.clock.now
    http: httpx.AsyncClient = flow.ctx.clients.graph._http
    hooks = http.event_hooks

    async def later_for_the_split(request: httpx.Request) -> None:
        if b"members/$ref" in request.content:
            assert members() == {TOM, PRIYA}, "the PATCH answered 500 was carried out"
            flow.clock.advance(dt.timedelta(minutes=1))  # the single adds go out after the PATCH

    http.event_hooks = {**hooks, "request": [later_for_the_split, *hooks.get("request", [])]}
    try:
        view = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
    finally:
        http.event_hooks = hooks
        emulator.faults.reset()

    steps: dict[str, Any] = {s.step["member"]: s for s in view.steps}
    assert {p: s.status for p, s in steps.items()} == {TOM: "applied", PRIYA: "applied"}, [
        s.outcome for s in view.steps
    ]
    for s in steps.values():
        assert (s.outcome or {}).get("before") == {"member": False}, s.outcome  # its undo takes them off
        applied = dt.datetime.fromisoformat(str((s.outcome or {}).get(APPLIED_AT)))
        assert applied == patched_at, f"dated at the single add, not the PATCH that made it: {s.outcome}"

    flow.clock.now = end + dt.timedelta(minutes=10)
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert not members(), "a time-bound add was kept for good"
