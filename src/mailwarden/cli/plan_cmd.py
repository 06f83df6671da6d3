"""`mailwarden plan` and `mailwarden ask`: plain-language requests.

`plan` prints what a request would do (the plan JSON of DESIGN §4 with --json) and changes nothing: no
request is stored and nothing is written. `ask` shows the same preview, answers the planner's questions
(interactively, or with --choose N in order), and on confirmation submits the request through the
workflow exactly as `mailwarden do` does.

The lead registers these in cli/main.py:
    app.command("plan")(plan_cmd.plan)
    app.command("ask")(plan_cmd.ask)
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from mailwarden.connectors.connection import TenantConnection
from mailwarden.errors import ConfigError
from mailwarden.model.plans import Plan, Question
from mailwarden.model.steps import ACTIONS, Step
from mailwarden.planner.compose import preview_and_decide, resolve_request
from mailwarden.planner.draft import AnyPlanner, Attachment, in_time_zone
from mailwarden.planner.request_text import checked_request_text
from mailwarden.workflow.as_read import TAKING
from mailwarden.workflow.session import Session
from mailwarden.workspace import Workspace, run

from .common import (
    AsOption,
    JsonOption,
    JustificationOption,
    OnlyAllowedOption,
    TenantOption,
    console,
    escape,
    fail,
    handles_errors,
    print_json,
)
from .render import MANY_STEPS, render_decision, render_end, render_view
from .session import acting, workspace_connection

__all__ = ["ask", "load_planner", "plan"]

TextArgument = Annotated[list[str], typer.Argument(help="The request, in plain language (after --).")]
AttachOption = Annotated[
    list[Path] | None,
    typer.Option("--attach", help="A CSV or XLSX file the request refers to (repeat for several)."),
]
PlannerOption = Annotated[
    str, typer.Option("--planner", help="rules (offline, the default) or llm (needs configuration).")
]
_STATUS_STYLE = {
    "ready": "green",
    "needs_clarification": "yellow",
    "not_understood": "red",
    "rejected": "red",
}


def load_planner(name: str) -> AnyPlanner:
    """The planner called `name`; the LLM planner is imported only when asked for."""
    if name == "rules":
        from mailwarden.planner.rules import RulesPlanner

        return RulesPlanner()
    if name == "llm":
        # Imported lazily: it is optional, and it raises ConfigError naming the settings it needs.
        from mailwarden.planner.llm import LlmPlanner

        return LlmPlanner.from_env()
    raise ConfigError(f"--planner {name!r}: choose 'rules' (offline) or 'llm'.")


def planning_session(
    workspace: Workspace, connection: TenantConnection, tenant_key: str, as_: str | None
) -> contextlib.AbstractAsyncContextManager[Session]:
    """The session of `acting`, read-only: planning must not run due expiries or change requests."""
    return acting(workspace, connection, tenant_key, as_, catch_up=False)


def _attachments(paths: Sequence[Path] | None) -> list[Attachment]:
    if not paths:
        return []
    from mailwarden.planner.attachments import read_attachment  # only a request with --attach reads one

    return [read_attachment(p) for p in paths]


def _text(words: Sequence[str]) -> str:
    text = " ".join(words).strip()
    if not text:
        raise ConfigError(
            "Say what you want after '--', for example: mailwarden plan -- Add Tom to all-sales"
        )
    return checked_request_text(text)


@handles_errors
def plan(
    text: TextArgument,
    attach: AttachOption = None,
    planner: PlannerOption = "rules",
    tenant: TenantOption = "demo",
    as_: AsOption = None,
    json_out: JsonOption = False,
) -> None:
    """Show what a plain-language request would do. Changes nothing."""
    request = _text(text)
    files = _attachments(attach)
    chosen = load_planner(planner)

    async def main() -> Plan:
        with workspace_connection(tenant) as (workspace, connection):
            async with planning_session(workspace, connection, tenant, as_) as session:
                zoned = in_time_zone(chosen, workspace.tenant_record(tenant).zone)
                resolved = await resolve_request(session, request, files, zoned)
                return await preview_and_decide(session, resolved)

    result: Plan = run(main())
    if json_out:
        print_json(result.model_dump(mode="json"))
    else:
        render_plan(result)


@handles_errors
def ask(
    text: TextArgument,
    attach: AttachOption = None,
    choose: Annotated[
        list[int] | None,
        typer.Option("--choose", help="Answer the questions in order: the number of the candidate (repeat)."),
    ] = None,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            help="Answer a question by its id: QID=ADDRESS (a candidate or any address), or QID=skip to "
            "leave out an attachment's row that matches no one (repeat).",
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Submit without asking to confirm.")] = False,
    planner: PlannerOption = "rules",
    tenant: TenantOption = "demo",
    as_: AsOption = None,
    json_out: JsonOption = False,
    justification: JustificationOption = None,
    only_allowed: OnlyAllowedOption = False,
) -> None:
    """Ask for something in plain language: preview it, answer questions, confirm, and submit it."""
    request = _text(text)
    files = _attachments(attach)
    chosen = load_planner(planner)
    picks = list(choose or [])
    given = _given_answers(answer or [])

    async def main() -> None:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_) as session:
                zoned = in_time_zone(chosen, workspace.tenant_record(tenant).zone)
                answers: dict[str, str] = dict(given)
                while True:
                    resolved = await resolve_request(session, request, files, zoned, answers)
                    result = await preview_and_decide(session, resolved)
                    if result.status != "needs_clarification":
                        break
                    before = dict(answers)
                    for question, reference in zip(result.questions, resolved.references, strict=True):
                        if reference is None and question.candidates and question.id not in answers:
                            # the planner's own question with answers to offer ("which calendar level?"):
                            # the one chosen is said back into the request, by the question's id
                            answers[question.id] = _answer(question, picks)
                            continue
                        if reference is None or reference.casefold() in {a.casefold() for a in answers}:
                            continue
                        if question.id in answers:
                            fail(f"--answer {question.id}={answers[question.id]}: {question.text}")
                        answers[reference] = _answer(question, picks)
                    if answers == before:
                        fail(f"{result.questions[0].text} Rephrase the request and ask again.")
                if not json_out:
                    render_plan(result)
                if result.status == "not_understood" or (result.status == "rejected" and not only_allowed):
                    if result.status == "rejected" and not json_out:
                        _offer_only_allowed(result)
                    raise typer.Exit(1)
                submit = SubmitOptions(yes, json_out, justification, only_allowed)
                await _submit(session, tenant, request, resolved.steps, submit)

    run(main())


def _given_answers(items: Sequence[str]) -> dict[str, str]:
    given: dict[str, str] = {}
    for item in items:
        qid, sep, value = item.partition("=")
        if not sep or not qid.strip() or not value.strip():
            fail(f"--answer {item!r}: write it as QID=ADDRESS (the id is shown with each question).")
        given[qid.strip()] = value.strip()
    return given


def _answer(question: Question, picks: list[int]) -> str:
    if not question.candidates:
        fail(f"{question.text} Rephrase the request and ask again.")
    if picks:
        n = picks.pop(0)
    else:
        console.print(f"[yellow]?[/] {escape(question.text)}", highlight=False)
        for i, c in enumerate(question.candidates, start=1):
            console.print(
                escape(f"  {i}. {c.display_name} <{c.address}>" + (f" — {c.detail}" if c.detail else "")),
                highlight=False,
            )
        n = typer.prompt("Which one", type=int)
    if not 1 <= n <= len(question.candidates):
        fail(f"--choose {n}: pick a number from 1 to {len(question.candidates)} for {question.text!r}.")
    return question.candidates[n - 1].address


@dataclass(frozen=True)
class SubmitOptions:
    yes: bool
    json_out: bool
    justification: str | None
    only_allowed: bool


def _offer_only_allowed(result: Plan) -> None:
    denied = sum(s.decision is not None and s.decision.outcome == "denied" for s in result.steps)
    allowed = len(result.steps) - denied
    if allowed and denied:
        console.print(
            f"To submit the {allowed} allowed step(s) and drop the {denied} denied, ask again with "
            "--only-allowed.",
            highlight=False,
        )


async def _submit(
    session: Session, tenant: str, text: str, steps: Sequence[Step], opts: SubmitOptions
) -> None:
    yes, json_out = opts.yes, opts.json_out
    reads = [s for s in steps if ACTIONS[s.action].kind == "read"]
    writes = [s for s in steps if ACTIONS[s.action].kind == "write"]
    if reads:
        # Views (and their access reports, origins and grants) only when the request has a read step.
        from mailwarden.access.answer import answer_read
    for step in reads:
        shown = await answer_read(session, step, compact=not json_out)
        if json_out:
            print_json(shown.model_dump(mode="json"))
        else:
            render_view(shown)
    if not writes:
        return
    from .submit import submit_writes  # the workflow (its request service, audit log) only to submit

    await submit_writes(
        session,
        writes,
        yes=yes,
        json_out=json_out,
        text=text,
        show_preview=False,
        justification=opts.justification,
        only_allowed=opts.only_allowed,
    )


def _render_plan_summary(result: Plan) -> None:
    """Many steps: how many of each kind of change and decision, and each step the policy denies."""
    kinds: dict[str, int] = {}
    problems = []
    for planned in result.steps:
        spec = ACTIONS[planned.step.action]
        preview = planned.preview
        state = "view" if preview is None else "already so" if preview.already else "change"
        decision = planned.decision.outcome.replace("_", " ") if planned.decision is not None else ""
        key = f"{spec.label} ({planned.step.change}): {state}, {decision}"
        kinds[key] = kinds.get(key, 0) + 1
        if planned.decision is not None and planned.decision.outcome == "denied":
            problems.append(planned)
    for key, n in kinds.items():
        console.print(f"  {n:>6,d} × {key}", highlight=False)
    for planned in problems[:20]:
        why = planned.decision.reason if planned.decision is not None else ""
        summary = planned.preview.summary if planned.preview is not None else ""
        console.print(f"  [red]✗[/] {escape(summary)} {escape(why)}".rstrip(), highlight=False)
    if len(problems) > 20:
        console.print(f"  ... and {len(problems) - 20} more (--json shows every step)", highlight=False)


def render_plan(result: Plan) -> None:
    """A plan for people: status, message, each step with its preview and decision, the questions."""
    style = _STATUS_STYLE[result.status]
    console.print(f"[{style}]{result.status.replace('_', ' ')}[/]: {escape(result.message)}", highlight=False)
    if len(result.steps) > MANY_STEPS:
        _render_plan_summary(result)
    for planned in result.steps if len(result.steps) <= MANY_STEPS else []:
        spec = ACTIONS[planned.step.action]
        if planned.preview is not None:
            mark = (
                "[yellow]→[/]"
                if not planned.preview.already
                else "[cyan]= reads as already so; sent all the same[/]"
                if planned.step.change in TAKING
                else "[cyan]= already so, as read[/]"
            )
            console.print(
                f"{mark} [bold]{spec.label}[/] ({planned.step.change}): {planned.preview.summary}",
                highlight=False,
            )
            render_end(planned.step)
        else:
            params = planned.step.model_dump(exclude={"action", "change"}, exclude_none=True)
            shown = ", ".join(f"{k}={v}" for k, v in params.items())
            console.print(
                f"[cyan]view[/] [bold]{spec.label}[/]" + (f": {shown}" if shown else ""), highlight=False
            )
        if planned.decision is None:
            continue
        if planned.preview is None and planned.decision.outcome == "allowed":
            console.print("    [green]policy: allowed[/]", highlight=False)  # a view needs no confirmation
        else:
            render_decision(planned.decision)
    for question in result.questions:
        shown_id = f" [dim]({question.id})[/]" if question.id else ""
        console.print(f"[yellow]?[/] {escape(question.text)}{shown_id}", highlight=False)
        for i, c in enumerate(question.candidates, start=1):
            console.print(
                escape(f"  {i}. {c.display_name} <{c.address}>" + (f" — {c.detail}" if c.detail else "")),
                highlight=False,
            )
