"""`mailwarden demo`: serve the demo tenant, show what mailwarden sees in it, and what to try."""

from __future__ import annotations

import contextlib
import json
import threading
from typing import Annotated

import typer

from mailwarden.actions import VIEWS
from mailwarden.model.steps import ListSharedMailboxes
from mailwarden.workspace import DEMO_TENANT, RUNNING_FILE, Workspace, run

from .common import console, handles_errors
from .render import render_view
from .session import acting

__all__ = ["demo"]

_TRY = """\
Try, in another terminal (the commands use this running demo tenant):
  .venv/bin/mailwarden view shared-mailboxes
  .venv/bin/mailwarden view permissions --mailbox support@acme.com
  .venv/bin/mailwarden do send_as grant --mailbox support@acme.com --trustee sarah@acme.com
  .venv/bin/mailwarden do distribution_list_membership add --group all-hands@acme.com --member "Jane Doe"
  .venv/bin/mailwarden report delegations --trustee "Mike Smith"
  .venv/bin/mailwarden view members --group "Alex Kim"      # asks back: two people are called Alex Kim"""


@handles_errors
def demo(
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Keep serving the demo tenant until Ctrl-C.")
    ] = True,
) -> None:
    """Run mailwarden on the demo tenant 'Acme Corporation' (the embedded tenant emulator)."""
    from mailwarden.connectors.connection import CertificateCredential, TenantConnection
    from mailwarden.connectors.endpoints import emulator as emulator_endpoints
    from mailwarden.testing import running_emulator

    workspace = Workspace.open()
    state_dir = workspace.settings.emulator_dir
    try:
        with running_emulator(state_dir) as em:
            running = state_dir / RUNNING_FILE
            running.write_text(json.dumps({k: str(v) for k, v in em.info().items()}))
            try:
                connection = TenantConnection(
                    endpoints=emulator_endpoints(em.url),
                    tenant_id=em.tenant_id,
                    client_id=em.client_id,
                    credential=CertificateCredential.from_file(em.certificate_file),
                    ca_file=em.ca_file,
                )

                async def tour() -> None:
                    async with acting(workspace, connection, DEMO_TENANT, None) as session:
                        console.print(
                            f"[bold]mailwarden[/] on the demo tenant [bold]{em.tenant_domain}[/] "
                            f"({len(session.ctx.directory)} recipients), served at {em.url}",
                            highlight=False,
                        )
                        console.print(f"[dim]data folder: {workspace.settings.home}[/]", highlight=False)
                        render_view(
                            await VIEWS["list_shared_mailboxes"].run(session.ctx, ListSharedMailboxes())
                        )

                run(tour())
                console.print(_TRY, highlight=False)
                if serve:
                    console.print("\nServing the demo tenant; press Ctrl-C to stop.")
                    with contextlib.suppress(KeyboardInterrupt):
                        threading.Event().wait()
            finally:
                running.unlink(missing_ok=True)
    finally:
        workspace.close()
