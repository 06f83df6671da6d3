"""Who might approve a step: the candidates the policy's "approve:" actions are asked about.

The policy decides who of them may approve; routing only gathers the people DESIGN §5 names as
approvers anywhere: the resource's owners (for a list, also those of the stricter lists it sits in), the
requester's manager and the admins. Only enabled users
are candidates, and never the requester. The order is the order approvers are shown in: owners first,
then the manager, then the admins. `why_no_candidate` says, for a "no one may approve" denial, whom it
looked for and why each kind of approver is missing.

`forwarded_readers_left_out` takes out of a forwarding's candidates whoever reads the mail it sends on
(Org.forward_readers, read from the tenant): they would approve access to someone else's mail for
themselves, and are refused when they approve (workflow/forwarded_readers.py); named, they would leave the
request waiting for ever for an approval nobody can give. `requester_reads_forwarded` tells the approvers
when the requester reads that mail themselves: approving it gives them someone else's mail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ChangePrimaryAlias, EmailForwardingInternal, Step
from mailwarden.policy.entities import (
    Org,
    hands_over_forwarded_mail_to_members,
    is_active_user,
    members_given_mail,
)

__all__ = [
    "approver_candidates",
    "forwarded_readers_left_out",
    "hands_over_forwarded_mail",
    "requester_reads_forwarded",
    "why_no_candidate",
]

NO_SECOND_ADMIN = "no second admin: four-eyes not possible"
_LIST_CHANGE = {"distribution_list_membership": "add", "distribution_list_lifecycle": "new list"}


def approver_candidates(org: Org, requester: Recipient, target: Recipient | None) -> tuple[Recipient, ...]:
    """Everyone who might approve a step of `requester` on `target` (None: the tenant as a whole)."""
    found: list[Recipient] = []
    if target is not None:
        found += org.active_owners(target)
        if target.is_group:
            found += org.join_approvers(target)  # the owners of a stricter list it sits in
    manager = org.manager(requester)
    if manager is not None:
        found.append(manager)
    found += org.admin_recipients()
    out: dict[str, Recipient] = {}
    for r in found:
        if r.recipient_id != requester.recipient_id and is_active_user(r):
            out.setdefault(r.recipient_id, r)
    return tuple(out.values())


def forwarded_readers_left_out(
    org: Org,
    requester: Recipient,
    step: Step,
    candidates: tuple[Recipient, ...],
    context: Mapping[str, Any] | None = None,
) -> tuple[tuple[Recipient, ...], list[str]]:
    """`candidates` without those who read the mail the forwarding `step` sends on (themselves or through a
    group they are in), and a note on each one left out. One's own mail is the requester's to send on: a
    forwarding of the requester's own mailbox leaves nobody out (as the approval-time check).

    A primary address change that hands over forwarded mail (`context`, the step's Cedar context, says so:
    its `list_access`, as the guardrail `no-approving-forwarded-mail-for-oneself` reads it) leaves out
    whoever reads the recipient's mail (a shared mailbox's Full Access holders, members of a group holding
    it, readers of its Inbox): they would read that mail as the recipient does (red team 34). So does a list
    add (a new list) that hands its member (its members) forwarded mail, as this decision read it
    (`hands_over_forwarded_mail_to_members`): whoever reads the member's mail (Full Access on it, its Inbox,
    where its forwarding or Inbox rules send it) reads that mail too (red team 35)."""
    if isinstance(step, ChangePrimaryAlias):
        if not hands_over_forwarded_mail(context):
            return candidates, []
        what = f"the mail of {step.recipient}, which this address change hands the forwarded mail to"
    elif members := members_given_mail(step):
        if not hands_over_forwarded_mail_to_members(org, step):
            return candidates, []
        whose = ", ".join(members)
        what = f"the mail of {whose}, to whom this {_LIST_CHANGE[step.action]} hands the forwarded mail"
    elif isinstance(step, EmailForwardingInternal) and step.change == "set" and step.forward_to:
        mailbox = org.find(step.mailbox)
        if mailbox is not None and mailbox.recipient_id == requester.recipient_id:
            return candidates, []
        what = "the mail this forwarding sends on"
    else:
        return candidates, []
    kept: list[Recipient] = []
    notes: list[str] = []
    for c in candidates:
        where = org.forwarded_mail_read_by(step, c)
        if where is None:
            kept.append(c)
        else:
            notes.append(
                f"{c.primary_address}: reads {what} ({where}), and nobody approves access given to themselves"
            )
    return tuple(kept), notes


def hands_over_forwarded_mail(context: Mapping[str, Any] | None) -> bool:
    """Whether a change giving an address hands over forwarded mail, as its Cedar `context` says (the
    condition of the guardrail `no-approving-forwarded-mail-for-oneself`): a mailbox's forwarding or Inbox
    rule sends mail to the address, or whose mail it receives could not be established."""
    access = (context or {}).get("list_access")
    if not isinstance(access, Mapping):
        return False
    return not access.get("known") or bool(access.get("persons")) or bool(access.get("resources"))


def requester_reads_forwarded(org: Org, requester: Recipient, step: Step) -> str | None:
    """A note for the approvers of a forwarding of someone else's mailbox when its requester reads the mail
    it sends on (Full Access or an Inbox right where it lands, or a mailbox forwarding on to them): they
    decide on giving the requester that mail. None otherwise."""
    if not isinstance(step, EmailForwardingInternal) or step.change != "set" or not step.forward_to:
        return None
    mailbox = org.find(step.mailbox)
    if mailbox is None or mailbox.recipient_id == requester.recipient_id:
        return None
    where = org.forwarded_mail_read_by(step, requester)
    if where is None:
        return None
    return (
        f"{requester.primary_address}, who asks for it, reads the mail this forwarding sends on ({where}): "
        f"approving it gives them the mail of {mailbox.primary_address}."
    )


def why_no_candidate(org: Org, requester: Recipient, target: Recipient | None) -> list[str]:
    """Each kind of approver routing looks for, who it found and, where nobody, why: the words of a
    "no one may approve" message. The policy judges those found; this names them and the missing ones."""
    me = requester.recipient_id
    said: list[str] = []
    if target is not None:
        whose = f"the owners of {target.primary_address}"
        owners = {o.recipient_id: o for o in org.active_owners(target)}
        if target.is_group:
            owners.update((o.recipient_id, o) for o in org.join_approvers(target))
        others = [o for i, o in owners.items() if i != me]
        if others:
            said.append(f"{whose}: {_names(others)}")
        elif me in owners:
            said.append(f"{whose}: only you, and nobody approves their own request")
        else:
            said.append(f"{whose}: none who can act (no owner, or only disabled ones)")
    manager = org.manager(requester)
    if manager is None:
        said.append("your manager: none in the directory")
    elif not is_active_user(manager):
        said.append(f"your manager {manager.label()}: the account is disabled")
    else:
        said.append(f"your manager: {manager.label()}")
    admins = [a for a in org.admin_recipients() if is_active_user(a) and a.recipient_id != me]
    if admins:
        said.append(f"the admins: {_names(admins)}")
    elif org.is_admin(requester):
        said.append(f"a second admin: none, you are the only admin ({NO_SECOND_ADMIN})")
    else:
        said.append("the admins: none who can act")
    return said


def _names(people: list[Recipient]) -> str:
    return ", ".join(p.label() for p in people)
