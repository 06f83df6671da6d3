"""Submitting write steps as a request, the same way from `do` and from `ask`.

Refuse what the tenant's health says cannot work, preview and decide, store the request, ask the requester
to confirm (or cancel), run it when nothing waits for approval, keep the recipient cache current, print.
"""

from __future__ import annotations

from collections.abc import Sequence

import typer

from mailwarden.errors import ConfigError
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import ACTIONS, Step
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from mailwarden.workflow.session import Session

from .common import console, print_json
from .render import FAILED_STATES, FINISHED_OK, render_decision, render_preflight, render_request

__all__ = ["submit_writes"]

# The step fields naming the recipient whose cached record a change alters.
_TOUCHED = ("mailbox", "group", "recipient")


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
    # Imported here: health checking (and connecting) is needed to submit, not by `plan`, which imports this.
    from mailwarden.tenants.health import capability_refusal

    tenant = session.tenant_key
    for step in steps:
        refusal = capability_refusal(session.workspace, tenant, step.action)
        if refusal:
            raise ConfigError(refusal)
    live = session.live
    planned = await plan_steps(
        session.ctx, session.requester, steps, await live.decider(session.requester, steps), reader=session
    )
    if show_preview and not json_out:
        console.print(f"[dim]{session.requester.label()} asks, on {tenant}:[/]", highlight=False)
        for p in planned:
            render_preflight(ACTIONS[p.step.action].label, p.preview)
            render_decision(p.decision)
    view = session.service.submit(
        tenant,
        session.actor,
        planned,
        channel="cli",
        text=text,
        justification=justification,
        only_allowed=only_allowed,
    )
    if view.state is RequestState.NEEDS_CONFIRMATION:
        if yes or typer.confirm("Confirm this request?", default=False):
            view = await live_policy.confirm(session.service, live, tenant, view.request_id, session.actor)
            view = await advance(session.service, session.ctx, tenant, view.request_id, check=live.step_check)
        else:
            session.service.cancel(tenant, view.request_id, session.actor)
            console.print("Nothing changed: the request is cancelled.")
            raise typer.Exit(1)
    if view.state in FINISHED_OK:
        touched = [str(getattr(s, f)) for s in steps for f in _TOUCHED if getattr(s, f, None)]
        await session.workspace.refresh(tenant, session.clients, session.ctx.directory, touched)
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
