"""From a model's answer (text that should be a JSON `Draft`) to a `Draft` of only what the catalog allows.

A model's answer is untrusted input, whether the model is wrong, confused by the request or steered by
an attacker who wrote it. So it is read field by field with pydantic, and anything outside the catalog is
dropped rather than passed on:

- a step with an action or change the catalog does not have is dropped, and a question says so: the plan
  then needs clarification instead of running without a part the person asked for;
- a parameter the action does not take (`approved_by`, `skip_policy`, `requester`, ...) is dropped; so is a
  value of the wrong type. When that leaves a required parameter empty, a question asks for it;
- fields outside the Draft's shape are ignored; the Draft has no field for who is asking, who approved or
  whether policy applies, so a model cannot set them;
- when a step was dropped, the model's message is replaced by one saying so: a model that proposed
  something outside the catalog does not also get to word the summary ("Approved by IT");
- status is recomputed from what is left (questions → needs_clarification; steps → ready; else
  not_understood), so a model cannot call a plan with open questions "ready".

An attachment's people never pass through the model: it writes `attachment:NAME` where the request means
them, and each such step is expanded here into one step per reference of the file, in file order.

What remains is references as written; `planner.compose` resolves, previews and asks the policy, exactly
as for a structured request.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from mailwarden.logs import get_logger
from mailwarden.model.steps import ACTIONS, ActionSpec
from mailwarden.planner.draft import Attachment, Draft, DraftQuestion, DraftStatus, DraftStep

__all__ = ["ATTACHMENT_PREFIX", "DROPPED", "MAX_STEPS", "NOT_JSON", "read_draft"]

ATTACHMENT_PREFIX = "attachment:"
"""How a model refers to the people an attachment lists: `attachment:` + the file name."""

MAX_STEPS = 500
"""More steps than this in one answer is a runaway model, not a request: the answer is refused whole."""

DROPPED = (
    "Part of what the language model proposed is not something mailwarden can do and was left out; "
    "see the questions."
)

NOT_JSON = (
    "The language model's answer could not be read as a plan, so nothing was planned. "
    "Try again, or rephrase the request."
)

_MAX_TEXT = 500
"""Longest message or question text kept from a model (longer ones are cut)."""
_MAX_VALUE = 320
"""Longest parameter value kept: an SMTP address is at most 254 characters, a display name 256."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

_log = get_logger("mailwarden.planner")


class _Answer(BaseModel):
    """The top of a model's answer, read leniently: steps and questions are checked one by one."""

    model_config = ConfigDict(extra="ignore")

    message: str = ""
    steps: list[Any] | None = Field(default=None)
    questions: list[Any] | None = Field(default=None)


class _AnswerStep(BaseModel):
    model_config = ConfigDict(extra="ignore")

    action: str
    change: str
    params: dict[str, Any] | None = None


class _AnswerQuestion(BaseModel):
    model_config = ConfigDict(extra="ignore")

    about: str
    text: str
    candidates: list[str] | None = None


def read_draft(
    content: str, attachments: Sequence[Attachment] = (), *, now: dt.datetime | None = None
) -> Draft:
    """The `Draft` in a model's answer, cut down to the catalog, attachments expanded; not_understood when
    there is none. `now` (aware, in the tenant's zone): an end time written without an offset is read in
    that zone, and one already past is asked about rather than planned."""
    try:
        data = json.loads(content)
        answer = _Answer.model_validate(data)
    except (ValueError, ValidationError):
        # json.JSONDecodeError is a ValueError. Only the size is logged: the answer may echo the request.
        _log.warning("llm_answer_unreadable", chars=len(content))
        return Draft(status="not_understood", message=NOT_JSON)
    raw_steps = answer.steps or []
    if len(raw_steps) > MAX_STEPS:
        _log.warning("llm_answer_too_long", steps=len(raw_steps))
        return Draft(
            status="not_understood",
            message=f"The language model proposed {len(raw_steps)} steps; at most {MAX_STEPS} are "
            "accepted in one request. Split the request.",
        )
    steps: list[DraftStep] = []
    questions: list[DraftQuestion] = []
    dropped = False
    for raw in raw_steps:
        step, asked = _read_step(raw, now)
        if step is not None:
            steps.extend(_expand(step, attachments))
        elif any(q.about == "action" for q in asked):
            dropped = True
        questions.extend(asked)
    for raw in answer.questions or []:
        question = _read_question(raw)
        if question is not None and question not in questions:
            questions.append(question)
    message = DROPPED if dropped else _text(answer.message)
    status: DraftStatus
    if questions:
        status = "needs_clarification"
    elif steps:
        status = "ready"
    else:
        status = "not_understood"
        message = message or "The request did not ask for anything mailwarden can do."
    return Draft(status=status, message=message, steps=steps, questions=questions)


def _read_step(raw: Any, now: dt.datetime | None = None) -> tuple[DraftStep | None, list[DraftQuestion]]:
    try:
        step = _AnswerStep.model_validate(raw)
    except ValidationError:
        _log.info("llm_step_dropped", reason="shape")
        return None, [DraftQuestion(about="action", text="Part of the request could not be understood.")]
    spec = ACTIONS.get(step.action)
    if spec is None:
        _log.info("llm_step_dropped", reason="unknown_action", action=step.action[:64])
        return None, [
            DraftQuestion(
                about="action",
                text=f"{step.action[:64]!r} is not something mailwarden can do, so it was left out. "
                f"It can do: {', '.join(s.label for s in ACTIONS.values() if s.kind == 'write')}, "
                "and show permissions, members and reports.",
            )
        ]
    if step.change not in spec.changes:
        _log.info("llm_step_dropped", reason="unknown_change", action=spec.action, change=step.change[:64])
        return None, [
            DraftQuestion(
                about="action",
                text=f"{spec.label} can be {' or '.join(spec.changes)}, not {step.change[:64]!r}: "
                "which did you mean?",
                candidates=list(spec.changes),
            )
        ]
    params: dict[str, Any] = {}
    dropped: list[str] = []
    for name, value in (step.params or {}).items():
        if name not in spec.params:
            dropped.append(name[:64])
            continue
        if value is None:
            continue
        checked = _param_value(spec, name, value)
        if checked is None:
            dropped.append(name)
        else:
            params[name] = checked
    if dropped:
        _log.info("llm_params_dropped", action=spec.action, params=sorted(dropped))
    questions = [
        _missing(spec, step.change, name) for name in spec.required_params(step.change) if name not in params
    ]
    if "expires" in params:
        params["expires"], late = _end_time(params["expires"], now)
        if late is not None:
            questions.append(late)
    if questions:
        return None, questions
    return DraftStep(action=spec.action, change=step.change, params=params), []


def _end_time(value: str, now: dt.datetime | None) -> tuple[str, DraftQuestion | None]:
    """An end time as an instant (UTC): without an offset it is a local time in the tenant's zone (the one
    `now` is in); one that is not after `now` is a question, never a grant that ends as it starts."""
    when = dt.datetime.fromisoformat(value)
    if when.tzinfo is None:
        zone = now.tzinfo if now is not None and now.tzinfo is not None else dt.UTC
        when = when.replace(tzinfo=zone)
    when = when.astimezone(dt.UTC)
    if now is not None and when <= now:
        shown = when.astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M %Z")
        return when.isoformat(), DraftQuestion(
            about="expires",
            text=f"The end time read from the request ({shown}) has already passed: when should the access "
            "end?",
        )
    return when.isoformat(), None


def _expand(step: DraftStep, attachments: Sequence[Attachment]) -> list[DraftStep]:
    """`step` once per reference of the attachment a parameter names (a `members` list gets them all)."""
    files = {ATTACHMENT_PREFIX + a.name.casefold(): a.references for a in attachments}
    params = dict(step.params)
    members = params.get("members")
    if isinstance(members, list):
        params["members"] = [r for m in members for r in files.get(str(m).casefold(), [m])]
    named = next(
        (n for n, v in params.items() if isinstance(v, str) and v.casefold() in files),
        None,
    )
    if named is None:
        return [step.model_copy(update={"params": params})]
    return [
        DraftStep(action=step.action, change=step.change, params={**params, named: reference})
        for reference in files[params[named].casefold()]
    ]


def _param_value(spec: ActionSpec, name: str, value: Any) -> Any:
    """The value in JSON form if the step model's field accepts it, else None."""
    if isinstance(value, str) and len(value) > _MAX_VALUE:
        return None
    if isinstance(value, list) and any(not isinstance(v, str) or len(v) > _MAX_VALUE for v in value):
        return None
    adapter = _field_adapter(spec.action, name)
    try:
        parsed = adapter.validate_python(value.strip() if isinstance(value, str) else value)
    except ValidationError:
        return None
    return adapter.dump_python(parsed, mode="json")


@cache
def _field_adapter(action: str, name: str) -> TypeAdapter[Any]:
    field = ACTIONS[action].model.model_fields[name]
    # The field's full annotation, constraints included; every step field has one.
    return TypeAdapter[Any](field.rebuild_annotation())


def _missing(spec: ActionSpec, change: str, name: str) -> DraftQuestion:
    choices = _choices(spec, name)
    return DraftQuestion(
        about=name,
        text=f"{spec.label} {change}: which {name.replace('_', ' ')}?",
        candidates=choices,
    )


def _choices(spec: ActionSpec, name: str) -> list[str]:
    schema = spec.model.model_json_schema()["properties"].get(name, {})
    for option in [schema, *schema.get("anyOf", ())]:
        if "enum" in option:
            return [str(v) for v in option["enum"]]
    return []


def _read_question(raw: Any) -> DraftQuestion | None:
    try:
        question = _AnswerQuestion.model_validate(raw)
    except ValidationError:
        return None
    about = question.about if question.about == "action" or _is_param(question.about) else "action"
    text = _text(question.text)
    if not text:
        return None
    candidates = [_text(c)[:_MAX_VALUE] for c in (question.candidates or [])[:20] if _text(c)]
    return DraftQuestion(about=about, text=text, candidates=candidates)


def _is_param(name: str) -> bool:
    return any(name in spec.params for spec in ACTIONS.values())


def _text(value: str) -> str:
    """A model's prose for a person: control characters removed, whitespace folded, length capped."""
    return " ".join(_CONTROL.sub(" ", value).split())[:_MAX_TEXT]
