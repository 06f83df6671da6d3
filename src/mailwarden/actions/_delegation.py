"""What the delegation actions (Full Access, Send As, Send on Behalf) share.

Each one names a mailbox and a trustee, refuses the same trustees, reads a list of grants from Exchange in
which trustees appear however Exchange chose to print them, and is undone by the opposite change.

Exchange prints a trustee as its UPN or Name (Get-MailboxPermission, Get-RecipientPermission) or as its Name
(GrantSendOnBehalfTo, ForwardingAddress). A preview never places a printed holder on the cached directory:
it asks Exchange by the trustee's object id (`trustee_entries`) or for the trustee's Name now (Send on
Behalf), so a Name that is neither alias nor display name, or is a colleague's, cannot pass for another.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from pydantic import JsonValue

from mailwarden.actions._group_trustee import group_trustee, refuse_group_kind
from mailwarden.actions.base import ActionContext, refuse_unless_internal_person, refuse_unless_mailbox
from mailwarden.connectors.exchange import CmdletResult
from mailwarden.directory.identify import names
from mailwarden.errors import AlreadyExists, ResolutionError
from mailwarden.model.changes import Change, Refusal
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ACTIONS, MailboxDelegation, SendAs, SendOnBehalf

__all__ = [
    "LAGGED",
    "Grant",
    "already_if_said",
    "flipped",
    "names",
    "resolve_grant",
    "revert_grant",
    "target",
    "trustee_entries",
    "trustee_phrase",
]

LAGGED = (
    "The tenant's reads had not yet shown a change made outside mailwarden moments before; the write's "
    "own answer showed that this step did change it."
)

# What Exchange says, as a warning and no output, of a write that finds the tenant already as asked:
# Add-MailboxPermission / Add-RecipientPermission on an entry that is there, Remove-* on one that is not
# (learn.microsoft.com support article "Can't remove the access control entry"), Set-Mailbox that changes
# nothing (a GrantSendOnBehalfTo add of a delegate listed, a remove of one not listed).
_ALREADY_SAID = (
    "access control entry is already present on the object",
    "because the ACE doesn't exist on the object",
    "but no settings of",
)


def already_if_said(result: CmdletResult) -> None:
    """Raise AlreadyExists when Exchange's answer to a write says the tenant was already as asked."""
    for warning in result.warnings:
        if any(phrase.lower() in warning.lower() for phrase in _ALREADY_SAID):
            raise AlreadyExists(f"Exchange says it is already so: {warning}", resent=result.resent)


def flipped(
    change: Change,
    key: str,
    *,
    held: bool,
    summary: str,
    warnings: list[str] | None = None,
    after: dict[str, JsonValue] | None = None,
) -> Change:
    """The change a write made whose pre-check read (lagging) said it would change nothing: `key` was
    `held` before the write and is the opposite after it."""
    was = dict(change.before) if isinstance(change.before, dict) else {}
    now = {**(dict(change.after) if isinstance(change.after, dict) else {}), **(after or {})}
    was[key], now[key] = held, not held
    return Change(before=was, after=now, summary=summary, warnings=[*(warnings or []), LAGGED])


Grant = TypeVar("Grant", MailboxDelegation, SendAs, SendOnBehalf)
Entry = TypeVar("Entry")


def target(ctx: ActionContext, reference: str) -> Recipient | Refusal:
    """The recipient a step names, or a Refusal saying why there is none (unknown, outside, ambiguous)."""
    try:
        return ctx.recipient(reference)
    except ResolutionError as exc:
        return Refusal(reason=str(exc))


def resolve_grant(ctx: ActionContext, step: Grant) -> tuple[Recipient, Recipient] | Refusal:
    """The mailbox and the trustee of a delegation step, or why the step must not run.

    A grant needs an enabled person of the organisation as trustee, or for Full Access and Send As a
    mail-enabled security group (whose members the preflight checks, `group_trustee`). A revoke takes any
    trustee the mailbox names, so access held by a disabled account, a guest or a group can be cleaned up.
    """
    mailbox = target(ctx, step.mailbox)
    if isinstance(mailbox, Refusal):
        return mailbox
    trustee = target(ctx, step.trustee)
    if isinstance(trustee, Refusal):
        return trustee
    refusal = refuse_unless_mailbox(mailbox)
    if refusal is None and step.change == "grant":
        refusal = (
            refuse_group_kind(trustee, step.action)
            if trustee.is_group
            else refuse_unless_internal_person(trustee, role="trustee")
        )
        if refusal is None and trustee.recipient_id == mailbox.recipient_id:
            refusal = Refusal(
                reason=f"{trustee.label()} is the mailbox itself; it needs no delegation to it."
            )
    return refusal or (mailbox, trustee)


async def trustee_entries(
    ctx: ActionContext,
    mailbox: Recipient,
    trustee: Recipient,
    read: Callable[[str, str | None], Awaitable[list[Entry]]],
) -> list[Entry]:
    """`mailbox`'s permission entries that are `trustee`'s, asked of Exchange by the trustee's object id
    (-User / -Trustee), whether or not the step is bound yet. Get-MailboxPermission / Get-RecipientPermission
    print a group by its Exchange Name, which need be neither its alias nor its display name (and may be a
    colleague's display name): matching printed holders to the cached directory read a group named 'HR
    auditors 2019' as holding nothing, so a planned revoke was "already" and drifted unsent (red team 43)."""
    return await read(ctx.identity(mailbox), trustee.recipient_id)


async def trustee_phrase(ctx: ActionContext, step: Grant, trustee: Recipient) -> str | Refusal:
    """How a preview names the trustee: the person's name, or a group with the people it stands for
    ('Finance Team (3 members: ...)'), read live; a Refusal when a group to be granted must not be."""
    if not trustee.is_group or step.change != "grant":
        return trustee.display_name
    checked = await group_trustee(ctx, trustee)
    return checked if isinstance(checked, Refusal) else checked.phrase()


def revert_grant(step: Grant, change: Change, key: str) -> Grant | None:
    """The opposite change, when `change` actually flipped `before[key]`; None when it changed nothing."""
    if change.already or not isinstance(change.before, dict) or not isinstance(change.after, dict):
        return None
    if change.before.get(key) == change.after.get(key):
        return None
    # An expiry belongs to the grant it limits, never to its undoing.
    return step.model_copy(update={"change": ACTIONS[step.action].inverse_of(step.change), "expires": None})
