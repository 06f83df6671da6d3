"""Red team 74: sec72's take-back down to a later request's lower calendar level (`take_back.taken_back_to`,
`superseded._lowers`). Each test shows the BAD behaviour (strict xfail while it is present); the findings are
in notes/RT74_FINDINGS.md.

Driven against the emulator over HTTP, killed as the rt69 tests kill (tests/security/take_back_kit.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import mailwarden.workflow.executor as executor
import mailwarden.workflow.take_back as take_back
from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import CalendarShare
from mailwarden.workflow.requests import advance, run_expiries
from mailwarden.workflow.superseded import LOWERED_BY
from tests.security import take_back_kit as kit
from tests.security.test_rt60_flag_with_its_record import Killed
from tests.security.test_rt69_left_to_later import (
    _editor_killed_in_the_wait,
    _refusing_editor,
    _taken_over,
    free_busy_found_inside_the_wait,
    free_busy_left_editor,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import ADMIN, JANE, TOM, _calendar

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

SHOWN = {"availability_only": ["AvailabilityOnly"], "reviewer": ["Reviewer"]}


def _share(access: str, end: dt.datetime | None) -> list[CalendarShare]:
    return [CalendarShare(change="grant", owner=JANE, grantee=TOM, access=access, expires=end)]


async def _ended(flow: Flow, at: dt.datetime) -> None:
    flow.clock.advance(at - flow.clock.now + dt.timedelta(minutes=1))
    await run_expiries(flow.service, flow.ctx, TENANT)
    flow.clock.advance(dt.timedelta(hours=1))
    await run_expiries(flow.service, flow.ctx, TENANT)


@pytest.mark.xfail(strict=True, reason="red team 74 F1: the take-back lowers to the last lower request only")
@pytest.mark.parametrize(
    ("long_level", "short_level"),
    [("availability_only", "reviewer"), ("reviewer", "availability_only")],
    ids=["free-busy-for-a-month", "reviewer-for-a-month"],
)
async def test_f1_a_short_lower_request_found_last_does_not_end_a_longer_one(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, long_level: str, short_level: str
) -> None:
    """Two requests for a lower level than a refused Editor write, each approved and each found "already":
    one until day 30, then one until day 2. The take-back lowers to the last one's level and claims it with
    the write's before (nothing): at day 2 its end takes the share away, and the request approved until day
    30 has nothing."""
    long_end = flow.clock.now + dt.timedelta(days=30)
    short_end = flow.clock.now + dt.timedelta(days=2)
    longer = await kit.filed(flow, _share(long_level, long_end))
    shorter = await kit.filed(flow, _share(short_level, short_end))
    first = await kit.filed(flow, _share("editor", None))
    await _editor_killed_in_the_wait(flow, tenant, monkeypatch, first)
    for request in (longer, shorter):
        flow.clock.advance(dt.timedelta(seconds=20))
        with monkeypatch.context() as m:
            _refusing_editor(m)
            given = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
        assert [s.status for s in given.steps] == ["already"], given.steps
    await _taken_over(flow, monkeypatch, first)
    await _ended(flow, short_end)
    assert _calendar(tenant, JANE).get(TOM) == SHOWN[long_level], (
        f"{longer} was approved for {long_level} until day 30; after {shorter}'s end (day 2) Tom has "
        f"{_calendar(tenant, JANE).get(TOM)}"
    )


def _claimed_elsewhere_at(flow: Flow, monkeypatch: pytest.MonkeyPatch, read: int) -> None:
    """Another worker's take-back (of another refused Editor write) claims the lower later step, lowered by
    it, right after this take-back's `read`-th read of it (1: `leave_to_later`'s, 2: `taken_back_to`'s)."""
    real = take_back.later_step
    reads: list[bool] = []

    def then_claimed_elsewhere(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        if found is not None and found.lowers and found.status == "already":
            reads.append(True)
            if len(reads) == read:
                other = {
                    **(found.outcome or {}),
                    "message": "lowered by another worker's take-back",
                    "after": {"access": "availability_only"},
                    LOWERED_BY: "other",
                }
                claim, entry = flow.service.claim_left_write(
                    TENANT,
                    found.request_id,
                    found.position,
                    found.step,
                    other,
                    flow.actor(ADMIN),
                    left_by="other",
                )
                flow.audit.append_many([entry], with_records=claim, returned=False)
        return found

    monkeypatch.setattr(take_back, "later_step", then_claimed_elsewhere)


async def _raced(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, live: bool, read: int
) -> str | None:
    _claimed_elsewhere_at(flow, monkeypatch, read)
    end = flow.clock.now + dt.timedelta(days=7)
    try:
        if live:
            await free_busy_found_inside_the_wait(flow, monkeypatch, end)
        else:
            await free_busy_left_editor(flow, tenant, monkeypatch, end)
    except take_back.ClaimLost as lost:
        return str(lost)
    return None


@pytest.mark.xfail(strict=True, reason="red team 74 F2: a claim lost in taken_back_to escapes the run")
@pytest.mark.parametrize("live", [False, True], ids=["takeover", "live"])
async def test_f2_a_claim_lost_while_lowering_is_decided_again(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, live: bool
) -> None:
    raised = await _raced(flow, tenant, monkeypatch, live, read=2)
    assert raised is None, f"the take-back crashed ({raised}); Tom keeps {_calendar(tenant, JANE).get(TOM)}"


@pytest.mark.xfail(strict=True, reason="red team 74 F3: a step lowered by another take-back is revoked whole")
@pytest.mark.parametrize("live", [False, True], ids=["takeover", "live"])
async def test_f3_a_share_another_take_back_lowered_is_not_revoked_whole(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, live: bool
) -> None:
    assert await _raced(flow, tenant, monkeypatch, live, read=1) is None
    assert _calendar(tenant, JANE).get(TOM) == ["AvailabilityOnly"], (
        "the later request holds Free/Busy until its end (claimed, lowered); the take-back revoked it whole"
    )


@pytest.mark.xfail(
    strict=True, reason="red team 74 F4: an end refused before the lowering landed, lowered for good"
)
async def test_f4_a_lowering_killed_before_its_undo_does_not_outlive_the_later_end(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The live take-back claims the Free/Busy request (until 3 minutes from now) and dies before its undo.
    That request's end comes inside the lease: judged on Free/Busy, it finds Editor, is refused, and taken
    off. The takeover reads the end in force (none: for good) and lowers to Free/Busy, for good."""
    end = flow.clock.now + dt.timedelta(minutes=3)
    real = executor.taken_back_to
    ids: list[str] = []
    real_filed = kit.filed

    async def filed(*args: Any, **kwargs: Any) -> str:
        ids.append(await real_filed(*args, **kwargs))
        return ids[-1]

    def claims_then_dies(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise Killed

    monkeypatch.setattr(kit, "filed", filed)
    with monkeypatch.context() as m:
        m.setattr(executor, "taken_back_to", claims_then_dies)
        with pytest.raises(Killed):
            await free_busy_found_inside_the_wait(flow, monkeypatch, end)
    later, first = ids
    flow.clock.advance(end - flow.clock.now + dt.timedelta(seconds=5))
    await run_expiries(flow.service, flow.ctx, TENANT)
    await kit.taken_over(flow, monkeypatch, first, _refusing_editor)
    await _ended(flow, flow.clock.now + dt.timedelta(days=60))
    assert TOM not in _calendar(tenant, JANE), (
        f"Tom has {_calendar(tenant, JANE).get(TOM)} 60 days after {later}'s end (3 minutes), the last any "
        f"request was approved for; its step: {flow.service.get(TENANT, later).steps[0].expires}"
    )


NO_TOM = "Jane Doe's calendar may not be shared with Tom Becker at all (a policy read after the write)."


@pytest.mark.xfail(
    strict=True, reason="red team 74 F5: a lowering the check refuses leaves the refused level"
)
async def test_f5_a_take_back_the_check_refuses_to_lower_is_not_left_at_the_refused_level(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """By the takeover the check refuses ANY share of Jane's calendar with Tom (not only Editor). The
    take-back down to the Free/Busy a later request found is a grant, which the check refuses: "Taking it
    back failed", and Tom keeps the refused Editor; the later request's end, judged on Free/Busy, finds
    Editor and is taken off. Revoked whole (before sec72) Tom had nothing."""
    end = flow.clock.now + dt.timedelta(days=7)
    later = await kit.filed(flow, _share("availability_only", end))
    first = await kit.filed(flow, _share("editor", None))
    await _editor_killed_in_the_wait(flow, tenant, monkeypatch, first)
    flow.clock.advance(dt.timedelta(minutes=1))
    with monkeypatch.context() as m:
        _refusing_editor(m)
        given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
    assert [s.status for s in given.steps] == ["already"], given.steps

    def any_grant(m: pytest.MonkeyPatch) -> None:
        kit.refusing(m, "calendar_share", lambda s: s.change == "grant", NO_TOM)

    await kit.taken_over(flow, monkeypatch, first, any_grant)
    with monkeypatch.context() as m:
        any_grant(m)
        await _ended(flow, end + dt.timedelta(days=60))
    assert TOM not in _calendar(tenant, JANE), (
        f"the check refuses any share with Tom; 60 days after {later}'s end Tom has "
        f"{_calendar(tenant, JANE).get(TOM)}"
    )


@pytest.mark.xfail(strict=True, reason="red team 74 F6: the take-back gives back a share an admin removed")
async def test_f6_a_take_back_gives_no_share_to_someone_an_admin_removed_it_from(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the Free/Busy request found Editor "already", an admin removes Tom's share in Exchange. The
    take-back down to Free/Busy is a grant: it ADDS a Free/Busy share Tom no longer had. Revoked whole
    (before sec72) it found nothing to take back."""
    end = flow.clock.now + dt.timedelta(days=7)
    later = await kit.filed(flow, _share("availability_only", end))
    first = await kit.filed(flow, _share("editor", None))
    await _editor_killed_in_the_wait(flow, tenant, monkeypatch, first)
    flow.clock.advance(dt.timedelta(minutes=1))
    with monkeypatch.context() as m:
        _refusing_editor(m)
        given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
    assert [s.status for s in given.steps] == ["already"], given.steps
    exchange = flow.ctx.clients.exchange
    await exchange.remove_folder_permission(await exchange.calendar_folder(JANE), TOM)
    assert TOM not in _calendar(tenant, JANE)
    flow.clock.advance(dt.timedelta(minutes=2))
    await _taken_over(flow, monkeypatch, first)
    assert TOM not in _calendar(tenant, JANE), (
        f"an admin removed Tom's share; the take-back of {first} gave him {_calendar(tenant, JANE).get(TOM)}"
    )
