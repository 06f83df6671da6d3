"""Send on Behalf: the mailbox's GrantSendOnBehalfTo list, edited with Set-Mailbox add/remove.

Get-Mailbox prints the list as recipient Names; the trustee's Name is asked of Exchange by his id and
matched against them (never the cached directory's alias or display name). Mail sent this way shows
"<trustee> on behalf of <mailbox>".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from mailwarden.actions._delegation import already_if_said, flipped, resolve_grant, revert_grant
from mailwarden.actions.base import ActionContext
from mailwarden.errors import NotFound
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import SendOnBehalf

__all__ = ["ACTION", "SendOnBehalfAction"]


async def _holds(ctx: ActionContext, printed: Iterable[object], trustee: Recipient) -> bool:
    """Whether the Names Exchange printed include the trustee's, his Name asked of Exchange (by id) now.
    Never matched on the cached directory: a Name need be neither his alias nor his display name, and may
    be a colleague's display name (Rachel named 'Tom Becker' read as Tom, her revoke "already": red team
    43), or one another recipient took since the directory's last sync."""
    listed = {p.strip().casefold() for p in printed if isinstance(p, str) and p.strip()}
    if not listed:
        return False
    try:
        now = await ctx.clients.exchange.get_recipient(trustee.recipient_id)
    except NotFound:
        return False  # no longer in the tenant: nothing is held by him
    own = {str(now.get(k) or "").strip().casefold() for k in ("Name", "ExternalDirectoryObjectId")} - {""}
    return bool(listed & own)


class SendOnBehalfAction:
    action: ClassVar[str] = "send_on_behalf"

    async def preflight(self, ctx: ActionContext, step: SendOnBehalf) -> Preflight:
        found = resolve_grant(ctx, step)
        if isinstance(found, Refusal):
            return found
        mailbox, trustee = found
        box = await ctx.clients.exchange.get_mailbox(ctx.identity(mailbox), select=["GrantSendOnBehalfTo"])
        has = await _holds(ctx, box.get("GrantSendOnBehalfTo") or [], trustee)
        who, what = trustee.display_name, mailbox.display_name
        if step.change == "grant":
            summary = (
                f"{who} is already able to send on behalf of {what}"
                if has
                else f"{who} will be able to send on behalf of {what}"
            )
            return Change(
                before={"send_on_behalf": has}, after={"send_on_behalf": True}, already=has, summary=summary
            )
        summary = (
            f"{who} will no longer be able to send on behalf of {what}"
            if has
            else f"{who} is already unable to send on behalf of {what}"
        )
        return Change(
            before={"send_on_behalf": has}, after={"send_on_behalf": False}, already=not has, summary=summary
        )

    async def apply(self, ctx: ActionContext, step: SendOnBehalf) -> None:
        mailbox, trustee = ctx.recipient(step.mailbox), ctx.recipient(step.trustee)
        exchange = ctx.clients.exchange
        if step.change == "grant":
            result = await exchange.grant_send_on_behalf(ctx.identity(mailbox), ctx.identity(trustee))
        else:
            result = await exchange.revoke_send_on_behalf(ctx.identity(mailbox), ctx.identity(trustee))
        # The Set-Mailbox names only GrantSendOnBehalfTo: "no settings modified" means the list was as asked.
        already_if_said(result)

    def as_made(self, ctx: ActionContext, step: SendOnBehalf, change: Change) -> Change:
        who, what = ctx.recipient(step.trustee).display_name, ctx.recipient(step.mailbox).display_name
        if step.change == "grant":
            summary = f"{who} will be able to send on behalf of {what}"
            return flipped(change, "send_on_behalf", held=False, summary=summary)
        summary = f"{who} will no longer be able to send on behalf of {what}"
        return flipped(change, "send_on_behalf", held=True, summary=summary)

    def revert(self, step: SendOnBehalf, change: Change) -> SendOnBehalf | None:
        return revert_grant(step, change, "send_on_behalf")


ACTION = SendOnBehalfAction()
