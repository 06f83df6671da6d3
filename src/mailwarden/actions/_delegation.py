"""What the delegation actions (Full Access, Send As, Send on Behalf) share.

Each one names a mailbox and a trustee, refuses the same trustees, reads a list of grants from Exchange in
which trustees appear however Exchange chose to print them, and is undone by the opposite change.

Exchange prints a trustee as its UPN (Get-MailboxPermission, Get-RecipientPermission) or as its Name
(GrantSendOnBehalfTo, ForwardingAddress). A Name is the alias, the directory GUID in newer tenants, or the
display name in older and synced ones; so a printed value is matched against every identifier the
recipient has, and against its display name only when no other recipient shares it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from mailwarden.actions.base import ActionContext, refuse_unless_internal_person, refuse_unless_mailbox
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ResolutionError
from mailwarden.model.changes import Change, Refusal
from mailwarden.model.recipients import Recipient, strip_proxy_prefix
from mailwarden.model.steps import ACTIONS, MailboxDelegation, SendAs, SendOnBehalf

__all__ = ["Grant", "identities", "names", "resolve_grant", "revert_grant", "target"]

Grant = TypeVar("Grant", MailboxDelegation, SendAs, SendOnBehalf)


def _key(value: str) -> str:
    return strip_proxy_prefix(value).casefold()


def identities(r: Recipient, directory: Directory) -> frozenset[str]:
    """Every string (casefolded) by which Exchange may print `r`."""
    keys = {r.recipient_id, *r.addresses}
    if r.upn:
        keys.add(r.upn)
    if r.alias:
        keys.add(r.alias)
    if len(directory.named(r.display_name)) == 1:
        keys.add(r.display_name)
    return frozenset(_key(k) for k in keys)


def names(printed: Iterable[object], r: Recipient, directory: Directory) -> bool:
    """Whether any of the values Exchange printed names `r`."""
    mine = identities(r, directory)
    return any(isinstance(p, str) and _key(p) in mine for p in printed)


def target(ctx: ActionContext, reference: str) -> Recipient | Refusal:
    """The recipient a step names, or a Refusal saying why there is none (unknown, outside, ambiguous)."""
    try:
        return ctx.recipient(reference)
    except ResolutionError as exc:
        return Refusal(reason=str(exc))


def resolve_grant(ctx: ActionContext, step: Grant) -> tuple[Recipient, Recipient] | Refusal:
    """The mailbox and the trustee of a delegation step, or why the step must not run.

    A grant needs an enabled person of the organisation as trustee. A revoke takes any trustee the mailbox
    names, so access held by a disabled account, a guest or a group can still be cleaned up.
    """
    mailbox = target(ctx, step.mailbox)
    if isinstance(mailbox, Refusal):
        return mailbox
    trustee = target(ctx, step.trustee)
    if isinstance(trustee, Refusal):
        return trustee
    refusal = refuse_unless_mailbox(mailbox)
    if refusal is None and step.change == "grant":
        refusal = refuse_unless_internal_person(trustee, role="trustee")
        if refusal is None and trustee.recipient_id == mailbox.recipient_id:
            refusal = Refusal(
                reason=f"{trustee.label()} is the mailbox itself; it needs no delegation to it."
            )
    return refusal or (mailbox, trustee)


def revert_grant(step: Grant, change: Change, key: str) -> Grant | None:
    """The opposite change, when `change` actually flipped `before[key]`; None when it changed nothing."""
    if change.already or not isinstance(change.before, dict) or not isinstance(change.after, dict):
        return None
    if change.before.get(key) == change.after.get(key):
        return None
    # An expiry belongs to the grant it limits, never to its undoing.
    return step.model_copy(update={"change": ACTIONS[step.action].inverse_of(step.change), "expires": None})
