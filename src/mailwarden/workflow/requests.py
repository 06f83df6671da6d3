"""The request flow end to end: preview and decide each step, submit, run when approved, undo, expire.

Channels (CLI, API, web) call these; they hold no rules of their own. Policy is passed in as a `Decider`
so the tenant's current policy decides, and tests can use the real engine with any policy text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import structlog

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import ActionContext
from mailwarden.errors import InvalidTransition, MailwardenError, NotPermitted
from mailwarden.model.changes import Change, Preflight
from mailwarden.model.decisions import Allowed, ApprovalRequired, Decision, Denied
from mailwarden.model.recipients import Recipient
from mailwarden.model.requests import RequestState, RequestStepView, RequestView
from mailwarden.model.steps import Step, parse_step
from mailwarden.policy import Org, PolicyEngine
from mailwarden.workflow.executor import StepCheck, run_request
from mailwarden.workflow.service import SCHEDULER, Actor, PlannedStep, RequestService

__all__ = ["Decider", "advance", "check_may_approve", "plan_steps", "run_expiries", "submit", "undo"]

log = structlog.get_logger("mailwarden.workflow")

Decider = Callable[[Recipient, Step, Preflight], Decision]
"""The tenant's policy: (requester, step, what preflight found) -> Allowed | ApprovalRequired | Denied."""


async def plan_steps(
    ctx: ActionContext, requester: Recipient, steps: Sequence[Step], decide: Decider
) -> list[PlannedStep]:
    """Preview each step against the tenant as it is now, and let policy decide it."""
    planned = []
    for step in steps:
        preview = await WRITE_ACTIONS[step.action].preflight(ctx, step)
        planned.append(PlannedStep(step=step, preview=preview, decision=decide(requester, step, preview)))
    return planned


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
) -> RequestView:
    """Run the request if it is approved (or its last run died mid-way); else return it unchanged."""
    view = service.get(tenant, request_id)
    if view.state in (RequestState.APPROVED, RequestState.EXECUTING):
        return await run_request(service, ctx, tenant, request_id, check=check)
    return view


async def undo(
    service: RequestService,
    ctx: ActionContext,
    tenant: str,
    request_id: str,
    actor: Actor,
    requester: Recipient,
    decide: Decider,
) -> RequestView:
    """A new request that reverts what a finished request changed, from its recorded before-state,
    under the same policy as any other request (previewed, decided, confirmed, approved)."""
    original = service.get(tenant, request_id, viewer=actor)
    if original.state not in (RequestState.COMPLETED, RequestState.PARTIALLY_FAILED):
        raise InvalidTransition(request_id, original.state.value, "undone")
    reverts: list[Step] = []
    for step in original.steps:
        if step.status != "applied" or step.reverted_by:
            continue
        change = Change.model_validate((step.outcome or {}).get("change") or _change_of(step.preview))
        revert = WRITE_ACTIONS[str(step.step["action"])].revert(parse_step(step.step), change)
        if revert is not None:
            reverts.append(revert)
    if not reverts:
        raise NotPermitted(f"Request {request_id!r} changed nothing that can be undone.")
    planned = await plan_steps(ctx, requester, reverts, decide)
    return service.submit(
        tenant,
        actor,
        planned,
        kind="undo",
        parent_request_id=request_id,
        text=f"Undo of request {request_id}",
    )


async def run_expiries(service: RequestService, ctx: ActionContext, tenant: str) -> list[RequestView]:
    """Revert every time-bound grant whose time has come, including those missed while mailwarden was down.

    The revert is a request of the scheduler's, decided as allowed (taking back access that was only ever
    granted until then), run at once and audited like any other.
    """
    done = []
    for view, step in service.due_expiries(tenant):
        try:
            expiry = await _expire_step(service, ctx, tenant, view, step)
        except MailwardenError as exc:
            # One expiry that cannot run now must not stop the others, nor the command that caught up on
            # it; it stays due and is tried again on the next pass.
            log.warning("expiry_postponed", tenant=tenant, request_id=view.request_id, reason=str(exc))
            continue
        if expiry is None:
            continue
        if expiry.state is RequestState.COMPLETED:
            service.mark_reverted(view.request_id, step.position, expiry.request_id)
        done.append(expiry)
    return done


async def _expire_step(
    service: RequestService, ctx: ActionContext, tenant: str, view: RequestView, step: RequestStepView
) -> RequestView | None:
    """Revert one time-bound step as a scheduler's request; None when the step has nothing to revert.

    Only a completed revert marks the grant as taken back: a failed or refused one leaves it due.
    """
    change = Change.model_validate((step.outcome or {}).get("change") or _change_of(step.preview))
    revert = WRITE_ACTIONS[str(step.step["action"])].revert(parse_step(step.step), change)
    if revert is None:
        return None
    preview = await WRITE_ACTIONS[revert.action].preflight(ctx, revert)
    decision = Allowed(reason=f"Time-bound access from request {view.request_id} ended.", policies=["expiry"])
    expiry = service.submit(
        tenant,
        SCHEDULER,
        [PlannedStep(revert, preview, decision)],
        kind="expiry",
        parent_request_id=view.request_id,
        channel="scheduler",
        text=f"Expiry of request {view.request_id}",
    )
    if expiry.state is RequestState.NEEDS_CONFIRMATION:
        service.confirm(tenant, expiry.request_id, SCHEDULER)
        expiry = await run_request(service, ctx, tenant, expiry.request_id)
    return expiry


def _change_of(preview: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in preview.items() if k != "kind"}


def check_may_approve(engine: PolicyEngine, org: Org, approver: Recipient, view: RequestView) -> None:
    """Ask the policy again at the moment of approval: the directory may have changed since the preview
    (the approver disabled, no longer an owner). Raises NotPermitted with the policy's reason."""
    requester = org.find(view.requester)
    for step in view.steps:
        decision = step.decision
        if not isinstance(decision, ApprovalRequired) or approver.primary_address not in decision.approvers:
            continue
        verdict = engine.may_approve(org, approver, requester or view.requester, parse_step(step.step))
        if isinstance(verdict, Denied):
            raise NotPermitted(f"You may no longer approve this request: {verdict.reason}")
