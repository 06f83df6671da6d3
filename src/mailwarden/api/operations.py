"""What the REST API and the pages do, once: plan, ask, confirm, approve, deny, cancel, undo, read, report.

Routes (routes/) and pages (web/pages.py) differ only in how they speak (JSON or HTML); both call these.
Each operation takes the runtime and the person asking, and builds on the workflow (`workflow.requests`,
`RequestService`), the policy and the read checks the CLI uses. Object-level authorization is the
service's: a request is fetched with the asker as viewer, so someone else's request is "not found".
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import inspect
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator, model_validator

from mailwarden.actions import VIEWS
from mailwarden.actions.base import View
from mailwarden.actions.delegation_report import delegation_report
from mailwarden.api.auth import Principal
from mailwarden.api.deps import Runtime, session_of
from mailwarden.api.problems import Problem
from mailwarden.errors import AmbiguousRecipient, ConfigError, DenialHeld
from mailwarden.model.changes import Change, Refusal
from mailwarden.model.decisions import Denied
from mailwarden.model.plans import Candidate, Plan, PlanStep, Preview, Question
from mailwarden.model.requests import RequestView
from mailwarden.model.steps import ACTIONS, DelegationReport, Step
from mailwarden.planner.draft import Attachment, question_id
from mailwarden.planner.durations import parse_expiry
from mailwarden.planner.request_text import MAX_REQUEST_CHARS, request_too_long
from mailwarden.planner.structured import build_step
from mailwarden.workflow import requests as flow
from mailwarden.workflow import submission
from mailwarden.workflow.as_read import ALREADY_AS_READ
from mailwarden.workflow.catalogue import Offer, catalogue
from mailwarden.workflow.listing import RequestFilter, filtered, waiting_on
from mailwarden.workflow.seen import seen_by
from mailwarden.workflow.service import PlannedStep
from mailwarden.workflow.session import Session, authorize_read
from mailwarden.workflow.waiting import count_waiting

__all__ = [
    "VIEW_NAMES",
    "AskInput",
    "Asked",
    "StepInput",
    "approvals_waiting",
    "ask",
    "cancel",
    "catalogue_of",
    "confirm",
    "get_request",
    "list_requests",
    "plan",
    "preview",
    "read_view",
    "report_delegations",
    "time_left",
    "undo",
    "verdict",
    "waiting_count",
]

# What people call the read views (the CLI's names), beside the action ids.
VIEW_NAMES = {
    "shared-mailboxes": "list_shared_mailboxes",
    "lists": "list_distribution_lists",
    "permissions": "view_mailbox_permissions",
    "send-as": "view_send_as_permissions",
    "mailbox": "view_mailbox_details",
    "members": "list_group_members",
    "calendar": "view_calendar_permissions",
}


class StepInput(BaseModel):
    """One structured step: an action id of the catalog, its change, and its parameters as people write
    them (an address, UPN, alias or name; `expires` as 14d, 12h, 2w or an ISO date)."""

    model_config = ConfigDict(extra="forbid")

    action: str = Field(examples=["send_as"])
    change: str = Field(examples=["grant"])
    params: dict[str, JsonValue] = Field(
        default_factory=dict, examples=[{"mailbox": "support@acme.com", "trustee": "sarah@acme.com"}]
    )


class AskInput(BaseModel):
    """A request: plain-language text, or structured steps; `answers` fill the questions a plan asked."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, max_length=MAX_REQUEST_CHARS)
    steps: list[StepInput] = Field(default_factory=list, max_length=200)
    answers: dict[str, str] = Field(default_factory=dict, max_length=200)
    """Answers to the questions of an earlier plan of the same request: the question's `id` -> the chosen
    candidate's address, a typed address, or "skip" (leave out a member that matches no one). The
    question's `about` ('trustee' ...) is still accepted as the key when one question has it."""
    attachments: list[Attachment] = Field(default_factory=list, max_length=10)
    """The attachments as an earlier plan read them (name, column, references), so answering a question
    does not need the files sent again."""
    justification: str | None = Field(default=None, max_length=2000)
    """Why the requester asks; required when they are the tenant's sole admin and a step wants a second
    admin (no second admin: four-eyes not possible)."""
    only_allowed: bool = False
    """Submit the allowed steps and drop the denied ones, which stay on the request with their reasons;
    without it, one denied step denies the whole request."""

    @field_validator("text", mode="before")
    @classmethod
    def _short_enough(cls, text: object) -> object:
        # Before the max_length constraint, so the person reads what to do rather than a schema message.
        if isinstance(text, str) and len(text) > MAX_REQUEST_CHARS:
            raise ValueError(request_too_long(len(text)))
        return text

    @model_validator(mode="after")
    def _something(self) -> AskInput:
        if not (self.text and self.text.strip()) and not self.steps:
            raise ValueError("give the request as 'text' or as structured 'steps'")
        return self


class Asked(BaseModel):
    """The answer to a request: its plan, and the stored request when the plan could be submitted."""

    plan: Plan
    request: RequestView | None = None


# ---- planning ----------------------------------------------------------------------------------------------


def _param_value(name: str, value: JsonValue) -> Any:
    if name == "expires" and isinstance(value, str) and value.strip():
        return parse_expiry(value)
    if name == "expires" and value is not None and not isinstance(value, str):
        # A bare number would be read as seconds since 1970: an expiry already past.
        raise ConfigError("Give 'expires' as a duration (14d, 12h, 2w) or an ISO date and time.")
    if name == "members" and isinstance(value, str):
        return tuple(m.strip() for m in value.replace(";", ",").split(",") if m.strip())
    if name == "members" and isinstance(value, list):
        return tuple(str(m) for m in value)
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _structured(
    session: Session, inputs: Sequence[StepInput], answers: dict[str, str]
) -> tuple[list[Step], list[Question]]:
    steps: list[Step] = []
    questions: list[Question] = []
    for item in inputs:
        spec = ACTIONS.get(item.action)
        if spec is None or spec.kind != "write":
            writes = ", ".join(a for a, s in ACTIONS.items() if s.kind == "write")
            raise ConfigError(f"{item.action!r} is not a change mailwarden makes. Changes: {writes}.")
        params = {k: _param_value(k, v) for k, v in item.params.items()}
        # An answer is a parameter given later: it is read through the same checks (an expiry in the past,
        # or past the one-year limit, would otherwise arrive as a raw string pydantic reads as epoch seconds).
        params.update({k: _param_value(k, v) for k, v in answers.items() if k in spec.params})
        by_id = {k.casefold(): v for k, v in answers.items()}
        for k, v in list(params.items()):
            if isinstance(v, str) and question_id(v).casefold() in by_id:
                params[k] = by_id[question_id(v).casefold()]
        try:
            steps.append(
                build_step(item.action, item.change, params, session.ctx.directory, session.requester)
            )
        except AmbiguousRecipient as exc:
            about = next((k for k, v in params.items() if v == exc.reference), "recipient")
            questions.append(
                Question(
                    id=question_id(exc.reference),
                    about=about,
                    text=f"Which {exc.reference}?",
                    candidates=[Candidate.of(c) for c in exc.candidates],
                )
            )
    return steps, questions


async def _text(
    session: Session, text: str, attachments: Sequence[Attachment], answers: dict[str, str]
) -> tuple[Plan, list[Step]]:
    """The plain-language planner (planner.compose), when this build has it."""
    try:
        compose = importlib.import_module("mailwarden.planner.compose")
    except ImportError:
        raise Problem(
            501,
            "text-planner-missing",
            "Plain-language requests are not available",
            "This build has no plain-language planner yet; send structured 'steps' instead.",
        ) from None
    planner = _default_planner(compose, session.workspace.tenant_record(session.tenant_key).time_zone)
    # Answers go to resolution by question id, never into the text: the planner would read them as more
    # request (and ignore them, asking the same question again).
    result = compose.plan_request(session, text, list(attachments), planner, answers)
    if inspect.isawaitable(result):
        result = await result
    plan, steps = result
    return plan, list(steps)


@functools.cache
def _default_planner(compose: Any, time_zone: str) -> Any:
    """The offline rules planner for the tenant's time zone (kept: it indexes the directory's names once)."""
    rules = importlib.import_module("mailwarden.planner.rules")
    return rules.RulesPlanner(zone=ZoneInfo(time_zone))


def _plan_of(planned: Sequence[PlannedStep], questions: Sequence[Question]) -> Plan:
    steps = [
        PlanStep(
            step=p.step,
            decision=p.decision,
            preview=Preview.of(p.preview) if isinstance(p.preview, Change) else None,
        )
        for p in planned
    ]
    if questions:
        return Plan(
            status="needs_clarification",
            message="Some names match more than one recipient; pick one.",
            steps=steps,
            questions=list(questions),
        )
    blocked = [p for p in planned if isinstance(p.preview, Refusal) or isinstance(p.decision, Denied)]
    if blocked:
        first = blocked[0]
        reason = first.preview.reason if isinstance(first.preview, Refusal) else first.decision.reason
        message = reason or "This cannot be done."
        if len(blocked) < len(planned):
            message += (
                f" To submit the {len(planned) - len(blocked):,} allowed step(s) and drop the "
                f"{len(blocked):,} denied, ask again with only_allowed."
            )
        return Plan(status="rejected", message=message, steps=steps)
    if all(p.closes_as_read for p in planned):
        return Plan(status="ready", message=ALREADY_AS_READ, steps=steps)
    return Plan(status="ready", message="Review the preview, then confirm.", steps=steps)


async def _planned(
    session: Session, ask_input: AskInput, attachments: Sequence[Attachment]
) -> tuple[Plan, list[PlannedStep]]:
    if ask_input.steps:
        steps, questions = _structured(session, ask_input.steps, ask_input.answers)
        decide = await session.live.decider(session.requester, steps)
        planned = await flow.plan_steps(session.ctx, session.requester, steps, decide, reader=session)
        return _plan_of(planned, questions), planned
    files = list(attachments) or list(ask_input.attachments)
    plan, steps = await _text(session, ask_input.text or "", files, ask_input.answers)
    writes = [s for s in steps if ACTIONS[s.action].kind == "write"]
    if not writes or not (plan.status == "ready" or (plan.status == "rejected" and ask_input.only_allowed)):
        # Nothing to store: a question to answer, or only read views (shown in the plan's decisions).
        return plan, []
    decide = await session.live.decider(session.requester, writes)
    planned = await flow.plan_steps(session.ctx, session.requester, writes, decide, reader=session)
    return plan, planned


async def plan(
    runtime: Runtime, who: Principal, ask_input: AskInput, attachments: Sequence[Attachment] = ()
) -> Plan:
    """What the request would do (the plan JSON of DESIGN §4); changes nothing."""
    session = session_of(runtime, who)
    result, _ = await _planned(session, ask_input, attachments)
    return result


async def preview(
    runtime: Runtime, who: Principal, ask_input: AskInput, attachments: Sequence[Attachment] = ()
) -> tuple[Plan, bool]:
    """The plan, stored nowhere, and whether it can be submitted as it stands (a sole admin's missing
    justification is refused now, before the person is offered to submit)."""
    session = session_of(runtime, who)
    result, planned = await _planned(session, ask_input, attachments)
    if result.status == "needs_clarification" or not planned:
        return result, False
    waits = submission.awaits_confirmation(
        planned, only_allowed=ask_input.only_allowed, justification=ask_input.justification
    )
    return result, waits


async def ask(
    runtime: Runtime,
    who: Principal,
    ask_input: AskInput,
    *,
    channel: str,
    confirm: bool = False,
    attachments: Sequence[Attachment] = (),
) -> Asked:
    """Plan the request and, when it is complete (no question left), store it for the requester to confirm
    (or, with `confirm`, confirm it at once: it then waits for approval or runs)."""
    session = session_of(runtime, who)
    result, planned = await _planned(session, ask_input, attachments)
    if result.status == "needs_clarification" or not planned:
        return Asked(plan=result)
    view = await submission.submit(
        session,
        planned,
        refresh=runtime.refresh,
        confirm=confirm,
        channel=channel,
        text=ask_input.text or None,
        justification=ask_input.justification,
        only_allowed=ask_input.only_allowed,
    )
    return Asked(plan=result, request=view)


# ---- requests ----------------------------------------------------------------------------------------------


def _resolve(runtime: Runtime, who: Principal, request_id: str) -> RequestView:
    """The request an id (or its first 8+ characters) names, if this person may see it (as they may see
    it: `seen_by`); else not found."""
    service = runtime.workspace.requests
    full = service.resolve_id(runtime.tenant_key, request_id, viewer=who.actor)
    return seen_by(who, service.get(runtime.tenant_key, full, viewer=who.actor))


def get_request(runtime: Runtime, who: Principal, request_id: str) -> RequestView:
    """The request, and when a worker is to run it, its job's state (jobs/status.py)."""
    from mailwarden.jobs.status import with_queue

    return with_queue(runtime.workspace.store, _resolve(runtime, who, request_id))


def list_requests(
    runtime: Runtime, who: Principal, *, chosen: RequestFilter, limit: int, offset: int
) -> tuple[list[RequestView], bool]:
    """One page of the requests this person sees (an admin: all) under `chosen`, newest first, and whether
    more follow."""
    from mailwarden.jobs.status import with_queue_all

    views = filtered(
        runtime.workspace.requests, runtime.tenant_key, who.actor, chosen, limit=limit + 1, offset=offset
    )
    return [seen_by(who, v) for v in with_queue_all(runtime.workspace.store, views[:limit])], len(
        views
    ) > limit


def approvals_waiting(
    runtime: Runtime, who: Principal, *, limit: int, offset: int
) -> tuple[list[RequestView], bool]:
    """Requests waiting for this person's approval, newest first."""
    waiting = waiting_on(
        runtime.workspace.requests, runtime.tenant_key, who.actor, limit=limit + 1, offset=offset
    )
    return [seen_by(who, v) for v in waiting[:limit]], len(waiting) > limit


def waiting_count(runtime: Runtime, who: Principal) -> int:
    """How many requests wait for this person's approval (the Approvals tab's count, on every page: one
    COUNT, and no write)."""
    return count_waiting(runtime.workspace.requests, runtime.tenant_key, who.actor)


async def confirm(runtime: Runtime, who: Principal, request_id: str) -> RequestView:
    view = _resolve(runtime, who, request_id)
    return seen_by(who, await submission.confirm(session_of(runtime, who), view.request_id, runtime.refresh))


def cancel(runtime: Runtime, who: Principal, request_id: str) -> RequestView:
    view = _resolve(runtime, who, request_id)
    return seen_by(who, runtime.workspace.requests.cancel(runtime.tenant_key, view.request_id, who.actor))


async def undo(runtime: Runtime, who: Principal, request_id: str, *, channel: str) -> RequestView:
    """A new request reverting what a finished request changed, for the asker to confirm."""
    session = session_of(runtime, who)
    view = _resolve(runtime, who, request_id)
    return await flow.undo(
        session.service,
        session.ctx,
        runtime.tenant_key,
        view.request_id,
        who.actor,
        who.recipient,
        session.decide,
        reader=session,
        channel=channel,
    )


async def retry(runtime: Runtime, who: Principal, request_id: str) -> RequestView:
    """Run a finished request's failed steps again, each decided again on live facts (the requester or an
    admin; workflow/submission.py)."""
    view = _resolve(runtime, who, request_id)
    return seen_by(who, await submission.retry(session_of(runtime, who), view.request_id, runtime.refresh))


async def verdict(
    runtime: Runtime, who: Principal, request_id: str, *, approve: bool, justification: str | None
) -> RequestView:
    """Approve (then run, once every step has its approval) or deny a request waiting on this person."""
    view = _resolve(runtime, who, request_id)
    try:
        decided = await submission.verdict(
            session_of(runtime, who),
            view.request_id,
            approve=approve,
            justification=justification,
            refresh=runtime.refresh,
        )
        return seen_by(who, decided)
    except DenialHeld:
        # A drift revert's denial held for a second admin is a vote recorded, not a failure: the request,
        # still waiting, says so (`held_denials`), on the page the web redirects to and in the API's answer.
        return _resolve(runtime, who, view.request_id)


def time_left(view: RequestView, now: dt.datetime | None = None) -> dt.timedelta | None:
    """For time-bound access that is in force: how long until it is taken back."""
    now = now or dt.datetime.now(dt.UTC)
    ends = [s.expires for s in view.every_step() if s.expires and s.status == "applied" and not s.reverted_by]
    return min(ends) - now if ends else None


def catalogue_of(runtime: Runtime, who: Principal) -> list[Offer]:
    """The shared mailboxes and lists this person may ask for, with who approves (workflow/catalogue.py)."""
    session = session_of(runtime, who)
    return catalogue(session.engine, session.org, session.ctx.directory, session.requester)


# ---- reads -------------------------------------------------------------------------------------------------


def view_action(name: str) -> str:
    action = VIEW_NAMES.get(name, name.replace("-", "_"))
    if action not in VIEWS or action == "delegation_report":
        raise Problem(
            404,
            "unknown-view",
            "No such view",
            f"Unknown view {name!r}. Views: {', '.join(sorted(VIEW_NAMES))}; the delegation report is "
            "under /api/v1/reports/delegations.",
        )
    return action


async def read_view(runtime: Runtime, who: Principal, name: str, params: dict[str, str | None]) -> View:
    """A read view, read live, if the policy lets this person see it."""
    action = view_action(name)
    spec = ACTIONS[action]
    session = session_of(runtime, who)
    given = {k: v for k, v in params.items() if k in spec.params and v}
    step = build_step(action, "read", given, session.ctx.directory, session.requester)
    await authorize_read(session, step)
    return await VIEWS[action].run(session.ctx, step)


async def report_delegations(
    runtime: Runtime, who: Principal, *, trustee: str | None, mailbox: str | None
) -> View:
    """Full Access, Send As, Send on Behalf across the tenant (or one person's reach, or one mailbox)."""
    session = session_of(runtime, who)
    step = build_step(
        "delegation_report",
        "read",
        {"trustee": trustee or None, "mailbox": mailbox or None},
        session.ctx.directory,
        session.requester,
    )
    assert isinstance(step, DelegationReport)
    await authorize_read(session, step)
    return await delegation_report(
        session.ctx,
        trustee=step.trustee,
        mailbox=step.mailbox,
        cache=runtime.workspace.documents,
    )
