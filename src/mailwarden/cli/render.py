"""How results look: Rich tables for people, JSON for scripts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mailwarden.actions.base import StepOutcome, View, cell_text
from mailwarden.model.changes import Change, Refusal
from mailwarden.model.decisions import Decision
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.workflow.as_read import ALREADY_AS_READ, SENT_ANYWAY, TAKING
from mailwarden.workflow.sole_admin import NO_SECOND_ADMIN, sole_admin

from .common import console, escape

__all__ = [
    "FAILED_STATES",
    "FINISHED_OK",
    "MANY_STEPS",
    "render_decision",
    "render_end",
    "render_outcome",
    "render_preflight",
    "render_request",
    "render_view",
    "view_json",
]

FINISHED_OK = frozenset({RequestState.COMPLETED, RequestState.PARTIALLY_FAILED})
FAILED_STATES = frozenset({RequestState.DENIED, RequestState.FAILED, RequestState.PARTIALLY_FAILED})
_STATE_STYLE = {
    RequestState.COMPLETED: "green",
    RequestState.PENDING_APPROVAL: "yellow",
    RequestState.NEEDS_CONFIRMATION: "yellow",
    RequestState.APPROVED: "cyan",
    RequestState.EXECUTING: "cyan",
}

_STATUS_STYLE = {
    "applied": "green",
    "already": "cyan",
    "refused": "red",
    "failed": "bold red",
    "drifted": "red",
    "pending": "yellow",
    "applying": "yellow",
    "dropped": "dim",
}


# A write the tenant accepted but that reads did not show (yet): applied all the same, never failed.
_VERIFICATION_STYLE = {"verifying": "yellow", "unverified": "bold yellow", "refused": "bold red"}


def render_preflight(label: str, preflight: Change | Refusal, change: str | None = None) -> None:
    """One step's preview; `change` is the step's (a revoke read as already so is still sent)."""
    if isinstance(preflight, Refusal):
        console.print(f"[red]✗ {label}:[/] {escape(preflight.reason)}", highlight=False)
        return
    if preflight.redacted:
        console.print(f"[dim]?[/]  [bold]{label}[/]: {escape(preflight.summary)}", highlight=False)
        return
    sent_anyway = preflight.already and change in TAKING
    mark = (
        "[cyan]= reads as already so[/]"
        if sent_anyway
        else "[cyan]= already so, as read[/]"
        if preflight.already
        else "[yellow]→ will change[/]"
    )
    console.print(f"{mark}  [bold]{label}[/]: {escape(preflight.summary)}", highlight=False)
    if preflight.already:
        note = SENT_ANYWAY if sent_anyway else ALREADY_AS_READ
        console.print(f"    [dim]{escape(note)}[/]", highlight=False)
    else:
        console.print(f"    before: {escape(_short(preflight.before))}", highlight=False)
        console.print(f"    after:  {escape(_short(preflight.after))}", highlight=False)
    for warning in preflight.warnings:
        console.print(f"    [yellow]! {escape(warning)}[/]", highlight=False)


def render_end(step: object) -> None:
    """The end of a time-bound step (a grant, a list add, a calendar share, a forwarding), when it has one."""
    end = getattr(step, "expires", None)
    if isinstance(end, dt.datetime):
        console.print(f"    until {end.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC", highlight=False)


def render_decision(decision: Decision) -> None:
    if decision.outcome == "allowed":
        console.print("    [green]policy: allowed[/] once you confirm", highlight=False)
    elif decision.outcome == "approval_required":
        approvers = ", ".join(decision.approvers)
        console.print(f"    [yellow]policy: needs approval[/] by one of {approvers}", highlight=False)
    else:
        console.print(f"    [red]policy: denied[/] — {escape(decision.reason)}", highlight=False)


MANY_STEPS = 12
"""Above this many steps a request or plan is shown as a summary (and a progress bar while it runs); the
steps that need attention are still named, and `--verbose` or the request's page shows every one."""
_SHOWN_PROBLEMS = 20


def render_request(view: RequestView, *, verbose: bool = False) -> None:
    if (view.step_count > MANY_STEPS or not view.all_steps) and not verbose:
        _render_request_summary(view)
    else:
        _render_request_steps(view)
        _render_partial(view)
    _render_held(view)
    _render_queued(view)


def _render_held(view: RequestView) -> None:
    """A drift revert's denials held for a second admin: recorded votes that did not end it."""
    for held in view.held_denials:
        why = f' ("{escape(held.justification)}")' if held.justification else ""
        console.print(f"  [yellow]{escape(held.line())}[/]{why}", highlight=False, soft_wrap=True)


def _render_partial(view: RequestView) -> None:
    """A view holding only its first steps says so, and where every step is."""
    if view.steps_note is not None:
        console.print(
            f"  [yellow]{view.steps_note}[/]: 'mailwarden requests show {view.request_id[:8]} --verbose' "
            "or the request's page",
            highlight=False,
        )


def _render_request_steps(view: RequestView) -> None:
    style = _STATE_STYLE.get(view.state, "red")
    console.print(
        f"request [bold]{view.request_id[:8]}[/] ({view.kind}) by {view.requester_shown}: "
        f"[{style}]{view.state.value.replace('_', ' ')}[/]",
        highlight=False,
    )
    if view.all_steps and sole_admin(s.decision for s in view.steps):
        why = escape(view.justification or "")
        console.print(f"  [yellow]{NO_SECOND_ADMIN}[/]; justification: {why}", highlight=False)
    for s in view.steps:
        summary = s.preview.get("summary") or s.preview.get("reason") or ""
        line = f"  {s.position + 1}. [{_STATUS_STYLE.get(s.status, 'yellow')}]{s.status}[/]"
        verification = (s.outcome or {}).get("verification")
        if s.status == "applied" and verification in _VERIFICATION_STYLE:
            line += f" [{_VERIFICATION_STYLE[str(verification)]}]({verification})[/]"
        line += f" {escape(str(summary))}"
        shown = s.status not in ("applied", "already") or verification in ("unverified", "refused")
        if s.outcome and s.outcome.get("message") and shown:
            line += f" — {escape(str(s.outcome['message']))}"
        if s.expires:
            line += f" [dim](until {s.expires:%Y-%m-%d %H:%M} UTC{', reverted' if s.reverted_by else ''})[/]"
        console.print(line, highlight=False)
        if s.decision.outcome == "denied":
            console.print(f"     [red]denied:[/] {escape(s.decision.reason)}", highlight=False)
    for a in view.approvals:
        why = f": {escape(a.justification)}" if a.justification else ""
        console.print(f"  {a.verdict}d by {a.approver}{why}", highlight=False)
    if view.state is RequestState.PENDING_APPROVAL:
        console.print(
            f"  {_waiting(view)}: 'mailwarden requests approve {view.request_id[:8]} --as <approver>'",
            highlight=False,
        )


def _render_queued(view: RequestView) -> None:
    """Approved on PostgreSQL is not done: a worker runs it, and without one nothing happens."""
    if not view.queued_for_worker:
        return
    short = view.request_id[:8]
    state = f" (job {view.job.job_id}: {view.job.status})" if view.job and view.job.job_id else ""
    console.print(
        f"  [cyan]queued:[/] a worker runs it ('mailwarden worker'){state}; "
        f"follow with 'mailwarden requests show {short}'",
        highlight=False,
    )
    if view.job is not None and not view.job.worker_seen:
        console.print(
            "  [yellow]no worker has been seen lately: nothing will run until one starts "
            "('mailwarden worker')[/]",
            highlight=False,
        )


def _render_request_summary(view: RequestView) -> None:
    """One line per outcome with its count, then the steps that did not go as asked, each with why."""
    style = _STATE_STYLE.get(view.state, "red")
    console.print(
        f"request [bold]{view.request_id[:8]}[/] ({view.kind}) by {view.requester_shown}: "
        f"[{style}]{view.state.value.replace('_', ' ')}[/], {view.step_count:,} steps",
        highlight=False,
    )
    # Of every step: the store's counts when the view holds only the first steps.
    counts: dict[str, int] = {} if view.all_steps else dict(view.status_counts)
    for s in view.steps if view.all_steps else []:
        verification = (s.outcome or {}).get("verification")
        key = f"{s.status} ({verification})" if s.status == "applied" and verification else s.status
        counts[key] = counts.get(key, 0) + 1
    for key, n in counts.items():
        console.print(f"  [{_STATUS_STYLE.get(key.split()[0], 'yellow')}]{key}[/]: {n}", highlight=False)
    problems = [
        s
        for s in [*view.steps, *view.later_problems]
        if s.status in ("failed", "refused", "drifted")
        or (s.outcome or {}).get("verification") in ("unverified", "refused")
    ]
    # Beyond the steps the view holds, the store's counts say how many more there are.
    unseen = sum(view.status_counts.get(k, 0) for k in ("failed", "refused", "drifted"))
    unseen -= sum(s.status in ("failed", "refused", "drifted") for s in problems)
    for s in problems[:_SHOWN_PROBLEMS]:
        # Named by its parameters (addresses): a preview names people by display name, which two may share.
        named = ", ".join(str(v) for k, v in s.step.items() if k not in ("action", "change") and v)
        why = (s.outcome or {}).get("message") or s.decision.reason or ""
        console.print(
            f"  {s.position + 1}. [{_STATUS_STYLE.get(s.status, 'yellow')}]{s.status}[/] "
            f"{s.step.get('change')} {escape(named)} — {escape(str(why))}",
            highlight=False,
        )
    more = max(0, len(problems) - _SHOWN_PROBLEMS) + max(0, unseen)
    if more:
        console.print(f"  ... and {more} more", highlight=False)
    denied = sum(s.decision.outcome == "denied" for s in view.steps)
    if denied:
        of = "" if view.all_steps else f" of the first {len(view.steps):,}"
        console.print(f"  [red]denied by policy:[/] {denied} step(s){of}", highlight=False)
    if view.status_counts.get("failed"):
        console.print(
            "  to run the failed steps again, and only those: "
            f"'mailwarden requests retry {view.request_id[:8]}'",
            highlight=False,
        )
    if view.all_steps:
        console.print(
            f"  [dim]every step: 'mailwarden requests show {view.request_id[:8]} --verbose' "
            "or the request's page[/]",
            highlight=False,
        )
    _render_partial(view)
    if view.state is RequestState.PENDING_APPROVAL:
        console.print(f"  {_waiting(view)}", highlight=False)


def _waiting(view: RequestView) -> str:
    if view.waiting_on:
        return f"waiting for approval by one of {', '.join(view.waiting_on)}"
    return "waiting for approval, but nobody other than its requester may give it (it ends at its deadline)"


def render_outcome(label: str, outcome: StepOutcome) -> None:
    style = _STATUS_STYLE[outcome.status]
    status = f"[{style}]{outcome.status}[/]"
    if outcome.verification in _VERIFICATION_STYLE:
        status += f" [{_VERIFICATION_STYLE[outcome.verification]}]({outcome.verification})[/]"
    console.print(f"{status}  [bold]{label}[/]: {escape(outcome.message)}", highlight=False)


def render_view(view: View) -> None:
    from rich.table import Table  # only views print a table: a plan does without its import

    table = Table(title=view.title, title_justify="left", show_lines=False)
    for column in view.columns:
        table.add_column(column.replace("_", " "))
    for row in view.rows:
        table.add_row(*(escape(cell_text(row.get(c))) for c in view.columns))
    console.print(table)
    console.print(f"[dim]{len(view.rows)} rows · as of {view.as_of:%Y-%m-%d %H:%M:%S %Z}[/]")
    for note in view.notes:
        console.print(f"[dim]{escape(note)}[/]", highlight=False)


def view_json(view: View) -> dict[str, Any]:
    return view.model_dump(mode="json")


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={cell_text(v)}" for k, v in value.items())
    return cell_text(value)
