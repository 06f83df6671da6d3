"""`mailwarden view VIEW`: the read-only views (shared mailboxes, lists, who has access ...)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from mailwarden.actions import VIEWS
from mailwarden.errors import ConfigError
from mailwarden.model.steps import ACTIONS
from mailwarden.planner.structured import build_step
from mailwarden.workflow.session import authorize_read
from mailwarden.workspace import run

from .common import AsOption, JsonOption, TenantOption, handles_errors, print_json
from .render import render_view, view_json
from .session import acting, workspace_connection

__all__ = ["SHORT_NAMES", "view"]

# What people type, beside the action ids of the plan JSON.
SHORT_NAMES = {
    "shared-mailboxes": "list_shared_mailboxes",
    "lists": "list_distribution_lists",
    "permissions": "view_mailbox_permissions",
    "full-access": "view_mailbox_permissions",
    "send-as": "view_send_as_permissions",
    "mailbox": "view_mailbox_details",
    "members": "list_group_members",
    "calendar": "view_calendar_permissions",
}


def _view_id(name: str) -> str:
    action = SHORT_NAMES.get(name, name.replace("-", "_"))
    if action not in VIEWS or action == "delegation_report":
        names = ", ".join(sorted(SHORT_NAMES))
        raise ConfigError(
            f"Unknown view {name!r}. Views: {names} (or their action ids); "
            "for the delegation report use 'mailwarden report delegations'."
        )
    return action


@handles_errors
def view(
    name: Annotated[str, typer.Argument(help=f"One of: {', '.join(sorted(SHORT_NAMES))}.")],
    mailbox: Annotated[str | None, typer.Option(help="The mailbox to look at.")] = None,
    group: Annotated[str | None, typer.Option(help="The list or group to look at.")] = None,
    owner: Annotated[str | None, typer.Option(help="Whose calendar to look at.")] = None,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
    json_out: JsonOption = False,
) -> None:
    """Show a read-only view of the tenant, read live."""
    action = _view_id(name)
    params: dict[str, Any] = {"mailbox": mailbox, "group": group, "owner": owner}
    spec = ACTIONS[action]
    params = {k: v for k, v in params.items() if k in spec.params}

    async def main() -> None:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_) as session:
                step = build_step(action, "read", params, session.ctx.directory, session.requester)
                await authorize_read(session, step)
                result = await VIEWS[action].run(session.ctx, step)
        if json_out:
            print_json(view_json(result))
        else:
            render_view(result)

    run(main())
