"""Submitting write steps as a request, the same way from `do` and from `ask`.

Preview and decide, ask the requester to confirm, and only then submit through the workflow
(workflow/submission.py: health refusal, live decision, run, cache refresh); print. A declined preview
stores nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from mailwarden.model.changes import Refusal
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import ACTIONS, Step
from mailwarden.workflow import submission
from mailwarden.workflow.requests import plan_steps
from mailwarden.workflow.service import PlannedStep
from mailwarden.workflow.session import Session

from .common import console, print_json, rich_console
from .render import FAILED_STATES, MANY_STEPS, render_decision, render_end, render_preflight, render_request

__all__ = ["submit_writes"]


async def submit_writes(
    session: Session,
    steps: Sequence[Step],
    *,
    yes: bool,
    json_out: bool,
    text: str | None = None,
    show_preview: bool = True,
    justification: str | None = None,
    only_allowed: bool = False,
) -> RequestView:
    tenant = session.tenant_key
    submission.refuse_unavailable(session, steps)
    live = session.live
    many = len(steps) > MANY_STEPS and not json_out
    with console.status(f"Planning {len(steps):,d} steps ...") if many else contextlib.nullcontext():
        planned = await plan_steps(
            session.ctx,
            session.requester,
            steps,
            await live.decider(session.requester, steps),
            reader=session,
        )
    if show_preview and not json_out:
        console.print(f"[dim]{session.requester.label()} asks, on {tenant}:[/]", highlight=False)
        for p in planned if not many else []:
            render_preflight(ACTIONS[p.step.action].label, p.preview, p.step.change)
            render_end(p.step)
            render_decision(p.decision)
        if many:
            _render_planned_summary(planned)
    waits = submission.awaits_confirmation(planned, only_allowed=only_allowed, justification=justification)
    if waits and not (yes or typer.confirm("Confirm this request?", default=False)):
        console.print("Nothing changed: nothing was submitted.")
        raise typer.Exit(1)

    refresh = submission.cache_refresh(session)
    with _progress(len(steps), many) as advanced:
        view = await submission.submit(
            session,
            planned,
            refresh=refresh,
            confirm=False,
            channel="cli",
            text=text,
            justification=justification,
            only_allowed=only_allowed,
        )
        # Of the plan, which holds every step (a bulk request's view holds its first page); then the plan is
        # dropped: what runs is read from the store a page at a time, and a bulk plan's every preview is not
        # held while it runs (the same calls as submit(confirm=True): stored, then confirmed and run).
        total = len(planned)
        allowed = sum(p.decision.outcome != "denied" and not isinstance(p.preview, Refusal) for p in planned)
        del planned
        if view.state is RequestState.NEEDS_CONFIRMATION:
            request_id = view.request_id
            del view
            view = await submission.confirm(session, request_id, refresh, progress=advanced)
    if json_out:
        print_json(view.model_dump(mode="json"))
    else:
        render_request(view)
    if view.state is RequestState.DENIED and 0 < allowed < total:
        console.print(
            f"Nothing was submitted. To submit the {allowed} allowed step(s) and drop the "
            f"{total - allowed} denied, ask again with --only-allowed.",
            highlight=False,
        )
    if view.state in FAILED_STATES:
        raise typer.Exit(1)
    return view


@contextlib.contextmanager
def _progress(total: int, shown: bool) -> Iterator[Callable[[int], None] | None]:
    """A progress bar over the steps as they are recorded (for many steps), else nothing."""
    if not shown:
        yield None
        return
    with Progress(
        TextColumn("Running"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=rich_console(console),
    ) as bar:
        task = bar.add_task("steps", total=total)
        yield lambda n: bar.advance(task, n)


def _render_planned_summary(planned: Sequence[PlannedStep]) -> None:
    """Many steps: each kind of change and decision with its count, and each step refused or denied."""
    kinds: dict[str, int] = {}
    problems = []
    for p in planned:
        state = (
            "refused" if isinstance(p.preview, Refusal) else "already so" if p.preview.already else "change"
        )
        decision = p.decision.outcome.replace("_", " ")
        key = f"{ACTIONS[p.step.action].label} ({p.step.change}): {state}, {decision}"
        kinds[key] = kinds.get(key, 0) + 1
        if state == "refused" or p.decision.outcome == "denied":
            problems.append(p)
    for key, n in kinds.items():
        console.print(f"  {n:>6,d} × {key}", highlight=False)
    for p in problems[:20]:
        why = p.preview.reason if isinstance(p.preview, Refusal) else p.decision.reason
        named = ", ".join(
            f"{v}" for v in p.step.model_dump(exclude={"action", "change"}, exclude_none=True).values()
        )
        console.print(f"  [red]✗[/] {escape(named)}: {escape(why)}", highlight=False)
    if len(problems) > 20:
        console.print(f"  ... and {len(problems) - 20} more", highlight=False)
