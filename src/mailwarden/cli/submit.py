"""Submitting write steps as a request, the same way from `do` and from `ask`.

Preview and decide, ask the requester to confirm, and only then submit through the workflow
(workflow/submission.py: health refusal, live decision, run, cache refresh); print. A declined preview
stores nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import typer

from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import ACTIONS, Step
from mailwarden.workflow import submission
from mailwarden.workflow.requests import plan_steps
from mailwarden.workflow.session import Session

from .common import console, print_json
from .render import FAILED_STATES, render_decision, render_preflight, render_request

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
    planned = await plan_steps(
        session.ctx, session.requester, steps, await live.decider(session.requester, steps), reader=session
    )
    if show_preview and not json_out:
        console.print(f"[dim]{session.requester.label()} asks, on {tenant}:[/]", highlight=False)
        for p in planned:
            render_preflight(ACTIONS[p.step.action].label, p.preview)
            render_decision(p.decision)
    waits = submission.awaits_confirmation(planned, only_allowed=only_allowed, justification=justification)
    if waits and not (yes or typer.confirm("Confirm this request?", default=False)):
        console.print("Nothing changed: nothing was submitted.")
        raise typer.Exit(1)

    view = await submission.submit(
        session,
        planned,
        refresh=submission.cache_refresh(session),
        confirm=True,
        channel="cli",
        text=text,
        justification=justification,
        only_allowed=only_allowed,
    )
    if json_out:
        print_json(view.model_dump(mode="json"))
    else:
        render_request(view)
    allowed = sum(s.decision.outcome != "denied" and s.preview.get("kind") != "refusal" for s in view.steps)
    if view.state is RequestState.DENIED and 0 < allowed < len(view.steps):
        console.print(
            f"Nothing was submitted. To submit the {allowed} allowed step(s) and drop the "
            f"{len(view.steps) - allowed} denied, ask again with --only-allowed.",
            highlight=False,
        )
    if view.state in FAILED_STATES:
        raise typer.Exit(1)
    return view
