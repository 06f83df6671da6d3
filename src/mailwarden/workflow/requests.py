"""The request flow end to end: preview and decide each step, submit, run when approved, undo, expire.

Channels (CLI, API, web) call these; they hold no rules of their own. Policy is passed in as a `Decider`
so the tenant's current policy decides, and tests can use the real engine with any policy text.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import select

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import ActionContext
from mailwarden.actions.calendar_share import UNKNOWN
from mailwarden.errors import InvalidTransition, MailwardenError, NotPermitted
from mailwarden.logs import get_logger
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.decisions import Allowed, ApprovalRequired, Decision, Denied
from mailwarden.model.recipients import Recipient
from mailwarden.model.requests import RequestState, RequestStepView, RequestView
from mailwarden.model.steps import ACTIONS, CalendarShare, EmailForwardingInternal, Step, parse_step
from mailwarden.notifications.events import Event
from mailwarden.notifications.outbox import queue
from mailwarden.policy import Org, PolicyEngine
from mailwarden.store.tables import RequestRow, RequestStepRow
from mailwarden.workflow.binding import IDS, bound_ids, readdressed, without_ids
from mailwarden.workflow.end_restore import decided_as, restoring_end
from mailwarden.workflow.ending import end_of, ends_as_read, lowered, lowers, same_recipient
from mailwarden.workflow.executor import StepCheck, run_request
from mailwarden.workflow.extension import with_ends_of
from mailwarden.workflow.overdue import POSTPONED, QUICK_TRIES, Tries, tries_of
from mailwarden.workflow.previews import previews
from mailwarden.workflow.redact import Reader
from mailwarden.workflow.service import SCHEDULER, Actor, PlannedStep, RequestService
from mailwarden.workflow.superseded import earlier_change, later_change, took_effect
from mailwarden.workflow.transitions import roles_of, who_may

__all__ = [
    "Decider",
    "ExpiryPass",
    "advance",
    "check_may_approve",
    "plan_steps",
    "run_expiries",
    "submit",
    "undo",
]

log = get_logger("mailwarden.workflow")

_A = TypeVar("_A")
_B = TypeVar("_B")

Decider = Callable[[Recipient, Step, Preflight], Decision]
"""The tenant's policy: (requester, step, what preflight found) -> Allowed | ApprovalRequired | Denied."""


async def plan_steps(
    ctx: ActionContext,
    requester: Recipient,
    steps: Sequence[Step],
    decide: Decider,
    *,
    reader: Reader | None = None,
    service: RequestService | None = None,
    tenant: str | None = None,
) -> list[PlannedStep]:
    """Preview each step against the tenant as it is now, and let policy decide it.

    With `reader` (the requester's session: every channel passes it) a preview shows only what the
    requester may read (workflow/redact.py); without it, in full (the scheduler's own requests).
    A grant over a time-bound one is shown as the extension it is (workflow/extension.py), from the
    records of `service` for `tenant` (the reader's own when not given).
    """

    async def previewed() -> list[Preflight]:
        return await with_ends_of(
            reader, ctx, steps, await previews(ctx, steps, reader), service=service, tenant=tenant
        )

    paged = getattr(decide, "paged", None)  # many steps, a page of live facts at a time (PagedDecider)
    many = getattr(decide, "many", None)  # a run of steps decided in one policy call (OrgDecider)
    if paged is not None:
        # The decisions read live facts of their own and need no preview: both sets of reads go at once.
        found, decisions = await _together(previewed(), paged(requester, steps))
        return _planned(ctx, steps, found, decisions)
    found = await previewed()
    if many is not None:
        decisions = many(requester, steps)
    else:
        decisions = [decide(requester, step, preview) for step, preview in zip(steps, found, strict=True)]
    return _planned(ctx, steps, found, decisions)


async def _together(first: Awaitable[_A], second: Awaitable[_B]) -> tuple[_A, _B]:
    """Both awaited at once; when one fails, the other is cancelled (and waited for) first."""
    one, two = asyncio.ensure_future(first), asyncio.ensure_future(second)
    try:
        return await one, await two
    finally:
        for task in (one, two):
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, MailwardenError):
                    await task


def _planned(
    ctx: ActionContext, steps: Sequence[Step], found: Sequence[Preflight], decisions: Sequence[Decision]
) -> list[PlannedStep]:
    # The objects the approver approves the steps for, whatever holds their addresses later (binding.py).
    resolved: dict[str, Recipient | None] = {}
    return [
        PlannedStep(
            step=step, preview=preview, decision=decision, ids=bound_ids(ctx.directory, step, resolved)
        )
        for step, preview, decision in zip(steps, found, decisions, strict=True)
    ]


async def submit(
    service: RequestService,
    ctx: ActionContext,
    tenant: str,
    requester: Actor,
    planned: Sequence[PlannedStep],
    *,
    confirm: bool = False,
    check: StepCheck | None = None,
    **options: Any,
) -> RequestView:
    """Store the request; with `confirm` (the requester said yes to this preview) confirm it and run it
    at once when no approval is needed (the steps were just decided on live facts; `check` decides each
    again right before it runs)."""
    view = service.submit(tenant, requester, planned, **options)
    if confirm and view.state is RequestState.NEEDS_CONFIRMATION:
        view = service.confirm(tenant, view.request_id, requester)
    return await advance(service, ctx, tenant, view.request_id, check=check)


async def advance(
    service: RequestService,
    ctx: ActionContext,
    tenant: str,
    request_id: str,
    *,
    check: StepCheck | None = None,
    progress: Callable[[int], None] | None = None,
) -> RequestView:
    """Run the request if it is approved (or its last run died mid-way); else return it unchanged.
    `progress(n)` hears of each n more steps finished.

    On PostgreSQL the run is a job for the workers (jobs/queue.py), and the request is returned as it
    stands (approved, marked queued for a worker); on SQLite it runs here, now."""
    # The state alone: a run loads the request with its steps when it claims it, and a bulk request's
    # thousands of steps are not loaded twice for it.
    if service.state_of(tenant, request_id) not in (RequestState.APPROVED, RequestState.EXECUTING):
        return service.get(tenant, request_id)
    from mailwarden.jobs import queue  # the seam between in-process and queued runs

    if queue.uses_queue(service.store.url):
        view = service.first_page(tenant, request_id)
        await queue.defer(
            service.store.url,
            "execute_request",
            lock=f"execute:{request_id}",
            tenant_key=tenant,
            request_id=request_id,
        )
        from mailwarden.jobs.status import with_queue

        return with_queue(service.store, view)
    return await run_request(service, ctx, tenant, request_id, check=check, progress=progress)


async def undo(
    service: RequestService,
    ctx: ActionContext,
    tenant: str,
    request_id: str,
    actor: Actor,
    requester: Recipient,
    decide: Decider,
    *,
    reader: Reader | None = None,
    channel: str = "cli",
) -> RequestView:
    """A new request that reverts what a finished request changed, from its recorded before-state,
    under the same policy as any other request (previewed, decided, confirmed, approved); `channel`: where
    it was asked for."""
    original = service.get(tenant, request_id, viewer=actor)
    # The undo is planned from every step of the original, whole, and filed in the caller's name (who then
    # reads it whole): an approver of some of its steps would read the others' targets through it (RT63 F1).
    if not roles_of(original, actor, service.requester_id(request_id)) & who_may("undo"):
        raise NotPermitted("Only the requester (or an admin) undoes a request.")
    if original.state not in (RequestState.COMPLETED, RequestState.PARTIALLY_FAILED):
        raise InvalidTransition(request_id, original.state.value, "undone")
    reverts: list[Step] = []
    restores: list[PlannedStep] = []
    ended: list[str] = []
    gone: list[str] = []
    for step in original.every_step():
        if step.status != "applied" or step.reverted_by:
            continue
        restore = restoring_end(step)
        if restore is not None:
            grant, preview, as_revoke = restore
            restores.append(PlannedStep(grant, preview, decide(requester, as_revoke, preview)))
            continue
        change = Change.model_validate((step.outcome or {}).get("change") or _change_of(step.preview))
        # Undone on the objects the step changed, by their addresses now: an address that passed to someone
        # else since would give the access back to them (binding.py; a step stored without ids: by address).
        ids = step.preview.get(IDS)
        addressed = readdressed(ctx.directory, step.step, ids) if isinstance(ids, dict) else step.step
        if isinstance(addressed, str):
            gone.append(f"{change.summary} (whom it changed is no longer in the directory)")
            continue
        revert = WRITE_ACTIONS[str(step.step["action"])].revert(parse_step(addressed), change)
        if revert is None:
            kept = _not_given_back(step, change)
            if kept is not None:
                gone.append(kept)
            continue
        end = _end_taken_away(service, ctx, original, step, revert)
        if end is not None:
            if end <= service.clock():
                ended.append(
                    f"{change.summary} (that access was to end {end:%Y-%m-%d %H:%M} UTC, now passed)"
                )
                continue
            revert = parse_step(
                {**revert.model_dump(mode="json", exclude_none=True), "expires": end.isoformat()}
            )
        reverts.append(revert)
    if not reverts and not restores:
        if ended:
            raise NotPermitted(
                f"Request {request_id!r} took away access whose end has passed since, so undoing it gives "
                f"nothing back: {'; '.join(ended)}. Ask for the access again if it is still needed."
            )
        if gone:
            raise NotPermitted(f"Request {request_id!r} cannot be undone: {'; '.join(gone)}.")
        raise NotPermitted(f"Request {request_id!r} changed nothing that can be undone.")
    planned = await plan_steps(ctx, requester, reverts, decide, reader=reader) if reverts else []
    planned += restores
    text = f"Undo of request {request_id}"
    if ended:
        text += f"; not given back, as its end has passed: {'; '.join(ended)}"
    if gone:
        text += f"; not undone: {'; '.join(gone)}"
    return service.submit(
        tenant, actor, planned, kind="undo", parent_request_id=request_id, text=text, channel=channel
    )


def _not_given_back(step: RequestStepView, change: Change) -> str | None:
    """For a calendar step that changed a share whose level before it no step can name (a custom level such
    as Owner, or one the lagging reads never showed), so that its undo has nothing to run: what is not given
    back, and why. Skipped in silence, the undo of that step alone was "nothing that can be undone", and
    beside other steps it gave those back and said nothing of it (sec72)."""
    if step.step.get("action") != "calendar_share" or change.already:
        return None
    held = (change.before if isinstance(change.before, dict) else {}).get("access")
    if not isinstance(held, str):
        return None
    if held == UNKNOWN:
        why = "the level held before it was never read, so no request can name it"
    else:
        why = f"the access held before it, {held}, is no level a request can give"
    return f"{change.summary} ({why}: an admin gives it back in Exchange if it is still needed)"


def _end_taken_away(
    service: RequestService, ctx: ActionContext, view: RequestView, step: RequestStepView, revert: Step
) -> dt.datetime | None:
    """For an applied step that took access away (or replaced a forwarding, which `revert` points back):
    the end of the time-bound grant it took away (the grant mailwarden ran last on that access before it),
    which its undo gives back with the access; None when the access was held for good, as far as
    mailwarden knows. The tenant's before-state cannot tell, and a revert planned from it alone would give
    the access back for good."""
    action, change = str(step.step.get("action")), str(step.step.get("change"))
    if "expires" not in ACTIONS[action].optional:
        return None  # access of this kind is never time-bound (a bulk undo of removals reads nothing more)
    back = revert if isinstance(revert, EmailForwardingInternal) and revert.change == "set" else None
    if ACTIONS[action].gives_access(change) and not _put_lower(step) and back is None:
        return None
    before = took_effect(step.outcome, view.updated)
    grant = earlier_change(service, ctx.directory, view, step.step, before=before, preview=step.preview)
    if (
        grant is None
        or not ACTIONS[action].gives_access(str(grant.get("change")))
        or not grant.get("expires")
    ):
        return None
    if back is not None and not same_recipient(
        ctx.directory, str(grant.get("forward_to") or ""), back.forward_to, None
    ):
        return None  # it points back to a forwarding set outside since that grant, held for good as known
    end = dt.datetime.fromisoformat(str(grant["expires"]))
    return end if end.tzinfo is not None else end.replace(tzinfo=dt.UTC)


def _put_lower(step: RequestStepView) -> bool:
    """Whether the step, a grant, put a lower calendar level in place of a higher one: it took access away
    (the end of a share that raised a level puts the lower one back), and its undo gives the higher back."""
    try:
        made = Change.model_validate((step.outcome or {}).get("change") or _change_of(step.preview))
        return lowered(parse_step(step.step), made)
    except ValidationError:
        return False


@dataclass
class ExpiryPass:
    """What one pass of the sweep did with the ends that were due (the `expire` job reports it)."""

    ended: int = 0
    """Expiry requests the pass ran (what `run_expiries` returns)."""
    postponed: int = 0
    """Requests whose ends failed this pass and stay due (`_postponed`)."""
    waiting: int = 0
    """Requests whose failing ends wait for a later try (`_backing_off`), not tried this pass."""

    @property
    def overdue(self) -> int:
        """Requests whose access outlives its end after this pass (postponed now, or waiting)."""
        return self.postponed + self.waiting


async def run_expiries(
    service: RequestService, ctx: ActionContext, tenant: str, *, tally: ExpiryPass | None = None
) -> list[RequestView]:
    """Revert every time-bound grant whose time has come, including those missed while mailwarden was down.

    The revert is a request of the scheduler's, decided as allowed (taking back access that was only ever
    granted until then), run at once and audited like any other. The due steps of one request are ended by
    one expiry request with a step for each, each step checked as a step ended alone is (`_judged_end`,
    `_end_as_read`), so that 5,000 people added for two weeks leave on the last day in `$batch`es with one
    read of the list, not in 5,000 requests of a read and a write each. A step whose end is refused is
    filed alone, denied and audited, and never due again; the others still end. The failed tries of every
    due request are read once for the pass (`tries_of`); `tally` counts what the pass did.
    """
    tally = tally if tally is not None else ExpiryPass()
    done: list[RequestView] = []
    looked: set[str] = set()
    due = _by_request(service.due_expiries(tenant))
    tried = tries_of(service, tenant, [view.request_id for view, _ in due])
    postpone = _Postponing(service, ctx, tenant, {k: t.count for k, t in tried.items()})
    for view, steps in due:
        looked.add(view.request_id)
        if _backing_off(service, tried[view.request_id]):
            tally.waiting += 1
            continue
        # Another sweep (the worker's, a command's catch-up) may be ending this request's steps right now:
        # one of them ends each step, and the other finds it ended, or leaves it to the next pass.
        held = service.claim_ending(view.request_id)
        if held is None:
            continue
        try:
            if len(steps) == 1:
                done.extend(await _end_one(service, ctx, tenant, view, steps[0], postpone))
            else:
                done.extend(await _end_together(service, ctx, tenant, view, steps, postpone))
        except Exception as exc:  # noqa: BLE001 - one request's ends that fail never stop the others
            postpone(view.request_id, exc)
        finally:
            service.release_ending(view.request_id, held)
    done.extend(await _resume_orphans(service, ctx, tenant, looked, postpone))
    tally.ended, tally.postponed = len(done), len(postpone.requests)
    return done


LONGEST_WAIT = dt.timedelta(days=1)


@dataclass
class _Postponing:
    """The failed ends of one pass of the sweep (`_postponed`), counted on from the tries read for it."""

    service: RequestService
    ctx: ActionContext
    tenant: str
    tried: dict[str, int]
    """Each due request's failed tries before this pass (`tries_of`), then with this pass's."""
    requests: set[str] = field(default_factory=set)
    """The requests whose ends failed this pass."""

    def __call__(self, request_id: str, exc: Exception) -> None:
        if request_id not in self.tried:  # never: every request the pass ends had its tries read
            self.tried.update(
                (k, t.count) for k, t in tries_of(self.service, self.tenant, [request_id]).items()
            )
        self.tried[request_id] += 1
        self.requests.add(request_id)
        _postponed(self.service, self.ctx, self.tenant, request_id, exc, self.tried[request_id])


def _postponed(
    service: RequestService, ctx: ActionContext, tenant: str, request_id: str, exc: Exception, tries: int
) -> None:
    """An end that failed, its `tries`th time: it stays due, and the sweep goes on. Any failure, not only an
    expected one: an end that raised something else stopped every later end of the tenant, on every pass
    (red team 79).

    Never silently (red team 81 F3): each try is audited (`step.end_postponed`, its count, why, and when it
    is tried next), so the request's page and the audit log show the access still held past its end; after
    `QUICK_TRIES` the next try waits twice as long each time, a day at most (`_backing_off`)."""
    _log_postponed(tenant, request_id, exc)
    try:
        now = service.clock()
        service.audit.append(
            tenant=tenant,
            event=POSTPONED,
            actor=SCHEDULER.address,
            channel="scheduler",
            request_id=request_id,
            detail={
                "tries": tries,
                "reason": f"{type(exc).__name__}: {exc}"[:500],
                "next_try": (now + _wait_after(tries)).isoformat(),
            },
        )
        if tries == QUICK_TRIES:
            _tell_admins(service, ctx, tenant, request_id, now)
    except Exception as failed:  # noqa: BLE001 - the sweep goes on; the log line above says it
        log.warning("expiry_postponed_unrecorded", tenant=tenant, request_id=request_id, reason=repr(failed))


def _tell_admins(
    service: RequestService, ctx: ActionContext, tenant: str, request_id: str, now: dt.datetime
) -> None:
    """The tenant's admins told that the request's access outlives its end (once, at the last quick try)."""
    admins = [r.primary_address for r in ctx.directory if r.is_admin and r.enabled]
    view = service.get(tenant, request_id)
    queue(service.store, view, Event.END_OVERDUE, now=now, recipients=admins, occasion=now.isoformat())


def _wait_after(tries: int) -> dt.timedelta:
    if tries < QUICK_TRIES:
        return dt.timedelta(0)
    return min(dt.timedelta(hours=2 ** (tries - QUICK_TRIES)), LONGEST_WAIT)


def _backing_off(service: RequestService, tried: Tries) -> bool:
    """Whether the request's failing end waits for its next try (`_postponed`'s `next_try`)."""
    next_try = tried.next_try
    return next_try is not None and service.clock() < next_try


def _log_postponed(tenant: str, request_id: str, exc: Exception) -> None:
    if isinstance(exc, MailwardenError):
        log.warning("expiry_postponed", tenant=tenant, request_id=request_id, reason=str(exc))
    else:
        log.warning(
            "expiry_postponed",
            tenant=tenant,
            request_id=request_id,
            reason=f"{type(exc).__name__}: {exc}",
            exc_info=exc,
        )


async def _resume_orphans(
    service: RequestService, ctx: ActionContext, tenant: str, looked: set[str], postpone: _Postponing
) -> list[RequestView]:
    """The unfinished expiries a dead sweep left of requests with no step due any more (its grant was
    undone, or taken back otherwise, before the next sweep), taken up as `_resume_ends` takes up those of a
    request still due: left, each would stay under way for good, and every extension or restored end of its
    request drift (red team 56 F4). Its run finds the grant ended or its end taken off and sends nothing
    (`why_not_run`), or ends what is still its to end."""
    with service.store.session() as session:
        parents = session.scalars(
            select(RequestRow.parent_request_id)
            .where(
                RequestRow.tenant_key == tenant,
                RequestRow.kind == "expiry",
                RequestRow.state.in_(_UNFINISHED),
                RequestRow.parent_request_id.is_not(None),
            )
            .distinct()
        ).all()
    done: list[RequestView] = []
    orphans = sorted(p for p in parents if p is not None and p not in looked)
    postpone.tried.update((k, t.count) for k, t in tries_of(service, tenant, orphans).items())
    for parent in orphans:
        held = service.claim_ending(parent)
        if held is None:
            continue  # a sweep is ending that request's steps right now, or it runs again itself
        try:
            resumed = await _resume_ends(service, ctx, tenant, service.first_page(tenant, parent))
        except Exception as exc:  # noqa: BLE001 - one end that fails must not stop the others
            postpone(parent, exc)
            continue
        finally:
            service.release_ending(parent, held)
        done.extend(resumed or [])
    return done


def _by_request(
    due: Sequence[tuple[RequestView, RequestStepView]],
) -> list[tuple[RequestView, list[RequestStepView]]]:
    """The due steps grouped by their request, in the order the store gave them."""
    grouped: dict[str, tuple[RequestView, list[RequestStepView]]] = {}
    for view, step in due:
        grouped.setdefault(view.request_id, (view, []))[1].append(step)
    return list(grouped.values())


async def _end_one(
    service: RequestService,
    ctx: ActionContext,
    tenant: str,
    view: RequestView,
    step: RequestStepView,
    postpone: _Postponing,
) -> list[RequestView]:
    """The one due step of a request ended by an expiry request of its own."""
    resumed: list[RequestView] = []
    try:
        taken_up = await _resume_ends(service, ctx, tenant, view)
        if taken_up is None:
            return []  # an earlier sweep's end of this request is still running: the step waits for it
        resumed = taken_up
        if not _still_ends(service, view.request_id, step.position):
            return resumed  # ended (or its end refused) by a sweep that held the lease before
        expiry = await _expire_step(service, ctx, tenant, view, step)
    except Exception as exc:  # noqa: BLE001
        # One expiry that cannot run now, for whatever reason, must not stop the others, nor the command
        # that caught up on it; it stays due and is tried again on the next pass.
        postpone(view.request_id, exc)
        return resumed
    return resumed if expiry is None else [*resumed, expiry]


async def _end_together(
    service: RequestService,
    ctx: ActionContext,
    tenant: str,
    view: RequestView,
    steps: Sequence[RequestStepView],
    postpone: _Postponing,
) -> list[RequestView]:
    """The due steps of one request ended by one expiry request: each judged as `_expire_step` judges a step
    (a refused one filed alone, denied and audited), the reverts of an action that reads in bulk read
    together (one read of each list), the rest filed as one request that runs on the bulk path."""
    try:
        resumed = await _resume_ends(service, ctx, tenant, view)
    except Exception as exc:  # noqa: BLE001
        postpone(view.request_id, exc)
        return []
    if resumed is None:
        return []  # an earlier sweep's end of this request is still running: its steps wait for it
    done = list(resumed)
    judged: list[_Ending] = []
    ending_now = _still_ending(service, view.request_id, [s.position for s in steps])
    for step in steps:
        if step.position not in ending_now:
            continue  # ended (or its end refused) by a sweep that held the lease before
        try:
            ending = _judged_end(service, ctx, tenant, view, step)
        except Exception as exc:  # noqa: BLE001
            postpone(view.request_id, exc)
            continue
        if isinstance(ending, _Ending):
            judged.append(ending)
        elif ending is not None:
            done.append(ending)
    read: list[tuple[_Ending, Step, Preflight]] = []
    for ending, found in zip(judged, await _previews_of(ctx, judged), strict=True):
        # This step's end cannot be read now: it stays due, and the others still end.
        if isinstance(found, MailwardenError):
            postpone(view.request_id, found)
            continue
        try:
            read.append((ending, *await _lower_or_none(ctx, ending, found)))
        except Exception as exc:  # noqa: BLE001
            postpone(view.request_id, exc)
    # Once the tenant was read for every end: an extension recorded meanwhile may have dropped some.
    still = _still_ending(service, view.request_id, [e.step.position for e, _, _ in read])
    planned: list[tuple[_Ending, PlannedStep]] = []
    for ending, revert, found in read:
        try:
            made = _end_as_read(service, ctx, tenant, ending, revert, found, ending.step.position in still)
        except Exception as exc:  # noqa: BLE001
            postpone(view.request_id, exc)
            continue
        if isinstance(made, PlannedStep):
            planned.append((ending, made))
        elif made is not None:
            done.append(made)
    if not planned:
        return done
    try:
        expiry = await _file_expiry(service, ctx, tenant, view, [p for _, p in planned])
    except Exception as exc:  # noqa: BLE001
        postpone(view.request_id, exc)
        return done
    return [*done, expiry]


_UNFINISHED = (
    RequestState.NEEDS_CONFIRMATION.value,
    RequestState.APPROVED.value,
    RequestState.EXECUTING.value,
)
"""The states of an expiry a sweep filed and did not see to its end (one waiting for its confirmation was
filed by a sweep from before they were filed approved)."""


async def _resume_ends(
    service: RequestService, ctx: ActionContext, tenant: str, view: RequestView
) -> list[RequestView] | None:
    """An earlier sweep's expiry of `view` left unfinished (its sweep died before or during its run), taken
    over before anything more is filed: the run that takes it over settles each `applying` step by a read,
    so nothing is sent twice, where a new expiry of the same steps would send each removal again (a removal
    read as already done is sent: sec39), and the one left would stay under way for good, every later
    extension of the request drifting (red team 56 F4). The run decides each step again as any resumed
    run does: a change made since the expiry was filed supersedes it (red team 44), an end taken off since
    leaves it unsent (`why_not_run`). None while one is still held by a run (its lease has not run out):
    the request's ends wait for the next pass. One waiting for its confirmation was filed by a sweep from
    before the expiries were filed approved: it is the scheduler's, confirmed as it would have been."""
    with service.store.session() as session:
        unfinished = session.execute(
            select(RequestRow.request_id, RequestRow.state)
            .where(
                RequestRow.parent_request_id == view.request_id,
                RequestRow.kind == "expiry",
                RequestRow.state.in_(_UNFINISHED),
            )
            .order_by(RequestRow.created)
        ).all()
    resumed = []
    for request_id, state in unfinished:
        try:
            if state == RequestState.NEEDS_CONFIRMATION.value:
                service.confirm(tenant, request_id, SCHEDULER)
            expiry = await run_request(service, ctx, tenant, request_id)
        except (ValidationError, KeyError) as exc:
            # A row stored under older rules that today's model refuses (an action it no longer knows is
            # looked up before any step is parsed: a KeyError, red team 64 F3): it fails the same way on
            # every pass, so it must not stop the sweep (every other end of the tenant, red team 60 F4).
            # A KeyError with no such step is a fault of mailwarden's own: raised, never taken for one.
            if isinstance(exc, KeyError) and not _any_unreadable(service, request_id):
                raise
            settled = _without_unreadable(service, tenant, view, request_id)
            if settled is None:
                # Nothing more is filed over it (a step of it may have been sent): this request's ends
                # wait, told to the admins on each pass.
                log.warning(
                    "expiry_unreadable",
                    tenant=tenant,
                    request_id=request_id,
                    parent_request_id=view.request_id,
                    reason="The stored expiry is no longer a valid request: a step of it cannot be run.",
                )
                return None
            expiry = settled
        if expiry.state in (RequestState.APPROVED, RequestState.EXECUTING):
            return None
        resumed.append(expiry)
    return resumed


def _without_unreadable(
    service: RequestService, tenant: str, view: RequestView, request_id: str
) -> RequestView | None:
    """An unfinished expiry of `view` whose run stopped on a stored step today's model refuses: each such
    step recorded refused, as `_judged_end` refuses a grant's step stored under older rules, and the
    expiry finished once nothing else of it is left to run. Its grant is then still due (nothing tied it),
    so the sweep files a fresh end from the grant's own step, read with that step's rules (`_judged_end`):
    skipped for good instead, the access was never ended (red team 60 F4). None when no step of it is
    found unreadable (what the model refuses is elsewhere) or another of its steps is left to run: its
    request's ends wait for a later pass (the run lease this run took runs out first)."""
    expiry = service.first_page(tenant, request_id)
    unreadable: list[tuple[int, str, dict[str, Any]]] = []
    left = 0
    after = -1
    while page := service.steps_to_run(request_id, after):
        after = page[-1].position
        for step in page:
            problems = _problems(step)
            if not problems:
                left += 1
                continue
            reason = (
                f"The stored step is no longer a valid step ({problems} problem(s)); it is not run. The end "
                f"of request {view.request_id}'s grant is filed again from that request's own step."
            )
            unreadable.append((step.position, "refused", {"message": reason}))
    if not unreadable:
        return None
    service.record_steps(expiry, unreadable, SCHEDULER)
    log.warning(
        "expiry_step_unreadable",
        tenant=tenant,
        request_id=request_id,
        parent_request_id=view.request_id,
        positions=[p for p, _, _ in unreadable],
    )
    if left or expiry.state is not RequestState.EXECUTING:
        return None
    return service.finish(tenant, request_id, SCHEDULER)


def _any_unreadable(service: RequestService, request_id: str) -> bool:
    """Whether a step of `request_id` still to run is one today's model refuses (`_problems`)."""
    after = -1
    while page := service.steps_to_run(request_id, after):
        after = page[-1].position
        if any(_problems(step) for step in page):
            return True
    return False


def _problems(step: RequestStepView) -> int:
    """How many problems today's model finds in what an unfinished step asks and was marked to change (0:
    none)."""
    try:
        parse_step(step.step)
        change = (step.outcome or {}).get("change") if step.status == "applying" else None
        if change is not None:
            Change.model_validate(change)
    except ValidationError as exc:
        return exc.error_count()
    return 0


async def _expire_step(
    service: RequestService, ctx: ActionContext, tenant: str, view: RequestView, step: RequestStepView
) -> RequestView | None:
    """End one time-bound step as a scheduler's request; None when the step has nothing to end.

    The scheduler only takes away what a request gave: it runs the end of a step that gave access
    (workflow/ending.py: its revert, but a forwarding is cleared and never pointed back, and a calendar share
    goes back to a lower level only while that lowers it), and only when that end gives none. Anything else
    (a stored revoke that carries an expiry, from before the model refused one; a revert that would restore
    someone's access; an end the tenant as read now shows would not take away) is refused, audited, and
    never due again. Only a completed end marks the grant as taken back: a failed one leaves it due.
    """
    ending = _judged_end(service, ctx, tenant, view, step)
    if not isinstance(ending, _Ending):
        return ending
    preview = await WRITE_ACTIONS[ending.revert.action].preflight(ctx, ending.revert)
    revert, preview = await _lower_or_none(ctx, ending, preview)
    still = _still_ends(service, view.request_id, step.position)
    planned = _end_as_read(service, ctx, tenant, ending, revert, preview, still)
    if not isinstance(planned, PlannedStep):
        return planned
    return await _file_expiry(service, ctx, tenant, view, [planned])


@dataclass(frozen=True)
class _Ending:
    """A due step whose end passed every check made before the tenant is read (`_judged_end`): the step,
    the step as granted (by its objects' addresses now), the change it made, and the end to run."""

    view: RequestView
    step: RequestStepView
    original: Step
    revert: Step
    granted_on: dict[str, Any]


def _judged_end(
    service: RequestService, ctx: ActionContext, tenant: str, view: RequestView, step: RequestStepView
) -> _Ending | RequestView | None:
    """The checks of a step's end made before the tenant is read (`_expire_step` says which): the end to
    read, else the refused expiry (filed, audited, the step never due again), else None (nothing to end)."""
    action, change_name = str(step.step.get("action")), str(step.step.get("change"))
    if action not in ACTIONS:
        # A row stored under older rules (an action renamed or retired since): nothing can be run or named
        # from it, so its end is left to an admin (`_refuse_expiry`), never a crash of every sweep of the
        # tenant (red team 64 F3).
        reason = (
            f"The stored step names the action {action!r}, which is no longer a known action; it is not run."
        )
        return _refuse_expiry(service, tenant, view, step, reason)
    if not ACTIONS[action].gives_access(change_name):
        return _refuse_expiry(
            service,
            tenant,
            view,
            step,
            f"The step is a {change_name}, which takes access away; an expiry never gives access back, "
            "so this one is dropped and the step stays as it is.",
        )
    stored_ids = step.preview.get("ids")
    granted_on: dict[str, Any] = stored_ids if isinstance(stored_ids, dict) else {}
    # Taken away from the objects it was granted on, by their addresses now (an address may have moved).
    addressed = readdressed(ctx.directory, step.step, granted_on)
    if isinstance(addressed, str):
        return _refuse_expiry(service, tenant, view, step, addressed)
    try:
        original = parse_step(addressed)
        change = Change.model_validate((step.outcome or {}).get("change") or _change_of(step.preview))
    except ValidationError as exc:
        # A row stored under older rules: nothing is run from what the model no longer accepts.
        reason = f"The stored step is no longer a valid step ({exc.error_count()} problem(s)); it is not run."
        return _refuse_expiry(service, tenant, view, step, reason)
    since = took_effect(step.outcome, view.updated)
    lower = _lower_was_time_bound(service, ctx, view, step, original, change, since)
    revert = end_of(original, change, lower_was_time_bound=lower)
    if revert is None:
        return None
    if ACTIONS[revert.action].gives_access(revert.change) and not lowers(original, revert):
        return _refuse_expiry(
            service,
            tenant,
            view,
            step,
            f"Ending this access would {revert.change} access again (to what it was before); the scheduler "
            "only takes away, so the access stays until someone asks to change it.",
            revert,
        )
    # A drift revert that put this grant back restored what mailwarden knew, its end included: not a later
    # decision about the access, so it does not keep the grant past its end.
    later = later_change(
        service, ctx.directory, view, step.step, since=since, preview=step.preview, people_only=True
    )
    if later is not None:
        return _refuse_expiry(
            service,
            tenant,
            view,
            step,
            f"Request {later} changed this access after request {view.request_id} gave it until "
            f"{step.expires:%Y-%m-%d %H:%M} UTC; the access is now that request's, so this expiry leaves it.",
            revert,
        )
    return _Ending(view, step, original, revert, granted_on)


async def _previews_of(ctx: ActionContext, endings: Sequence[_Ending]) -> list[Preflight | MailwardenError]:
    """Each end's preflight: the ends of an action that reads in bulk (`preflight_many`: a list's
    membership) with one read of each of its objects, any other one at a time (an error raised for it is
    its answer, as `preflight_many` gives one)."""
    found: dict[int, Preflight | MailwardenError] = {}
    by_action: dict[str, list[int]] = {}
    for i, ending in enumerate(endings):
        by_action.setdefault(ending.revert.action, []).append(i)
    for action_id, indices in by_action.items():
        action = WRITE_ACTIONS[action_id]
        many = getattr(action, "preflight_many", None)
        if many is not None:
            answers = await many(ctx, [endings[i].revert for i in indices], {})
            found.update(zip(indices, answers, strict=True))
            continue
        for i in indices:
            try:
                found[i] = await action.preflight(ctx, endings[i].revert)
            except MailwardenError as exc:
                found[i] = exc
    return [found[i] for i in range(len(endings))]


async def _lower_or_none(ctx: ActionContext, ending: _Ending, preview: Preflight) -> tuple[Step, Preflight]:
    """The end to run and its preflight: `ending`'s, but a calendar share that would put a lower level back
    that may not be given now (a group grantee reaches a guest since) is revoked instead: none is still
    less, where leaving the higher level would keep it for good."""
    original, revert = ending.original, ending.revert
    if isinstance(preview, Refusal) and lowers(original, revert) and isinstance(original, CalendarShare):
        revert = CalendarShare(change="revoke", owner=original.owner, grantee=original.grantee)
        preview = await WRITE_ACTIONS[revert.action].preflight(ctx, revert)
    return revert, preview


def _end_as_read(
    service: RequestService,
    ctx: ActionContext,
    tenant: str,
    ending: _Ending,
    revert: Step,
    preview: Preflight,
    still_ends: bool,
) -> PlannedStep | RequestView | None:
    """The checks of a step's end made on the tenant as read (`revert`, the end, and `preview`, its
    preflight; `still_ends`: whether the store says the step still ends, asked after the read): the step to
    file, else the refused expiry (filed, audited, the step never due again), else None (nothing due)."""
    view, step, original = ending.view, ending.step, ending.original
    if not still_ends:
        # An extension recorded while the tenant was being read dropped this end: nothing is due any more.
        return None
    bound = ending.granted_on.get("forward_to")
    left = ends_as_read(
        original,
        revert,
        preview,
        directory=ctx.directory,
        target_id=bound if isinstance(bound, str) else None,
    )
    if left is not None:
        return _refuse_expiry(service, tenant, view, step, left, revert)
    decision = Allowed(reason=f"Time-bound access from request {view.request_id} ended.", policies=["expiry"])
    revert_names = revert.model_dump(mode="json")
    ids = {k: v for k, v in ending.granted_on.items() if revert_names.get(k)} or None
    return PlannedStep(revert, preview, decision, ids, ends=step.position)


async def _file_expiry(
    service: RequestService,
    ctx: ActionContext,
    tenant: str,
    view: RequestView,
    planned: Sequence[PlannedStep],
) -> RequestView:
    """File the ends `planned` of `view`'s steps (each names the grant it ends: `ENDS`) as one scheduler's
    request and run it at once. Each end that ran ties its grant in the transaction that records it, alone
    (`mark_ended`) or on the bulk path (executor `_runs_together`; bulk_run `_record`).

    Filed approved, in the one write that stores it (red team 56 F4): filed and then confirmed, a sweep
    killed between the two left it waiting for a confirmation nobody gives, an expiry under way for good
    (every later extension of the request drifted). Killed before its run now, it is an approved request
    like one whose run died, and the next sweep takes it up (`_resume_ends`) before filing anything."""
    expiry = service.submit(
        tenant,
        SCHEDULER,
        planned,
        kind="expiry",
        parent_request_id=view.request_id,
        channel="scheduler",
        text=f"Expiry of request {view.request_id}",
        confirmed=True,
    )
    if expiry.state is RequestState.APPROVED:
        expiry = await run_request(service, ctx, tenant, expiry.request_id)
    return expiry


def _lower_was_time_bound(
    service: RequestService,
    ctx: ActionContext,
    view: RequestView,
    step: RequestStepView,
    original: Step,
    change: Change,
    since: dt.datetime,
) -> bool:
    """For a calendar share that raised a lower level: whether a time-bound share of mailwarden's gave that
    lower level (its end was left to this later share, so putting it back would keep it for good)."""
    before = change.before.get("access") if isinstance(change.before, dict) else None
    if not isinstance(original, CalendarShare) or original.change != "grant" or before is None:
        return False
    earlier = earlier_change(service, ctx.directory, view, step.step, before=since, preview=step.preview)
    return earlier is not None and earlier.get("change") == "grant" and bool(earlier.get("expires"))


def _still_ends(service: RequestService, request_id: str, position: int) -> bool:
    """Whether the step still has its end and was not taken back, as the store says now."""
    return position in _still_ending(service, request_id, [position])


def _still_ending(service: RequestService, request_id: str, positions: Sequence[int]) -> set[int]:
    """Of the steps at `positions`, those that still have their end and were not taken back, as the store
    says now (one query)."""
    with service.store.session() as session:
        return set(
            session.scalars(
                select(RequestStepRow.position).where(
                    RequestStepRow.request_id == request_id,
                    RequestStepRow.position.in_(positions),
                    RequestStepRow.expires.is_not(None),
                    RequestStepRow.reverted_by.is_(None),
                )
            )
        )


def _refuse_expiry(
    service: RequestService,
    tenant: str,
    view: RequestView,
    step: RequestStepView,
    reason: str,
    revert: Step | None = None,
) -> RequestView | None:
    """Store the expiry the scheduler will not run as a denied request (audited with `reason`), and take
    the expiry off the step so it is never due again."""
    log.warning("expiry_refused", tenant=tenant, request_id=view.request_id, reason=reason)
    if revert is None:
        # The grant an expiring revoke would have made: what the refused request names, never runs.
        undone = {k: v for k, v in step.step.items() if k != "expires"}
        try:
            revert = parse_step(
                {**undone, "change": ACTIONS[str(undone["action"])].inverse_of(str(undone["change"]))}
            )
        except (ValidationError, KeyError):
            # Nothing nameable to file: the end is left to an admin, told so in the audit log (never kept
            # for good in silence: red team 60 F4).
            service.leave_expiry(view, step.position, step.step, reason)
            return None
    denied = Denied(reason=reason, policies=["expiry-only-takes-away"])
    refused = service.submit(
        tenant,
        SCHEDULER,
        [PlannedStep(revert, Refusal(reason=reason), denied)],
        kind="expiry",
        parent_request_id=view.request_id,
        channel="scheduler",
        text=f"Expiry of request {view.request_id} (refused)",
    )
    service.clear_expiry(view, step.position, step.step, reason, refused.request_id)
    return refused


def _change_of(preview: dict[str, Any]) -> dict[str, Any]:
    return without_ids(preview)


def check_may_approve(engine: PolicyEngine, org: Org, approver: Recipient, view: RequestView) -> None:
    """Ask the policy again at the moment of approval: the directory may have changed since the preview
    (the approver disabled, no longer an owner). Raises NotPermitted with the policy's reason. The requester
    is who filed it, by object id (`RequestView.asked_by`), never whoever holds their address now (red team
    79): that holder approves someone else's request; the requester at a new address, their own."""
    requester = org.get(view.asked_by)
    if requester is None:
        raise NotPermitted(
            f"You may no longer approve this request: who asked for it ({view.requester} when they asked) is "
            "no longer in the tenant."
        )
    for step in view.every_step():
        decision = step.decision
        if not isinstance(decision, ApprovalRequired) or approver.primary_address not in decision.approvers:
            continue
        verdict = engine.may_approve(org, approver, requester, decided_as(view, step))
        if isinstance(verdict, Denied):
            raise NotPermitted(f"You may no longer approve this request: {verdict.reason}")
