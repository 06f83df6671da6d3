"""`mailwarden do ACTION CHANGE ...`: request one structured change, previewed, decided, confirmed, run."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from mailwarden.errors import ConfigError
from mailwarden.model.steps import ACTIONS
from mailwarden.planner.durations import parse_expiry
from mailwarden.planner.structured import build_step
from mailwarden.workspace import run

from .common import AsOption, JsonOption, JustificationOption, TenantOption, handles_errors
from .session import acting, workspace_connection
from .submit import submit_writes

__all__ = ["do"]


def _expiry(text: str) -> dt.datetime:
    try:
        return parse_expiry(text)
    except ConfigError as exc:
        raise ConfigError(f"--expires: {exc}") from None


@handles_errors
def do(
    action: Annotated[
        str, typer.Argument(help=f"One of: {', '.join(a for a, s in ACTIONS.items() if s.kind == 'write')}")
    ],
    change: Annotated[str, typer.Argument(help="grant/revoke, add/remove, create/delete, set/clear")],
    mailbox: Annotated[str | None, typer.Option(help="The mailbox (address, UPN, name or GUID).")] = None,
    trustee: Annotated[str | None, typer.Option(help="Who receives or loses the right.")] = None,
    group: Annotated[str | None, typer.Option(help="The distribution list or group.")] = None,
    member: Annotated[str | None, typer.Option(help="The member to add or remove.")] = None,
    members: Annotated[
        list[str] | None, typer.Option("--members", help="Members of a new list (repeat).")
    ] = None,
    display_name: Annotated[str | None, typer.Option(help="Display name of a new list.")] = None,
    recipient: Annotated[str | None, typer.Option(help="Whose primary address changes.")] = None,
    new_address: Annotated[str | None, typer.Option(help="The new primary address.")] = None,
    drop_old: Annotated[
        bool, typer.Option("--drop-old", help="Do not keep the old primary as a secondary.")
    ] = False,
    owner: Annotated[str | None, typer.Option(help="Whose calendar.")] = None,
    grantee: Annotated[str | None, typer.Option(help="Who may see the calendar.")] = None,
    access: Annotated[
        str | None, typer.Option(help="availability_only, limited_details, reviewer or editor.")
    ] = None,
    forward_to: Annotated[str | None, typer.Option(help="Internal recipient to forward to.")] = None,
    keep_copy: Annotated[
        bool, typer.Option("--keep-copy", help="Keep a copy in the mailbox when forwarding.")
    ] = False,
    no_automapping: Annotated[
        bool, typer.Option("--no-automapping", help="Do not add the mailbox to Outlook.")
    ] = False,
    expires: Annotated[
        str | None, typer.Option(help="Time-bound access: 14d, 12h, 2w or an ISO date.")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Apply without asking to confirm.")] = False,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
    json_out: JsonOption = False,
    justification: JustificationOption = None,
) -> None:
    """Request one change: preview it, let policy decide, confirm, and run it once approved."""
    spec = ACTIONS.get(action)
    if spec is None or spec.kind != "write":
        raise ConfigError(
            f"{action!r} is not a change mailwarden makes. Changes: "
            f"{', '.join(a for a, s in ACTIONS.items() if s.kind == 'write')}; "
            "for views use 'mailwarden view'."
        )
    params: dict[str, Any] = {
        "mailbox": mailbox,
        "trustee": trustee,
        "group": group,
        "member": member,
        "members": tuple(members or ()),
        "display_name": display_name,
        "recipient": recipient,
        "new_address": new_address,
        "owner": owner,
        "grantee": grantee,
        "access": access,
        "forward_to": forward_to,
        "expires": _expiry(expires) if expires else None,
    }
    if drop_old:
        params["keep_old"] = False
    if keep_copy:
        params["keep_copy"] = True
    if no_automapping:
        params["automapping"] = False

    async def main() -> None:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_) as session:
                step = build_step(action, change, params, session.ctx.directory, session.requester)
                await submit_writes(session, [step], yes=yes, json_out=json_out, justification=justification)

    run(main())
