"""Run an approved request: each step previewed again, then applied and verified, its outcome recorded.

The approver approved exactly the previewed change. So before a step runs, preflight reads the tenant
again: if the change is the one previewed, it runs; if the tenant is already as asked, the step is
"already"; if anything else changed in between, the step does not run and says why ("drifted"). A step
that fails does not undo the others. A run that dies mid-way leaves its lease to run out; the next run
takes the request over and, for every step without an outcome, starts again from preflight — never by
repeating a write blindly.

Each write is marked `applying` (with the change it makes) right before it is sent, after the last read
(`execute`'s `on_sending`: a run that died before the mark sent nothing), so a run that died between
the write and its record is told apart from a tenant that was already as asked: the next run finds an
`applying` step's change in the tenant and records it `applied` (its expiry and undo take it back); finds
the tenant still as it was before, and makes the write (it never landed, or someone took it back since,
which the approval did not cover); finds anything else, and calls it drifted. A write that reads do not
show yet (Entra and Exchange replicate) is recorded as applied and "verifying" before the wait, so a run
that dies while waiting does not make it again; the run that takes it over verifies it again (its re-check
may have refused it once). A dead run's write whose check now refuses it is verified again too, never read
as "not landed": a refusal does not say what the tenant holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from mailwarden.actions import WRITE_ACTIONS, execute
from mailwarden.actions.base import ActionContext, StepOutcome, gives_to_someone, take_back, verify_again
from mailwarden.connectors.on_wire import Heard, WriteNews, hearing_writes
from mailwarden.errors import MailwardenError, ResolutionError
from mailwarden.logs import get_logger
from mailwarden.model.changes import Change, Refusal
from mailwarden.model.decisions import Decision
from mailwarden.model.requests import RequestStepView, RequestView
from mailwarden.model.steps import TAKING, Step, parse_step
from mailwarden.workflow import extending
from mailwarden.workflow.binding import gone, moved, moved_now, pinned
from mailwarden.workflow.bulk_run import (
    REACHED_UNSEEN,
    BulkRun,
    Decide,
    Prepared,
    decisions_for,
    sent_past_its_end,
)
from mailwarden.workflow.end_restore import decided_as, restore_end, restores_end
from mailwarden.workflow.ended_grant import mark_ended, why_not_run, why_not_run_of
from mailwarden.workflow.extending import gives, hidden_grant
from mailwarden.workflow.extension import current_end, extension_of
from mailwarden.workflow.grant_records import APPLIED_AT, SENT_AT, never_sent, utc
from mailwarden.workflow.lease import LeaseLost, kept_while
from mailwarden.workflow.redact import GROUP_REFUSED, REACH_REFUSED, reach_unseen
from mailwarden.workflow.redecision import may_still_run
from mailwarden.workflow.service import (
    ANSWER_LOST,
    READ_AS_ALREADY,
    REFUSED_NOW,
    SCHEDULER,
    TAKING_BACK,
    Actor,
    RequestService,
    sent_by,
)
from mailwarden.workflow.superseded import later_change, superseded_reason
from mailwarden.workflow.take_back import (
    LeftToLater,
    kept_or_taken,
    leave_to_later,
    taking_back_mark,
    verifying_still,
)

__all__ = ["StepCheck", "run_request"]

_log = get_logger("mailwarden.workflow")

_LEFT = "left"
"""`_run_step`'s status for a write its take-back left to a later decision, recorded so (`leave_to_later`)."""

StepCheck = Callable[[RequestView, Step], Awaitable[Decision]]
"""The policy's decision on a step of a request, made again on live facts (LivePolicy.step_check)."""


async def run_request(
    service: RequestService,
    ctx: ActionContext,
    tenant: str,
    request_id: str,
    actor: Actor = SCHEDULER,
    *,
    check: StepCheck | None = None,
    progress: Callable[[int], None] | None = None,
) -> RequestView:
    """Execute the request if it is approved (or its last run died); otherwise return it as it is.

    Before each step runs, `check` decides it again on live facts; a step whose decision no longer lets it
    run is refused with the new reason. Without `check` no step runs, except an expiry's: it only takes
    away what a request gave.
    """
    view = service.claim(tenant, request_id)
    if view is None:
        return service.get(tenant, request_id)
    held = service.lease_until(request_id)
    assert held is not None  # just claimed
    # A change never goes out with a token kept from an earlier command: one issued now carries the app's
    # roles as they are, so a role or consent taken away in Entra stops the change at once.
    ctx.clients.use_issued_tokens_only()
    try:
        return await kept_while(
            service,
            request_id,
            held,
            _run_claimed(service, ctx, tenant, view, actor, check=check, progress=progress),
        )
    except LeaseLost:
        return service.first_page(tenant, request_id)


async def _run_claimed(
    service: RequestService,
    ctx: ActionContext,
    tenant: str,
    view: RequestView,
    actor: Actor,
    *,
    check: StepCheck | None,
    progress: Callable[[int], None] | None,
) -> RequestView:
    request_id = view.request_id
    approved_by = [a.approver for a in view.approvals if a.verdict == "approve"]
    unsettled = False
    bulk: BulkRun | None = None
    batches = _Ahead(_batches(service, view))
    ahead: asyncio.Task[Prepared] | None = None
    """The next chunk's decision, made while this one is written (BulkRun.decides_ahead)."""
    for batch in batches:
        step = batch[0]
        action = str(step.step["action"])
        # A step that must run alone (`_runs_together`) is never handed to a bulk run of its action begun on
        # the page before it: that run is verified first, and the step runs alone.
        if bulk is not None and (bulk.action_id != action or not _runs_together(view, step)):
            unsettled |= await bulk.verify()
            bulk = None
        # A write left "verifying" by a dead run, of an action that verifies in bulk, is verified again as
        # it was being verified (`BulkRun.prepare`), even alone.
        if bulk is not None or len(batch) > 1 or (verifying_still(step) and _runs_together(view, step)):
            # Many steps of one action in a row (a list of people to add): read and written together, a
            # chunk at a time, and verified together once the last chunk is written.
            if bulk is None:
                bulk = BulkRun(
                    service,
                    ctx,
                    view,
                    action,
                    actor,
                    decide=_ends_checked(
                        service,
                        view,
                        _bound(
                            ctx,
                            _then_superseded(
                                service,
                                ctx,
                                view,
                                _no_redecision
                                if view.kind == "expiry"
                                else decisions_for(check, view, approved_by, may_still_run),
                            ),
                        ),
                    ),
                    refused_as_seen=lambda s, refusal: _as_requester_sees(ctx, view, s, refusal),
                    progress=progress,
                    end_passed=lambda s: _end_passed_at(service, view, s),
                )
            prepared = await ahead if ahead is not None else await bulk.prepare(batch)
            ahead = None
            # The next chunk of the same run is decided while this one's writes are out, when none of them
            # can change what decides it: its decision is still made after the approval, on facts read
            # after this chunk's were, and before any of its own steps is marked or written.
            following = batches.peek()
            if (
                following is not None
                and str(following[0].step["action"]) == action
                and _runs_together(view, following[0])
                and bulk.decides_ahead(batch, following, [view.asked_by, *approved_by])
            ):
                ahead = asyncio.ensure_future(bulk.prepare(following))
            try:
                await bulk.write(prepared)
            except BaseException:
                await _cancelled(ahead)
                raise
            del prepared
            continue
        unsettled |= await _run_one(service, ctx, view, step, actor, check=check, approved_by=approved_by)
        if progress is not None:
            progress(1)
    if bulk is not None:
        del batch, step  # the last page is not held while the run's writes are verified page by page
        unsettled |= await bulk.verify()
    if unsettled:
        return service.first_page(tenant, request_id)
    return service.finish(tenant, request_id, actor)


async def _run_one(
    service: RequestService,
    ctx: ActionContext,
    view: RequestView,
    step: RequestStepView,
    actor: Actor,
    *,
    check: StepCheck | None,
    approved_by: list[str],
) -> bool:
    """Run one step and record its outcome; True when it stays unsettled (its last write cannot be told to
    have landed: a later run decides it)."""
    if never_sent(step.status, step.outcome):
        # Marked by a bulk run that died before its `$batch` went out (a takeover of one step left): nothing
        # of it is in the tenant, so it runs as never marked (red team 51).
        step = step.model_copy(update={"status": "pending", "outcome": None})
    ctx = pinned(ctx, [(step.step, step.preview)])
    if step.status == "applying" and (step.outcome or {}).get(TAKING_BACK):
        await _finish_take_back(service, ctx, view, step, actor)
        return False
    if verifying_still(step):
        return await _verify_again(service, ctx, view, step, actor)
    ended = why_not_run(service.store, view, step.step, step.preview)
    if ended is not None:
        # An end (retried, or resumed after a dead run) whose grant another end took back since: run, it would
        # take what was given since. A later decision on the access, where there is one, is named instead.
        resumed = step.status == "applying"
        later = superseded_reason(service, ctx.directory, view, step.step, step.preview, resumed=resumed)
        service.record_step(view, step.position, "refused", {"message": later or ended}, actor)
        return False
    newer = _decided_since_sent(service, ctx, view, step)
    if newer is not None:
        service.record_step(
            view,
            step.position,
            "refused",
            {
                "message": f"Request {newer} changed this access through mailwarden after this step's write "
                "was sent and failed, so it was not retried (superseded): that request decided it."
            },
            actor,
        )
        return False
    # A write sent on a read of "already" cannot be told to have landed by a read (it said so before the
    # write): it is sent again below and the tenant's answer decides (`_run_step`).
    if step.status == "applying" and not _read_as_already(step):
        try:
            landed = await _landed(ctx, step)
        except ResolutionError:
            # An object the step was approved for is gone from the directory (bound steps ask by id, never
            # the address's next holder): nothing can be held by it now, so the address check below
            # settles the step, naming why, rather than every later run finding it unreadable.
            if moved(ctx.directory, step.step, step.preview) is None:
                return True
            landed = None
        except MailwardenError:
            # Whether the last run's write landed cannot be told now: the step stays `applying` and
            # the request unfinished, so a later run decides it (never "failed" with access granted).
            return True
        if isinstance(landed, Refusal):
            # The check refuses what the dead run's write may have given: a refusal hides whether the tenant
            # holds it, so it is never read as "not landed" (recorded refused, the access stayed unrecorded
            # and no admin heard: red team 67 F7). The write is verified again as a live run verifies it.
            return await _verify_again(service, ctx, view, step, actor)
        if landed is not None:
            # Whether that write or someone else's made it so cannot be told: read toward less access, a
            # grant is ours (its undo and end take it away), a step taking access away is "already" (no
            # undo gives access back; red team 43).
            taking = step.step.get("change") in TAKING
            status = "already" if taking else "applied"
            service.record_step(view, step.position, status, landed, actor, also=_ends(service, view, step))
            return False
    end = _end_passed_at(service, view, step)
    if end is not None and step.status == "applying":
        # The dead run's write may have landed (the tenant does not show it yet): recorded failed with its
        # change, so its end takes it back now; refused as not given, it would be for good (red team 53).
        service.record_step(view, step.position, "failed", sent_past_its_end(step, end), actor)
        return False
    stop = _end_passed(service, view, step)
    if stop is None:
        (stop,) = await moved_now(ctx, [(step.step, step.preview)])
    if stop is None and view.kind != "expiry":
        stop = await _decided_again(check, view, step, approved_by)
    if stop is None:
        # A drift revert, expiry or undo a later request overtook (one resumed after a killed run included)
        stop = superseded_reason(
            service, ctx.directory, view, step.step, step.preview, resumed=step.status == "applying"
        )
    if stop is not None:
        service.record_step(view, step.position, "refused", {"message": stop}, actor)
        return False

    async def verifying(outcome: dict[str, Any], position: int = step.position) -> None:
        service.record_step(view, position, "applied", outcome, actor, also=_ends(service, view, step))

    if restores_end(view, step):
        await restore_end(service, ctx, view, step, actor)
        return False
    if (
        extension_of(step.preview) or hidden_grant(step) or _grant_now_over_an_end(service, ctx, view, step)
    ) and await _extend(service, ctx, view, step, actor):
        return False
    marked: list[bool] = []
    status, outcome = await _run_step(service, view, ctx, step, actor, verifying, marked)
    if status == _LEFT:
        return False  # recorded by `leave_to_later`
    done = status in ("applied", "already")
    # `flagged`: the check refused, after the write, what the tenant took (sec56): an admin hears of it
    # whether mailwarden took it back or left it for them, told in the record's transaction (red team 60 F5).
    # A take-back was flagged with its mark, before its undo (`taking_back`): told again only when the write
    # is left after all (the undo failed).
    service.record_step(
        view,
        step.position,
        status,
        outcome,
        actor,
        also=_ends(service, view, step) if done else None,
        flagged=not marked or status == "applied",
    )
    return False


async def _finish_take_back(
    service: RequestService, ctx: ActionContext, view: RequestView, step: RequestStepView, actor: Actor
) -> None:
    """A take-back a dead run recorded (`TAKING_BACK`, flagged) and may have sent: its undo sent (again: one
    that landed is answered "already so") and its outcome recorded, flagged again only when the write is left
    (the undo failed): the access is then the admins' to take back (red team 64 F5). Unless a request decided
    the grant since the write was sent: the write is then left to it, recorded refused and flagged again,
    kept (`leave_to_later`)."""
    parsed = parse_step(step.step)
    marked = step.outcome or {}
    made = Change.model_validate(marked.get("change"))
    reason = str(marked.get(REFUSED_NOW))
    seen = _as_requester_sees(ctx, view, step, Refusal(reason=reason)) == reason
    at = marked.get(SENT_AT)
    sent = at if isinstance(at, str) else None
    shown = reason if seen else REACHED_UNSEEN  # who it reaches is for admins
    if leave_to_later(
        service,
        ctx.directory,
        view,
        step,
        actor,
        made=made,
        reason=reason,
        shown=shown,
        sent=sent,
        # Flagged again: the mark told the admins it was being taken back (kept: false), and it stays,
        # until the later request's end or for good (red team 69 F4).
        flagged=True,
    ):
        return
    done = await take_back(WRITE_ACTIONS[parsed.action], ctx, parsed, made, reason)
    message = done.message if seen else done.message.replace(reason, REACHED_UNSEEN)
    kept = done.status == "applied"
    service.record_step(
        view,
        step.position,
        done.status,
        kept_or_taken(message, made, done, sent),
        actor,
        also=_ends(service, view, step) if kept else None,
        flagged=kept,
    )


async def _verify_again(
    service: RequestService, ctx: ActionContext, view: RequestView, step: RequestStepView, actor: Actor
) -> bool:
    """Verify again, and record, the write of a dead run's step that may have landed: `applying` with a
    read that refuses it now, or recorded "verifying" (`verify_again`). Taken back, it is marked and flagged
    before its undo, as a live run's take-back is; unless it is left to a later decision, asked before the
    undo as a resumed take-back asks (`leave_to_later`). True when it stays unsettled (`_run_one`)."""
    parsed = parse_step(step.step)
    before = step.outcome or {}
    made = Change.model_validate(before.get("change"))
    at = before.get(APPLIED_AT) if step.status == "applied" else before.get(SENT_AT)
    sent = at if isinstance(at, str) else None
    marked: list[bool] = []

    def as_seen(message: str, reason: str | None) -> str:
        if reason and _as_requester_sees(ctx, view, step, Refusal(reason=reason)) != reason:
            return message.replace(reason, REACHED_UNSEEN)  # who it reaches is for admins
        return message

    async def taking_back(outcome: StepOutcome) -> None:
        reason = outcome.refused_now or ""
        # No admin has heard of this refusal yet: told with the record that leaves the write (kept).
        if leave_to_later(
            service,
            ctx.directory,
            view,
            step,
            actor,
            made=made,
            reason=reason,
            shown=as_seen(reason, reason),
            sent=sent,
            flagged=True,
        ):
            raise LeftToLater
        mark = taking_back_mark(as_seen(outcome.message, reason), reason, made, sent)
        service.record_step(view, step.position, "applying", mark, actor, flagged=True)
        marked.append(True)

    try:
        done = await verify_again(WRITE_ACTIONS[parsed.action], ctx, parsed, made, taking_back)
    except LeftToLater:
        return False
    if step.status == "applying" and done.verification == "unverified":
        # Neither refused twice nor shown: the refusal that sent it here was not read again (a read that
        # failed inside the check), and whether the dead run's write landed is still unknown. Left
        # `applying` for a later run, which settles it as any takeover does; recorded applied here, a write
        # that never landed would read as given and never be sent.
        return True
    kept = done.status == "applied"
    service.record_step(
        view,
        step.position,
        done.status,
        kept_or_taken(as_seen(done.message, done.refused_now), made, done, sent),
        actor,
        also=_ends(service, view, step) if kept else None,
        # A take-back was flagged with its mark: told again only when the write is left after all.
        flagged=not marked or kept,
    )
    return False


def _ends(
    service: RequestService, view: RequestView, step: RequestStepView
) -> Callable[[Session], None] | None:
    """For an expiry's step recorded done: the grant it ended marked taken back by it, in the same
    transaction (the first end recorded is the grant's; a retried end then finds it ended: red team 51)."""
    if view.kind != "expiry":
        return None
    return mark_ended(service.store, view, step.step, step.preview)


def _decided_since_sent(
    service: RequestService, ctx: ActionContext, view: RequestView, step: RequestStepView
) -> str | None:
    """For a failed step put back to run (reopen_failed): the request that changed the same grant through
    mailwarden after the failed run sent its write, if any. Settled now as this request's, the write would be
    ordered after that decision, and this step's undo or end would take the access it gave (red team 48)."""
    if step.status != "applying" or not (step.outcome or {}).get(ANSWER_LOST):
        return None
    return later_change(
        service, ctx.directory, view, step.step, since=_sent_at(step) or view.created, preview=step.preview
    )


def _sent_at(step: RequestStepView) -> dt.datetime | None:
    """When the write a failed run sent for `step` went out (`SENT_AT` on its record); None if unrecorded."""
    at = (step.outcome or {}).get(SENT_AT)
    if isinstance(at, str):
        with contextlib.suppress(ValueError):
            return utc(dt.datetime.fromisoformat(at))
    return None


def _stamped(step: RequestStepView, outcome: dict[str, Any]) -> dict[str, Any]:
    """`outcome` of an earlier run's write settled as landed (a failed step's retried, or a dead run's taken
    over), applied when that run first sent it: this run wrote nothing of its own, so it is not the later
    decision on the grant, and a request that decided it in between is (red team 48, red team 54)."""
    sent = (step.outcome or {}).get(SENT_AT)
    return {**outcome, APPLIED_AT: sent} if isinstance(sent, str) else outcome


def _end_passed(service: RequestService, view: RequestView, step: RequestStepView) -> str | None:
    """Why a time-bound grant is not run: its end has passed (approved late, or an undo's giving back of
    access whose end came while it waited). Run, it would give access nobody may hold any more, until the
    next expiry sweep took it again. An old end an undo puts back (end_restore) gives nothing: it runs."""
    when = _end_passed_at(service, view, step)
    if when is None:
        return None
    return f"This access was to end {when:%Y-%m-%d %H:%M} UTC, which has passed, so it was not given."


def _end_passed_at(service: RequestService, view: RequestView, step: RequestStepView) -> dt.datetime | None:
    """When a time-bound grant was to end, if that has passed (`_end_passed`); None otherwise."""
    end = step.step.get("expires")
    if not gives(step) or not isinstance(end, str) or restores_end(view, step):
        return None
    when = dt.datetime.fromisoformat(end)
    when = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
    return when if when <= service.clock() else None


def _batches(service: RequestService, view: RequestView) -> Iterator[list[RequestStepView]]:
    """The steps still to run, in order, paged from the store: consecutive steps of one action that can
    run together (it has `apply_many`, as group membership has) come as lists of up to a page; any other
    step alone. Steps keep their order (a list created by one step is there before members are added to it).
    """
    after = -1
    while page := service.steps_to_run(view.request_id, after):
        after = page[-1].position
        together: list[RequestStepView] = []
        for step in page:
            if together and together[0].step["action"] != step.step["action"]:
                yield together
                together = []
            if _runs_together(view, step):
                together.append(step)
            else:
                if together:  # the steps before it first: they keep their order
                    yield together
                    together = []
                yield [step]
        if together:
            yield together


_T = TypeVar("_T")


class _Ahead(Generic[_T]):
    """An iterator whose next item can be looked at before it is taken (`peek`)."""

    _NONE: Any = object()

    def __init__(self, items: Iterator[_T]) -> None:
        self._items = items
        self._next: Any = self._NONE

    def __iter__(self) -> _Ahead[_T]:
        return self

    def __next__(self) -> _T:
        if self._next is not self._NONE:
            item, self._next = self._next, self._NONE
            return item  # type: ignore[no-any-return]
        return next(self._items)

    def peek(self) -> _T | None:
        if self._next is self._NONE:
            self._next = next(self._items, self._NONE)
        return None if self._next is self._NONE else self._next


async def _cancelled(task: asyncio.Task[Any] | None) -> None:
    """`task` cancelled and waited for (a chunk decided ahead whose run stopped: it records nothing more)."""
    if task is None or task.done():
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, MailwardenError):
        await task


def _runs_together(view: RequestView, step: RequestStepView) -> bool:
    """Whether the step's action reads and writes many steps at once (`apply_many`), and the step is not one
    that must run alone. A time-bound add, or one that moves such an add's end, runs together: a bulk run
    makes the checks of an end as a single step does (`_ends_checked`, extending.py in `BulkRun.prepare`).

    Alone: an old end put back by an undo (restore_end: a record taken over, no write, nothing to batch);
    and a time-bound add put back to run after a write whose every answer was lost (reopen_failed). That one
    is settled as the single path settles it: refused when a later decision on its grant was made since it
    was sent (`_decided_since_sent`), else recorded applied when it was sent (`_stamped`), not at the retry.
    A bulk run stamps a settled write with the time it records it, so this step's end, due after any
    decision made meanwhile, would take away the access that decision gave (red team 48). And a take-back a
    dead run recorded before sending its undo (`TAKING_BACK`): finished alone (`_finish_take_back`)."""
    return (
        hasattr(WRITE_ACTIONS[str(step.step["action"])], "apply_many")
        and not restores_end(view, step)
        and not (step.step.get("expires") and (step.outcome or {}).get(ANSWER_LOST))
        and not (step.status == "applying" and (step.outcome or {}).get(TAKING_BACK))
    )


def _bound(ctx: ActionContext, decide: Decide) -> Decide:
    """`decide`, after refusing each step whose address leads elsewhere than when it was approved."""

    async def checked(steps: Sequence[RequestStepView]) -> list[str | None]:
        stops = await moved_now(ctx, [(s.step, s.preview) for s in steps])
        rest = [s for s, stop in zip(steps, stops, strict=True) if stop is None]
        decided = iter(await decide(rest) if rest else [])
        return [stop if stop is not None else next(decided) for stop in stops]

    return checked


def _ends_checked(service: RequestService, view: RequestView, decide: Decide) -> Decide:
    """`decide`, after refusing each time-bound grant whose end has passed (`_end_passed`), as a step run
    alone is refused before anything else is read for it."""

    async def checked(steps: Sequence[RequestStepView]) -> list[str | None]:
        stops = [_end_passed(service, view, s) for s in steps]
        rest = [s for s, stop in zip(steps, stops, strict=True) if stop is None]
        decided = iter(await decide(rest) if rest else [])
        return [stop if stop is not None else next(decided) for stop in stops]

    return checked


def _then_superseded(
    service: RequestService, ctx: ActionContext, view: RequestView, decide: Decide
) -> Decide:
    """`decide`, then each step it lets run refused when a later request overtook it (`superseded_reason`:
    a drift revert, or an undo resumed after a killed run), or, for an expiry's, when its grant was ended
    by another end since or no longer ends (`why_not_run`), as a step run alone is. Nothing is read for the
    steps of an ordinary change."""

    def overtaken(s: RequestStepView, ended: str | None) -> str | None:
        later = superseded_reason(
            service, ctx.directory, view, s.step, s.preview, resumed=s.status == "applying"
        )
        return later or ended

    async def checked(steps: Sequence[RequestStepView]) -> list[str | None]:
        reasons = await decide(steps)
        ended = why_not_run_of(service.store, view, [(s.step, s.preview) for s in steps])
        return [
            reason if reason is not None else overtaken(s, end)
            for s, reason, end in zip(steps, reasons, ended, strict=True)
        ]

    return checked


async def _no_redecision(steps: Sequence[RequestStepView]) -> list[str | None]:
    return [None] * len(steps)  # an expiry only takes away what a request gave


async def _decided_again(
    check: StepCheck | None, view: RequestView, step: RequestStepView, approved_by: list[str]
) -> str | None:
    """Why the step must not run, decided again right now; None when it may."""
    if check is None:
        return "No decision could be made on the tenant as it is now, so the step was not run."
    try:
        fresh = await check(view, decided_as(view, step))
    except MailwardenError as exc:
        return f"The tenant's facts could not be read to decide this step again, so it was not run: {exc}"
    reason = may_still_run(fresh, approved_by, step.decision)
    if reason is None:
        return None
    return f"The decision changed since this step was approved, so it was not run: {reason}"


def _as_requester_sees(ctx: ActionContext, view: RequestView, step: RequestStepView, refusal: Refusal) -> str:
    """The refusal as stored in the request its requester reads.

    A forwarding refused at run time names the member that blocks it and the lists on the way: who is on a
    list the requester may not view (workflow/redact.py says the same at plan time). The run has no reader
    to ask, so a requester who is not an admin gets the refusal without names; the full reason goes to the
    log, for the admins."""
    if _requester_is_admin(ctx, view):
        return refusal.reason
    if GROUP_REFUSED in refusal.reason and not refusal.reason.startswith(REACH_REFUSED):
        # A group trustee refused for a member it reaches (workflow/redact.py hides who at plan time).
        _log.info("step_refused", request_id=view.request_id, position=step.position, reason=refusal.reason)
        group = refusal.reason.partition(GROUP_REFUSED)[0]
        return (
            f"{group}{GROUP_REFUSED}someone it now reaches is not an enabled person of the organisation, so "
            "the step was not run. An admin can see who."
        )
    if not refusal.reason.startswith(REACH_REFUSED):
        return refusal.reason
    _log.info("step_refused", request_id=view.request_id, position=step.position, reason=refusal.reason)
    target = str(step.step.get("forward_to") or "the target")
    return (
        f"Mail cannot be forwarded to {target}: it now reaches a recipient outside the organisation or one "
        "mailwarden cannot check, so the step was not run. An admin can see which."
    )


def _change_as_requester_sees(ctx: ActionContext, view: RequestView, step: Step, change: Change) -> Change:
    """The change as stored in the request its requester reads: a forwarding's count of the mailboxes the
    target reaches is told to an admin only (the run has no reader to ask who else may see who is on it;
    workflow/redact.py tells the rest, at plan time too, that the target is a group)."""
    if step.action != "email_forwarding_internal" or _requester_is_admin(ctx, view):
        return change
    reference = str(getattr(step, "forward_to", "") or "")
    return reach_unseen(change, ctx.directory.address_owner(reference) or ctx.directory.get(reference))


def _requester_is_admin(ctx: ActionContext, view: RequestView) -> bool:
    """Whether who filed `view` (by object id: the holder of their address now may be another) is an admin."""
    requester = ctx.directory.get(view.asked_by)
    return requester is not None and requester.is_admin


def _intended(step: RequestStepView) -> Change | None:
    """The change an `applying` step was about to make (recorded before its write); None otherwise."""
    if step.status != "applying":
        return None
    return Change.model_validate((step.outcome or {}).get("change"))


def _read_as_already(step: RequestStepView) -> bool:
    """Whether an `applying` step's write was sent though the read before it said "already" (sec39)."""
    return step.status == "applying" and bool((step.outcome or {}).get(READ_AS_ALREADY))


async def _landed(ctx: ActionContext, step: RequestStepView) -> dict[str, Any] | Refusal | None:
    """The outcome of an `applying` step whose write the tenant shows; None when it does not show it; the
    check's refusal for a step giving access, whose write may be in the tenant all the same.

    The tenant was not as asked when the step was marked (preflight said so just before), so finding it as
    asked now means the write landed: it is this request's doing, and recorded as applied so that its
    expiry and undo take it back.
    """
    intended = _intended(step)
    assert intended is not None
    parsed = parse_step(step.step)
    current = await WRITE_ACTIONS[parsed.action].preflight(ctx, parsed)
    # Not when an object it was approved for left the directory (the refusal says so): nothing of the write
    # can be held by it, and the step is refused naming why (`moved_now`).
    if (
        isinstance(current, Refusal)
        and gives_to_someone(parsed)
        and not gone(ctx.directory, step.step, step.preview)
    ):
        return current
    if not (isinstance(current, Change) and current.already):
        return None
    if step.step.get("change") in TAKING:  # recorded "already" (`_run_one`): nothing of it to undo
        return {
            "message": f"{intended.summary} (the tenant shows it so: by the write of "
            f"{sent_by(step.outcome)}, or by someone else; which cannot be told, so no undo gives it back)",
            "before": intended.before,
            "after": current.before,
            "change": intended.model_copy(update={"already": True}).model_dump(mode="json"),
        }
    return _stamped(
        step,
        {
            "message": f"{intended.summary} (applied by {sent_by(step.outcome)})",
            "before": intended.before,
            "after": current.before,
            "change": intended.model_dump(mode="json"),
        },
    )


def _grant_now_over_an_end(
    service: RequestService, ctx: ActionContext, view: RequestView, step: RequestStepView
) -> bool:
    """A grant previewed as a plain grant (a change's or an undo's), over access that a time-bound grant run
    since its preview holds now (filed before it, approved after it): it is the later decision, so it runs
    as the extension it has become, or the earlier grant's end would take away the access it gives."""
    return (
        view.kind in ("change", "undo")
        and gives(step)
        and "expires" in step.step
        and current_end(service, ctx, view.tenant, parse_step(step.step)) is not None
    )


async def _extend(
    service: RequestService, ctx: ActionContext, view: RequestView, step: RequestStepView, actor: Actor
) -> bool:
    """Run an extension (workflow/extending.py): nothing to write when the right is there as previewed;
    the old grant's end comes off its step in the transaction that records this one applied.

    False (nothing recorded) for a hidden grant, or one previewed as a plain grant, that turns out not to
    be an extension: it runs as any step."""
    parsed = parse_step(step.step)
    tentative = bool(step.preview.get("redacted")) or not extension_of(step.preview)
    try:
        found = await WRITE_ACTIONS[parsed.action].preflight(ctx, parsed)
    except MailwardenError as exc:
        if tentative:
            return False
        service.record_step(view, step.position, "failed", {"message": str(exc)}, actor)
        return True
    extension = extending.judged(step, parsed, found, current_end(service, ctx, view.tenant, parsed))
    if extension is None:
        return False
    extending.record(service, view, actor, [extension])
    return True


async def _run_step(
    service: RequestService,
    view: RequestView,
    ctx: ActionContext,
    step: RequestStepView,
    actor: Actor,
    verifying: Callable[[dict[str, Any]], Awaitable[None]],
    marked: list[bool],
) -> tuple[str, dict[str, Any]]:
    """Run the step's write; `marked` is told when a take-back was recorded before its undo was sent."""
    parsed = parse_step(step.step)
    action = WRITE_ACTIONS[parsed.action]
    previewed = step.preview
    intended = _intended(step)
    try:
        current = await action.preflight(ctx, parsed)
    except MailwardenError as exc:
        return "failed", {"message": str(exc)}
    if isinstance(current, Refusal):
        return "refused", {"message": _as_requester_sees(ctx, view, step, current)}
    # Reads lag writes: "already" read now may miss a change made outside seconds ago (a right granted
    # that a revoke must take away). An action whose write answers "already so" itself (`as_made`) is run,
    # and `execute` records "already" only from that answer (sec36); being as asked is no drift.
    written = current.already and hasattr(action, "as_made")
    if current.already and not written:
        return "already", {"message": current.summary, "before": current.before, "after": current.before}
    # A redacted preview (workflow/redact.py) showed no state, so there is none to drift from; a step a
    # dead run was applying drifts from the change it was making then.
    if written:
        drifted = False
    elif intended is not None:
        drifted = current.before != intended.before or current.after != intended.after
    else:
        drifted = not previewed.get("redacted") and (
            current.before != previewed.get("before") or current.after != previewed.get("after")
        )
    if drifted:
        return "drifted", {
            "message": "The tenant changed since this step was previewed and approved, so it was not run; "
            "submit it again to see the new preview.",
            "before": previewed.get("before"),
            "after": current.before,
        }
    current = _change_as_requester_sees(ctx, view, parsed, current)
    sent_on_already: list[bool] = []
    # When the write this step's record stands for went out: an earlier run's (`SENT_AT` on its mark or
    # failed record) until this run sends its own, then this run's.
    first_sent = (step.outcome or {}).get(SENT_AT) if intended is not None else None

    async def sending(change: Change, read_as_already: bool) -> None:
        # Marked `applying` with the change the write makes if the tenant takes it, right before it is sent
        # (after `execute`'s last read): a run that dies before this sent nothing, so the next run's first
        # send answered "already exists" is another admin's grant, not ours to end (sec44). For a write sent
        # on a read of "already", that read's change changes nothing, and a run that died after the write
        # would be recorded applied with no undo and no end (sec39): the change it makes is marked.
        # The mark says when this write went out (`SENT_AT`). A takeover that finds the dead run's write
        # landed, or is answered "already" to its resend, records it applied at the dead run's send (red team
        # 54); one that sends its own write is dated at its own send, which may be what put the access back
        # after a request that removed it since: dated at the first send, that removal would read as the
        # later decision and the grant's end would be refused (red team 56 F3).
        nonlocal first_sent
        first_sent = service.clock().isoformat()
        sent_on_already.append(read_as_already)
        marked = _change_as_requester_sees(ctx, view, parsed, change)
        service.begin_step(
            view, step.position, marked, actor, read_as_already=read_as_already, sent_at=str(first_sent)
        )
        writes.append(None)  # armed: the write's tries are heard from now on (`on_wire`)

    writes: list[Heard | None] = []
    """None once `sending` marked the write (or the step's write before was answered with nothing carried
    out); then the write send heard (its tries date the step)."""
    landed_at: str | None = None
    """When the send's first try that may have been carried out (a 5xx, a lost answer) went out."""
    already_resent: list[bool] = []
    """Told when the write's answer was "already so" to a resend: dated at `landed_at`."""

    def on_wire(send: Heard) -> None:
        # Right before each try of the step's write (connectors `on_wire.Heard`): a try the tenant answered
        # 429, or that never reached it, carried nothing out, so the write is dated at the resend. Dated at
        # the throttled first try, a removal another request ran inside the backoff read as the later
        # decision, though the tenant took this write after it, and this grant's end was refused as
        # overtaken: kept for good (red team 60 F3). A resend after a try that may have landed is dated by
        # its answer (`recorded`): a fresh change is the resend's doing (red team 64 F1). A later write of
        # the same step (a read-back, an undo) is another send and moves nothing, unless the write before it
        # carried nothing out (`nothing_done`).
        nonlocal first_sent, landed_at
        if not writes or (writes[-1] is not None and writes[-1] is not send):
            return
        writes[-1] = send
        if send.resend and landed_at is None:
            landed_at = str(first_sent)  # the try before this resend's first, which may have landed
        at = service.clock().isoformat()
        if at != first_sent:
            first_sent = at
            service.mark_sent(view.request_id, [step.position], at)

    def nothing_done() -> None:
        # The step's write was answered with nothing carried out (a calendar share's Set answered "no entry"):
        # its next write (the Add) is the one that may give the access, and dates the step (red team 64 F2).
        nonlocal landed_at
        if writes and writes[-1] is not None:
            writes.append(None)
            landed_at = None

    # Any step a dead run was applying may have been written by it (on a read of "already" or not): its
    # "already" now cannot say whose doing it is, and a grant is read as ours, with its end (red team 45:
    # a one-day grant taken over inside the lag was recorded "already" and never ended).
    resent = intended is not None

    def recorded(outcome: StepOutcome) -> dict[str, Any]:
        result: dict[str, Any] = {
            "message": outcome.message,
            "before": current.before,
            "after": outcome.after,
        }
        if outcome.verification is not None:
            result["verification"] = outcome.verification
        if outcome.status == "applied" and isinstance(first_sent, str):
            # Dated at this run's send, not when the record is written: a write waiting up to the verify
            # bound for the reads would otherwise read as later than a change another request made to the
            # same grant inside that wait, which the tenant took after it (red team 57 F4). At the try that
            # may have landed first when the answer to its resend was "already so" (red team 64 F1).
            result[APPLIED_AT] = landed_at if already_resent and landed_at is not None else first_sent
        if outcome.refused_now is not None:
            result[REFUSED_NOW] = outcome.refused_now
            if (
                _as_requester_sees(ctx, view, step, Refusal(reason=outcome.refused_now))
                != outcome.refused_now
            ):
                # Who the group or forwarding reaches is for admins (the audit record names them).
                result["message"] = outcome.message.replace(outcome.refused_now, REACHED_UNSEEN)
        if isinstance(outcome.change, Change):
            seen = _change_as_requester_sees(ctx, view, parsed, outcome.change)
            result["change"] = seen.model_dump(mode="json")
            if written:  # the read said "already"; the write's answer says what was there before it
                result["before"] = seen.before
        return result

    async def on_verifying(outcome: StepOutcome) -> None:
        await verifying(recorded(outcome))

    async def taking_back(outcome: StepOutcome) -> None:
        # Recorded and flagged before the undo is sent, in one write: killed after the undo and before its
        # record, the step stayed "applied (verifying)" with the access gone and no admin told (red team 64
        # F5). A run that takes it over finishes the take-back (`_finish_take_back`).
        # A request that decided the access inside the verify wait (one that found it there, approved for it
        # until its end, included) holds it now: left to it, as a takeover's take-back is (sec69).
        reason = outcome.refused_now or ""
        if isinstance(outcome.change, Change) and leave_to_later(
            service,
            ctx.directory,
            view,
            step,
            actor,
            made=_change_as_requester_sees(ctx, view, parsed, outcome.change),
            reason=reason,
            shown=_as_requester_sees(ctx, view, step, Refusal(reason=reason)),
            sent=first_sent if isinstance(first_sent, str) else None,
            flagged=True,
        ):
            raise LeftToLater
        mark = {**recorded(outcome), TAKING_BACK: True}
        if isinstance(first_sent, str):
            mark[SENT_AT] = first_sent  # the write's date, should the take-back fail and the write stay
        service.record_step(view, step.position, "applying", mark, actor, flagged=True)
        marked.append(True)

    news = WriteNews(on_wire, nothing_done=nothing_done, already_resent=lambda: already_resent.append(True))
    with hearing_writes(news):
        try:
            outcome = await execute(
                action, ctx, parsed, on_verifying, on_sending=sending, on_taking_back=taking_back
            )
        except LeftToLater:
            return _LEFT, {}
    if (
        resent
        and intended is not None
        and outcome.status == "already"
        and step.step.get("change") not in TAKING
    ):
        # A dead run may have sent this write and died before recording it: the tenant says it
        # is so now, through that write or not (no read can tell), so it is recorded as that run marked it,
        # the change it makes, with its undo and end; never "already", which nothing takes back (sec39).
        # A step taking access away stays "already": read toward less access, no undo gives it back
        # (red team 43; `actions.base.ours`).
        return "applied", _stamped(
            step,
            {
                "message": f"{intended.summary} (sent by {sent_by(step.outcome)}; "
                "the tenant says it is so now)",
                "before": intended.before,
                "after": outcome.after,
                "change": intended.model_dump(mode="json"),
            },
        )
    result = recorded(outcome)
    if outcome.status == "failed" and "change" in result and any(sent_on_already):
        # A retry settles this write as the next run settles a dead run's mark (reopen_failed): one sent on
        # a read of "already" is sent again, since no read can tell whether it landed (sec39).
        result[READ_AS_ALREADY] = True
    elif outcome.status == "failed" and "change" not in result and intended is not None:
        # This run sent nothing, but the dead run it took over may have: its write stays on the record, so
        # the step's end (due for a failed step whose write was sent) and a retry still settle it.
        result["change"] = intended.model_dump(mode="json")
        if _read_as_already(step):
            result[READ_AS_ALREADY] = True
    if outcome.status == "failed" and "change" in result and isinstance(first_sent, str):
        result[SENT_AT] = first_sent
    return outcome.status, result
