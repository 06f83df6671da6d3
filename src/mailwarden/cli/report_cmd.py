"""`mailwarden report delegations`: who can open, send as or send on behalf of which mailbox; `report access`:
every current grant with why it exists."""

from __future__ import annotations

from typing import Annotated, Literal

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from mailwarden.access.why import AccessReport, access_report
from mailwarden.actions.delegation_report import delegation_report
from mailwarden.model.steps import DelegationReport
from mailwarden.planner.structured import build_step
from mailwarden.workflow.session import authorize_read
from mailwarden.workspace import run

from .common import AsOption, TenantOption, data_out, errors, handles_errors, print_json, rich_console
from .render import render_view, view_json
from .session import acting, workspace_connection

__all__ = ["app"]

app = typer.Typer(help="Reports across the tenant.", no_args_is_help=True)


@app.command("delegations")
@handles_errors
def delegations(
    trustee: Annotated[str | None, typer.Option(help="Only what this person can reach.")] = None,
    mailbox: Annotated[str | None, typer.Option(help="Only who can reach this mailbox.")] = None,
    fmt: Annotated[
        Literal["table", "csv", "json"], typer.Option("--format", help="table, csv or json")
    ] = "table",
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Read the tenant now instead of a recent cached report.")
    ] = False,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
) -> None:
    """Full Access, Send As and Send on Behalf across every shared mailbox (or one person's reach)."""

    async def main() -> None:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_) as session:
                step = build_step(
                    "delegation_report",
                    "read",
                    {"trustee": trustee, "mailbox": mailbox},
                    session.ctx.directory,
                    session.requester,
                )
                with Progress(
                    TextColumn("[bold]reading mailboxes[/]"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                    console=rich_console(errors),
                    transient=True,
                ) as bar:
                    task = bar.add_task("report", total=None)

                    def progress(done: int, total: int) -> None:
                        bar.update(task, completed=done, total=total)

                    assert isinstance(step, DelegationReport)
                    await authorize_read(session, step)
                    report = await delegation_report(
                        session.ctx,
                        trustee=step.trustee,
                        mailbox=step.mailbox,
                        progress=progress,
                        cache=None if fresh else workspace.documents,
                    )
        if fmt == "json":
            print_json(view_json(report))
        elif fmt == "csv":
            data_out().write(report.to_csv())
        else:
            render_view(report)

    run(main())


@app.command("access")
@handles_errors
def access(
    mailbox: Annotated[
        str | None, typer.Option(help="Who has access to this mailbox (and its calendar).")
    ] = None,
    group: Annotated[str | None, typer.Option(help="Who is on this list or group.")] = None,
    person: Annotated[
        str | None,
        typer.Option(help="What this person can open, send as or see, and which lists they are on."),
    ] = None,
    fmt: Annotated[
        Literal["table", "csv", "json"], typer.Option("--format", help="table, csv or json")
    ] = "table",
    tenant: TenantOption = "demo",
    as_: AsOption = None,
) -> None:
    """Every current grant and why: the request that made it, the tenant as first found, or outside."""

    async def main() -> AccessReport:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_) as session:
                return await access_report(session, mailbox=mailbox, group=group, person=person)

    report = run(main())
    if fmt == "json":
        print_json(report.model_dump(mode="json"))
    elif fmt == "csv":
        data_out().write(report.to_csv())
    else:
        render_view(report.to_view(compact=True))
