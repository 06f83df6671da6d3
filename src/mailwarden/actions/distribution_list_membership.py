"""Membership of a group: add or remove one member.

Distribution lists and mail-enabled security groups change through Exchange (Add-/Remove-
DistributionGroupMember): Graph treats them as read-only. Microsoft 365 groups change through Graph
(`/groups/{id}/members/$ref`), since app-only callers cannot run Add-UnifiedGroupLinks. Either way the
current membership is read live, and a member is recognised by its directory id, its addresses or its
alias, never by display name (two people may share one).
"""

from __future__ import annotations

import contextlib
from typing import ClassVar

from mailwarden.actions.base import ActionContext, refuse_unless_internal_person
from mailwarden.connectors.models import GroupMember
from mailwarden.errors import NotFound
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.steps import DistributionListMembership

__all__ = ["ACTION", "DistributionListMembershipAction", "is_member_entry"]


def is_member_entry(entry: GroupMember, member: Recipient) -> bool:
    """Whether a member (from Exchange's Get-DistributionGroupMember or Graph's /members) is `member`."""
    if entry.id and entry.id == member.recipient_id:
        return True
    mine = {*member.addresses, member.upn or ""} - {""}
    if (entry.address and entry.address in mine) or entry.identifiers & mine:
        return True
    return bool(member.alias) and (member.alias or "").lower() in entry.identifiers


async def _is_member(ctx: ActionContext, group: Recipient, member: Recipient) -> bool:
    if group.kind is RecipientKind.M365_GROUP:
        rows = await ctx.clients.graph.group_members(group.recipient_id)
    else:
        rows = await ctx.clients.exchange.distribution_group_members(group.primary_address)
    return any(is_member_entry(row, member) for row in rows)


class DistributionListMembershipAction:
    action: ClassVar[str] = "distribution_list_membership"

    async def preflight(self, ctx: ActionContext, step: DistributionListMembership) -> Preflight:
        group = ctx.recipient(step.group)
        member = ctx.recipient(step.member)
        if not group.is_group:
            return Refusal(
                reason=f"{group.label()} is a {group.kind.value.replace('_', ' ')}, not a group; "
                "members can be added to or removed from distribution lists, mail-enabled security "
                "groups and Microsoft 365 groups only."
            )
        if member.recipient_id == group.recipient_id:
            return Refusal(reason=f"{group.label()} cannot be a member of itself.")
        # Removing an outsider who is already there is allowed (it is how a list is cleaned up).
        if step.change == "add" and (refusal := refuse_unless_internal_person(member, role="member")):
            return refusal
        is_member = await _is_member(ctx, group, member)
        wanted = step.change == "add"
        who, where = member.display_name, group.label()
        if is_member == wanted:
            state = "already a member of" if wanted else "already not a member of"
            return Change(
                before={"member": is_member},
                after={"member": is_member},
                already=True,
                summary=f"{who} is {state} {where}.",
            )
        summary = f"{who} will be added to {where}." if wanted else f"{who} will be removed from {where}."
        return Change(before={"member": is_member}, after={"member": wanted}, summary=summary)

    async def apply(self, ctx: ActionContext, step: DistributionListMembership) -> None:
        group = ctx.recipient(step.group)
        member = ctx.recipient(step.member)
        if group.kind is RecipientKind.M365_GROUP:
            graph = ctx.clients.graph
            if step.change == "add":
                await graph.add_group_member(group.recipient_id, member.recipient_id)
            else:
                # NotFound: not a member (any more); the verifying preflight says whether that is so.
                with contextlib.suppress(NotFound):
                    await graph.remove_group_member(group.recipient_id, member.recipient_id)
            return
        exchange = ctx.clients.exchange
        # Addresses are unique in the tenant, so they name the list and the member unambiguously.
        if step.change == "add":
            await exchange.add_distribution_group_member(group.primary_address, member.primary_address)
        else:
            with contextlib.suppress(NotFound):  # MemberNotFoundException: already removed
                await exchange.remove_distribution_group_member(group.primary_address, member.primary_address)

    def revert(self, step: DistributionListMembership, change: Change) -> DistributionListMembership | None:
        if change.already:
            return None
        return step.model_copy(update={"change": "remove" if step.change == "add" else "add"})


ACTION = DistributionListMembershipAction()
