"""`mailwarden audit list | verify | export | export-public-key | checkpoint`: read and check the log.

`verify --public-key FILE` needs only the exported public key and read access to the database: no private
key, no write. It compares the chain with the witness too (`--witness FILE` for a copy of an external one).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from mailwarden.audit import AuditLog, AuditRecord, ExportFormat
from mailwarden.audit.witness import FileWitness
from mailwarden.errors import ConfigError
from mailwarden.settings import load_settings
from mailwarden.store import Store

from .common import JsonOption, console, data_out, errors, handles_errors, print_json

__all__ = ["app"]

app = typer.Typer(
    help="The audit log: list, verify and export what was requested, decided and done.", no_args_is_help=True
)

TenantFilter = Annotated[str | None, typer.Option("--tenant", "-t", help="Only this tenant's records.")]
ActorFilter = Annotated[str | None, typer.Option("--actor", help="Only records by this actor.")]
ActionFilter = Annotated[str | None, typer.Option("--action", help="Only this action (send_as, ...).")]
TargetFilter = Annotated[str | None, typer.Option("--target", help="Only records about this target.")]
RequestFilter = Annotated[str | None, typer.Option("--request", help="Only this request's records.")]
EventFilter = Annotated[str | None, typer.Option("--event", help="Only this event (step.applied, ...).")]
SinceFilter = Annotated[
    str | None, typer.Option("--since", help="From this time on (ISO 8601; UTC unless a zone is given).")
]
UntilFilter = Annotated[str | None, typer.Option("--until", help="Before this time (ISO 8601).")]


@contextlib.contextmanager
def _audit_log() -> Iterator[AuditLog]:
    settings = load_settings()
    with Store.from_settings(settings) as store:
        yield AuditLog.from_settings(store, settings)


def _time(option: str, value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        example = "2026-11-23 or 2026-11-23T14:30Z"
        raise ConfigError(f"{option} {value!r} is not a time; write it like {example}.") from None
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed


def _filters(
    tenant: str | None,
    actor: str | None,
    action: str | None,
    target: str | None,
    request: str | None,
    event: str | None,
    since: str | None,
    until: str | None,
) -> dict[str, Any]:
    return {
        "tenant": tenant,
        "actor": actor,
        "action": action,
        "target": target,
        "request_id": request,
        "event": event,
        "since": _time("--since", since),
        "until": _time("--until", until),
    }


@app.command("list")
@handles_errors
def list_records(
    tenant: TenantFilter = None,
    actor: ActorFilter = None,
    action: ActionFilter = None,
    target: TargetFilter = None,
    request: RequestFilter = None,
    event: EventFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=10_000, help="Show at most this many (the newest).")
    ] = 50,
    as_json: JsonOption = False,
) -> None:
    """The newest matching records, oldest of them first."""
    filters = _filters(tenant, actor, action, target, request, event, since, until)
    with _audit_log() as log:
        records = list(reversed(log.records(**filters, limit=limit, newest_first=True)))
    if as_json:
        print_json([r.model_dump(mode="json") for r in records])
        return
    if not records:
        console.print("No audit records match.")
        return
    console.print(_table(records))


def _table(records: list[AuditRecord]) -> Table:
    table = Table(show_lines=False)
    for column in ("seq", "time (UTC)", "tenant", "event", "who", "action", "target", "request"):
        table.add_column(column, overflow="fold")
    for r in records:
        who = r.actor + (f" for {r.on_behalf_of}" if r.on_behalf_of else "") + f" ({r.channel})"
        table.add_row(
            str(r.seq),
            r.time.strftime("%Y-%m-%d %H:%M:%S"),
            r.tenant,
            r.event,
            escape(who),
            r.action or "",
            escape(r.target or ""),
            r.request_id or "",
        )
    return table


@app.command("verify")
@handles_errors
def verify(
    public_key: Annotated[
        Path | None,
        typer.Option(
            "--public-key",
            help="Check the signatures with this exported public key (PEM); no private key is needed.",
        ),
    ] = None,
    witness: Annotated[
        Path | None,
        typer.Option(
            "--witness",
            help="Compare with this copy of the witness (JSON lines) instead of the configured one.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Check the whole chain against its signatures and its witness; exit 1 naming the first bad record."""
    pem = _read_text("--public-key", public_key) if public_key is not None else None
    if witness is not None and not witness.is_file():
        raise ConfigError(f"--witness {str(witness)!r} is not a file; give a copy of the witness's lines.")
    with _audit_log() as log:
        result = log.verify(public_key_pem=pem, witness=FileWitness(witness) if witness else None)
    if as_json:
        print_json(result.model_dump(mode="json"))
    elif result.ok:
        counts = f"{result.checked} records, {result.checkpoints} signed checkpoints"
        if result.submissions:
            counts += f", {result.submissions} requests' submitted steps matching their digests"
        if result.witness is not None:
            counts += f", {result.witnessed} heads found in the witness {result.witness}"
        console.print(f"[green]The audit log verifies:[/] {counts}.", soft_wrap=True)
    if not result.ok:
        if not as_json:
            where = f" (first bad record: {result.first_bad_seq})" if result.first_bad_seq is not None else ""
            errors.print(
                f"[bold red]The audit log does not verify{where}:[/] {result.reason}", soft_wrap=True
            )
        raise typer.Exit(1)


@app.command("export")
@handles_errors
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="jsonl or csv.")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: standard output).")
    ] = None,
    tenant: TenantFilter = None,
    actor: ActorFilter = None,
    action: ActionFilter = None,
    target: TargetFilter = None,
    request: RequestFilter = None,
    event: EventFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
) -> None:
    """Write the matching records as JSON lines or CSV, in chain order."""
    filters = _filters(tenant, actor, action, target, request, event, since, until)
    with _audit_log() as log:
        if output is None:
            count = log.export(fmt, data_out(), **filters)
        else:
            with output.open("w", encoding="utf-8", newline="") as out:
                count = log.export(fmt, out, **filters)
    errors.print(f"exported {count} records", highlight=False)


def _read_text(option: str, path: Path) -> str:
    try:
        return path.read_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"Cannot read {option} {str(path)!r}: {exc}. Give the file 'audit export-public-key' wrote."
        ) from None


@app.command("export-public-key")
@handles_errors
def export_public_key(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: standard output).")
    ] = None,
) -> None:
    """Print the public key that verifies the signed checkpoints (for 'verify --public-key' elsewhere)."""
    with _audit_log() as log:
        pem = log.public_key_pem()
    if output is None:
        sys.stdout.write(pem)
    else:
        output.write_text(pem)
        errors.print(f"wrote the audit log's public key to {output}", highlight=False)


@app.command("key", hidden=True)
@handles_errors
def key() -> None:
    """Print the public key (the older name of export-public-key)."""
    with _audit_log() as log:
        sys.stdout.write(log.public_key_pem())


@app.command("checkpoint")
@handles_errors
def checkpoint() -> None:
    """Sign the chain's head now and write it to the witness (requests do this as they come to rest)."""
    with _audit_log() as log:
        signed = log.checkpoint(strict=True)
    console.print(f"Signed checkpoint at record {signed.seq} with key {signed.key_id}, witnessed.")
