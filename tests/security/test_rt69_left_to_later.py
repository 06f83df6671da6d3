"""Red team 69: a refused write left to a "later decision" (sec69 `take_back.leave_to_later`) that did not
decide the access the check refused. Each test shows the BAD behaviour (strict xfail while it is present).

Driven against the emulator over HTTP, killed as the sec69 tests kill (tests/security/test_sec69_*)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.steps import CalendarShare
from mailwarden.workflow.requests import advance, run_expiries
from tests.security import take_back_kit as kit
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_time_bound_shares import ADMIN, JANE, TOM, _calendar

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

NO_EDITOR = "Jane Doe's calendar may not be shared at Editor level (a policy read after the write)."


def _refusing_editor(m: pytest.MonkeyPatch) -> None:
    """The check refuses an Editor share of Jane's calendar (and only Editor: a lower level is allowed)."""
    kit.refusing(m, "calendar_share", _editor, NO_EDITOR)


def _editor(step: Any) -> bool:
    return bool(step.change == "grant" and step.access == "editor")


async def _editor_killed_in_the_wait(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    """`first`, an Editor share of Jane's calendar with Tom, for good: it lands, the check then refuses it,
    and the run dies in the wait between the two refusing reads (its step recorded applied, "verifying")."""
    await kit.killed_in_the_wait(flow, monkeypatch, first, "calendar_share", _editor, NO_EDITOR)
    (step,) = flow.service.get(TENANT, first).steps
    assert (step.status, (step.outcome or {}).get("verification")) == ("applied", "verifying"), step
    assert _calendar(tenant, JANE).get(TOM) == ["Editor"]


async def _taken_over(flow: Flow, monkeypatch: pytest.MonkeyPatch, first: str) -> None:
    await kit.taken_over(flow, monkeypatch, first, _refusing_editor)


async def test_a_lower_level_share_for_a_while_does_not_keep_a_refused_editor_share(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A request for the least level, Free/Busy, for a week, filed before the Editor share ran (approved, not
    # yet run), and one for Editor for good.
    # Inside the dead run's lease the Free/Busy request runs: allowed (the check refuses Editor only, and
    # still does as it runs), and recorded "already" (Editor covers it); then the dead run is taken over.
    end = flow.clock.now + dt.timedelta(days=7)
    _, later = await free_busy_left_editor(flow, tenant, monkeypatch, end)
    # Nobody was approved for Editor in a way the check allows now: the take-back must not leave it.
    assert _calendar(tenant, JANE).get(TOM) != ["Editor"], (
        f"Tom kept the Editor share the check refuses, left to {later} (approved for Free/Busy only)"
    )


async def free_busy_left_editor(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, end: dt.datetime
) -> tuple[str, str]:
    later = await kit.filed(
        flow,
        [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="availability_only", expires=end)],
    )
    first = await kit.filed(flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="editor")])
    await _editor_killed_in_the_wait(flow, tenant, monkeypatch, first)
    flow.clock.advance(dt.timedelta(minutes=1))
    with monkeypatch.context() as m:
        _refusing_editor(m)
        given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
    assert [s.status for s in given.steps] == ["already"], given.steps
    await _taken_over(flow, monkeypatch, first)
    return first, later


async def test_a_refused_editor_share_left_to_a_free_busy_share_ends_at_its_end(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claimed, the Editor write was the later request's "until its end"; that end, judged on the level the
    step asked (Free/Busy), found Editor, called it someone's change outside mailwarden and was denied, its
    end taken off: the Editor share the check refused stayed for good. The Free/Busy request claims no
    Editor write, and no end leaves Tom Editor."""
    end = flow.clock.now + dt.timedelta(days=7)
    _, later = await free_busy_left_editor(flow, tenant, monkeypatch, end)
    assert not flow.audit.records(request_id=later, event="step.claimed_left_write")
    assert _calendar(tenant, JANE).get(TOM) != ["Editor"]
    flow.clock.advance(end - flow.clock.now + dt.timedelta(minutes=1))
    await run_expiries(flow.service, flow.ctx, TENANT)
    flow.clock.advance(dt.timedelta(hours=1))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert TOM not in _calendar(tenant, JANE), f"Tom kept Editor for good after {later}'s end"


async def test_a_claim_lost_to_a_concurrent_claim_is_not_audited_as_made(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two takeovers (two refused writes of Priya's add, in two workers) read the later request's step
    "already" and each claims it: the second's UPDATE (`status == "already"`) matched nothing, yet its
    `step.claimed_left_write` record was appended, naming a write the later request does not hold. Here the
    other worker's claim (and its record) is committed between this takeover's read (`later_step`) and its
    record: the log names the other claim only, and this write is still left to the later request."""
    import mailwarden.workflow.take_back as take_back
    from tests.security import test_sec69_take_back_after_takeover as sec69

    real = take_back.later_step

    def read_then_claimed_elsewhere(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        if found is not None and found.status == "already":
            other = {**(found.outcome or {}), "message": "claimed by another worker's take-back"}
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

    monkeypatch.setattr(take_back, "later_step", read_then_claimed_elsewhere)
    end = flow.clock.now + dt.timedelta(days=7)
    first, later, priya = await sec69._taken_over_after_a_later_request(
        flow, monkeypatch, alone=True, left="verifying", end=end
    )
    (held,) = flow.service.get(TENANT, later).steps
    claimed = flow.audit.records(request_id=later, event="step.claimed_left_write")
    assert [(r.detail or {}).get("left_by") for r in claimed] == ["other"], (
        f"the log says {later} took over {first}'s write; its step holds: {held.outcome}"
    )
    assert "another worker" in str((held.outcome or {}).get("message")), held.outcome
    # Decided again, the write is still left to the later request (applied now, with its end).
    sec69._left_to(flow, tenant, first, later, priya)
    assert (held.status, held.expires) == ("applied", end), held


@pytest.mark.parametrize("alone", [False, True], ids=["bulk", "alone"])
async def test_an_undo_killed_in_the_wait_is_not_left_to_a_removal_made_before_its_write(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    """An undo of Priya's removal is approved; before it runs, a request adds her and another removes her
    again (both through mailwarden, after the undo's approval). The undo then adds her, the check refuses
    her (GONE) and the run dies in the wait. The takeover asks `leave_to_later`, which for an undo taken
    over asks `superseded_reason(resumed=True)`: any change since the undo's APPROVAL, not since its write.
    The removal, made before the undo's write and overridden by it, is named the "later decision": the add
    the check refuses is left, for good (no end), and no undo takes it away."""
    from mailwarden.model.steps import DistributionListMembership
    from mailwarden.workflow import live_policy
    from mailwarden.workflow.requests import undo
    from tests.security import test_sec69_take_back_after_takeover as sec69
    from tests.security.test_rt54_takeover_first_send import DL
    from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM, _on

    def member(change: str, people: tuple[str, ...] = (PRIYA,)) -> list[Any]:
        return [DistributionListMembership(change=change, group=DL, member=p) for p in people]

    everyone = (PRIYA,) if alone else (TOM, PRIYA)

    async def done(steps: list[Any]) -> str:
        request = await kit.filed(flow, steps)
        ran = await advance(flow.service, flow.ctx, TENANT, request, check=flow.check)
        assert {s.status for s in ran.steps} == {"applied"}, ran.steps
        return request

    await done(member("add", everyone))
    removal = await done(member("remove", everyone))
    grace = flow.person(ADMIN)
    undoing = await undo(flow.service, flow.ctx, TENANT, removal, flow.actor(ADMIN), grace, flow.decide)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, undoing.request_id, flow.actor(ADMIN))
    assert view.state.value == "approved", view.state
    flow.clock.advance(dt.timedelta(minutes=5))
    await done(member("add"))
    flow.clock.advance(dt.timedelta(minutes=5))
    last_removal = await done(member("remove"))
    assert not _on(tenant, DL, PRIYA)

    flow.clock.advance(dt.timedelta(minutes=5))
    await sec69._killed(flow, monkeypatch, undoing.request_id, alone=alone, left="verifying")
    assert _on(tenant, DL, PRIYA)
    await _list_taken_over(flow, monkeypatch, undoing.request_id, sec69, alone=alone)
    step = next(s for s in flow.service.get(TENANT, undoing.request_id).steps if s.step["member"] == PRIYA)
    assert not _on(tenant, DL, PRIYA), (
        f"Priya kept on the list the check refuses her, left to {last_removal} (a removal made before the "
        f"undo's write): {step.status} {step.outcome}"
    )


async def _list_taken_over(
    flow: Flow, monkeypatch: pytest.MonkeyPatch, request: str, sec69: Any, *, alone: bool
) -> None:
    import mailwarden.workflow.executor as executor

    flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))
    with monkeypatch.context() as m:
        if alone:
            m.setattr(executor, "_runs_together", lambda view, step: False)
        sec69._refusing_priya(m, [True])
        await advance(flow.service, kit.waiting(flow, kit.no_wait), TENANT, request, check=flow.check)


async def free_busy_found_inside_the_wait(
    flow: Flow, monkeypatch: pytest.MonkeyPatch, end: dt.datetime
) -> tuple[str, str]:
    """A Free/Busy share of Jane's calendar with Tom until `end` (filed first) runs inside the verify wait of
    an Editor share for good, between its two refusing reads, and finds Editor there ("already"); the live
    run then takes the Editor write back. The Editor write's request and the Free/Busy one."""
    later = await kit.filed(
        flow,
        [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="availability_only", expires=end)],
    )
    first = await kit.filed(flow, [CalendarShare(change="grant", owner=JANE, grantee=TOM, access="editor")])
    ran: list[str] = []

    async def inside() -> None:
        ran.append(later)
        flow.clock.advance(dt.timedelta(seconds=1))
        given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
        assert [s.status for s in given.steps] == ["already"], given.steps

    # Editor is allowed until it is written (what refuses it reaches the tenant in the reads' lag).
    await kit.run_refused_after_its_write(
        flow,
        monkeypatch,
        first,
        "calendar_share",
        _editor,
        NO_EDITOR,
        sleep=kit.once_in_the_wait(flow, inside),
    )
    assert ran
    return first, later


async def test_a_free_busy_share_inside_the_verify_wait_does_not_keep_a_refused_editor_share(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The live run's take-back (executor `_run_step`) asks the same question: a Free/Busy share for a while
    that runs inside the Editor write's verify wait (between its two refusing reads) is taken for a decision
    on Editor, and its end is then denied. No kill."""
    end = flow.clock.now + dt.timedelta(days=7)
    _, later = await free_busy_found_inside_the_wait(flow, monkeypatch, end)
    flow.clock.advance(end - flow.clock.now + dt.timedelta(minutes=1))
    await run_expiries(flow.service, flow.ctx, TENANT)
    assert TOM not in _calendar(tenant, JANE), f"Tom kept Editor for good, left to {later} (Free/Busy)"


async def test_a_marked_take_back_left_to_a_later_request_tells_the_admins_it_is_kept(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A take-back marked (`TAKING_BACK`, flagged `kept: false`: "mailwarden is taking it back"), the run
    dies before its undo. A later request finds the access; the takeover (`_finish_take_back`) leaves the
    write to it with `flagged=False`: the admins' flag still says the write was taken back, while it stays."""
    from mailwarden.model.steps import DistributionListMembership
    from tests.security.test_rt54_takeover_first_send import DL, _run
    from tests.security.test_rt64_killed_inside_the_take_back import killed_taking_priya_back
    from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, _on

    end = flow.clock.now + dt.timedelta(days=7)
    later = await _run(flow, [DistributionListMembership(change="add", group=DL, member=PRIYA, expires=end)])
    first = await killed_taking_priya_back(flow, monkeypatch, alone=True, undo_sent=False)
    flow.clock.advance(flow.service.lease + dt.timedelta(seconds=1))
    given = await advance(flow.service, flow.ctx, TENANT, later, check=flow.check)
    assert [s.status for s in given.steps] == ["already"], given.steps
    await advance(flow.service, flow.ctx, TENANT, first, check=flow.check)
    assert _on(tenant, DL, PRIYA)
    told = flow.audit.records(request_id=first, event="step.refused_after_write")
    kept = [(r.detail or {}).get("kept") for r in told]
    assert kept[-1:] == [True], f"the admins were last told {kept} (taken back); Priya stays, left to {later}"
    # The flag names the request that holds her now, and its end.
    told_last = str((told[-1].detail or {}).get("message"))
    assert later in told_last, told_last
    assert str(end.date()) in told_last, told_last


@pytest.mark.parametrize("alone", [False, True], ids=["bulk", "alone"])
async def test_a_later_request_whose_end_passed_does_not_keep_a_refused_add(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    """RT69 F5: the later request that found Priya there was approved until an end that passed before the
    takeover: its end is due, it holds nothing now. Left to it, Priya (whom the check refuses) stayed until
    the next sweep; taken back now, she is off the list at once."""
    from mailwarden.workflow.service import LEFT_TO_LATER
    from tests.security import test_sec69_take_back_after_takeover as sec69
    from tests.security.test_rt54_takeover_first_send import DL
    from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, _on

    end = flow.clock.now + dt.timedelta(minutes=3)
    _, later, priya = await sec69._taken_over_after_a_later_request(
        flow, monkeypatch, alone=alone, left="verifying", end=end
    )
    assert flow.clock.now > end
    assert not _on(tenant, DL, PRIYA), f"Priya left to {later}, whose end passed: {priya.outcome}"
    assert not (priya.outcome or {}).get(LEFT_TO_LATER), priya.outcome
    assert not flow.audit.records(request_id=later, event="step.claimed_left_write")


@pytest.mark.parametrize("alone", [False, True], ids=["bulk", "alone"])
async def test_a_removal_after_a_refused_add_is_no_decision_to_keep_it(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    """RT69 F6: a request removing Priya, run after the refused add was sent (inside the dead run's lease),
    was taken for the decision the add was left to: recorded refused "left to later" and flagged kept:
    true, while she is off the list. A removal decides nothing to keep: the take-back goes on (nothing to
    take, she is gone) and the admins are not told the add stays."""
    from mailwarden.model.steps import DistributionListMembership
    from mailwarden.workflow.service import LEFT_TO_LATER
    from tests.security import test_sec69_take_back_after_takeover as sec69
    from tests.security.test_rt54_takeover_first_send import DL, _run
    from tests.security.test_sec50_bulk_marks_never_sent import PRIYA, TOM, _on

    people = [PRIYA] if alone else [TOM, PRIYA]
    first = await _run(flow, [DistributionListMembership(change="add", group=DL, member=p) for p in people])
    await sec69._killed(flow, monkeypatch, first, alone=alone, left="verifying")
    assert _on(tenant, DL, PRIYA)
    flow.clock.advance(dt.timedelta(minutes=1))
    removal = await _run(flow, [DistributionListMembership(change="remove", group=DL, member=PRIYA)])
    removed = await advance(flow.service, flow.ctx, TENANT, removal, check=flow.check)
    assert [s.status for s in removed.steps] == ["applied"], removed.steps

    await _list_taken_over(flow, monkeypatch, first, sec69, alone=alone)
    priya = next(s for s in flow.service.get(TENANT, first).steps if s.step["member"] == PRIYA)
    assert not _on(tenant, DL, PRIYA)
    assert not (priya.outcome or {}).get(LEFT_TO_LATER), f"left to the removal {removal}: {priya.outcome}"
    told = flow.audit.records(request_id=first, event="step.refused_after_write")
    assert True not in [(r.detail or {}).get("kept") for r in told], [r.detail for r in told]
