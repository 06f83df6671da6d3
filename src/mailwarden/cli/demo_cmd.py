"""`mailwarden demo`: serve the demo tenant, show what mailwarden sees in it, and what to try."""

from __future__ import annotations

import contextlib
import json
from typing import Annotated

import typer

from mailwarden.actions import VIEWS
from mailwarden.data_folder import write_private
from mailwarden.demo_tenant import DEMO_TENANT, RUNNING_FILE
from mailwarden.model.steps import ListSharedMailboxes
from mailwarden.notifications.config import ensure_demo_config
from mailwarden.workspace import Workspace, run

from .common import console, handles_errors
from .render import render_view
from .serve_cmd import serve_app
from .session import acting

__all__ = ["demo"]

_TRY = """\
Open the web app (sign in as any Acme person) at the URL below, or try, in another terminal
(the commands use this running demo tenant):
  .venv/bin/mailwarden ask --as tom.becker@acme.com -- "I need Send As on support@ to reply from the queue"
  .venv/bin/mailwarden requests approve <id> --as sarah@acme.com
  .venv/bin/mailwarden plan --json --as grace.hopper@acme.com -- "Give Alex Kim full access to sales"
  .venv/bin/mailwarden view permissions --mailbox support@acme.com
  .venv/bin/mailwarden report delegations --trustee "Mike Smith"
  .venv/bin/mailwarden audit verify"""


@handles_errors
def demo(
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the web app on the demo tenant until Ctrl-C.")
    ] = True,
    host: Annotated[str, typer.Option(help="The address the web app listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The web app's port (0: any free port).")] = 8000,
) -> None:
    """Run mailwarden on the demo tenant 'Acme Corporation' (the embedded tenant emulator)."""
    from mailwarden.testing import running_emulator

    workspace = Workspace.open()
    state_dir = workspace.settings.emulator_dir
    workspace.tenant_record(DEMO_TENANT)
    if port:  # the notifications' links follow the web app to its port
        ensure_demo_config(workspace.store, DEMO_TENANT, f"http://{host}:{port}")
    try:
        with running_emulator(state_dir) as em:
            running = state_dir / RUNNING_FILE
            write_private(running, json.dumps({k: str(v) for k, v in em.info().items()}))
            try:

                async def tour() -> None:
                    # The connection finds the emulator served just above through its running file.
                    with workspace.connection(DEMO_TENANT) as connection:
                        async with acting(workspace, connection, DEMO_TENANT, None) as session:
                            console.print(
                                f"[bold]mailwarden[/] on the demo tenant [bold]{em.tenant_domain}[/] "
                                f"({len(session.ctx.directory)} recipients), served at {em.url}",
                                highlight=False,
                            )
                            console.print(f"[dim]data folder: {workspace.settings.home}[/]", highlight=False)
                            shared = await VIEWS["list_shared_mailboxes"].run(
                                session.ctx, ListSharedMailboxes()
                            )
                            render_view(shared)

                run(tour())
                console.print(_TRY, highlight=False)
                if serve:
                    with contextlib.suppress(KeyboardInterrupt):
                        serve_app(DEMO_TENANT, host, port)
            finally:
                running.unlink(missing_ok=True)
    finally:
        workspace.close()
