"""`mailwarden notifications ...`: the delivery records (sent, waiting for a retry, failed and why), the
tenant's channels, and sending what is due now. Admins only."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from mailwarden.connectors.secret import Secret
from mailwarden.errors import NotPermitted
from mailwarden.notifications.config import NotificationConfig, OnDeadline, load_config, save_config
from mailwarden.notifications.deliver import DeliveryRound
from mailwarden.notifications.inprocess import send_now
from mailwarden.notifications.records import Delivery, list_deliveries
from mailwarden.workflow.session import Session
from mailwarden.workspace import run

from .common import AsOption, JsonOption, TenantOption, console, handles_errors, print_json
from .session import acting, workspace_connection

__all__ = ["app"]

app = typer.Typer(
    help="Notifications: delivery records, the tenant's e-mail and Teams channels, send what is due.",
    no_args_is_help=True,
)


def _admin(session: Session) -> None:
    if not session.actor.is_admin:
        raise NotPermitted("Only the tenant's admins see and change its notifications.")


@app.command("list")
@handles_errors
def list_cmd(
    failed: Annotated[bool, typer.Option("--failed", help="Only deliveries that failed for good.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many, newest first.")] = 50,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
    json_out: JsonOption = False,
) -> None:
    """What was told to whom, over which channel, and what did not go out (with why)."""

    async def main() -> list[Delivery]:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_) as session:
                _admin(session)
                return list_deliveries(
                    workspace.store, tenant, state="failed" if failed else None, limit=limit
                )

    found: list[Delivery] = run(main())
    if json_out:
        print_json([d.model_dump(mode="json") for d in found])
        return
    table = Table(title=f"Notifications on {tenant}" + (" (failed)" if failed else ""), title_justify="left")
    for column in ("when", "about", "news", "channel", "to", "state", "tries", "why not sent"):
        table.add_column(column)
    for d in found:
        table.add_row(
            f"{d.created:%Y-%m-%d %H:%M}",
            escape(d.about()[0]),
            d.event.replace("_", " "),
            d.channel,
            d.to(),
            d.state,
            str(d.attempts),
            escape(d.last_error or ""),
        )
    console.print(table)
    if not found:
        console.print("No deliveries." if not failed else "No failed deliveries.")


@app.command("set")
@handles_errors
def set_cmd(
    sender: Annotated[
        str | None, typer.Option(help="The mailbox e-mail comes from (the app needs Graph Mail.Send).")
    ] = None,
    no_email: Annotated[bool, typer.Option("--no-email", help="Stop sending e-mail.")] = False,
    teams_webhook: Annotated[
        bool,
        typer.Option(
            "--teams-webhook",
            help="Store the Teams channel's workflow webhook URL (asked for, not echoed; stored sealed).",
        ),
    ] = False,
    no_teams: Annotated[bool, typer.Option("--no-teams", help="Forget the Teams webhook.")] = False,
    teams_app: Annotated[
        str | None,
        typer.Option(
            help="mailwarden's Teams app id (installed for the approvers; the app needs Graph "
            "TeamsActivity.Send): approvers are told in their Teams activity feed."
        ),
    ] = None,
    no_teams_feed: Annotated[
        bool, typer.Option("--no-teams-feed", help="Stop posting to the approvers' activity feeds.")
    ] = False,
    on_deadline: Annotated[
        OnDeadline | None, typer.Option(help="At an approval deadline: escalate to the admins, or expire.")
    ] = None,
    remind_before_hours: Annotated[int | None, typer.Option(min=0, max=720)] = None,
    grace_hours: Annotated[
        int | None, typer.Option(min=1, max=720, help="After escalating: hours before the request expires.")
    ] = None,
    web_url: Annotated[str | None, typer.Option(help="The web app's address the messages link to.")] = None,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
) -> None:
    """Set up the tenant's notification channels and deadline rule."""
    url = Secret(typer.prompt("Teams workflow webhook URL", hide_input=True)) if teams_webhook else None

    async def main() -> NotificationConfig:
        from mailwarden.tenants.credentials import Keyring

        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_) as session:
                _admin(session)
                current = load_config(workspace.store, tenant)
                changes: dict[str, object] = {}
                if sender is not None:
                    changes["sender"] = sender.strip()
                if no_email:
                    changes["sender"] = None
                if teams_app is not None:
                    changes["teams_app_id"] = teams_app.strip()
                if no_teams_feed:
                    changes["teams_app_id"] = None
                for key, value in (
                    ("on_deadline", on_deadline),
                    ("remind_before_hours", remind_before_hours),
                    ("escalation_grace_hours", grace_hours),
                    ("web_url", web_url),
                ):
                    if value is not None:
                        changes[key] = value
                return save_config(
                    workspace.store,
                    tenant,
                    current.model_copy(update=changes),
                    keyring=Keyring.for_home(workspace.settings.home),
                    teams_webhook=url,
                    clear_teams=no_teams,
                    audit=workspace.audit,
                    actor=session.requester.primary_address,
                )

    config: NotificationConfig = run(main())
    console.print(
        f"E-mail: {'from ' + config.sender if config.sender else 'off'}; "
        f"Teams channel: {'on' if config.teams else 'off'}; "
        f"Teams activity feed: {'app ' + config.teams_app_id if config.teams_app_id else 'off'}; "
        f"at the deadline: {config.on_deadline}; reminders {config.remind_before_hours} h before. "
        f"Check the channels with 'mailwarden tenant check {tenant}'.",
        highlight=False,
    )


@app.command("send")
@handles_errors
def send_cmd(tenant: TenantOption = "demo", as_: AsOption = None) -> None:
    """Send what is due now (retries included); a scheduler may run this every minute."""

    async def main() -> DeliveryRound | None:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_) as session:
                _admin(session)
                return await send_now(workspace, tenant, session.ctx.clients.graph)

    done: DeliveryRound | None = run(main())
    if done is None:
        console.print("Nothing could be sent now; see 'mailwarden notifications list'.")
        return
    console.print(
        f"sent {done.sent}, waiting for a retry {done.retrying}, failed {done.failed}, skipped {done.skipped}"
    )
