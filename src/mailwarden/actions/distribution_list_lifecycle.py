"""Create or delete a distribution list (Exchange New-/Remove-DistributionGroup).

Create: the address must be in a verified domain and free (checked live, as for a primary address
change); members must be enabled people of the organisation. A list that already exists at that address
as its primary is "already so" (a retried create), anything else holding the address is a refusal.

Delete: only distribution lists and mail-enabled security groups (Microsoft 365 groups, mailboxes and
people are refused), and not while a mailbox forwards to the list: Exchange would silently clear that
forwarding and the mail would stay in the mailbox instead. The state before deletion (display name,
addresses, members) is recorded so that an undo recreates the list; the recreated list is a new object
with a new id, and what the step model cannot carry (owners, secondary addresses, the security type,
members an undo may not add) is named in the warnings.
"""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from mailwarden.actions.base import ActionContext, refuse_unless_internal_person
from mailwarden.actions.change_primary_alias import address_refusal
from mailwarden.connectors.models import GroupMember
from mailwarden.directory.automatic_addresses import alias_base
from mailwarden.errors import NotFound, ResolutionError
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.recipients import Recipient, normalize_address, strip_proxy_prefix
from mailwarden.model.steps import DistributionListLifecycle

__all__ = ["ACTION", "DistributionListLifecycleAction", "ListState"]

_LIST_TYPES = {
    "MailUniversalDistributionGroup": "distribution list",
    "MailUniversalSecurityGroup": "mail-enabled security group",
}

_KIND_WORDS = {
    "UserMailbox": "user mailbox",
    "SharedMailbox": "shared mailbox",
    "RoomMailbox": "room mailbox",
    "GroupMailbox": "Microsoft 365 group",
    "MailContact": "contact",
    "GuestMailUser": "guest",
}

JsonObject = dict[str, Any]


def _smtp(proxies: list[Any]) -> list[str]:
    return [strip_proxy_prefix(str(p)).lower() for p in proxies if str(p)[:5].lower() == "smtp:"]


def _identifiers(group: JsonObject) -> set[str]:
    """Every value Exchange may print to name this group (ForwardingAddress prints a Name)."""
    keys = ("Name", "Alias", "Identity", "DisplayName", "ExternalDirectoryObjectId", "Guid")
    values = {str(group.get(k) or "").lower() for k in keys}
    return (values | set(_smtp(group.get("EmailAddresses") or []))) - {""}


async def _live_list(ctx: ActionContext, address: str) -> JsonObject | None:
    try:
        return await ctx.clients.exchange.get_distribution_group(address)
    except NotFound:
        return None


async def _members(ctx: ActionContext, group: JsonObject) -> list[GroupMember]:
    return await ctx.clients.exchange.distribution_group_members(str(group["PrimarySmtpAddress"]))


class ListState(BaseModel):
    """A list as a Change records it: everything an undo of a deletion needs, and what it cannot restore."""

    exists: bool = True
    address: str
    display_name: str
    kind: str = "distribution list"
    addresses: list[str] = Field(default_factory=list)
    owners: list[str] = Field(default_factory=list)
    """Names as Exchange prints them in ManagedBy."""
    members: list[str] = Field(default_factory=list)
    """Primary addresses of the members."""
    not_restorable: list[str] = Field(default_factory=list)
    """Members an undo cannot add back (outside the organisation, disabled, not a person)."""


def _snapshot(group: JsonObject, members: list[GroupMember]) -> ListState:
    address = str(group["PrimarySmtpAddress"]).lower()
    return ListState(
        address=address,
        display_name=str(group.get("DisplayName") or address),
        kind=_LIST_TYPES.get(str(group.get("RecipientTypeDetails")), "distribution list"),
        addresses=_smtp(group.get("EmailAddresses") or []),
        owners=[str(o) for o in group.get("ManagedBy") or []],
        members=[m.address or m.display_name.lower() for m in members],
    )


class DistributionListLifecycleAction:
    action: ClassVar[str] = "distribution_list_lifecycle"

    async def preflight(self, ctx: ActionContext, step: DistributionListLifecycle) -> Preflight:
        if step.change == "create":
            return await self._preflight_create(ctx, step)
        return await self._preflight_delete(ctx, step)

    # ---- create -------------------------------------------------------------------------------------

    async def _preflight_create(self, ctx: ActionContext, step: DistributionListLifecycle) -> Preflight:
        try:
            address = normalize_address(step.group)
        except ValueError:
            return Refusal(reason=f"{step.group!r} is not an email address; a new list needs one.")
        members: list[Recipient] = []
        for reference in step.members:
            member = ctx.recipient(reference)
            if refusal := refuse_unless_internal_person(member, role="member"):
                return refusal
            members.append(member)
        display_name = step.display_name or address.split("@", 1)[0]
        existing = await _live_list(ctx, address)
        if existing is not None and str(existing.get("PrimarySmtpAddress", "")).lower() == address:
            state = _snapshot(existing, await _members(ctx, existing))
            missing = sorted({m.primary_address for m in members} - set(state.members))
            warnings = [f"It does not have these requested members: {', '.join(missing)}."] if missing else []
            return Change(
                before=state.model_dump(),
                after=state.model_dump(),
                already=True,
                summary=f"The distribution list {address} already exists.",
                warnings=warnings,
            )
        if refusal := await address_refusal(ctx, address, holder=None):
            return refusal
        after = ListState(
            address=address,
            display_name=display_name,
            addresses=[address],
            members=[m.primary_address for m in members],
        )
        who = f" with {len(members)} member{'s' if len(members) != 1 else ''}" if members else ", empty"
        return Change(
            before={"exists": False},
            after=after.model_dump(),
            summary=f"A distribution list '{display_name}' ({address}) will be created{who}.",
        )

    @staticmethod
    async def _free_alias(ctx: ActionContext, address: str) -> str:
        """The address's local part as alias (`alias_base`, which the forwarded-mail scan predicts too),
        numbered when another recipient has that alias already.

        Exchange refuses a second object with the same alias (or Name). Asked live, by filter: the
        discovered directory may still hold a list that was just deleted (an undo recreating it).
        """
        base = alias_base(address)
        alias, n = base, 1
        while await ctx.clients.exchange.invoke("Get-Recipient", {"Filter": f"Alias -eq '{alias}'"}):
            n += 1
            alias = f"{base}{n}"
        return alias

    # ---- delete -------------------------------------------------------------------------------------

    async def _preflight_delete(self, ctx: ActionContext, step: DistributionListLifecycle) -> Preflight:
        group = await _live_list(ctx, step.group)
        if group is None:
            return await self._not_a_list(ctx, step.group)
        label = f"{group.get('DisplayName')} ({str(group['PrimarySmtpAddress']).lower()})"
        if group.get("IsDirSynced") is True:
            # Exchange Online refuses Remove-DistributionGroup on it ("... is being synchronized from your
            # on-premises organization. This action should be performed on the object in your on-premises
            # organization."): said before approval.
            return Refusal(
                reason=f"{label} is synchronized from the on-premises Active Directory: it is deleted there "
                "(on-premises Exchange or Active Directory), and Exchange Online refuses to delete it."
            )
        if refusal := await self._forwarded_to(ctx, group, label):
            return refusal
        before = _snapshot(group, await _members(ctx, group))
        lost = self._members_undo_cannot_add(ctx, before.members)
        before.not_restorable = lost
        warnings = [
            f"Undo recreates {label} as a new list with a new id, with its display name, primary address "
            "and members; it does not restore its owners, its other addresses or its security type."
        ]
        if lost:
            warnings.append(
                f"Undo would not re-add {', '.join(lost)}: a list can only gain enabled people of the "
                "organisation."
            )
        return Change(
            before=before.model_dump(),
            after={"exists": False},
            summary=f"The {before.kind} {label} will be deleted; its {len(before.members)} members "
            "will no longer receive its mail.",
            warnings=warnings,
        )

    async def _not_a_list(self, ctx: ActionContext, reference: str) -> Preflight:
        """The list is gone (already deleted) unless the reference names something that is not a list."""
        try:
            found = await ctx.clients.exchange.get_recipient(reference)
        except NotFound:
            try:
                cached: Recipient | None = ctx.recipient(reference)
            except ResolutionError:
                cached = None
            if cached is not None and not cached.is_group:
                return self._refuse_kind(cached.label(), cached.kind.value.replace("_", " "))
            return Change(
                before={"exists": False},
                after={"exists": False},
                already=True,
                summary=f"There is no distribution list {reference}; nothing to delete.",
            )
        kind = str(found.get("RecipientTypeDetails"))
        label = f"{found.get('DisplayName')} ({str(found.get('PrimarySmtpAddress')).lower()})"
        return self._refuse_kind(label, _KIND_WORDS.get(kind, kind))

    @staticmethod
    def _refuse_kind(label: str, kind: str) -> Refusal:
        return Refusal(
            reason=f"{label} is a {kind}, not a distribution list; mailwarden deletes only distribution "
            "lists and mail-enabled security groups."
        )

    @staticmethod
    async def _forwarded_to(ctx: ActionContext, group: JsonObject, label: str) -> Refusal | None:
        names = _identifiers(group)
        mailboxes = await ctx.clients.exchange.list_mailboxes(
            select=["Name", "DisplayName", "PrimarySmtpAddress", "ForwardingAddress", "ForwardingSmtpAddress"]
        )
        forwarding = [
            f"{m.get('DisplayName')} ({str(m.get('PrimarySmtpAddress')).lower()})"
            for m in mailboxes
            if str(m.get("ForwardingAddress") or "").lower() in names
            or strip_proxy_prefix(str(m.get("ForwardingSmtpAddress") or "")).lower() in names
        ]
        if not forwarding:
            return None
        return Refusal(
            reason=f"{label} cannot be deleted: {', '.join(forwarding)} "
            f"forward{'s' if len(forwarding) == 1 else ''} mail to it, and that mail would stop being "
            "forwarded. Clear or change the forwarding first."
        )

    @staticmethod
    def _members_undo_cannot_add(ctx: ActionContext, members: list[str]) -> list[str]:
        lost = []
        for address in members:
            try:
                member = ctx.recipient(address)
            except ResolutionError:
                lost.append(address)
                continue
            if refuse_unless_internal_person(member, role="member") is not None:
                lost.append(address)
        return lost

    # ---- apply and revert ---------------------------------------------------------------------------

    async def apply(self, ctx: ActionContext, step: DistributionListLifecycle) -> None:
        exchange = ctx.clients.exchange
        if step.change == "delete":
            with contextlib.suppress(NotFound):  # already gone: the verifying preflight says so
                await exchange.remove_distribution_group(self._deleted(ctx, step.group))
            return
        address = normalize_address(step.group)
        alias = await self._free_alias(ctx, address)
        # Name must be unique too; the alias is, and Exchange shows people the display name anyway.
        await exchange.new_distribution_group(
            alias,
            primary_smtp_address=address,
            display_name=step.display_name or address.split("@", 1)[0],
            alias=alias,
            members=[ctx.identity(ctx.recipient(m)) for m in step.members],
        )

    @staticmethod
    def _deleted(ctx: ActionContext, group: str) -> str:
        """How Remove-DistributionGroup names the list: by id when the step was approved for it."""
        try:
            return ctx.identity(ctx.recipient(group))
        except ResolutionError:
            return group

    def revert(self, step: DistributionListLifecycle, change: Change) -> DistributionListLifecycle | None:
        if change.already:
            return None
        if step.change == "create":
            return DistributionListLifecycle(change="delete", group=normalize_address(step.group))
        before = ListState.model_validate(change.before)
        return DistributionListLifecycle(
            change="create",
            group=before.address,
            display_name=before.display_name,
            members=tuple(m for m in before.members if m not in before.not_restorable),
        )


ACTION = DistributionListLifecycleAction()
