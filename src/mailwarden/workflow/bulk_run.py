"""Running many similar steps of a request at the round-trip minimum, with each step's guarantees kept.

The executor (workflow/executor.py) hands a run of consecutive steps of one action that can work in bulk
(its action has `preflight_many` and `apply_many`, as group membership has) to `run_bulk`. Per step,
exactly what the one-at-a-time path does, but with the reads and writes shared:

1. every step is decided again on live facts (one read of the facts for all of them, then one decision
   per step), and a step whose decision no longer lets it run is refused with the new reason;
2. each group is read once, and each step's change compared with the one approved (drift);
3. every step about to be written is marked `applying` (so a run that dies is told apart from a tenant
   already as asked: each step still executes at most once), then the writes go in `$batch`es;
4. one read per group verifies them, again with the bounded backoff for what replication has not shown;
5. each step's outcome is recorded: a write the tenant refused is `failed` with the tenant's reason, and
   `requests retry` runs those steps alone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from mailwarden.actions.base import ActionContext
from mailwarden.errors import MailwardenError
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.decisions import Decision
from mailwarden.model.requests import RequestStepView, RequestView
from mailwarden.model.steps import Step, parse_step
from mailwarden.workflow.service import Actor, RequestService

__all__ = ["BulkAction", "run_bulk"]


class BulkAction(Protocol):
    async def preflight_many(
        self, ctx: ActionContext, steps: Sequence[Any]
    ) -> list[Preflight | MailwardenError]: ...

    async def apply_many(self, ctx: ActionContext, steps: Sequence[Any]) -> list[MailwardenError | None]: ...


Decide = Callable[[Sequence[RequestStepView]], Awaitable[list[str | None]]]
"""For each step, why it must not run, decided again now; None when it may."""
Progress = Callable[[int], None]
Refused = Callable[[RequestStepView, Refusal], str]


async def run_bulk(
    service: RequestService,
    ctx: ActionContext,
    view: RequestView,
    steps: Sequence[RequestStepView],
    action: BulkAction,
    actor: Actor,
    *,
    decide: Decide,
    refused_as_seen: Refused,
    progress: Progress | None = None,
) -> bool:
    """Run `steps` (pending or `applying`, all of `action`); True when some stay unsettled (an `applying`
    step whose write cannot be told to have landed: a later run decides it)."""
    tell = progress or (lambda n: None)
    parsed = {s.position: parse_step(s.step) for s in steps}
    todo = list(steps)
    unsettled = False

    # A dead run's `applying` steps: recorded applied when the tenant shows their change (one read).
    applying = [s for s in todo if s.status == "applying"]
    if applying:
        current = await action.preflight_many(ctx, [parsed[s.position] for s in applying])
        recorded: list[tuple[int, str, dict[str, Any]]] = []
        for s, found in zip(applying, current, strict=True):
            if isinstance(found, MailwardenError):
                unsettled = True
                todo.remove(s)
                tell(1)
            elif isinstance(found, Change) and found.already:
                intended = _intended(s)
                outcome = {
                    "message": f"{intended.summary} (applied by a run that stopped before recording it)",
                    "before": intended.before,
                    "after": found.before,
                    "change": intended.model_dump(mode="json"),
                }
                recorded.append((s.position, "applied", outcome))
                todo.remove(s)
                tell(1)
        service.record_steps(view, recorded, actor)

    reasons = await decide(todo)
    allowed = []
    ended: list[tuple[int, str, dict[str, Any]]] = []
    for s, reason in zip(todo, reasons, strict=True):
        if reason is None:
            allowed.append(s)
        else:
            ended.append((s.position, "refused", {"message": reason}))

    current = await action.preflight_many(ctx, [parsed[s.position] for s in allowed])
    writes: list[tuple[RequestStepView, Change]] = []
    for s, found in zip(allowed, current, strict=True):
        status, outcome = _judged(s, found, refused_as_seen)
        if status is None:
            assert isinstance(found, Change)
            writes.append((s, found))
        else:
            ended.append((s.position, status, outcome))
    service.record_steps(view, ended, actor)
    tell(len(ended))
    if not writes:
        return unsettled

    service.begin_steps(view, [(s.position, change) for s, change in writes], actor)
    errors = await action.apply_many(ctx, [parsed[s.position] for s, _ in writes])
    landed: list[tuple[RequestStepView, Change]] = []
    failed: list[tuple[int, str, dict[str, Any]]] = []
    for (s, change), error in zip(writes, errors, strict=True):
        if error is None:
            landed.append((s, change))
            continue
        outcome = {"message": str(error), "before": change.before, "change": change.model_dump(mode="json")}
        failed.append((s.position, "failed", outcome))
    service.record_steps(view, failed, actor)
    tell(len(failed))
    await _verify(service, ctx, view, landed, parsed, action, actor, tell)
    return unsettled


def _judged(
    s: RequestStepView, found: Preflight | MailwardenError, refused_as_seen: Refused
) -> tuple[str | None, dict[str, Any]]:
    """The status a step ends in before any write (None: it is to be written), and its outcome."""
    if isinstance(found, MailwardenError):
        return "failed", {"message": str(found)}
    if isinstance(found, Refusal):
        return "refused", {"message": refused_as_seen(s, found)}
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
    landed: list[tuple[RequestStepView, Change]],
    parsed: dict[int, Step],
    action: BulkAction,
    actor: Actor,
    tell: Progress,
) -> None:
    """Read each group once, record the writes it shows as verified, and read again (bounded backoff) for
    the rest; a write still not shown at the bound is applied but unverified, never failed."""
    delays = ctx.verify.delays()
    waiting = landed
    told_verifying = False
    last_problem: dict[int, str] = {}
    while waiting:
        current = await action.preflight_many(ctx, [parsed[s.position] for s, _ in waiting])
        still: list[tuple[RequestStepView, Change]] = []
        verified: list[tuple[int, str, dict[str, Any]]] = []
        for (s, change), found in zip(waiting, current, strict=True):
            if isinstance(found, Change) and found.already:
                outcome = {
                    "message": change.summary,
                    "before": change.before,
                    "after": found.before,
                    "verification": "verified",
                    "change": change.model_dump(mode="json"),
                }
                verified.append((s.position, "applied", outcome))
            else:
                if isinstance(found, MailwardenError):
                    last_problem[s.position] = str(found)
                still.append((s, change))
        service.record_steps(view, verified, actor)
        tell(len(verified))
        waiting = still
        delay = next(delays, None) if waiting else None
        if delay is None:
            break
        if not told_verifying:
            # Recorded applied before the wait: a run that dies while waiting must not write them again.
            verifying = [
                (
                    s.position,
                    "applied",
                    {
                        "message": f"{change.summary} (applied; waiting for the tenant to show it)",
                        "before": change.before,
                        "after": None,
                        "verification": "verifying",
                        "change": change.model_dump(mode="json"),
                    },
                )
                for s, change in waiting
            ]
            service.record_steps(view, verifying, actor)
            told_verifying = True
        await ctx.verify.sleep(delay)
    unverified: list[tuple[int, str, dict[str, Any]]] = []
    for s, change in waiting:
        problem = last_problem.get(s.position)
        why = f" (the last read failed: {problem})" if problem else ""
        outcome = {
            "message": "The tenant accepted the change but did not show it within "
            f"{ctx.verify.bound:g} seconds{why}; Microsoft's directory may still be replicating it. Check it "
            "again before changing it.",
            "before": change.before,
            "after": None,
            "verification": "unverified",
            "change": change.model_dump(mode="json"),
        }
        unverified.append((s.position, "applied", outcome))
    service.record_steps(view, unverified, actor)
    tell(len(unverified))


def _intended(step: RequestStepView) -> Change:
    return Change.model_validate((step.outcome or {}).get("change"))


def decisions_for(
    check: Any,
    view: RequestView,
    approved_by: list[str],
    why_not: Callable[[Decision, list[str]], str | None],
) -> Decide:
    """The executor's `check` as a `Decide` over many steps: one read of the live facts for all of them
    when it can (`check.many`), else one decision after another."""

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
        for decision in fresh:
            reason = why_not(decision, approved_by)
            out.append(
                None
                if reason is None
                else f"The decision changed since this step was approved, so it was not run: {reason}"
            )
        return out

    return decide
