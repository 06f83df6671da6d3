"""What a requester is shown of a step they ask for: nothing they may not read (DESIGN §5).

A preview reads the tenant with mailwarden's own rights, so it can see what the requester cannot: where
someone else's mailbox forwards, who holds Full Access on it, who is on a list. Every channel (plan JSON,
`do`, the REST API, the pages, the stored request and its audit records) previews a step through
`preview()` here, which applies the read views' rule: when the requester may not view the resource a step
changes, the step is not previewed at all (so neither a before-state, nor a name, nor a preflight error
naming recipients can reach them); they see that it cannot be previewed, and the policy's decision.

The one exception is a step about the requester's own access (their own Full Access, Send As, Send on
Behalf or membership): what it reads is their own, which their delegation report shows them anyway.

The redacted preview is what is stored: approvers and admins can open the resource's views themselves,
and the executor previews again, with the tenant's current state, before anything runs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Protocol

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions._group_trustee import GROUP_TRUSTEE_ACTIONS, NESTED
from mailwarden.actions.base import ActionContext
from mailwarden.actions.email_forwarding_internal import REACH_FURTHER, REACH_WARNING
from mailwarden.actions.views import delegates_of
from mailwarden.directory.reach import VIA
from mailwarden.directory.resolve import resolve
from mailwarden.errors import ResolutionError
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.decisions import Decision, Denied
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ACTIONS, Step, parse_step
from mailwarden.policy import Org, PolicyEngine

__all__ = [
    "GROUP_REFUSED",
    "REACH_REFUSED",
    "Reader",
    "as_seen",
    "hidden",
    "may_view",
    "preview",
    "reach_unseen",
    "read_decision",
]


class Reader(Protocol):
    """Who is asking and what decides what they may read (a workflow or planning session has these)."""

    @property
    def ctx(self) -> ActionContext: ...
    @property
    def requester(self) -> Recipient: ...
    @property
    def engine(self) -> PolicyEngine: ...
    @property
    def org(self) -> Org: ...


# For each write, the read view that shows what its preview reads, and the parameter naming its resource.
_VIEW_OF = {
    "mailbox_delegation": ("view_mailbox_permissions", "mailbox"),
    "send_as": ("view_send_as_permissions", "mailbox"),
    "send_on_behalf": ("view_mailbox_details", "mailbox"),
    "email_forwarding_internal": ("view_mailbox_details", "mailbox"),
    "change_primary_alias": ("view_mailbox_details", "recipient"),
    "calendar_share": ("view_calendar_permissions", "owner"),
    "distribution_list_membership": ("list_group_members", "group"),
    "distribution_list_lifecycle": ("list_group_members", "group"),
}
# Writes whose preview reads only the subject's own access, by the parameter naming the subject.
_OWN_ACCESS = {
    "mailbox_delegation": "trustee",
    "send_as": "trustee",
    "send_on_behalf": "trustee",
    "distribution_list_membership": "member",
}


async def read_decision(reader: Reader, step: Step) -> Decision:
    """The policy on a read view for the requester (employees: their own mailbox, and what they own, are
    a delegate of or are a member of; who the delegates are is read live)."""
    org = reader.org
    mailbox_ref = getattr(step, "mailbox", None) or getattr(step, "owner", None)
    if mailbox_ref and not reader.requester.is_admin:
        target = reader.ctx.directory.address_owner(str(mailbox_ref))
        if target is not None and target.is_mailbox:
            delegates = await delegates_of(reader.ctx, target)
            # Inside the replication lag of mailwarden's own revoke the read still lists whom it took the
            # right from; a reader with the requests' records (a channel's session) knows better (red team
            # 43). The workspace before the request service: a plan builds no service (its audit, the ORM).
            records = getattr(reader, "workspace", None) or getattr(reader, "service", None)
            tenant = getattr(reader, "tenant_key", None)
            if records is not None and isinstance(tenant, str):
                from mailwarden.workflow.own_revokes import without_own_revokes

                clock = getattr(records, "clock", None)  # the request service's (tests set it)
                now = clock() if callable(clock) else dt.datetime.now(dt.UTC)
                delegates = await without_own_revokes(records, tenant, reader.ctx, target, delegates, now)
            org = replace(org, delegates={**org.delegates, target.recipient_id: delegates})
    return reader.engine.decide(org, reader.requester, step)


async def may_view(reader: Reader, step: Step, known: dict[tuple[str, str], bool] | None = None) -> bool:
    """Whether the requester may read what previewing `step` reads. `known` remembers the answer per read
    view and resource, for many steps on one resource (a list of people to add to one list)."""
    view = _VIEW_OF.get(step.action)
    if view is None:
        return True
    action, parameter = view
    reference = str(getattr(step, parameter, "") or "")
    directory = reader.ctx.directory
    resource = directory.address_owner(reference) or directory.get(reference)
    if resource is None:
        return True  # nothing there to show: the preview says it does not exist
    subject = _OWN_ACCESS.get(step.action)
    if subject is not None:
        named = directory.address_owner(str(getattr(step, subject, "") or ""))
        if named is not None and named.recipient_id == reader.requester.recipient_id:
            return True
    key = (action, resource.recipient_id)
    if known is not None and key in known:
        return known[key]
    read = parse_step({"action": action, ACTIONS[action].required[0]: resource.primary_address})
    allowed = not isinstance(await read_decision(reader, read), Denied)
    if known is not None:
        known[key] = allowed
    return allowed


def hidden(step: Step) -> Change:
    """The preview of a step on a resource the requester may not view: no before-state, no names."""
    _, parameter = _VIEW_OF[step.action]
    reference = getattr(step, parameter, None) or "this recipient"
    return Change(
        before=None,
        after=None,
        summary=f"Not previewed: the requester may not view {reference}, so nothing of it is shown.",
        redacted=True,
    )


async def preview(reader: Reader, step: Step) -> Preflight:
    """The preflight of a write as its requester may see it: in full, or not run at all when it would read
    what they may not view (a preflight error can name recipients too)."""
    if not await may_view(reader, step):
        return hidden(step)
    return await as_seen(reader, step, await WRITE_ACTIONS[step.action].preflight(reader.ctx, step))


async def as_seen(reader: Reader, step: Step, found: Preflight) -> Preflight:
    """A preflight of a step the requester may view, with what a refusal names that they may not."""
    if isinstance(found, Refusal) and found.reason.startswith(REACH_REFUSED):
        return await _reach_as_seen(reader, step, found)
    if step.action in GROUP_TRUSTEE_ACTIONS and getattr(step, "change", "") == "grant":
        found = await _group_trustee_as_seen(reader, step, found)
    if isinstance(found, Refusal) and _ADDRESS_TAKEN in found.reason:
        return _holder_as_seen(reader, step, found)
    if (
        isinstance(found, Change)
        and not reader.requester.is_admin
        and any(w.startswith(REACH_WARNING) for w in found.warnings)
    ):
        target = _forwarding_target(reader.ctx, step)
        return reach_unseen(found, target, seen=target is not None and await _may_see_reach(reader, target))
    return found


# An address-in-use refusal (actions/change_primary_alias.py) names the recipient holding it. A recipient
# hidden from address lists does not exist, by any name, for those it does not concern
# (directory/resolve.py): to them the refusal says only that the address is taken.
_ADDRESS_TAKEN = " is already used by "


def _holder_as_seen(reader: Reader, step: Step, refusal: Refusal) -> Refusal:
    # The refusal starts with the address (a new primary address, or a new list's): whichever step made it.
    address = refusal.reason.partition(_ADDRESS_TAKEN)[0].strip()
    try:
        resolve(reader.ctx.directory, address, requester=reader.requester)
    except ResolutionError:
        return Refusal(
            reason=f"{address} is already used by another recipient; an address can belong to one recipient "
            "only. Choose another address."
        )
    return refusal


# A group granted Full Access or Send As is previewed with the people it stands for ("Finance Team (3 members:
# ...) will have ...") and refused naming the member that blocks it (actions/_group_trustee.py). Who is on a
# group is for those who may read its members: anyone else sees the group by name only.
GROUP_REFUSED = " cannot be given mailbox access: "


async def _group_trustee_as_seen(reader: Reader, step: Step, found: Preflight) -> Preflight:
    group = reader.ctx.directory.address_owner(str(getattr(step, "trustee", "") or ""))
    if group is None or not group.is_group or reader.requester.is_admin:
        return found
    read = parse_step({"action": "list_group_members", "group": group.primary_address})
    # Members of a group in it are not what reading the group's own members shows: admins only.
    nested = VIA in found.reason if isinstance(found, Refusal) else NESTED in found.summary
    if not nested and not isinstance(await read_decision(reader, read), Denied):
        return found
    if isinstance(found, Refusal):
        if not found.reason.startswith(group.label() + GROUP_REFUSED):
            return found
        return Refusal(
            reason=f"{group.label()}{GROUP_REFUSED}someone it reaches (through nesting too) is not an "
            "enabled person of the organisation. You may not see who is on it, so its owners or an admin can "
            "say who."
        )
    listed = re.match(
        re.escape(group.display_name) + rf" \((?:no members|[\d,]+ members?(?:{NESTED})?: .*?)\)(?= )",
        found.summary,
    )
    if listed is None:
        return found
    return found.model_copy(
        update={"summary": f"{group.display_name} (a group){found.summary[listed.end() :]}"}
    )


# A forwarding refusal from walking what the target reaches (actions/email_forwarding_internal.py) names
# the member that blocks it and the lists and mailboxes on the way: who is on a list, where a mailbox
# forwards. That is for those who may view the target; anyone else learns only that it is refused.
REACH_REFUSED = "Mail cannot be forwarded to "


async def _reach_as_seen(reader: Reader, step: Step, refusal: Refusal) -> Refusal:
    target_ref = str(getattr(step, "forward_to", "") or "")
    target = _forwarding_target(reader.ctx, step)
    if reader.requester.is_admin:
        return refusal
    # Past the target's own members (a nested list's, a member's forwarding) is what reading it does not show.
    if VIA not in refusal.reason and target is not None and await _may_see_reach(reader, target):
        return refusal
    return Refusal(
        reason=f"Mail cannot be forwarded to {target_ref}: it reaches a recipient outside the organisation "
        "or one mailwarden cannot check. You may not view who it reaches, so its owners or an admin can "
        "say which. Mail is forwarded only where everything it reaches is an enabled person or a shared "
        "mailbox of the organisation."
    )


def _forwarding_target(ctx: ActionContext, step: Step) -> Recipient | None:
    reference = str(getattr(step, "forward_to", "") or "")
    return ctx.directory.address_owner(reference) or ctx.directory.get(reference)


async def _may_see_reach(reader: Reader, target: Recipient) -> bool:
    """Whether the requester may see what mail forwarded to `target` reaches: who is on it (a group), or
    where it forwards on (a mailbox)."""
    if reader.requester.is_admin:
        return True
    read = (
        parse_step({"action": "list_group_members", "group": target.primary_address})
        if target.is_group
        else parse_step({"action": "view_mailbox_details", "mailbox": target.primary_address})
    )
    return not isinstance(await read_decision(reader, read), Denied)


# A forwarding preview warns how many mailboxes the target reaches ("Forwarded mail reaches 3 mailboxes
# through Finance Team."): a group's size, or that a mailbox forwards on. Who may not see that learns that
# the target is a group (its kind is in the directory anyone can search), and of a mailbox nothing more. A
# count through nested lists or members' forwarding tells what reading the target's members does not show
# (a nested list's size): it is told to admins only.
def reach_unseen(found: Change, target: Recipient | None, *, seen: bool = False) -> Change:
    """`found` with its warning of what forwarded mail reaches told as a requester who is no admin may know
    it; `seen`: they may see who is on the target (or where it forwards)."""
    warnings: list[str] = []
    for warning in found.warnings:
        if not warning.startswith(REACH_WARNING) or (seen and REACH_FURTHER not in warning):
            warnings.append(warning)
        elif target is not None and target.is_group:
            warnings.append(
                f"Forwarded mail goes to {target.display_name}, a group: everyone on it receives it."
            )
    return found.model_copy(update={"warnings": warnings})
