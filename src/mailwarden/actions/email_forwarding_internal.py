"""Internal forwarding: a mailbox's ForwardingAddress, set to a recipient of the organisation, or cleared.

Set writes ForwardingAddress (a recipient, so Exchange follows it if its address changes), clears
ForwardingSmtpAddress (which would otherwise go on forwarding wherever it pointed) and sets
DeliverToMailboxAndForward from keep_copy. Clear empties both and stops keeping copies.

Forwarding outside the organisation is never done here: guests, contacts, and addresses in domains the
tenant has not verified are refused, and so is an address no recipient holds. "Inside" is judged on
everything the mail would reach, read live (directory/reach.py): a list is expanded through its nested
lists, a target that itself forwards is followed, and one guest, contact, mail user, outside address,
dynamic list, disabled account or loop anywhere in that tree refuses the step, naming that member. The
check runs at every preflight, so also right before the write: a member added after approval stops it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from mailwarden.actions._delegation import LAGGED, already_if_said, names, target
from mailwarden.actions.base import ActionContext, refuse_unless_mailbox
from mailwarden.directory.reach import Reach, mail_reach
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import NotFound, ResolutionError
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.recipients import Recipient, RecipientKind, strip_proxy_prefix
from mailwarden.model.steps import EmailForwardingInternal

__all__ = ["ACTION", "REACH_FURTHER", "REACH_WARNING", "EmailForwardingInternalAction"]

_FORWARDING = ["ForwardingAddress", "ForwardingSmtpAddress", "DeliverToMailboxAndForward"]


@dataclass(frozen=True)
class _Forwarding:
    """A mailbox's forwarding as Exchange holds it."""

    forward_to: str | None
    """The target's primary address (or the SMTP address forwarded to), lower case."""
    keep_copy: bool
    by_smtp: bool = False
    """Set through ForwardingSmtpAddress rather than to a recipient."""

    def as_json(self) -> dict[str, Any]:
        # Keeping a copy means nothing without a target; report it as off so "no forwarding" has one form.
        return {"forward_to": self.forward_to, "keep_copy": self.keep_copy and self.forward_to is not None}


class EmailForwardingInternalAction:
    action: ClassVar[str] = "email_forwarding_internal"

    async def preflight(self, ctx: ActionContext, step: EmailForwardingInternal) -> Preflight:
        mailbox = target(ctx, step.mailbox)
        if isinstance(mailbox, Refusal):
            return mailbox
        refusal = refuse_unless_mailbox(mailbox)
        if refusal is not None:
            return refusal
        dest: Recipient | None = None
        reach: Reach | None = None
        if step.change == "set":
            found = await _destination(ctx, mailbox, step.forward_to or "")
            if isinstance(found, Refusal):
                return found
            dest, reach = found
        current = await _read(ctx, mailbox)
        what = mailbox.display_name
        old = _describe(ctx.directory, current)
        if dest is None:
            return Change(
                before=current.as_json(),
                after=_Forwarding(None, keep_copy=False).as_json(),
                already=current.forward_to is None,
                summary=f"{what} will no longer forward mail (it forwards to {old})"
                if current.forward_to
                else f"{what} already forwards no mail",
                warnings=_smtp_warning(current),
            )
        wanted = _Forwarding(dest.primary_address, keep_copy=step.keep_copy)
        already = current == wanted
        copy = f"{what} keeps a copy" if step.keep_copy else f"{what} keeps no copy"
        return Change(
            before=current.as_json(),
            after=wanted.as_json(),
            already=already,
            summary=f"Mail to {what} is already forwarded to {dest.display_name} ({copy})"
            if already
            else f"Mail to {what} will be forwarded to {dest.display_name} ({copy})",
            warnings=[] if already else _set_warnings(mailbox, current, old, dest, step.keep_copy, reach),
        )

    async def apply(self, ctx: ActionContext, step: EmailForwardingInternal) -> None:
        mailbox = ctx.recipient(step.mailbox)
        if step.change == "set":
            dest = ctx.recipient(step.forward_to or "")
            result = await ctx.clients.exchange.set_mailbox(
                ctx.identity(mailbox),
                ForwardingAddress=ctx.identity(dest),
                ForwardingSmtpAddress=None,
                DeliverToMailboxAndForward=step.keep_copy,
            )
        else:
            result = await ctx.clients.exchange.set_mailbox(
                ctx.identity(mailbox),
                ForwardingAddress=None,
                ForwardingSmtpAddress=None,
                DeliverToMailboxAndForward=False,
            )
        # The Set-Mailbox names only the forwarding: "no settings modified" means it was already as asked.
        already_if_said(result)

    def as_made(self, ctx: ActionContext, step: EmailForwardingInternal, change: Change) -> Change:
        """What a write did that the (lagging) pre-check said was not needed. The forwarding it replaced
        was never in the reads, so it is not known: the record keeps before as after (undo restores
        nothing it cannot name) and says so."""
        what = ctx.recipient(step.mailbox).display_name
        if step.change == "set":
            summary = (
                f"Mail to {what} will be forwarded to {ctx.recipient(step.forward_to or '').display_name}"
            )
        else:
            summary = f"{what} will no longer forward mail (set outside mailwarden moments before)"
        return Change(
            before=change.after,
            after=change.after,
            summary=summary,
            warnings=[LAGGED, "Undo cannot restore the forwarding held before: the reads never showed it."],
        )

    def revert(self, step: EmailForwardingInternal, change: Change) -> EmailForwardingInternal | None:
        before = change.before
        if change.already or change.before == change.after or not isinstance(before, dict):
            return None
        previous = before.get("forward_to")
        if not isinstance(previous, str):
            return EmailForwardingInternal(change="clear", mailbox=step.mailbox)
        return EmailForwardingInternal(
            change="set", mailbox=step.mailbox, forward_to=previous, keep_copy=bool(before.get("keep_copy"))
        )


REACH_WARNING = "Forwarded mail reaches "
"""How the warning of how many mailboxes forwarded mail reaches begins: that count is for those who may see
who is on the target (workflow/redact.py tells anyone else only that it is a group)."""
REACH_FURTHER = " (nested lists and forwarding included)"
"""Ends the warning when the count takes in more than the target's own members (or where it forwards):
who is on a nested list, or where a member forwards, which reading the target's members does not show."""

_INSIDE_ONLY = "Mail is forwarded only where everything it reaches is an enabled person or a shared mailbox "
_INSIDE_ONLY += "of the organisation."


async def _destination(
    ctx: ActionContext, mailbox: Recipient, reference: str
) -> tuple[Recipient, Reach] | Refusal:
    """The recipient mail is to be forwarded to and all it reaches, or why it must not be."""
    try:
        dest = ctx.recipient(reference)
    except ResolutionError as exc:
        address = strip_proxy_prefix(reference)
        if "@" in address and not ctx.directory.is_internal_address(address):
            domain = address.rpartition("@")[2]
            return Refusal(
                reason=f"{address!r} is outside the organisation ({domain!r} is not a verified domain of "
                "this tenant); mail is forwarded only to recipients inside the organisation."
            )
        if "@" in address:
            # Not in the directory: Exchange may still hold it (a dynamic list, which Graph never shows).
            unknown = await mail_reach(ctx.clients, address, source=mailbox.primary_address)
            if unknown.blocked is not None and unknown.blocked.what != "recipient the tenant does not show":
                why = unknown.blocked.sentence()
                return Refusal(reason=f"Mail cannot be forwarded to {address}: {why}. {_INSIDE_ONLY}")
        return Refusal(reason=f"{exc} Mail is forwarded only to recipients inside the organisation.")
    if not dest.internal:
        return Refusal(
            reason=f"{dest.label()} is outside the organisation ({dest.kind.value}); mail is forwarded "
            "only to recipients inside the organisation."
        )
    if dest.kind is RecipientKind.USER and not dest.enabled:
        return Refusal(reason=f"{dest.label()} is a disabled account; forwarded mail would go unread.")
    if dest.recipient_id == mailbox.recipient_id:
        return Refusal(reason=f"{mailbox.label()} cannot forward mail to itself.")
    # By id when the step is bound to the destination: its address may have moved since approval.
    reach = await mail_reach(ctx.clients, ctx.identity(dest), source=mailbox.primary_address)
    if reach.blocked is not None:
        return Refusal(
            reason=f"Mail cannot be forwarded to {dest.label()}: {reach.blocked.sentence()}. {_INSIDE_ONLY}"
        )
    return dest, reach


async def _read(ctx: ActionContext, mailbox: Recipient) -> _Forwarding:
    box = await ctx.clients.exchange.get_mailbox(ctx.identity(mailbox), select=_FORWARDING)
    keep = bool(box.get("DeliverToMailboxAndForward"))
    # When both are set Exchange forwards to ForwardingAddress, so that is the one that counts.
    name = box.get("ForwardingAddress")
    if isinstance(name, str) and name:
        return _Forwarding(await _address_of(ctx, name), keep_copy=keep)
    smtp = box.get("ForwardingSmtpAddress")
    if isinstance(smtp, str) and smtp:
        return _Forwarding(strip_proxy_prefix(smtp).lower(), keep_copy=keep, by_smtp=True)
    return _Forwarding(None, keep_copy=keep)


async def _address_of(ctx: ActionContext, name: str) -> str:
    """The primary address of the recipient Exchange printed as `name`.

    A step approved for its objects (`ctx.bound`) asks Exchange whose Name it is now, and takes the address
    the directory has for that object: a Name another recipient took since the last sync would otherwise
    read as the target approved, and mail going to someone else be called "already forwarded"."""
    known = None if ctx.bound else _printed(ctx.directory, name)
    if known is not None:
        return known.primary_address
    try:  # a recipient created since discovery: ask Exchange, which knows its own Names
        found = await ctx.clients.exchange.get_recipient(name)
    except NotFound:
        return name.lower()
    same = ctx.directory.get(str(found.get("ExternalDirectoryObjectId") or "").lower())
    return same.primary_address if same is not None else str(found.get("PrimarySmtpAddress") or name).lower()


def _printed(directory: Directory, name: str) -> Recipient | None:
    candidates = [
        directory.get(name),
        directory.by_address(name),
        directory.by_upn(name),
        *directory.by_alias(name),
        *directory.named(name),
    ]
    found = {r.recipient_id: r for r in candidates if r is not None and names([name], r, directory)}
    return next(iter(found.values())) if len(found) == 1 else None


def _describe(directory: Directory, forwarding: _Forwarding) -> str:
    if forwarding.forward_to is None:
        return "nobody"
    r = directory.by_address(forwarding.forward_to)
    return r.display_name if r is not None else forwarding.forward_to


def _set_warnings(
    mailbox: Recipient, current: _Forwarding, old: str, dest: Recipient, keep_copy: bool, reach: Reach | None
) -> list[str]:
    warnings: list[str] = []
    if reach is not None and (reach.lists or len(reach.reached) > 1):
        people = len(reach.reached)
        mailboxes = f"{people} mailbox{'es' if people != 1 else ''}"
        further = REACH_FURTHER if any(len(r.path) > 1 for r in reach.reached) else ""
        warnings.append(f"{REACH_WARNING}{mailboxes} through {dest.display_name}{further}.")
    if current.forward_to is not None and current.forward_to != dest.primary_address:
        warnings.append(f"This replaces the forwarding to {old}.")
        warnings += _smtp_warning(current)
    if not keep_copy:
        warnings.append(f"{mailbox.display_name} will keep no copy of forwarded mail.")
    return warnings


def _smtp_warning(current: _Forwarding) -> list[str]:
    # Undo re-creates forwarding through this action, which never forwards outside the organisation.
    if not current.by_smtp:
        return []
    return [
        f"The current forwarding to {current.forward_to} is by SMTP address; undoing this step "
        "restores it only if that address belongs to the organisation."
    ]


ACTION = EmailForwardingInternalAction()
