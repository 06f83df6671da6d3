"""`mailwarden catalogue`: the shared mailboxes and lists you may ask for, and who would approve each."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from mailwarden.workflow.catalogue import Offer, catalogue
from mailwarden.workspace import run

from .common import AsOption, JsonOption, TenantOption, console, handles_errors, print_json
from .session import acting, workspace_connection

__all__ = ["catalogue_cmd"]


@handles_errors
def catalogue_cmd(tenant: TenantOption = "demo", as_: AsOption = None, json_out: JsonOption = False) -> None:
    """The shared mailboxes and lists the tenant's policy lets you ask for, with who approves."""

    async def main() -> list[Offer]:
        with workspace_connection(tenant) as (workspace, connection):
            async with acting(workspace, connection, tenant, as_, catch_up=False) as session:
                return catalogue(session.engine, session.org, session.ctx.directory, session.requester)

    offers: list[Offer] = run(main())
    if json_out:
        print_json([o.model_dump(mode="json") for o in offers])
        return
    if not offers:
        console.print("The tenant's policy lets you ask for no shared mailbox or list.")
        return
    table = Table(title=f"What you may ask for on {tenant}", title_justify="left")
    for column in ("kind", "name", "address", "approval"):
        table.add_column(column)
    for o in offers:
        if o.you_have_it:
            approval = "you are a member"
        elif o.approvers:
            approval = "approved by " + ", ".join(f"{p.name} ({p.address})" for p in o.approvers)
        else:
            approval = "no approval needed"
        kind = "shared mailbox" if o.kind == "shared_mailbox" else "list"
        table.add_row(kind, escape(o.name), o.address, escape(approval))
    console.print(table)
    console.print(
        "Ask with: mailwarden do mailbox_delegation grant --mailbox ADDRESS --trustee me, or "
        "mailwarden do distribution_list_membership add --group ADDRESS --member me",
        highlight=False,
    )
