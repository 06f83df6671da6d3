"""A group as the trustee of Full Access or Send As: which groups Exchange accepts, and who they stand for.

Exchange grants mailbox rights to security principals: people, and mail-enabled security groups (admins
give a whole team a shared mailbox that way; Microsoft's "Manage permissions for recipients in Exchange
Online" names mail-enabled security groups as the group that works). A distribution list that is not
security-enabled and a dynamic distribution list are no security principals, and a Microsoft 365 group is
not one Exchange lets hold mailbox rights; Exchange refuses them as -User / -Trustee, so mailwarden
refuses them first, saying what to use instead.

A group stands for everyone in it, through nesting, as the tenant holds it now. So a group is accepted
only when every member it reaches is an enabled person of the organisation: the same walk forwarding is
judged by (DESIGN §5), without following forwarding (a member's forwarding moves mail, not access), and
stricter at the end: a shared mailbox is nobody who signs in, so it is no acceptable member either.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailwarden.actions.base import ActionContext
from mailwarden.directory.reach import VIA, Reached, mail_reach
from mailwarden.model.changes import Refusal
from mailwarden.model.recipients import Recipient, RecipientKind

__all__ = ["GROUP_TRUSTEE_ACTIONS", "NESTED", "GroupTrustee", "group_trustee", "refuse_group_kind"]

GROUP_TRUSTEE_ACTIONS = frozenset({"mailbox_delegation", "send_as"})
"""Where a mail-enabled security group may be the trustee. Send on Behalf is left to people: mailwarden
has not modelled a group in GrantSendOnBehalfTo (what its members see, how Outlook shows it)."""
NESTED = " through nested groups"
"""Follows the count of a group's members when some are members of a group in it, whom reading the group's
own members does not show (workflow/redact.py names them to admins only)."""
_SHOWN = 8  # members named in a preview before "and N more"
_INSTEAD = "Use a mail-enabled security group, or grant the people in it one by one."
_NOT_PRINCIPALS = {
    RecipientKind.DISTRIBUTION_LIST: (
        "a distribution list that is not security-enabled; Exchange grants mailbox rights only to people "
        "and mail-enabled security groups"
    ),
    RecipientKind.M365_GROUP: (
        "a Microsoft 365 group; Exchange grants Full Access and Send As only to people and mail-enabled "
        "security groups"
    ),
}


@dataclass(frozen=True)
class GroupTrustee:
    """A mail-enabled security group checked as a trustee, with everyone it reaches."""

    group: Recipient
    members: tuple[Reached, ...]

    def phrase(self) -> str:
        """'Finance Team (3 members: Christine Lee, Mike Smith, Rachel Green)'."""
        names = sorted((m.display_name or m.address for m in self.members), key=str.casefold)
        if not names:
            return f"{self.group.display_name} (no members)"
        shown = ", ".join(names[:_SHOWN]) + (
            f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
        )
        nested = NESTED if any(len(m.path) > 1 for m in self.members) else ""
        count = f"{len(names)} member{'s' if len(names) != 1 else ''}{nested}"
        return f"{self.group.display_name} ({count}: {shown})"


def refuse_group_kind(trustee: Recipient, action: str) -> Refusal | None:
    """Why a group cannot be this step's trustee at all, or None for a group it may be (checked later)."""
    if not trustee.is_group:
        return None
    if action not in GROUP_TRUSTEE_ACTIONS:
        return Refusal(
            reason=f"{trustee.label()} is a group; mailwarden gives Send on Behalf to people only. "
            "Grant it to the people in the group one by one."
        )
    if trustee.kind in _NOT_PRINCIPALS:
        return Refusal(reason=f"{trustee.label()} is {_NOT_PRINCIPALS[trustee.kind]}. {_INSTEAD}")
    return None


async def group_trustee(
    ctx: ActionContext, group: Recipient, what: str = "mailbox access"
) -> GroupTrustee | Refusal:
    """The group with everyone it reaches, read live, or why it must not hold the right (`what`: "mailbox
    access", "access to a calendar")."""
    reach = await mail_reach(ctx.clients, ctx.identity(group), follow_forwarding=False)
    if reach.blocked is not None:
        return Refusal(
            reason=f"{group.label()} cannot be given {what}: {reach.blocked.sentence()}. "
            "Every member of a group, and of the groups in it, must be an enabled person of the organisation."
        )
    shared = [m for m in reach.reached if m.kind == "SharedMailbox"]
    if shared:
        who = f"{shared[0].display_name} ({shared[0].address})"
        if len(shared[0].path) > 1:
            who += f"{VIA}{', then '.join(hop.phrase for hop in shared[0].path[1:])})"
        return Refusal(
            reason=f"{group.label()} cannot be given {what}: it contains the shared mailbox {who}, "
            "which is no person. Every member must be an enabled person of the organisation."
        )
    return GroupTrustee(group=group, members=reach.reached)
