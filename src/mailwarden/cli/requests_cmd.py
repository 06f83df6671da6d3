"""`mailwarden requests ...`: list, show, confirm, approve, deny, cancel and undo requests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from mailwarden.errors import DenialHeld, NotPermitted
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.workflow import submission
from mailwarden.workflow.listing import RequestFilter, filtered
from mailwarden.workflow.overdue import OverdueEnd, overdue_ends
from mailwarden.workflow.requests import undo
from mailwarden.workflow.seen import seen_by
from mailwarden.workflow.session import Session
from mailwarden.workspace import run

from .common import AsOption, JsonOption, TenantOption, console, handles_errors, print_json
from .render import render_request
from .session import acting, workspace_connection

__all__ = ["app"]

app = typer.Typer(help="Requests: see them, confirm, approve or deny, cancel, undo.", no_args_is_help=True)

IdArgument = Annotated[str, typer.Argument(help="The request id (its first 8 characters are enough).")]
ReasonOption = Annotated[
    str | None, typer.Option("--reason", help="Why: recorded with the approval or denial.")
]


VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Every step, however many there are.")]


def _with_session(
    tenant: str,
    as_: str | None,
    body: Callable[[Session], Awaitable[RequestView]],
    json_out: bool,
    *,
    verbose: bool = False,
) -> RequestView:
    async def main() -> RequestView:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_) as session:
                # As the pages show it to the same person (an approver of some steps: those in full).
                return seen_by(session.actor, await body(session))

    view: RequestView = run(main())
    if json_out:
        print_json(view.model_dump(mode="json"))
    else:
        render_request(view, verbose=verbose)
    return view


def _visible(s: Session, tenant: str, request_id: str) -> RequestView:
    """The request an id (or its first characters) names, if this person may see it (as they may: `seen_by`);
    else 'not found'."""
    from mailwarden.jobs.status import with_queue

    full = s.service.resolve_id(tenant, request_id, viewer=s.actor)
    return seen_by(s.actor, with_queue(s.service.store, s.service.get(tenant, full, viewer=s.actor)))


@app.command("list")
@handles_errors
def list_cmd(
    state: Annotated[RequestState | None, typer.Option(help="Only requests in this state.")] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only the requests you filed.")] = False,
    waiting_on_me: Annotated[
        bool, typer.Option("--waiting-on-me", help="Only the requests waiting for your approval.")
    ] = False,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
    json_out: JsonOption = False,
) -> None:
    """Your requests and those waiting on you (an admin sees every request of the tenant)."""
    chosen = RequestFilter(mine=mine, waiting_on_me=waiting_on_me, state=state)

    async def main() -> list[RequestView]:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_) as session:
                from mailwarden.jobs.status import with_queue_all

                views = filtered(session.service, tenant, session.actor, chosen, limit=10_000, offset=0)
                return [seen_by(session.actor, v) for v in with_queue_all(session.service.store, views)]

    views: list[RequestView] = run(main())
    if json_out:
        print_json([v.model_dump(mode="json") for v in views])
        return
    table = Table(title=f"Requests on {tenant}", title_justify="left")
    for column in ("id", "created", "requester", "state", "steps", "waiting on"):
        table.add_column(column)
    for v in views:
        summaries = "; ".join(
            str(s.preview.get("summary") or s.preview.get("reason") or "") for s in v.every_step()
        )
        table.add_row(
            v.request_id[:8],
            f"{v.created:%Y-%m-%d %H:%M}",
            v.requester_shown,
            _state(v),
            escape(summaries),
            ", ".join(v.pending_approvers()) if v.state is RequestState.PENDING_APPROVAL else "",
        )
    console.print(table)
    if any(v.job is not None and not v.job.worker_seen for v in views):
        console.print(
            "[yellow]no worker has been seen lately: queued requests wait until one starts "
            "('mailwarden worker')[/]",
            highlight=False,
        )


def _state(view: RequestView) -> str:
    """The state, and for a request a worker is to run, where its job stands (approved is not done)."""
    if not view.queued_for_worker:
        return view.state.value
    status = view.job.status if view.job is not None and view.job.status else "not queued"
    return f"{view.state.value} (queued: {status})"


@app.command("show")
@handles_errors
def show_cmd(
    request_id: IdArgument,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
    json_out: JsonOption = False,
    verbose: VerboseOption = False,
) -> None:
    """One request: its steps, previews, decisions, approvals and outcomes."""

    async def body(s: Session) -> RequestView:
        return _visible(s, tenant, request_id)

    _with_session(tenant, as_, body, json_out, verbose=verbose)


@app.command("confirm")
@handles_errors
def confirm_cmd(
    request_id: IdArgument, tenant: TenantOption = "demo", as_: AsOption = None, json_out: JsonOption = False
) -> None:
    """Confirm your own request's preview (it then waits for approval, or runs)."""

    async def body(s: Session) -> RequestView:
        rid = _visible(s, tenant, request_id).request_id
        return await submission.confirm(s, rid, submission.cache_refresh(s))

    _with_session(tenant, as_, body, json_out)


@app.command("retry")
@handles_errors
def retry_cmd(
    request_id: IdArgument, tenant: TenantOption = "demo", as_: AsOption = None, json_out: JsonOption = False
) -> None:
    """Run a finished request's failed steps again, and only those (each decided again on live facts)."""

    async def body(s: Session) -> RequestView:
        rid = _visible(s, tenant, request_id).request_id
        return await submission.retry(s, rid, submission.cache_refresh(s))

    _with_session(tenant, as_, body, json_out)


@app.command("approve")
@handles_errors
def approve_cmd(
    request_id: IdArgument,
    reason: ReasonOption = None,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
    json_out: JsonOption = False,
) -> None:
    """Approve a request waiting on you; it runs as soon as every step that needs approval has one."""

    async def body(s: Session) -> RequestView:
        rid = _visible(s, tenant, request_id).request_id
        return await submission.verdict(
            s, rid, approve=True, justification=reason, refresh=submission.cache_refresh(s)
        )

    _with_session(tenant, as_, body, json_out)


@app.command("deny")
@handles_errors
def deny_cmd(
    request_id: IdArgument,
    reason: ReasonOption = None,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
    json_out: JsonOption = False,
) -> None:
    """Deny a request waiting on you; it ends there (a drift revert's may wait for a second admin)."""

    async def body(s: Session) -> RequestView:
        rid = _visible(s, tenant, request_id).request_id
        try:
            return await submission.verdict(
                s, rid, approve=False, justification=reason, refresh=submission.cache_refresh(s)
            )
        except DenialHeld as held:
            # Not an error: the denial is recorded and waits for a second admin; the request says so.
            if not json_out:
                console.print(f"[yellow]denial held:[/] {escape(str(held))}", highlight=False, soft_wrap=True)
            return _visible(s, tenant, rid)

    _with_session(tenant, as_, body, json_out)


@app.command("cancel")
@handles_errors
def cancel_cmd(
    request_id: IdArgument, tenant: TenantOption = "demo", as_: AsOption = None, json_out: JsonOption = False
) -> None:
    """Cancel your own request before it runs."""

    async def body(s: Session) -> RequestView:
        rid = _visible(s, tenant, request_id).request_id
        return s.service.cancel(tenant, rid, s.actor)

    _with_session(tenant, as_, body, json_out)


@app.command("undo")
@handles_errors
def undo_cmd(
    request_id: IdArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Confirm the undo request at once.")] = False,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
    json_out: JsonOption = False,
) -> None:
    """Revert what a finished request changed, as a new request under the same policy."""

    async def body(s: Session) -> RequestView:
        rid = s.service.resolve_id(tenant, request_id, viewer=s.actor)
        view = await undo(s.service, s.ctx, tenant, rid, s.actor, s.requester, s.decide, reader=s)
        if view.state is RequestState.NEEDS_CONFIRMATION and (yes or typer.confirm("Confirm the undo?")):
            view = await submission.confirm(s, view.request_id, submission.cache_refresh(s))
        return view

    _with_session(tenant, as_, body, json_out)


@app.command("overdue")
@handles_errors
def overdue_cmd(tenant: TenantOption = "demo", as_: AsOption = None, json_out: JsonOption = False) -> None:
    """Time-bound access whose end has passed and is not taken back yet (admins): each end's tries so far,
    why the last failed, and when it is tried next."""

    async def main() -> list[OverdueEnd]:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_, catch_up=False) as session:
                if not session.requester.is_admin:
                    raise NotPermitted(
                        f"Only an admin of the tenant sees its overdue ends; {session.requester.label()} "
                        "is not one."
                    )
                return overdue_ends(session.service, tenant)

    rows: list[OverdueEnd] = run(main())
    if json_out:
        print_json([r.model_dump(mode="json") for r in rows])
        return
    if not rows:
        console.print(
            f"None overdue on {escape(tenant)}: every time-bound access that has ended is taken back."
        )
        return
    console.print(
        f"Overdue ends on {escape(tenant)} (times in UTC): access still held past its end", highlight=False
    )
    for r in rows:
        tried = f"{r.tries} failed tr{'y' if r.tries == 1 else 'ies'}" if r.tries else "not tried yet"
        why = f"; last: {r.last_reason}" if r.last_reason else ""
        when = f"next try {r.next_try:%Y-%m-%d %H:%M}" if r.next_try else "next try the next pass"
        if r.refused:
            tried, why = "refused by the sweep", f": {r.last_reason or 'no reason kept'}"
            when = "never tried again: an admin takes it back"
        console.print(
            f"- request {r.request_id[:8]} step {r.step}: {escape(r.summary)}; ended {r.end:%Y-%m-%d %H:%M}; "
            f"{tried}{escape(why)}; {when}",
            highlight=False,
            soft_wrap=True,
        )


@app.command("run-due")
@handles_errors
def run_due_cmd(tenant: TenantOption = "demo", json_out: JsonOption = False) -> None:
    """Take back time-bound access whose time has come (every command also does this as it starts)."""

    async def main() -> None:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, None):
                pass

    run(main())
    if json_out:
        print_json({"ok": True})
