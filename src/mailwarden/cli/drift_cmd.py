"""`mailwarden drift scan | list | show | policy`: changes made outside mailwarden. Admins only."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import typer
from rich.markup import escape
from rich.table import Table

from mailwarden.drift import DriftEvent, ScanResult, get_event, list_events, scan
from mailwarden.drift.policy import load_responses, parse_choice, save_responses
from mailwarden.errors import ConfigError, NotPermitted, RequestNotFound
from mailwarden.workflow.session import Session
from mailwarden.workspace import run

from .common import AsOption, JsonOption, TenantOption, console, handles_errors, print_json
from .session import acting, workspace_connection

__all__ = ["app"]

app = typer.Typer(help="Drift: changes made to the tenant outside mailwarden.", no_args_is_help=True)

SeverityOption = Annotated[
    Literal["low", "medium", "high"] | None,
    typer.Option("--severity", help="Only events of this severity or higher (low, medium, high)."),
]
SinceOption = Annotated[
    str | None, typer.Option("--since", help="Only events detected since this date or time (ISO 8601, UTC).")
]


def _admin(session: Session) -> None:
    if not session.requester.is_admin:
        raise NotPermitted(f"Only an admin of the tenant sees drift; {session.requester.label()} is not one.")


def _since(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ConfigError(
            f"--since {text!r} is not a date or time: write 2026-12-01 or 2026-12-01T09:00."
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _table(title: str, events: list[DriftEvent]) -> None:
    table = Table(title=title, title_justify="left")
    for column in ("id", "detected", "severity", "kind", "what", "who and when", "response"):
        table.add_column(column)
    for e in events:
        table.add_row(
            e.event_id[:8],
            f"{e.detected:%Y-%m-%d %H:%M}",
            e.severity,
            e.kind,
            escape(e.summary),
            e.when,
            e.response + (f" ({e.revert_request_id[:8]})" if e.revert_request_id else ""),
        )
    console.print(table)


@app.command("scan")
@handles_errors
def scan_cmd(tenant: TenantOption = "demo", as_: AsOption = None, json_out: JsonOption = False) -> None:
    """Compare the tenant now with what mailwarden knew and changed; record each difference."""

    async def main() -> tuple[ScanResult, list[DriftEvent]]:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_) as s:
                _admin(s)
                result = await scan(workspace.store, workspace.audit, s.ctx, tenant, service=s.service)
                return result, result.events

    result, events = run(main())
    if json_out:
        print_json(
            {
                "scan": result.scan_id,
                "first": result.first,
                "facts": result.facts,
                "failures": result.failures,
                "audit_log": result.audit_note or "read",
                "events": [e.model_dump(mode="json") for e in events],
            }
        )
        return
    if result.first:
        console.print(
            f"First scan: {result.facts} grants, memberships and forwardings recorded as the baseline."
        )
        return
    note = result.audit_note
    if note:
        console.print(f"[yellow]who and when unknown for now: {escape(note)}[/]")
    for failure in result.failures:
        console.print(f"[yellow]not read: {escape(str(failure))}[/]")
    if not events:
        console.print(f"No drift: {result.facts} facts as mailwarden knew and changed them.")
        return
    _table(f"Drift found on {tenant}", events)


@app.command("list")
@handles_errors
def list_cmd(
    since: SinceOption = None,
    severity: SeverityOption = None,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
    json_out: JsonOption = False,
) -> None:
    """Drift events recorded so far, newest first."""
    moment = _since(since)

    async def main() -> list[DriftEvent]:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_, catch_up=False) as s:
                _admin(s)
                return list_events(workspace.store, tenant, since=moment, severity=severity)

    events: list[DriftEvent] = run(main())
    if json_out:
        print_json([e.model_dump(mode="json") for e in events])
        return
    _table(f"Drift on {tenant}", events)


@app.command("show")
@handles_errors
def show_cmd(
    event_id: Annotated[str, typer.Argument(help="The event id (its first 8 characters are enough).")],
    tenant: TenantOption = "demo",
    as_: AsOption = None,
    json_out: JsonOption = False,
) -> None:
    """One drift event: what changed, who and when, and what the drift policy did."""

    async def main() -> DriftEvent:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_, catch_up=False) as s:
                _admin(s)
                matches = [e for e in list_events(workspace.store, tenant) if e.event_id.startswith(event_id)]
                if len(matches) != 1:
                    raise RequestNotFound(event_id)
                found = get_event(workspace.store, tenant, matches[0].event_id)
                assert found is not None
                return found

    event: DriftEvent = run(main())
    if json_out:
        print_json(event.model_dump(mode="json"))
        return
    console.print(f"[bold]{escape(event.summary)}[/]")
    console.print(f"{event.severity} severity, {event.kind}; {event.when}")
    console.print(
        f"response: {event.response}"
        + (f", request {event.revert_request_id}" if event.revert_request_id else "")
    )


@app.command("policy")
@handles_errors
def policy_cmd(
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="KIND=RESPONSE, e.g. forwarding_external=propose_revert (repeatable)."),
    ] = None,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
    json_out: JsonOption = False,
) -> None:
    """Show, or change, what mailwarden does per kind of drift: record, notify or propose_revert."""
    choices = dict(parse_choice(text) for text in set_ or [])

    async def main() -> dict[str, str]:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_, catch_up=False) as s:
                _admin(s)
                if choices:
                    saved = save_responses(
                        workspace.store, workspace.audit, tenant, choices, by=s.requester.primary_address
                    )
                    return {str(k): str(v) for k, v in saved.items()}
                return {str(k): str(v) for k, v in load_responses(workspace.store, tenant).items()}

    responses: dict[str, str] = run(main())
    if json_out:
        print_json(responses)
        return
    table = Table(title=f"Drift policy of {tenant}", title_justify="left")
    table.add_column("kind of drift")
    table.add_column("response")
    for kind, response in responses.items():
        table.add_row(kind, response)
    console.print(table)
