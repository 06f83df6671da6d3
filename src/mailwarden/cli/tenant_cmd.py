"""`mailwarden tenant ...`: the tenants mailwarden knows, and discovery of their recipients."""

from __future__ import annotations

from collections import Counter

import typer
from rich.table import Table

from mailwarden.workspace import Workspace, run

from .common import JsonOption, TenantOption, console, handles_errors, print_json
from .session import discovery_progress, workspace_connection

__all__ = ["app"]

app = typer.Typer(help="Tenants: list them, discover their recipients.", no_args_is_help=True)


@app.command("discover")
@handles_errors
def discover_cmd(tenant: TenantOption = "demo", json_out: JsonOption = False) -> None:
    """Read every recipient of the tenant into mailwarden's cache (shown as a progress bar)."""

    async def main() -> dict[str, int]:
        with workspace_connection(tenant) as (workspace, connection):
            async with workspace.clients(connection) as clients:
                with discovery_progress() as bar:
                    tasks: dict[str, object] = {}

                    def progress(phase: str, done: int, total: int) -> None:
                        if phase not in tasks:
                            tasks[phase] = bar.add_task(phase, total=total)
                        bar.update(tasks[phase], completed=done, total=total)  # type: ignore[arg-type]

                    directory = await workspace.discover(tenant, clients, progress)
        return dict(Counter(str(r.kind) for r in directory))

    counts = run(main())
    if json_out:
        print_json({"tenant": tenant, "recipients": counts})
        return
    table = Table(title=f"Discovered in {tenant}", title_justify="left")
    table.add_column("kind")
    table.add_column("count", justify="right")
    for kind, n in sorted(counts.items()):
        table.add_row(kind.replace("_", " "), str(n))
    console.print(table)


@app.command("list")
@handles_errors
def list_cmd(json_out: JsonOption = False) -> None:
    """The tenants mailwarden knows, with when each was last discovered."""
    workspace = Workspace.open()
    try:
        workspace.tenant_record("demo")
        rows = [
            {
                "tenant": r.tenant_key,
                "name": r.display_name,
                "cloud": r.cloud,
                "tenant_id": r.tenant_id,
                "last_discovery": workspace.cache.freshness(r.tenant_key),
            }
            for r in workspace.tenants.all()
        ]
    finally:
        workspace.close()
    if json_out:
        print_json(rows)
        return
    table = Table(title="Tenants", title_justify="left")
    for column in ("tenant", "name", "cloud", "tenant_id", "last_discovery"):
        table.add_column(column.replace("_", " "))
    for row in rows:
        table.add_row(
            *(str(row[c] or "never") for c in ("tenant", "name", "cloud", "tenant_id", "last_discovery"))
        )
    console.print(table)
