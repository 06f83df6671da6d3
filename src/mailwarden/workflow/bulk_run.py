"""Running many similar steps of a request at the round-trip minimum, with each step's guarantees kept.

The executor (workflow/executor.py) hands a run of consecutive steps of one action that can work in bulk
(its action has `preflight_many` and `apply_many`, as group membership has) to a `BulkRun`, a page of steps
at a time (the run's memory is a page's, however many steps the request has). Per step,
exactly what the one-at-a-time path does, but with the reads and writes shared:

1. every step is decided again on live facts (one read of the facts for a page's steps, right before the
   page runs, then one decision per step), and a step whose decision no longer lets it run is refused with
   the new reason (so is a time-bound grant whose end has passed: the executor's `decide` says so);
2. each group is read once for the whole run, and each step's change compared with the one approved (drift);
   a grant over time-bound access runs as the extension it is (workflow/extending.py, one read of the
   records of time-bound grants for a chunk), as a step run alone does;
3. every step about to be written is marked `applying` (so a run that dies is told apart from a tenant
   already as asked: each step still executes at most once), then the writes go in `$batch`es, each step's
   mark saying "not sent" until the `$batch` carrying it goes on the wire (a run that died before then
   sent nothing, and the next run takes the step over as never marked);
4. one read per group verifies them, again with the bounded backoff for what replication has not shown;
5. each step's outcome is recorded: a write the tenant refused is `failed` with the tenant's reason, and
   `requests retry` runs those steps alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.orm import Session

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import (
    ActionContext,
    StepOutcome,
    gives_to_someone,
    may_have_landed,
    ours,
    refused_after,
)
from mailwarden.connectors.on_wire import OnSending
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import AlreadyExists, MailwardenError
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.decisions import Decision
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.requests import RequestStepView, RequestView
from mailwarden.model.steps import parse_step
from mailwarden.workflow import extending
from mailwarden.workflow.as_read import TAKING
from mailwarden.workflow.binding import gone, pinned
from mailwarden.workflow.ended_grant import mark_ended_of
from mailwarden.workflow.grant_records import APPLIED_AT, SENT_AT, never_sent
from mailwarden.workflow.service import READ_AS_ALREADY, Actor, RequestService, sent_by
from mailwarden.workflow.take_back import (
    LeftToLater,
    kept_or_taken,
    leave_to_later,
    taking_back_mark,
    verifying_still,
)

__all__ = ["BulkAction", "BulkRun", "Prepared"]


class BulkAction(Protocol):
    async def preflight_many(
        self, ctx: ActionContext, steps: Sequence[Any], reads: dict[str, Any] | None = None
    ) -> list[Preflight | MailwardenError]: ...

    async def apply_many(
        self,
        ctx: ActionContext,
        steps: Sequence[Any],
        on_sending: OnSending | None = None,
    ) -> list[MailwardenError | None]: ...


Decide = Callable[[Sequence[RequestStepView]], Awaitable[list[str | None]]]
"""For each step, why it must not run, decided again now; None when it may."""
Progress = Callable[[int], None]
Refused = Callable[[RequestStepView, Refusal], str]


@dataclass(frozen=True)
class Prepared:
    """A chunk's steps decided and judged by `BulkRun.prepare`, to be written by `BulkRun.write`: each with
    the change its preflight found and the step itself, and the context (bound to the chunk's objects) the
    writes go through."""

    ctx: ActionContext
    writes: list[tuple[RequestStepView, Change, Any]]
    read_as_already: Mapping[int, Change] = field(default_factory=dict)
    """Removals sent though a (lagging) read said there was nothing to remove, by position, with what that
    read found: the tenant's answer to the write decides whether they are "already" (sec39)."""


class BulkRun:
    """One run of consecutive steps of `action`, fed a chunk of steps at a time (`run`), then verified
    (`verify`): each chunk is decided, judged, marked and written before the next is loaded, so a run holds
    one chunk's steps, whatever its length. Each group is read once before the writes (for every chunk) and
    once per verifying round; what is kept across chunks is the positions written, to verify them."""

    def __init__(
        self,
        service: RequestService,
        ctx: ActionContext,
        view: RequestView,
        action_id: str,
        actor: Actor,
        *,
        decide: Decide,
        refused_as_seen: Refused,
        progress: Progress | None = None,
        end_passed: Callable[[RequestStepView], dt.datetime | None] = lambda s: None,
    ) -> None:
        self.action_id = action_id
        self.action: BulkAction = WRITE_ACTIONS[action_id]  # type: ignore[assignment]
        self.service, self.ctx, self.view, self.actor = service, ctx, view, actor
        self.decide, self.refused_as_seen, self.end_passed = decide, refused_as_seen, end_passed
        self.tell: Progress = progress or (lambda n: None)
        self.reads: dict[str, Any] = {}
        """Each group's membership as read before the first write of the run."""
        self.landed: list[int] = []
        """Positions whose write the tenant took, to verify."""
        self.unsettled = False
        """An `applying` step whose write cannot be told to have landed: a later run decides it."""
        self.refused_before: set[int] = set()
        """Positions of a dead run's `applying` steps whose read refused them (`prepare`), verified with
        this run's writes: one neither refused twice nor shown stays `applying` (unsettled)."""
        self.sent_at: dict[int, str] = {}
        """When the write of each position to verify went out, what it is recorded applied at: this run's
        send (its `$batch`), or, for a dead run's write the tenant answered was so already (`_resumed`),
        that run's (`_first_sent`). Dated when verification ends instead, a write waiting for the reads
        would read as later than a change another request made to the same grant meanwhile, which the tenant
        took after it (red team 57 F4)."""

    async def run(self, steps: Sequence[RequestStepView]) -> None:
        """Decide, judge, mark and write `steps` (pending or `applying`, all of the run's action)."""
        await self.write(await self.prepare(steps))

    async def prepare(self, steps: Sequence[RequestStepView]) -> Prepared:
        """Settle a dead run's `applying` steps the tenant shows, decide the rest again on live facts and
        judge them against the tenant (drift, already), recording each that ends here; the rest, to write.
        Nothing is written to the tenant: `write` does that, and only with what this decided."""
        service, ctx, view, action, actor, tell = (
            self.service,
            pinned(self.ctx, [(s.step, s.preview) for s in steps]),
            self.view,
            self.action,
            self.actor,
            self.tell,
        )
        # A dead run's mark whose `$batch` never went out is no mark: nothing of it is in the tenant, so the
        # step runs as one never marked, and an "already" is someone else's doing (red team 51).
        steps = [_unmarked(s) for s in steps]
        parsed = {s.position: parse_step(s.step) for s in steps}
        # A dead run's write recorded applied and "verifying": verified again with this run's writes, as a
        # step run alone is (executor `_verify_again`; red team 67 F8).
        waiting = [s for s in steps if verifying_still(s)]
        for s in waiting:
            self.landed.append(s.position)
            if isinstance(at := (s.outcome or {}).get(APPLIED_AT), str):
                self.sent_at[s.position] = at
        todo = [s for s in steps if not verifying_still(s)]

        # A dead run's `applying` steps: recorded applied when the tenant shows their change. Not one whose
        # write went on a read of "already": no read tells whether it landed, so it is sent again (sec39).
        applying = [s for s in todo if s.status == "applying" and not (s.outcome or {}).get(READ_AS_ALREADY)]
        if applying:
            current = await action.preflight_many(ctx, [parsed[s.position] for s in applying], self.reads)
            recorded: list[tuple[int, str, dict[str, Any]]] = []
            settled: set[int] = set()
            reread: set[int] = set()
            for s, found in zip(applying, current, strict=True):
                if isinstance(found, MailwardenError):
                    self.unsettled = True
                    settled.add(s.position)
                elif (
                    isinstance(found, Refusal)
                    and gives_to_someone(parsed[s.position])
                    and not gone(ctx.directory, s.step, s.preview)  # nothing can be held by what left
                ):
                    # The check refuses what the dead run's write may have given: a refusal hides whether
                    # the tenant holds it, so it is never "not landed" (refused as not given, the access
                    # stayed unrecorded and no admin heard: red team 67 F7). Verified with this run's
                    # writes, as they are: refused twice in a row, taken back or flagged (`_verify`).
                    self.landed.append(s.position)
                    if first := _first_sent(s):
                        self.sent_at[s.position] = first[APPLIED_AT]
                    reread.add(s.position)
                    self.refused_before.add(s.position)
                elif isinstance(found, Change) and found.already:
                    intended = _intended(s)
                    outcome = {
                        "message": f"{intended.summary} (applied by {sent_by(s.outcome)})",
                        "before": intended.before,
                        "after": found.before,
                        "change": intended.model_dump(mode="json"),
                        **_first_sent(s),
                    }
                    recorded.append((s.position, "applied", outcome))
                    settled.add(s.position)
            todo = [s for s in todo if s.position not in settled | reread]
            _record(service, view, recorded, actor, applying)
            tell(len(settled))

        # A dead run's `applying` step the tenant does not show (reads lag) whose end has passed: its write
        # may have landed, so it is never refused as not given (red team 53); recorded failed with its change,
        # its end takes it back now (`sent_past_its_end`). Not sent again: its end has passed.
        past = [
            (s, when) for s in todo if s.status == "applying" and (when := self.end_passed(s)) is not None
        ]
        if past:
            service.record_steps(
                view, [(s.position, "failed", sent_past_its_end(s, when)) for s, when in past], actor
            )
            todo = [s for s in todo if s.position not in {s.position for s, _ in past}]
            tell(len(past))

        reasons = await self.decide(todo)
        allowed = []
        ended: list[tuple[int, str, dict[str, Any]]] = []
        for s, reason in zip(todo, reasons, strict=True):
            if reason is None:
                allowed.append(s)
            else:
                ended.append((s.position, "refused", {"message": reason}))

        current = await action.preflight_many(ctx, [parsed[s.position] for s in allowed], self.reads)
        extensions = extending.of_chunk(service, ctx, view, allowed, parsed, current)
        writes: list[tuple[RequestStepView, Change]] = []
        read_as_already: dict[int, Change] = {}
        made = getattr(action, "as_made", None)
        for s, found in zip(allowed, current, strict=True):
            if s.position in extensions:
                continue
            status, outcome = _judged(s, found, self.refused_as_seen, sends_on_already=made is not None)
            if status is None:
                assert isinstance(found, Change)
                if found.already and made is not None:
                    # Reads lag writes: a member added a second ago is not in this read. The removal is sent,
                    # recorded as the change it makes if the tenant takes it (its undo adds them back).
                    read_as_already[s.position] = found
                    found = made(ctx, parsed[s.position], found)
                writes.append((s, found))
            else:
                ended.append((s.position, status, outcome))
        _record(service, view, ended, actor, steps)
        extending.record(service, view, actor, extensions.values(), asked=_asked(steps))
        tell(len(ended) + len(extensions))
        return Prepared(ctx, [(s, change, parsed[s.position]) for s, change in writes], read_as_already)

    async def write(self, prepared: Prepared) -> None:
        """Mark the steps `prepare` let through `applying`, write them in `$batch`es, and record the writes
        the tenant refused as failed, and the removals sent on a read of "already" that the tenant answered
        were already so as "already" (the rest are verified by `verify`)."""
        writes = prepared.writes
        if not writes:
            return
        service, view, actor = self.service, self.view, self.actor
        asked = _asked(s for s, _, _ in writes)
        # Marked `NOT_SENT` until the `$batch` carrying each goes on the wire (`going_out`): the marks are one
        # transaction, the sends come later (the tenant's budget, a slot, the batches before), and a run that
        # dies in between must leave marks the next run can tell from sent writes. A dead run's mark that
        # may have been sent stays so: this run's mark must not make its write look never sent.
        service.begin_steps(
            view,
            [(s.position, change) for s, change, _ in writes],
            actor,
            asked=asked,
            read_as_already=prepared.read_as_already.keys(),
            unsent=[s.position for s, _, _ in writes if s.status != "applying"],
            sent_at={
                s.position: str((s.outcome or {})[SENT_AT])
                for s, _, _ in writes
                if s.status == "applying" and (s.outcome or {}).get(SENT_AT)
            },
        )
        sent = service.clock().isoformat()
        going: dict[int, str] = {}
        """When each position's write last went out from this run (its `SENT_AT`)."""
        maybe_landed: dict[int, str] = {}
        """When the first try of each position's write that may have been carried out (a 5xx, a lost answer)
        went out: an "already so" answered to its resend keeps that try's date."""

        def going_out(indices: Sequence[int], resend: bool) -> None:
            # Heard for each try: a try the tenant answered 429 or never took carried nothing out, so the
            # write is dated at the send the tenant carried out (red team 60 F3). A resend after a try that
            # may have landed is dated by its answer: a fresh change is its own doing, after any removal run
            # inside the backoff (red team 64 F1); "already so" may be the first try's (`maybe_landed`).
            at = service.clock().isoformat()
            positions = [writes[i][0].position for i in indices]
            if resend:
                for p in positions:
                    if p in going:
                        maybe_landed.setdefault(p, going[p])
            moved = [p for p in positions if going.get(p) != at]
            if moved:
                going.update(dict.fromkeys(moved, at))
                service.mark_sent(view.request_id, moved, at)

        errors = await self.action.apply_many(prepared.ctx, [step for _, _, step in writes], going_out)
        ended: list[tuple[int, str, dict[str, Any]]] = []  # failed, or already as the tenant answered
        for (s, change, _), error in zip(writes, errors, strict=True):
            read = prepared.read_as_already.get(s.position)
            if isinstance(error, AlreadyExists) and read is not None:
                # The tenant's own answer: there was nothing to remove. Only now is the step "already". Sent
                # again for a dead run that marked it on that read, no answer tells whether the dead run's
                # write landed: a removal so answered is read toward less access, "already", so no undo adds
                # someone nobody added (sec42's rule for one step; red team 44).
                message = read.summary
                if (s.outcome or {}).get(READ_AS_ALREADY):
                    message += (
                        " (sent again for a run that stopped before recording it; the tenant says it is so)"
                    )
                ended.append(
                    (s.position, "already", {"message": message, "before": read.before, "after": read.before})
                )
                continue
            if isinstance(error, AlreadyExists) and not (ours(s.step.get("change"), error) or _resumed(s)):
                # The first send's own answer: the tenant was so before this write (another admin's doing,
                # unseen by the lagging read). Recorded "already", so no undo or end of this request takes
                # away what it never gave (red team 43's rule for one step, `actions.base.ours`).
                message = f"The tenant was already as asked; this step changed nothing ({error})."
                ended.append(
                    (
                        s.position,
                        "already",
                        {"message": message, "before": change.after, "after": change.after},
                    )
                )
                continue
            if error is None or isinstance(error, AlreadyExists):  # verification decides
                self.landed.append(s.position)
                if error is not None and (first := _first_sent(s)):
                    # The dead run's write, or none: this send changed nothing, so it is no later decision.
                    self.sent_at[s.position] = first[APPLIED_AT]
                elif isinstance(error, AlreadyExists) and error.resent and s.position in maybe_landed:
                    # "Already so" to a resend: this run's try that may have landed first made it so.
                    self.sent_at[s.position] = maybe_landed[s.position]
                else:
                    self.sent_at[s.position] = going.get(s.position, sent)
                continue
            if (not may_have_landed(error) or s.position not in going) and s.status != "applying":
                # Refused (a 4xx to the first send, a 429 until the client gave up), or never sent (its $batch
                # never went out: a name that no longer resolves): nothing was written, so no end or retry of
                # it may take as its own what another admin gives later (red team 48).
                ended.append((s.position, "failed", {"message": str(error)}))
                continue
            outcome = {
                "message": str(error),
                "before": change.before,
                "change": change.model_dump(mode="json"),
                # This run's send when it went out (red team 56 F3), else the dead run's it took over.
                SENT_AT: going.get(s.position) or (s.outcome or {}).get(SENT_AT) or sent,
                # Retried (reopen_failed), it is sent again as a dead run's is: no read tells if it landed.
                **({READ_AS_ALREADY: True} if read is not None else {}),
            }
            ended.append((s.position, "failed", outcome))
        _record(service, view, ended, actor, [s for s, _, _ in writes])
        self.tell(len(ended))

    def decides_ahead(
        self,
        current: Sequence[RequestStepView],
        following: Sequence[RequestStepView],
        keep_out: Iterable[str],
    ) -> bool:
        """Whether `following` may be decided (`prepare`) while `current` is being written: only when no write
        of `current` can change a fact deciding `following`. So only for changes of people's membership of
        distribution lists (not groups, whose members get what the group holds, nor security or Microsoft 365
        groups, which can hold mailbox rights or directory roles), none of them of `keep_out` (the requester
        and the approvers: their own memberships weigh in the decision) and none of them in `following` too.
        Anything else is decided after `current` is written, as a run of one chunk at a time does."""
        directory = self.ctx.directory
        if self.action_id != "distribution_list_membership":
            return False
        out = {ref.lower() for ref in keep_out}
        written: set[str] = set()
        for s in current:
            group = _recipient(directory, s.step.get("group"))
            member = _recipient(directory, s.step.get("member"))
            if group is None or member is None or group.kind is not RecipientKind.DISTRIBUTION_LIST:
                return False
            if member.kind is not RecipientKind.USER:
                return False
            if {member.recipient_id, *member.addresses} & out or member.primary_address.lower() in out:
                return False
            written.add(member.recipient_id)
        for s in following:
            member = _recipient(directory, s.step.get("member"))
            if member is None or member.recipient_id in written:
                return False
        return True

    async def verify(self) -> bool:
        """Verify every write of the run; True when some steps stay unsettled."""
        self.unsettled |= await _verify(
            self.service,
            self.ctx,
            self.view,
            self.landed,
            self.action,
            self.actor,
            self.tell,
            self.sent_at,
            self.refused_as_seen,
            self.refused_before,
        )
        self.landed, self.sent_at, self.refused_before = [], {}, set()
        return self.unsettled


def _unmarked(s: RequestStepView) -> RequestStepView:
    """`s` as never marked when its `applying` mark says its write was never sent (`NOT_SENT`)."""
    if never_sent(s.status, s.outcome):
        return s.model_copy(update={"status": "pending", "outcome": None})
    return s


def _resumed(s: RequestStepView) -> bool:
    """Whether a step giving access was marked `applying` by a run that died after its `$batch` went out
    (one that never did is taken over as unmarked: `_unmarked`): its write may have landed, so an "already
    so" to this run's send may be that run's own doing, read toward less access as ours (its undo and end
    take it back), as a single step's taken-over write is (executor; red team 48). A step taking access
    away so answered stays "already" (no undo gives access back)."""
    return s.status == "applying" and s.step.get("change") not in TAKING


def _judged(
    s: RequestStepView,
    found: Preflight | MailwardenError,
    refused_as_seen: Refused,
    *,
    sends_on_already: bool = False,
) -> tuple[str | None, dict[str, Any]]:
    """The status a step ends in before any write (None: it is to be written), and its outcome. A removal
    read as already so is written all the same when the action can tell from the tenant's answer that it
    was (`sends_on_already`): reads lag writes, and only that answer makes it "already" (sec39)."""
    if isinstance(found, MailwardenError):
        return "failed", {"message": str(found)}
    if isinstance(found, Refusal):
        return "refused", {"message": refused_as_seen(s, found)}
    if found.already and sends_on_already and s.step.get("change") in TAKING:
        return None, {}  # being as asked is no drift
    if found.already:
        return "already", {"message": found.summary, "before": found.before, "after": found.before}
    intended = _intended(s) if s.status == "applying" else None
    previewed = s.preview
    if intended is not None:
        drifted = found.before != intended.before or found.after != intended.after
    else:
        drifted = not previewed.get("redacted") and (
            found.before != previewed.get("before") or found.after != previewed.get("after")
        )
    if drifted:
        return "drifted", {
            "message": "The tenant changed since this step was previewed and approved, so it was not run; "
            "submit it again to see the new preview.",
            "before": previewed.get("before"),
            "after": found.before,
        }
    return None, {}


async def _verify(
    service: RequestService,
    ctx: ActionContext,
    view: RequestView,
    landed: Sequence[int],
    action: BulkAction,
    actor: Actor,
    tell: Progress,
    sent_at: Mapping[int, str],
    refused_as_seen: Refused,
    refused_before: Collection[int] = (),
) -> bool:
    """Read each group once, record the writes it shows as verified, and read again (bounded backoff) for
    the rest; a write still not shown at the bound is applied but unverified, never failed. The steps are
    loaded a chunk at a time (each with the change it was marked `applying` with). `sent_at`: when the
    writes at those positions went out, what they are recorded applied at (`BulkRun.sent_at`).

    A write giving access that the check, read again, refuses in two reads in a row (or in the last read
    of the wait) is taken back or left for an admin and flagged, as a step run alone is (`refused_after`):
    recorded unverified, it would hide what the tenant holds and never reach the audit (red team 57 F3).

    `refused_before`: a dead run's writes whose read refused them, not known to have landed: one neither
    refused twice nor shown is not recorded (it stays `applying` for a later run, as a step alone does:
    executor `_verify_again`); True when there is one."""

    def at(position: int) -> dict[str, Any]:
        return {APPLIED_AT: sent_at[position]} if position in sent_at else {}

    delays = ctx.verify.delays()
    waiting = list(landed)
    told_verifying = False
    left = False
    last_problem: dict[int, str] = {}
    """Positions whose last read failed, with why: no answer either way."""
    refused: dict[int, Refusal] = {}
    """Positions whose last read that answered refused the step (a read that failed keeps the streak, and
    never counts as a refusal: red team 60 F2)."""
    while waiting:
        reads: dict[str, Any] = {}  # read afresh each round, once for every chunk
        still: list[int] = []
        for steps in _chunks_of(service, view, waiting):
            bound = pinned(ctx, [(s.step, s.preview) for s in steps])
            parsed = [parse_step(s.step) for s in steps]
            current = await action.preflight_many(bound, parsed, reads)
            verified: list[tuple[int, str, dict[str, Any]]] = []
            twice: list[tuple[RequestStepView, Refusal]] = []
            for s, step, found in zip(steps, parsed, current, strict=True):
                if isinstance(found, MailwardenError):
                    last_problem[s.position] = str(found)
                else:
                    last_problem.pop(s.position, None)
                if isinstance(found, Refusal) and gives_to_someone(step):
                    # One refusing read may be a read that failed inside the check (red team 57 F1).
                    if s.position in refused:
                        twice.append((s, found))
                    else:
                        refused[s.position] = found
                        still.append(s.position)
                    continue
                if not isinstance(found, MailwardenError):
                    refused.pop(s.position, None)
                if isinstance(found, Change) and found.already:
                    change = _intended(s)
                    outcome = {
                        "message": change.summary,
                        "before": change.before,
                        "after": found.before,
                        "verification": "verified",
                        "change": change.model_dump(mode="json"),
                        **at(s.position),
                    }
                    verified.append((s.position, "applied", outcome))
                else:
                    still.append(s.position)
            _record(service, view, verified, actor, steps)
            tell(len(verified))
            await _refused_after_write(service, bound, view, twice, actor, refused_as_seen, sent_at)
            tell(len(twice))
        waiting = still
        delay = next(delays, None) if waiting else None
        if delay is None:
            break
        if not told_verifying:
            # Recorded applied before the wait: a run that dies while waiting must not write them again.
            # Not a dead run's write not known to have landed (`refused_before`): it stays `applying`.
            for steps in _chunks_of(service, view, [p for p in waiting if p not in refused_before]):
                verifying = []
                for s in steps:
                    change = _intended(s)
                    outcome = {
                        "message": f"{change.summary} (applied; waiting for the tenant to show it)",
                        "before": change.before,
                        "after": None,
                        "verification": "verifying",
                        "change": change.model_dump(mode="json"),
                        **at(s.position),
                    }
                    verifying.append((s.position, "applied", outcome))
                _record(service, view, verifying, actor, steps)
            told_verifying = True
        await ctx.verify.sleep(delay)
    for steps in _chunks_of(service, view, waiting):
        # Refused in the last read of the wait: no further read will say otherwise (as for a step alone).
        # A last read that failed answered nothing: an earlier lone refusal is not taken for a second.
        last = [(s, refused[s.position]) for s in steps if _refused_last(s.position, refused, last_problem)]
        if last:
            bound = pinned(ctx, [(s.step, s.preview) for s, _ in last])
            await _refused_after_write(service, bound, view, last, actor, refused_as_seen, sent_at)
            tell(len(last))
        unverified: list[tuple[int, str, dict[str, Any]]] = []
        for s in steps:
            if _refused_last(s.position, refused, last_problem):
                continue
            if s.position in refused_before:
                left = True
                continue
            change = _intended(s)
            problem = last_problem.get(s.position)
            why = f" (the last read failed: {problem})" if problem else ""
            outcome = {
                "message": "The tenant accepted the change but did not show it within "
                f"{ctx.verify.bound:g} seconds{why}; Microsoft's directory may still be replicating it. "
                "Check it again before changing it.",
                "before": change.before,
                "after": None,
                "verification": "unverified",
                "change": change.model_dump(mode="json"),
                **at(s.position),
            }
            unverified.append((s.position, "applied", outcome))
        _record(service, view, unverified, actor, steps)
        tell(len(unverified))
    return left


def _refused_last(position: int, refused: Mapping[int, Refusal], last_problem: Mapping[int, str]) -> bool:
    return position in refused and position not in last_problem


REACHED_UNSEEN = "someone it now reaches may not have this access (an admin can see who in the audit log)"
"""Said to a requester who is not an admin instead of who a refused group or forwarding reaches."""


async def _refused_after_write(
    service: RequestService,
    ctx: ActionContext,
    view: RequestView,
    refusing: Sequence[tuple[RequestStepView, Refusal]],
    actor: Actor,
    refused_as_seen: Refused,
    sent_at: Mapping[int, str],
) -> None:
    """Each write of `refusing` the check refuses after the tenant took it: taken back when that only takes
    away what it gave, else left for an admin (`refused_after`, as for a step run alone), recorded, and
    flagged for the admins either way (`step.refused_after_write`); or left to a request that decided its
    access since it was sent, as a step alone is (`leave_to_later`)."""
    if not refusing:
        return
    recorded: list[tuple[int, str, dict[str, Any]]] = []
    flagged_before: set[int] = set()
    for s, refusal in refusing:
        change, step = _intended(s), parse_step(s.step)
        sent = sent_at.get(s.position)

        def as_seen(message: str, reason: str, s: RequestStepView = s) -> str:
            if refused_as_seen(s, Refusal(reason=reason)) != reason:
                return message.replace(reason, REACHED_UNSEEN)  # who it reaches is for admins
            return message

        async def taking_back(
            outcome: StepOutcome, s: RequestStepView = s, change: Change = change, sent: str | None = sent
        ) -> None:
            # Recorded and flagged before the undo is sent (red team 64 F5): a run that takes the step over
            # finishes the take-back alone (executor `_finish_take_back`).
            reason = outcome.refused_now or ""
            if leave_to_later(
                service,
                ctx.directory,
                view,
                s,
                actor,
                made=change,
                reason=reason,
                shown=as_seen(reason, reason),
                sent=sent,
                flagged=True,
            ):
                raise LeftToLater
            mark = taking_back_mark(as_seen(outcome.message, reason), reason, change, sent)
            _record(service, view, [(s.position, "applying", mark)], actor, [s], flagged=True)
            flagged_before.add(s.position)

        try:
            done = await refused_after(WRITE_ACTIONS[step.action], ctx, step, change, refusal, taking_back)
        except LeftToLater:
            continue
        reason = done.refused_now or refusal.reason
        recorded.append(
            (s.position, done.status, kept_or_taken(as_seen(done.message, reason), change, done, sent))
        )
    # Flagged in the record's transaction: a second write after it, lost to a kill between, left the step
    # settled and no admin told (red team 60 F5). A take-back was flagged with its mark, before its undo:
    # told again only when the write is left after all (the undo failed).
    again = [r for r in recorded if r[0] in flagged_before and r[1] != "applied"]
    flag = [r for r in recorded if r not in again]
    _record(service, view, flag, actor, [s for s, _ in refusing], flagged=True)
    if again:
        _record(service, view, again, actor, [s for s, _ in refusing])


def _chunks_of(
    service: RequestService, view: RequestView, positions: Sequence[int]
) -> Iterator[list[RequestStepView]]:
    """The steps at `positions`, loaded from the store a chunk at a time (each with its outcome as
    recorded last: the change it was marked `applying`, or recorded `applied` waiting, with)."""
    for start in range(0, len(positions), service.run_chunk):
        yield service.steps_at(view.request_id, positions[start : start + service.run_chunk])


def _record(
    service: RequestService,
    view: RequestView,
    outcomes: Sequence[tuple[int, str, dict[str, Any]]],
    actor: Actor,
    steps: Iterable[RequestStepView],
    *,
    flagged: bool = False,
) -> None:
    """`service.record_steps` of `outcomes` (of `steps`, as the run loaded them; `flagged` as it takes it). An
    expiry's step recorded ended (applied, or the tenant already so) ties its grant in the transaction that
    records it, a record chunk at a time, as a step run alone does (`mark_ended`): tied after the run instead,
    a kill in between or a retry outside the sweep left the grants due, and the next sweep ended them again,
    taking away what another admin gave since (red team 56 F1, F2)."""
    loaded = {s.position: s for s in steps}

    def tie(chunk: Sequence[tuple[int, str, dict[str, Any]]]) -> Callable[[Session], None] | None:
        ended = [loaded[p] for p, status, _ in chunk if status in ("applied", "already")]
        return mark_ended_of(service.store, view, [(s.step, s.preview) for s in ended]) if ended else None

    # Called even with nothing to record (a no-op there): one record call per stage of the run, which the
    # kill-point tests (test_bulk_time_bound) number.
    service.record_steps(
        view,
        outcomes,
        actor,
        each=tie if view.kind == "expiry" else None,
        asked=_asked(loaded.values()),
        flagged=flagged,
    )


def _asked(steps: Iterable[RequestStepView]) -> dict[int, dict[str, Any]]:
    """What `steps` ask, by position, as the run loaded them: their records are written from these rather
    than from the store read and decoded again (`RequestService.record_steps`)."""
    return {s.position: s.step for s in steps}


def _recipient(directory: Directory, reference: object) -> Recipient | None:
    if not isinstance(reference, str):
        return None
    return directory.address_owner(reference) or directory.get(reference)


def sent_past_its_end(step: RequestStepView, end: dt.datetime) -> dict[str, Any]:
    """The record of a dead run's `applying` step whose write may have landed, taken over after its end
    passed without the tenant showing it: failed with the change it was to make (and its first send), so
    the expiry sweep, due for a failed step whose write was sent (`tried_write`), takes it back now, and a
    retry settles it as a write that may have landed. Refused as not given, it would keep the access for
    good with nothing due to end it (red team 53)."""
    intended = _intended(step)
    return {
        "message": f"This access was to end {end:%Y-%m-%d %H:%M} UTC, which has passed, so it was not sent "
        f"again; the write of {sent_by(step.outcome)} may have given it (the tenant does not show it yet), "
        "so its end takes it back.",
        "before": intended.before,
        "change": intended.model_dump(mode="json"),
        **({SENT_AT: (step.outcome or {})[SENT_AT]} if (step.outcome or {}).get(SENT_AT) else {}),
        **({READ_AS_ALREADY: True} if (step.outcome or {}).get(READ_AS_ALREADY) else {}),
    }


def _first_sent(step: RequestStepView) -> dict[str, str]:
    """For a dead run's `applying` step settled as landed: recorded applied when that run first sent its
    write (`SENT_AT`), not at the takeover, so a request that decided the grant in between is the later
    decision, and this step's end leaves what it gave (red team 54). Empty for a mark with no send time."""
    sent = (step.outcome or {}).get(SENT_AT) if step.status == "applying" else None
    return {APPLIED_AT: sent} if isinstance(sent, str) else {}


def _intended(step: RequestStepView) -> Change:
    """The change a step was marked `applying` with (its outcome keeps it until the step is settled)."""
    return Change.model_validate((step.outcome or {}).get("change"))


def decisions_for(
    check: Any,
    view: RequestView,
    approved_by: list[str],
    why_not: Callable[[Decision, list[str], Decision | None], str | None],
) -> Decide:
    """The executor's `check` as a `Decide` over many steps: one read of the live facts for all of them
    when it can (`check.many`), else one decision after another. A check that can be scoped to one run
    (`check.for_run`: live_policy.StepChecks) is, so that the run's chunks share one read of what their
    groups hold."""
    scoped = getattr(check, "for_run", None)
    if scoped is not None:
        check = scoped()

    async def decide(steps: Sequence[RequestStepView]) -> list[str | None]:
        if not steps:
            return []
        if check is None:
            return ["No decision could be made on the tenant as it is now, so the step was not run."] * len(
                steps
            )
        parsed = [parse_step(s.step) for s in steps]
        try:
            many = getattr(check, "many", None)
            fresh = await many(view, parsed) if many is not None else [await check(view, p) for p in parsed]
        except MailwardenError as exc:
            why = f"The tenant's facts could not be read to decide this step again, so it was not run: {exc}"
            return [why] * len(steps)
        out: list[str | None] = []
        for step, decision in zip(steps, fresh, strict=True):
            reason = why_not(decision, approved_by, step.decision)
            out.append(
                None
                if reason is None
                else f"The decision changed since this step was approved, so it was not run: {reason}"
            )
        return out

    return decide
