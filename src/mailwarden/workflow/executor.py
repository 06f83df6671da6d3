"""Run an approved request: each step previewed again, then applied and verified, its outcome recorded.

The approver approved exactly the previewed change. So before a step runs, preflight reads the tenant
again: if the change is the one previewed, it runs; if the tenant is already as asked, the step is
"already"; if anything else changed in between, the step does not run and says why ("drifted"). A step
that fails does not undo the others. A run that dies mid-way leaves its lease to run out; the next run
takes the request over and, for every step without an outcome, starts again from preflight — never by
repeating a write blindly. A write that reads do not show yet is recorded as applied and "verifying" before
the wait for replication, so a run that dies while waiting does not make it again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from mailwarden.actions import WRITE_ACTIONS, execute
from mailwarden.actions.base import ActionContext, StepOutcome
from mailwarden.errors import MailwardenError
from mailwarden.model.changes import Change, Refusal
from mailwarden.model.decisions import Decision
from mailwarden.model.requests import RequestStepView, RequestView
from mailwarden.model.steps import Step, parse_step
from mailwarden.workflow.redecision import may_still_run
from mailwarden.workflow.service import SCHEDULER, Actor, RequestService

__all__ = ["StepCheck", "run_request"]

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
) -> RequestView:
    """Execute the request if it is approved (or its last run died); otherwise return it as it is.

    Before each step runs, `check` decides it again on live facts; a step whose decision no longer lets it
    run is refused with the new reason. Without `check` no step runs, except an expiry's: it only takes
    away what a request gave.
    """
    view = service.claim(tenant, request_id)
    if view is None:
        return service.get(tenant, request_id)
    approved_by = [a.approver for a in view.approvals if a.verdict == "approve"]
    for step in view.steps:
        if step.status != "pending":
            continue
        stop = None if view.kind == "expiry" else await _decided_again(check, view, step, approved_by)
        if stop is not None:
            service.record_step(view, step.position, "refused", {"message": stop}, actor)
            continue

        async def verifying(outcome: dict[str, Any], position: int = step.position) -> None:
            service.record_step(view, position, "applied", outcome, actor)

        status, outcome = await _run_step(ctx, step, verifying)
        service.record_step(view, step.position, status, outcome, actor)
    return service.finish(tenant, request_id, actor)


async def _decided_again(
    check: StepCheck | None, view: RequestView, step: RequestStepView, approved_by: list[str]
) -> str | None:
    """Why the step must not run, decided again right now; None when it may."""
    if check is None:
        return "No decision could be made on the tenant as it is now, so the step was not run."
    try:
        fresh = await check(view, parse_step(step.step))
    except MailwardenError as exc:
        return f"The tenant's facts could not be read to decide this step again, so it was not run: {exc}"
    reason = may_still_run(fresh, approved_by)
    if reason is None:
        return None
    return f"The decision changed since this step was approved, so it was not run: {reason}"


async def _run_step(
    ctx: ActionContext, step: RequestStepView, verifying: Callable[[dict[str, Any]], Awaitable[None]]
) -> tuple[str, dict[str, Any]]:
    parsed = parse_step(step.step)
    action = WRITE_ACTIONS[parsed.action]
    previewed = step.preview
    try:
        current = await action.preflight(ctx, parsed)
    except MailwardenError as exc:
        return "failed", {"message": str(exc)}
    if isinstance(current, Refusal):
        return "refused", {"message": current.reason}
    if current.already:
        return "already", {"message": current.summary, "before": current.before, "after": current.before}
    # A redacted preview (workflow/redact.py) showed no state, so there is none to drift from.
    drifted = current.before != previewed.get("before") or current.after != previewed.get("after")
    if drifted and not previewed.get("redacted"):
        return "drifted", {
            "message": "The tenant changed since this step was previewed and approved, so it was not run; "
            "submit it again to see the new preview.",
            "before": previewed.get("before"),
            "after": current.before,
        }

    def recorded(outcome: StepOutcome) -> dict[str, Any]:
        result: dict[str, Any] = {
            "message": outcome.message,
            "before": current.before,
            "after": outcome.after,
        }
        if outcome.verification is not None:
            result["verification"] = outcome.verification
        if isinstance(outcome.change, Change):
            result["change"] = outcome.change.model_dump(mode="json")
        return result

    async def on_verifying(outcome: StepOutcome) -> None:
        await verifying(recorded(outcome))

    outcome = await execute(action, ctx, parsed, on_verifying)
    return outcome.status, recorded(outcome)
