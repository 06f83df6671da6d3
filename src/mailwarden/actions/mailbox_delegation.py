"""Full Access to a mailbox: Get-, Add- and Remove-MailboxPermission with AccessRights FullAccess.

Exchange does not show whether a grant was made with AutoMapping (it lives on the trustee's side), so the
before-state records it as unknown (null); a grant records what the step asked for.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import JsonValue

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
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import MailboxDelegation

__all__ = ["ACTION", "MailboxDelegationAction"]

SEND_AS_WARNING = (
    "Full Access does not include Send As: {trustee} can read the mailbox but not send as it "
    "without a Send As grant."
)


class MailboxDelegationAction:
    action: ClassVar[str] = "mailbox_delegation"

    async def preflight(self, ctx: ActionContext, step: MailboxDelegation) -> Preflight:
        found = resolve_grant(ctx, step)
        if isinstance(found, Refusal):
            return found
        mailbox, trustee = found
        exchange = ctx.clients.exchange
        mine = await trustee_entries(ctx, mailbox, trustee, exchange.mailbox_permissions)
        has = any(e.holds("FullAccess") for e in mine)
        # Not a holding (see `holds`), but worth naming: a revoke here cannot remove it.
        inherited = any(e.inherited and not e.deny and "FullAccess" in e.rights for e in mine)
        who, what = trustee.display_name, mailbox.display_name
        before: dict[str, JsonValue] = {"full_access": has, "automapping": None}
        if step.change == "grant":
            phrase = await trustee_phrase(ctx, step, trustee)
            if isinstance(phrase, Refusal):
                return phrase
            warnings = [SEND_AS_WARNING.format(trustee=f"{who}'s members" if trustee.is_group else who)]
            if trustee.is_group and step.automapping:
                # Exchange maps a mailbox into Outlook only for a person granted directly, never through a
                # group (Add-MailboxPermission's AutoMapping docs); saying so saves a support call.
                warnings.append(
                    f"Outlook will not add {what} for the members of {who} by itself (AutoMapping works only "
                    "for people granted directly); each member adds it once (File > Account settings)."
                )
            return Change(
                before=before,
                after={"full_access": True, "automapping": None if has else step.automapping},
                already=has,
                summary=f"{phrase} already has Full Access to {what}"
                if has
                else f"{phrase} will have Full Access to {what}",
                warnings=warnings,
            )
        if inherited and not has:
            # Removing the mailbox's own entry would not touch it; the grant sits on a parent object.
            return Refusal(
                reason=f"{who}'s Full Access to {what} is inherited, not granted on the mailbox; "
                "it cannot be removed here."
            )
        return Change(
            before=before,
            after={"full_access": False, "automapping": None},
            already=not has,
            summary=f"{who} will no longer have Full Access to {what}"
            if has
            else f"{who} already has no Full Access to {what}",
            warnings=_revoke_warnings(mailbox, trustee) if has else [],
        )

    async def apply(self, ctx: ActionContext, step: MailboxDelegation) -> None:
        mailbox, trustee = ctx.recipient(step.mailbox), ctx.recipient(step.trustee)
        exchange = ctx.clients.exchange
        if step.change == "grant":
            result = await exchange.add_mailbox_permission(
                ctx.identity(mailbox), ctx.identity(trustee), automapping=step.automapping
            )
        else:
            result = await exchange.remove_mailbox_permission(ctx.identity(mailbox), ctx.identity(trustee))
        already_if_said(result)

    def as_made(self, ctx: ActionContext, step: MailboxDelegation, change: Change) -> Change:
        mailbox, trustee = ctx.recipient(step.mailbox), ctx.recipient(step.trustee)
        who, what = trustee.display_name, mailbox.display_name
        if step.change == "grant":
            summary = f"{who} will have Full Access to {what}"
            automapping: dict[str, JsonValue] = {"automapping": step.automapping}
            return flipped(change, "full_access", held=False, summary=summary, after=automapping)
        return flipped(
            change,
            "full_access",
            held=True,
            summary=f"{who} will no longer have Full Access to {what}",
            warnings=_revoke_warnings(mailbox, trustee),
        )

    def revert(self, step: MailboxDelegation, change: Change) -> MailboxDelegation | None:
        return revert_grant(step, change, "full_access")


def _revoke_warnings(mailbox: Recipient, trustee: Recipient) -> list[str]:
    # Exchange and Outlook take a while to notice a removed grant; say so rather than surprise anyone.
    return [f"Outlook may still show {mailbox.display_name} to {trustee.display_name} for up to an hour."]


ACTION = MailboxDelegationAction()
