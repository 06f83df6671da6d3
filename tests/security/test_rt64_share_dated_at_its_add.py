"""Red team 64: on the single path a step is dated by the tries of its FIRST write send only
(executor `_run_step` `on_wire`: "a later write of the same step ... is another send and moves nothing").
A calendar share can send two writes: a Set-MailboxFolderPermission over the entry its (lagging) read
showed, answered "no existing permission entry" (a 4xx: it carried nothing out), then the
Add-MailboxFolderPermission that gives the access. The Add's tries are never told, so when it is answered
429 and resent after its backoff, the share is dated at the refused Set, before the backoff: a removal
another request runs inside that backoff reads as the later decision, though the tenant took the share
after it, and the share's end is refused as overtaken (red team 60 F3, through the second send).

The lagging read is stood for by `_entry` answering the entry as it was when the share was previewed, until
the Add goes out; the backoff by the test's clock (moved on, and the removal run, when the 429 is heard)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

import mailwarden.actions.calendar_share as calendar_share
from mailwarden.connectors.models import FolderPermission
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import CalendarShare, Step
from mailwarden.testing import RunningEmulator
from mailwarden.workflow import live_policy
from mailwarden.workflow.grant_records import APPLIED_AT
from mailwarden.workflow.requests import advance, plan_steps, run_expiries
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import ADMIN, JANE, TOM, _calendar

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

BACKOFF = dt.timedelta(seconds=20)


async def _approved(flow: Flow, step: Step) -> str:
    person = flow.person(ADMIN)
    planned = await plan_steps(
        flow.ctx, person, [step], await flow.live.decider(person, [step]), service=flow.service, tenant=TENANT
    )
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned, justification="cover while away")
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    assert not view.pending_approvers(), view.state
    return view.request_id


async def test_a_share_whose_add_is_resent_after_a_429_is_dated_at_that_add_and_still_ends(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = OtherAdmin(tenant, settled=True)
    other.exchange(
        "Add-MailboxFolderPermission", Identity=f"{JANE}:\\Calendar", User=TOM, AccessRights="Reviewer"
    )
    end = flow.clock.now + dt.timedelta(days=4)
    share = await _approved(
        flow, CalendarShare(change="grant", owner=JANE, grantee=TOM, access="editor", expires=end)
    )
    removal = await _approved(flow, CalendarShare(change="revoke", owner=JANE, grantee=TOM))
    # Taken off outside; mailwarden's reads still show the Reviewer entry (they lag it).
    other.exchange("Remove-MailboxFolderPermission", Identity=f"{JANE}:\\Calendar", User=TOM, Confirm=False)
    assert TOM not in _calendar(tenant, JANE)
    stale = [FolderPermission(user="Tom Becker", rights=("Reviewer",), sharing_flags="")]
    real_entry = calendar_share._entry

    async def lagging(*args: Any, **kwargs: Any) -> Any:
        return stale[0] if stale else await real_entry(*args, **kwargs)

    monkeypatch.setattr(calendar_share, "_entry", lagging)
    exchange = flow.ctx.clients.exchange
    add = exchange.add_folder_permission

    async def throttled_add(*args: Any, **kwargs: Any) -> Any:
        emulator.faults.fail("exchange", status=429, times=1)  # the Add's first try carries nothing out
        return await add(*args, **kwargs)

    monkeypatch.setattr(exchange, "add_folder_permission", throttled_add)
    removed: list[str] = []
    http: httpx.AsyncClient = exchange._http
    hooks = http.event_hooks

    async def inside_the_backoff(response: httpx.Response) -> None:
        if removed or response.status_code != 429:
            return
        await response.aread()
        if "Add-MailboxFolderPermission" not in response.request.content.decode():
            return
        stale.clear()
        flow.clock.advance(BACKOFF)
        done = await advance(flow.service, flow.ctx, TENANT, removal, check=flow.check)
        removed.extend(s.status for s in done.steps)
        flow.clock.advance(dt.timedelta(seconds=1))

    http.event_hooks = {**hooks, "response": [*hooks.get("response", []), inside_the_backoff]}
    sent = flow.clock.now
    try:
        given = await advance(flow.service, flow.ctx, TENANT, share, check=flow.check)
    finally:
        http.event_hooks = hooks
        monkeypatch.undo()
    assert removed, ("the removal ran inside the Add's backoff", [(s.status, s.outcome) for s in given.steps])
    [step] = given.steps
    assert step.status == "applied", (step.status, step.outcome)
    assert _calendar(tenant, JANE).get(TOM) == ["Editor"], "the resent Add landed after the removal"
    applied_at = dt.datetime.fromisoformat(str((step.outcome or {}).get(APPLIED_AT)))
    dated_late = applied_at > sent + BACKOFF

    flow.clock.now = end + dt.timedelta(minutes=10)
    ended = await run_expiries(flow.service, flow.ctx, TENANT)
    reasons = {s.decision.reason for e in ended for s in e.steps}
    assert TOM not in _calendar(tenant, JANE), (
        f"kept for good (dated at the Set: {not dated_late}): {reasons}"
    )
