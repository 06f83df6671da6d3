"""Change the primary SMTP address of a mailbox or a distribution list.

Exchange Online has no -PrimarySmtpAddress on Set-Mailbox, so the whole proxy list is written at once
(CIPP's way): the new address as `SMTP:`, the old primary kept as `smtp:` unless the step says otherwise,
every other proxy address (secondary SMTP, X500, SIP ...) kept as it is. The list is computed from a
fresh read at apply time, so a retry writes the same list.

Before anything is written, the new address must be in a verified domain (Exchange's accepted domains)
and free: no other recipient may hold it as any proxy address or as its UPN. Both are checked live
(Exchange Get-Recipient and Graph's proxyAddresses filter), not only in the discovered directory.
`address_refusal` is shared with distribution_list_lifecycle, which checks a new list's address the same way.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from pydantic import BaseModel

from mailwarden.actions.base import ActionContext
from mailwarden.errors import NotFound, TenantError
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.recipients import Recipient, RecipientKind, normalize_address
from mailwarden.model.steps import ChangePrimaryAlias

__all__ = ["ACTION", "AddressState", "ChangePrimaryAliasAction", "address_holder", "address_refusal"]

_LIST_KINDS = (RecipientKind.DISTRIBUTION_LIST, RecipientKind.MAIL_ENABLED_SECURITY)
_KIND_WORDS = {
    RecipientKind.M365_GROUP: "Microsoft 365 group (its address is managed with the group)",
    RecipientKind.GUEST: "guest",
    RecipientKind.CONTACT: "contact",
}


class AddressState(BaseModel):
    """A recipient's SMTP addresses as a Change records them: the primary, then the others."""

    primary: str
    addresses: list[str]
    recipient_id: str | None = None
    """Its directory id: the one name of the recipient that no address change touches (for undo)."""


# ---- shared address checks --------------------------------------------------------------------------


async def address_holder(ctx: ActionContext, address: str) -> tuple[str, str] | None:
    """(directory id, label) of the recipient holding `address` as any proxy address or UPN, or None.

    Exchange's Get-Recipient sees every mail-enabled object (contacts and mail users too); Graph's
    proxyAddresses filter sees users and groups; the directory adds UPNs, which are not proxy addresses.
    """

    async def from_exchange() -> tuple[str, str] | None:
        try:
            found = await ctx.clients.exchange.get_recipient(address)
        except NotFound:
            return None
        label = f"{found.get('DisplayName') or found.get('Name')} ({found.get('PrimarySmtpAddress')})"
        return str(found.get("ExternalDirectoryObjectId") or "").lower(), label

    async def from_graph() -> tuple[str, str] | None:
        for found in await ctx.clients.graph.find_by_proxy_address(address):
            return str(found["id"]).lower(), f"{found.get('displayName')} ({found.get('mail')})"
        return None

    exchange_hit, graph_hit = await asyncio.gather(from_exchange(), from_graph())
    if exchange_hit or graph_hit:
        return exchange_hit or graph_hit
    # Proxy addresses were read live above; only UPNs come from the (possibly older) directory.
    cached = ctx.directory.by_upn(address)
    return (cached.recipient_id, cached.label()) if cached else None


async def address_refusal(ctx: ActionContext, address: str, *, holder: Recipient | None) -> Refusal | None:
    """Why `address` cannot be given to `holder` (None: a new object), or None when it can."""
    domain = address.rpartition("@")[2]
    accepted = {
        str(d.get("DomainName") or d.get("Name") or "").lower()
        for d in await ctx.clients.exchange.accepted_domains()
    }
    if domain not in accepted:
        known = ctx.directory.domain(domain)
        why = "is not verified in this tenant" if known else "is not one of the organisation's domains"
        return Refusal(
            reason=f"{address} cannot be used: the domain {domain} {why}. Only addresses in verified "
            f"domains ({', '.join(sorted(accepted))}) can receive mail."
        )
    found = await address_holder(ctx, address)
    if found is not None and (holder is None or found[0] != holder.recipient_id):
        return Refusal(
            reason=f"{address} is already used by {found[1]}; an address can belong to one recipient only."
        )
    return None


# ---- reading and writing a recipient's proxy list ---------------------------------------------------


def _identity(ctx: ActionContext, r: Recipient) -> str:
    # Stable identities: the primary address is what this action changes. Exchange never changes a UPN,
    # and Set-DistributionGroup here never changes an alias. The object approved, by id, above all.
    if r.recipient_id in ctx.bound.values():
        return ctx.identity(r)
    if r.is_mailbox and r.upn:
        return r.upn
    return r.alias or r.recipient_id


async def _proxies(ctx: ActionContext, r: Recipient) -> list[str]:
    exchange = ctx.clients.exchange
    identity = _identity(ctx, r)
    found = await (
        exchange.get_mailbox(identity) if r.is_mailbox else exchange.get_distribution_group(identity)
    )
    object_id = str(found.get("ExternalDirectoryObjectId") or "").lower()
    if object_id and object_id != r.recipient_id:
        raise TenantError(
            f"Exchange answered {identity!r} with another object ({found.get('Name')!r}); "
            f"refresh the directory and try again."
        )
    proxies = [str(p) for p in found.get("EmailAddresses") or []]
    if not any(p.startswith("SMTP:") for p in proxies) and found.get("PrimarySmtpAddress"):
        proxies.insert(0, f"SMTP:{found['PrimarySmtpAddress']}")
    return proxies


def _is_smtp(proxy: str) -> bool:
    return proxy[:5].lower() == "smtp:"


def _state(proxies: list[str], recipient_id: str | None = None) -> AddressState:
    smtp = [(p.startswith("SMTP:"), p[5:].lower()) for p in proxies if _is_smtp(p)]
    primary = next(a for is_primary, a in smtp if is_primary)
    return AddressState(
        primary=primary,
        addresses=[primary, *(a for _, a in smtp if a != primary)],
        recipient_id=recipient_id,
    )


def _target(proxies: list[str], new: str, keep_old: bool) -> list[str]:
    """The proxy list with `new` primary; the old primary kept as smtp: (or dropped), the rest untouched."""
    old = _state(proxies).primary
    target = [f"SMTP:{new}"]
    for proxy in proxies:
        if not _is_smtp(proxy):
            target.append(proxy)
            continue
        address = proxy[5:].lower()
        if address == new or (address == old and not keep_old):
            continue
        target.append(f"smtp:{address}")
    return target


def _refuse_kind(r: Recipient) -> Refusal | None:
    if (r.is_mailbox or r.kind in _LIST_KINDS) and r.synced:
        # Exchange Online refuses Set-Mailbox / Set-DistributionGroup -EmailAddresses on it ("... is being
        # synchronized from your on-premises organization"): said before approval.
        return Refusal(
            reason=f"{r.label()} is synchronized from the on-premises Active Directory: its addresses are "
            "changed there (on-premises Exchange or Active Directory), and Exchange Online refuses to "
            "change them."
        )
    if r.is_mailbox or r.kind in _LIST_KINDS:
        return None
    return Refusal(
        reason=f"{r.label()} is a {_KIND_WORDS.get(r.kind, r.kind.value)}; mailwarden changes the primary "
        "address of mailboxes and distribution lists only."
    )


class ChangePrimaryAliasAction:
    action: ClassVar[str] = "change_primary_alias"

    async def preflight(self, ctx: ActionContext, step: ChangePrimaryAlias) -> Preflight:
        r = ctx.recipient(step.recipient)
        if refusal := _refuse_kind(r):
            return refusal
        try:
            new = normalize_address(step.new_address)
        except ValueError:
            return Refusal(reason=f"{step.new_address!r} is not an email address.")
        if refusal := await address_refusal(ctx, new, holder=r):
            return refusal
        proxies = await _proxies(ctx, r)
        before = _state(proxies, r.recipient_id)
        if before.primary == new:
            return Change(
                before=before.model_dump(),
                after=before.model_dump(),
                already=True,
                summary=f"{new} is already the primary address of {r.display_name}.",
            )
        after = _state(_target(proxies, new, step.keep_old), r.recipient_id)
        promoted = " (now a secondary address)" if new in before.addresses else ""
        kept = (
            f"{before.primary} stays as a secondary address"
            if step.keep_old
            else f"{before.primary} is removed"
        )
        warnings = []
        if not step.keep_old:
            warnings.append(f"Mail sent to {before.primary} will no longer reach {r.display_name}.")
        if r.upn and r.upn != new:
            warnings.append(
                f"The sign-in name (UPN) stays {r.upn}: Exchange does not change it. Change it in Entra ID "
                "if it should match the new address."
            )
        return Change(
            before=before.model_dump(),
            after=after.model_dump(),
            summary=f"The primary address of {r.display_name} will change from {before.primary} to "
            f"{new}{promoted}; {kept}.",
            warnings=warnings,
        )

    async def apply(self, ctx: ActionContext, step: ChangePrimaryAlias) -> None:
        r = ctx.recipient(step.recipient)
        new = normalize_address(step.new_address)
        proxies = await _proxies(ctx, r)
        if _state(proxies).primary == new:
            return  # a retry whose first attempt landed
        target = _target(proxies, new, step.keep_old)
        if r.is_mailbox:
            await ctx.clients.exchange.set_mailbox(_identity(ctx, r), EmailAddresses=target)
        else:
            await ctx.clients.exchange.set_distribution_group(_identity(ctx, r), EmailAddresses=target)

    def revert(self, step: ChangePrimaryAlias, change: Change) -> ChangePrimaryAlias | None:
        """Make the old primary primary again and drop the new address unless it was there before.

        Exact as a set of addresses with the same primary (Exchange gives proxy order no meaning).
        """
        if change.already:
            return None
        before = AddressState.model_validate(change.before)
        after = AddressState.model_validate(change.after)
        # The undo must name the recipient by something that exists before and after it runs: the step's
        # own reference unless it is an address this change added or removed, else the directory id.
        recipient = step.recipient
        if recipient.strip().lower() in set(before.addresses) ^ set(after.addresses) and before.recipient_id:
            recipient = before.recipient_id
        return ChangePrimaryAlias(
            change="set",
            recipient=recipient,
            new_address=before.primary,
            keep_old=after.primary in before.addresses,
        )


ACTION = ChangePrimaryAliasAction()
