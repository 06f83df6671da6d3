"""What every action is: preflight (read the tenant, say what would change), apply, revert.

Each write action module (named by its action id: `send_as.py`, `calendar_share.py` ...) defines one
class with the `WriteAction` shape. `execute()` is the one place that runs a write: preflight, apply
(an "already exists" answer counts as done, so a retry never duplicates), then preflight again to verify
that the write landed. Entra and Exchange replicate, so a read right after a write may not show it yet:
verification reads again with a bounded backoff. A write the tenant accepted is "applied" — "verifying"
while the reads lag, "verified" once they show it, "unverified" if they never did within the bound — and
never "failed", which would invite someone to make it again.

A pre-check read lags too: a right granted outside mailwarden seconds ago is not in it. So an action that
can tell from the tenant's answer to its write whether anything changed (`as_made`) sends the write even
when the pre-check says the step changes nothing, and the step is "already" only when that answer says so.

Read views return a `View`: a titled table a CLI prints and an API serialises.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar, get_args

from pydantic import BaseModel, Field, JsonValue

from mailwarden.connectors.connection import TenantClients
from mailwarden.connectors.on_wire import answered_already_to_a_resend
from mailwarden.csv_cells import csv_writer
from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import AlreadyExists, MailwardenError, ResolutionError, TenantError
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.steps import TAKING, CalendarAccess, CalendarShare, EmailForwardingInternal

__all__ = [
    "ActionContext",
    "FoundBefore",
    "StepOutcome",
    "VerifyWait",
    "View",
    "ViewAction",
    "WriteAction",
    "cell_text",
    "execute",
    "gives_to_someone",
    "ours",
    "refuse_unless_internal_person",
    "refuse_unless_mailbox",
    "refused_after",
    "take_back",
    "verify_again",
]

S = TypeVar("S", contravariant=True)
V = TypeVar("V")


@dataclass(frozen=True)
class VerifyWait:
    """How long `execute()` keeps reading back a write the tenant does not show yet: `first` seconds,
    doubling up to `longest`, until `bound` seconds in all. Microsoft gives no figure for replication;
    a minute covers group membership in practice, and the step is flagged, not failed, after it. A longest
    wait of 2 s, not 4, verified a 4 s lag 2 s sooner with the same number of reads
    (scripts/bench_verify_lag.py); at most ~30 reads a minute for one write is no load for Graph."""

    first: float = 0.5
    longest: float = 2.0
    bound: float = 60.0
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    def delays(self) -> Iterator[float]:
        waited, delay = 0.0, self.first
        while waited < self.bound:
            step = min(delay, self.bound - waited)
            yield step
            waited += step
            delay = min(delay * 2, self.longest)


@dataclass(frozen=True)
class ActionContext:
    """What an action works with: the tenant's clients and the directory discovered from it."""

    clients: TenantClients
    directory: Directory
    verify: VerifyWait = field(default_factory=VerifyWait)
    bound: Mapping[str, str] = field(default_factory=dict)
    """Address (lowercased) -> the directory object id the running step was approved for
    (workflow/binding.py `pinned`); empty for a preview and for a request stored before steps were bound."""

    def recipient(self, reference: str) -> Recipient:
        """The one recipient `reference` names (an address in a resolved step); raises ResolutionError.
        A bound address names the object approved, whatever the directory last saw holding it."""
        approved = self.bound.get(reference.strip().lower())
        if approved is None:
            return resolve(self.directory, reference)
        found = self.directory.get(approved)
        if found is None:  # never the address's next holder: nobody approved acting on it
            raise ResolutionError(
                f"The recipient {reference} named when the step was approved is no longer in the "
                "directory, so the step was not run on whatever holds that address now; re-file the request."
            )
        return found

    def bound_to(self, r: Recipient) -> bool:
        """Whether the running step was approved for `r` (named by its id in the stored preview)."""
        return r.recipient_id in self.bound.values()

    def identity(self, r: Recipient) -> str:
        """How a cmdlet's Identity/User/Trustee/Member names `r`: by its directory id (Exchange's
        ExternalDirectoryObjectId) when the step was approved for it, since reads lag writes and an
        address moved seconds ago would still lead the write to its new holder; else by address."""
        return r.recipient_id if self.bound_to(r) else r.primary_address


@dataclass(frozen=True)
class FoundBefore:
    """What a write found the tenant holding where the (lagging) read before it showed otherwise: the
    entry its first cmdlet was to change was gone, and it made a new one. The step's record keeps this as
    its before-state, so its undo and end take away what it made rather than put back what the read
    showed."""

    before: JsonValue
    warning: str


class WriteAction(Protocol[S]):
    action: ClassVar[str]

    async def preflight(self, ctx: ActionContext, step: S) -> Preflight:
        """Read the current state: the Change the step would make (or that it is already so), or a Refusal."""

    async def apply(self, ctx: ActionContext, step: S) -> FoundBefore | None:
        """Make the change. Idempotent: raising AlreadyExists is fine and counts as done. A FoundBefore
        says the tenant held something else before the write than the read showed.

        An action that also has `as_made(ctx, step, change) -> Change` raises AlreadyExists exactly when
        the tenant's answer to the write says it was already so (a "not there" warning or error of the
        remove, an "already present" one of the add): `execute()` then sends the write even when the
        pre-check read, which may lag, said the step changes nothing, and `as_made` says what it did
        change when the tenant did not answer so."""

    def revert(self, step: S, change: Change) -> Any | None:
        """The step that restores `change.before` exactly (None when the step changed nothing)."""


Verification = Literal["verifying", "verified", "unverified", "refused"]


class StepOutcome(BaseModel):
    """What running one step did."""

    status: Literal["applied", "already", "refused", "failed"]
    message: str
    verification: Verification | None = None
    """For an applied step: whether reads show the write yet."""
    change: Change | None = None
    """The change as previewed just before applying it; for a failed step, the change its write was sent to
    make (None when no write was sent, or the tenant refused it: `may_have_landed`)."""
    after: JsonValue = None
    """The state read back after the write."""
    refused_now: str | None = None
    """Why the check, read again after the tenant took the write, refuses the step now (what reached the
    tenant inside the reads' lag: a guest put in the group, a forwarding set on the target); the step is
    flagged for an admin."""


async def execute(
    action: WriteAction[S],
    ctx: ActionContext,
    step: S,
    on_verifying: Callable[[StepOutcome], Awaitable[None]] | None = None,
    *,
    on_sending: Callable[[Change, bool], Awaitable[None]] | None = None,
    on_taking_back: Callable[[StepOutcome], Awaitable[None]] | None = None,
) -> StepOutcome:
    """Preflight, apply, verify: the single path every write takes.

    `on_taking_back` hears of a write the check refuses after the tenant took it right before its undo is
    sent (`refused_after`).

    `on_verifying` hears of a write that landed but that reads do not show yet, before the wait, so a
    caller can record it as applied (a run that dies while waiting must not make it again). `on_sending`
    hears of the write right before it is sent, after the last read: the change it makes, and whether it is
    sent though that read said the tenant is already so. Nothing is sent unless it returns."""
    try:
        before = await action.preflight(ctx, step)
    except (ResolutionError, MailwardenError) as exc:
        return StepOutcome(status="failed", message=str(exc))
    if isinstance(before, Refusal):
        return StepOutcome(status="refused", message=before.reason)
    if before.already:
        made = getattr(action, "as_made", None)
        if made is None:  # an action whose write cannot tell "already so" from "changed" (yet)
            return StepOutcome(status="already", message=before.summary, change=before, after=before.before)
        # Reads lag writes: a right granted (or removed) outside seconds ago is not in them yet. The write is
        # sent anyway, and only its own answer makes the step "already" (sec36).
        changed: Change = made(ctx, step, before)
        if on_sending is not None:
            await on_sending(changed, True)
        try:
            changed = _as_found(changed, await action.apply(ctx, step))
        except AlreadyExists as exc:
            if not ours(getattr(step, "change", None), exc):
                return StepOutcome(
                    status="already", message=before.summary, change=before, after=before.before
                )
            answered_already_to_a_resend()
        except MailwardenError as exc:
            # The change the write was sent to make: if it landed with its answer lost, this is what
            # it did (an expiry or a retry reads it so), not the lagging read's "nothing to do".
            return StepOutcome(
                status="failed", message=str(exc), change=changed if may_have_landed(exc) else None
            )
        return await _verify(action, ctx, step, changed, on_verifying, on_taking_back)
    if on_sending is not None:
        await on_sending(before, False)
    try:
        before = _as_found(before, await action.apply(ctx, step))
    except AlreadyExists as exc:
        if not ours(getattr(step, "change", None), exc):
            # The read before the write lagged a change made outside: the tenant was already as asked, so
            # the step made nothing its undo or end may take back (red team 43).
            return StepOutcome(
                status="already",
                message=f"The tenant was already as asked; this step changed nothing ({exc}).",
                change=before.model_copy(update={"already": True}),
                after=before.after,
            )
        # Ours as an answer to a resend: the try that may have landed first made it so, and dates it.
        answered_already_to_a_resend()
    except MailwardenError as exc:
        return StepOutcome(status="failed", message=str(exc), change=before if may_have_landed(exc) else None)
    return await _verify(action, ctx, step, before, on_verifying, on_taking_back)


def _as_found(change: Change, found: FoundBefore | None) -> Change:
    if found is None:
        return change
    return change.model_copy(update={"before": found.before, "warnings": [*change.warnings, found.warning]})


def may_have_landed(exc: MailwardenError) -> bool:
    """Whether a write that failed with `exc` may have been carried out, so that its change is kept on the
    failed step (its end and a retry settle it): not when the tenant refused it (a 4xx answering the first
    send, a 429 until the client gave up), where keeping it would end, or take as ours, access another admin
    gives later (red team 48). A failure not from the tenant cannot say, and is kept."""
    return exc.may_have_landed if isinstance(exc, TenantError) else True


def ours(change: object, answer: AlreadyExists) -> bool:
    """Whether a write the tenant answered "already so" is recorded as this step's doing (applied, with its
    undo and end) rather than "already" (red team 43).

    An answer to the first send says the tenant was so before it: "already", whatever the (lagging) read
    before the write said, so no undo takes away a right another admin gave nor gives back one another
    admin took. An answer to a resend (the first try's answer was lost and it may have been carried out)
    cannot say whose doing it is, and is read toward less access: a grant as ours (its undo and expiry take
    it away), a step taking access away as "already" (no undo gives access back)."""
    return answer.resent and change not in TAKING


async def _verify(
    action: WriteAction[S],
    ctx: ActionContext,
    step: S,
    before: Change,
    on_verifying: Callable[[StepOutcome], Awaitable[None]] | None,
    on_taking_back: Callable[[StepOutcome], Awaitable[None]] | None = None,
) -> StepOutcome:
    after: Preflight | None = None
    problem: str | None = None
    refused: Refusal | None = None
    delays = ctx.verify.delays()
    while True:
        try:
            after, problem = await action.preflight(ctx, step), None
        except MailwardenError as exc:
            problem = str(exc)  # a read that failed is no answer either way: read again
        if isinstance(after, Refusal) and problem is None and gives_to_someone(step):
            # Taken back only when two reads in a row refuse it: one read that fails inside the check (a 500
            # on the rules it reads, a sub-response missing from a $batch) turns into a refusal there, and
            # must not undo a write the tenant holds lawfully (red team 57 F1).
            if refused is not None:
                return await refused_after(action, ctx, step, before, after, on_taking_back)
            refused = after
        elif problem is None:
            refused = None
        if isinstance(after, Change) and after.already and problem is None:
            return StepOutcome(
                status="applied",
                verification="verified",
                message=before.summary,
                change=before,
                after=after.before,
            )
        delay = next(delays, None)
        if delay is None:
            # Only when the last read answered: after a failed one, `after` is an earlier read's (red team 60
            # F2), and a lone refusal followed by failed reads is not two refusals.
            if refused is not None and isinstance(after, Refusal) and problem is None:
                return await refused_after(action, ctx, step, before, after, on_taking_back)
            break
        if on_verifying is not None:
            verifying = StepOutcome(
                status="applied",
                verification="verifying",
                message=f"{before.summary} (applied; waiting for the tenant to show it)",
                change=before,
            )
            await on_verifying(verifying)
            on_verifying = None
        await ctx.verify.sleep(delay)
    why = f" (the last read failed: {problem})" if problem else ""
    return StepOutcome(
        status="applied",
        verification="unverified",
        message=f"The tenant accepted the change but did not show it within {ctx.verify.bound:g} seconds"
        f"{why}; Microsoft's directory may still be replicating it. Check it again before changing it.",
        change=before,
        after=after.before if isinstance(after, Change) else None,
    )


async def verify_again(
    action: WriteAction[S],
    ctx: ActionContext,
    step: S,
    made: Change,
    on_taking_back: Callable[[StepOutcome], Awaitable[None]] | None = None,
) -> StepOutcome:
    """The verification of a write a dead run sent, run again by the run that takes its step over: one
    killed before its re-check read the tenant (its step `applying`, whose read now refuses), or between the
    re-check's two refusing reads (`verifying`). Read as a live run reads its own write, the check refusing
    it twice in a row takes it back or leaves it flagged for an admin (`refused_after`); taken over as "not
    landed" or left "verifying", the access the check refuses stayed, and no admin heard (red team 67 F7,
    F8)."""
    return await _verify(action, ctx, step, made, None, on_taking_back)


async def refused_after(
    action: WriteAction[S],
    ctx: ActionContext,
    step: S,
    made: Change,
    refusal: Refusal,
    on_taking_back: Callable[[StepOutcome], Awaitable[None]] | None = None,
) -> StepOutcome:
    """A write the tenant took that the check, read again, refuses now: what made it refusable reached the
    tenant inside the reads' lag, after the read before the write (sec56). Waiting cannot show it "as asked"
    (the re-read refuses rather than answers), and "did not show it yet" would hide what the tenant holds.

    The write is taken back at once, as an end is, when that only takes away what it gave (a grant revoked,
    a forwarding it set cleared, a calendar level it raised lowered again): the policy refuses that access
    as the tenant is now, and nobody approved it for the people it reaches. When undoing would itself give
    or move access someone had before (a forwarding pointed back where it went, a step that took access
    away given back), the write is left and the step flagged for an admin, who decides.

    `on_taking_back` hears of the take-back before its undo is sent (the step refused, being taken back,
    with the change to take back), so a caller records it, flagged, first: a run killed after the undo
    landed, and before its record, left the step "applied (verifying)" with the access gone and no admin
    told (red team 64 F5). A run that takes it over finishes it (`take_back`)."""
    said = _said(made, refusal)
    undo: Any | None = None
    if not made.already and getattr(step, "change", None) not in TAKING:
        undo = action.revert(step, made)
    if undo is None or not _only_takes(step, undo):
        return StepOutcome(
            status="applied",
            verification="refused",
            message=f"{said}. It was left as it is: undoing it would not only take away what it gave. "
            "An admin must decide whether it stays.",
            change=made,
            refused_now=refusal.reason,
        )
    if on_taking_back is not None:
        await on_taking_back(
            StepOutcome(
                status="refused",
                message=f"{said}. mailwarden is taking it back.",
                change=made,
                refused_now=refusal.reason,
            )
        )
    return await _taken_back(action, ctx, undo, made, refusal)


async def take_back(
    action: WriteAction[S], ctx: ActionContext, step: S, made: Change, reason: str
) -> StepOutcome:
    """The take-back of `refused_after` a run recorded and did not see to its end (`on_taking_back`), sent
    (again: an undo that landed is answered "already so") and its outcome."""
    undo = action.revert(step, made)
    if undo is None:
        raise ValueError("a take-back is recorded only for a write its undo takes back")
    return await _taken_back(action, ctx, undo, made, Refusal(reason=reason))


def _said(made: Change, refusal: Refusal) -> str:
    return (
        f"The tenant took the change ({made.summary}), but checked again after the write, the step is "
        f"refused now: {refusal.reason}"
    )


async def _taken_back(
    action: WriteAction[S], ctx: ActionContext, undo: S, made: Change, refusal: Refusal
) -> StepOutcome:
    said = _said(made, refusal)
    taken: StepOutcome = await execute(action, ctx, undo)
    if taken.status in ("applied", "already"):
        return StepOutcome(
            status="refused",
            message=f"{said}. mailwarden took it back at once ({taken.message}).",
            refused_now=refusal.reason,
        )
    return StepOutcome(
        status="applied",
        verification="refused",
        message=f"{said}. Taking it back failed ({taken.message}): an admin must take it back.",
        change=made,
        refused_now=refusal.reason,
    )


def gives_to_someone(step: object) -> bool:
    """Whether `step` gives someone access (a grant, a member added, mail forwarded to someone): a re-check
    that refuses it after its write refuses what reached the tenant inside the lag (a guest in the group, a
    target forwarding outside). Not a list created or an address changed, whose re-check may refuse an
    address as taken by the write's own lagging half, nor a step taking access away: those keep reading."""
    change = getattr(step, "change", None)
    return change in ("grant", "add") or (isinstance(step, EmailForwardingInternal) and change == "set")


def _only_takes(step: object, undo: object) -> bool:
    """Whether `undo` (the revert of `step`) only takes away what the step gave: a revoke, removal or clear,
    or a calendar level put back below the one the step shared."""
    if getattr(undo, "change", None) in TAKING:
        return True
    rank = {level: i for i, level in enumerate(get_args(CalendarAccess))}
    return (
        isinstance(step, CalendarShare)
        and isinstance(undo, CalendarShare)
        and step.change == undo.change == "grant"
        and step.access is not None
        and undo.access is not None
        and rank[undo.access] < rank[step.access]
    )


class View(BaseModel):
    """A read view's answer: a table, and how fresh it is."""

    title: str
    columns: list[str]
    rows: list[dict[str, JsonValue]]
    as_of: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    notes: list[str] = Field(default_factory=list)

    def to_csv(self) -> str:
        """The table as CSV (lists joined by ", ", booleans as yes/no), for downloads and `--format csv`."""
        out = io.StringIO()
        writer = csv_writer(out)
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([cell_text(row.get(c)) for c in self.columns])
        return out.getvalue()


def cell_text(value: Any) -> str:
    """One table cell as text, the same in the terminal and in CSV."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class ViewAction(Generic[V]):
    """A read view: one coroutine from (context, step) to a View."""

    def __init__(self, action: str, run: Callable[[ActionContext, V], Awaitable[View]]) -> None:
        self.action = action
        self.run = run


# ---- refusals shared by several actions ------------------------------------------------------------

_MAILBOX_KINDS = (RecipientKind.USER, RecipientKind.SHARED_MAILBOX, RecipientKind.ROOM_MAILBOX)


def refuse_unless_mailbox(r: Recipient, *, what: str = "mailbox") -> Refusal | None:
    if r.kind not in _MAILBOX_KINDS:
        return Refusal(
            reason=f"{r.label()} is a {r.kind.value.replace('_', ' ')}, not a mailbox; "
            f"the {what} must be a user, shared or room mailbox."
        )
    return None


# Kinds whose enum value does not read as words ("mail enabled security", "m365 group").
_KIND_WORDS = {
    RecipientKind.MAIL_ENABLED_SECURITY: "mail-enabled security group",
    RecipientKind.M365_GROUP: "Microsoft 365 group",
}


def refuse_unless_internal_person(r: Recipient, *, role: str) -> Refusal | None:
    """A trustee, member or grantee must be an enabled person inside the organisation."""
    if not r.internal:
        return Refusal(
            reason=f"{r.label()} is outside the organisation ({r.kind.value}); "
            f"a {role} must be someone in the organisation's own directory."
        )
    if r.kind is not RecipientKind.USER:
        kind = _KIND_WORDS.get(r.kind, r.kind.value.replace("_", " "))
        return Refusal(reason=f"{r.label()} is a {kind}; a {role} must be a person.")
    if not r.enabled:
        return Refusal(reason=f"{r.label()} is a disabled account; a {role} must be an enabled user.")
    return None
