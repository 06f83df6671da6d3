"""Send As: Get-, Add- and Remove-RecipientPermission with AccessRights SendAs.

Mail the trustee sends as the mailbox shows the mailbox as its only sender; recipients cannot tell who
wrote it (unlike Send on Behalf).
"""

from __future__ import annotations

from typing import ClassVar

from mailwarden.actions._delegation import (
    already_if_said,
    flipped,
    resolve_grant,
    revert_grant,
    trustee_entries,
    trustee_phrase,
)
from mailwarden.actions.base import ActionContext
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.steps import SendAs

__all__ = ["ACTION", "SendAsAction"]


class SendAsAction:
    action: ClassVar[str] = "send_as"

    async def preflight(self, ctx: ActionContext, step: SendAs) -> Preflight:
        found = resolve_grant(ctx, step)
        if isinstance(found, Refusal):
            return found
        mailbox, trustee = found
        exchange = ctx.clients.exchange
        mine = await trustee_entries(ctx, mailbox, trustee, exchange.recipient_permissions)
        has = any(e.holds("SendAs") for e in mine)
        # Not a holding (see `holds`), but worth naming: a revoke here cannot remove it.
        inherited = any(e.inherited and not e.deny and "SendAs" in e.rights for e in mine)
        who, what = trustee.display_name, mailbox.display_name
        if step.change == "grant":
            phrase = await trustee_phrase(ctx, step, trustee)
            if isinstance(phrase, Refusal):
                return phrase
            summary = (
                f"{phrase} is already able to send as {what}"
                if has
                else f"{phrase} will be able to send as {what}"
            )
            return Change(
                before={"send_as": has},
                after={"send_as": True},
                already=has,
                summary=summary,
                warnings=[]
                if has
                else [f"People who get mail {who} sends as {what} see only {what} as the sender."],
            )
        if inherited and not has:
            return Refusal(
                reason=f"{who}'s Send As on {what} is inherited, not granted on the mailbox; "
                "it cannot be removed here."
            )
        summary = (
            f"{who} will no longer be able to send as {what}"
            if has
            else f"{who} is already unable to send as {what}"
        )
        return Change(before={"send_as": has}, after={"send_as": False}, already=not has, summary=summary)

    async def apply(self, ctx: ActionContext, step: SendAs) -> None:
        mailbox, trustee = ctx.recipient(step.mailbox), ctx.recipient(step.trustee)
        exchange = ctx.clients.exchange
        if step.change == "grant":
            result = await exchange.add_recipient_permission(ctx.identity(mailbox), ctx.identity(trustee))
        else:
            result = await exchange.remove_recipient_permission(ctx.identity(mailbox), ctx.identity(trustee))
        already_if_said(result)

    def as_made(self, ctx: ActionContext, step: SendAs, change: Change) -> Change:
        who, what = ctx.recipient(step.trustee).display_name, ctx.recipient(step.mailbox).display_name
        if step.change == "grant":
            return flipped(change, "send_as", held=False, summary=f"{who} will be able to send as {what}")
        return flipped(
            change, "send_as", held=True, summary=f"{who} will no longer be able to send as {what}"
        )

    def revert(self, step: SendAs, change: Change) -> SendAs | None:
        return revert_grant(step, change, "send_as")


ACTION = SendAsAction()
