"""Where a forwarding Inbox rule's target printed without an address is, placed live (sec37, sec40).

Exchange prints a rule target inside the organisation as `"Display Name" [EX:<LegacyExchangeDN>]` (or a
bare Name). The cached directory's match (the alias the DN ends with, else the display name) names whoever
carries them now: a list made outside since the cache was read, displayed as 'Tom Becker', was shown as
Tom. Each such target is looked up live instead (a DN with `Get-Recipient -Identity <DN>` and `-Filter
"EmailAddresses -eq 'X500:<DN>'"`, a bare Name by `Name -eq`: connectors/opath.py), two per distinct DN
and one per Name, ten to a $batch, none when no enabled rule forwards by DN. The access view, the
delegation report and the mailbox details all place them here (`rule_target_places`,
`placed_rule_forwards`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from mailwarden.actions.base import ActionContext
from mailwarden.actions.inbox_rules import RuleForward, forwarding_rules, printed_display_name
from mailwarden.connectors.opath import NameLookup, by_dn, by_name
from mailwarden.errors import TenantError

__all__ = [
    "NAME_FIELDS",
    "Placed",
    "live_holder",
    "placed_holders",
    "placed_rule_forwards",
    "rule_target_places",
]


Placed = list[dict[str, Any]] | str
"""Where a Name, DN or rule target was placed live: each recipient holding it (`live_holder`), or
why it could not be placed."""

NAME_FIELDS = ["ExternalDirectoryObjectId", "PrimarySmtpAddress", "DisplayName", "Name"]


def live_holder(ctx: ActionContext, row: Mapping[str, Any]) -> dict[str, Any]:
    """The holder fields (holder_id, holder, holder_address) of a recipient a live read printed: by its
    directory id (the cache's label when it knows the id), else by its address; never matched on a name."""
    rid = str(row.get("ExternalDirectoryObjectId") or "").strip().lower()
    address = str(row.get("PrimarySmtpAddress") or "").strip().lower() or None
    known = ctx.directory.get(rid) if rid else None
    if known is not None:
        return {
            "holder_id": known.recipient_id,
            "holder": known.label(),
            "holder_address": known.primary_address,
        }
    shown = str(row.get("DisplayName") or row.get("Name") or address or rid)
    label = f"{shown} ({address})" if address and shown != address else shown
    return {"holder_id": rid or (address or shown).lower(), "holder": label, "holder_address": address}


def placed_holders(ctx: ActionContext, found: NameLookup) -> Placed:
    """The holder fields (`live_holder`) of every recipient a live look-up found, or why it placed no one:
    the look-up failed, it found nobody, or one it found printed neither a directory id nor an address."""
    if isinstance(found, TenantError):
        return f"the look-up failed: {found}"
    holders = [live_holder(ctx, row) for row in found]
    if not holders:
        return "no recipient has it now"
    if not all(h["holder_address"] or ctx.directory.get(h["holder_id"]) for h in holders):
        return "a recipient with it printed neither a directory id nor an address"
    return holders


async def rule_target_places(
    ctx: ActionContext, rules: Sequence[Sequence[Mapping[str, Any]]]
) -> dict[str, Placed]:
    """Each rule target printed with no SMTP address (`RuleForward.identity`: a LegacyExchangeDN, or a bare
    Name) -> every recipient holding it now, looked up live (the DN its own or kept as an X500 proxy:
    `opath.by_dn`; the Name: `opath.by_name`; ten to a $batch, none when no enabled rule forwards inside by
    DN), or why it could not be placed.

    A DN target was placed on the cached directory by the alias the DN ends with, else by the display name
    printed with it: a list made since the cache was read, displayed as 'Tom Becker', was shown as Tom
    (sec37). The alias a DN ends with is the one it was made with, and a display name is only a name."""
    targets = {
        fwd.identity
        for box_rules in rules
        for fwd in forwarding_rules(ctx.directory, box_rules)
        if fwd.identity and "@" not in fwd.identity
    }
    select = [*NAME_FIELDS, "RecipientTypeDetails"]
    parallel = ctx.clients.connection.max_concurrency
    exchange = ctx.clients.exchange
    dns, names = [t for t in targets if _is_dn(t)], [t for t in targets if not _is_dn(t)]
    looked_dns, looked_names = await asyncio.gather(
        by_dn(exchange, dns, select, parallel=parallel), by_name(exchange, names, select, parallel=parallel)
    )
    looked = {**looked_dns, **looked_names}
    out: dict[str, Placed] = {}
    for key, found in looked.items():
        placed = placed_holders(ctx, found)
        if isinstance(placed, list) and not isinstance(found, TenantError):
            for holder, row in zip(placed, found, strict=True):
                holder["outside"] = str(row.get("RecipientTypeDetails")) in _OUTSIDE_KINDS
        out[key] = placed
    return out


def _is_dn(value: str) -> bool:
    return value.strip()[:3].casefold() == "/o="


_OUTSIDE_KINDS = frozenset({"MailContact", "MailUser", "GuestMailUser"})


def placed_rule_forwards(
    ctx: ActionContext,
    rules: Sequence[Mapping[str, Any]],
    places: Mapping[str, Placed],
    unplaced: list[str] | None = None,
) -> list[RuleForward]:
    """Each target of the enabled forwarding rules among `rules`, a target printed without an address where
    `places` found it live: one RuleForward per recipient holding it (its directory id, or the id or
    address printed; `identity` its address now; outside for a contact or guest), never the cache's guess.
    One it could not place is kept as printed (its display name, no id: "may be outside"), and why is
    added to `unplaced`."""
    out: list[RuleForward] = []
    for fwd in forwarding_rules(ctx.directory, rules):
        if not fwd.identity or "@" in fwd.identity:
            out.append(fwd)
            continue
        placed = places.get(fwd.identity, "it was not looked up")
        if isinstance(placed, str):
            shown = printed_display_name(fwd.printed) or fwd.identity
            if unplaced is not None:
                unplaced.append(
                    f"rule {fwd.rule!r} sends mail to {shown!r}, which the tenant could not place ({placed})"
                )
            out.append(
                replace(fwd, target=f"{shown} (the tenant could not place it: {placed})", target_id=None)
            )
            continue
        for h in placed:
            known = ctx.directory.get(h["holder_id"])
            outside = bool(h.get("outside")) or (known is not None and not known.internal)
            address = h["holder_address"] or ""
            out.append(
                replace(fwd, target=h["holder"], target_id=h["holder_id"], outside=outside, identity=address)
            )
    return out
