"""OPATH filters for Exchange cmdlets, and the live look-up of a recipient by the Name Exchange prints.

Exchange prints several recipients by their Name, not an address: ForwardingAddress, GrantSendOnBehalfTo,
ManagedBy, a bare Inbox rule target. A Name need be neither the recipient's alias nor its display name (a
mailbox made since MC365786 is named by its directory id), and one recipient's Name may be another's
alias: `-Identity` (which also takes an alias) or the cached directory's alias/display-name match then
names the wrong recipient. `Get-Recipient -Filter "Name -eq '<Name>'"` matches the Name alone; every
recipient it finds counts (Names are not unique across recipient kinds), and a failed read or a Name
nobody holds is unknown, never guessed.

A rule target printed `"Display Name" [EX:<LegacyExchangeDN>]` is looked up live by its DN (`by_dn`):
the display name is only a name, and the alias the DN ends with is the one it was made with. LegacyExchangeDN
is no filterable property of Get-Recipient (Microsoft's "Filterable properties for the Filter parameter",
MicrosoftDocs/office-docs-powershell exchange/docs-conceptual/filter-properties.md, lists it for Get-User,
Get-Mailbox, Get-DistributionGroup, Get-MailContact, ... but not Get-Recipient, which it lists for
EmailAddresses): the DN is read with `Get-Recipient -Identity <DN>` (RecipientIdParameter takes a
LegacyExchangeDN) and, for a recipient keeping it as an X500 proxy, `-Filter "EmailAddresses -eq
'X500:<DN>'"` (sec40; the filter sec37 sent would fail on Exchange Online).

Cost: one Get-Recipient per distinct Name (two per DN), ten to an Exchange $batch (one request per ten),
several batches in flight within the tenant's concurrency limit; none when none is asked for.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence

from mailwarden.connectors.exchange import BATCH_SIZE, Cmdlet, ExchangeClient, JsonObject
from mailwarden.errors import NotFound, TenantError

__all__ = ["NameLookup", "by_dn", "by_name", "printed_by_name", "quoted", "recipients"]


def quoted(value: str) -> str:
    """`value` as an OPATH string: in double quotes when it holds a single quote (an alias may: o'brien, and
    a DN ends with the alias it was made with) and no double quote, which no alias nor DN holds; else in
    single quotes with any single quote doubled. (A single quote doubled inside single quotes made the X500
    look-up fail, so a rule to a deleted o'brien list made every list join in the tenant unknown: red team
    36.)"""
    if "'" in value and '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


NameLookup = list[JsonObject] | TenantError
"""What a Name look-up found: every recipient holding the Name now (empty: nobody), or why it failed."""


def printed_by_name(printed: object) -> bool:
    """Whether a trustee Get-MailboxPermission / Get-RecipientPermission printed is a Name: they print a user
    by UPN (an address: placed by it) and anything else, a group first, by its Name; built-in principals
    (NT AUTHORITY\\SELF, S-1-5-... SIDs) and `DOMAIN\\sam` accounts of a synced forest are no Name."""
    if not isinstance(printed, str) or not printed.strip():
        return False
    value = printed.strip()
    return "@" not in value and "\\" not in value and not value.upper().startswith("S-1-")


async def by_name(
    exchange: ExchangeClient, names: Iterable[str], select: Sequence[str], *, parallel: int = 1
) -> dict[str, NameLookup]:
    """Each distinct non-blank Name of `names` -> the recipients holding it now, or the error that kept
    them unknown (a failed batch fails each of its Names, never the others)."""
    wanted = sorted({n.strip() for n in names if n and n.strip()})
    return await recipients(exchange, {n: f"Name -eq {quoted(n)}" for n in wanted}, select, parallel=parallel)


async def by_dn(
    exchange: ExchangeClient, dns: Iterable[str], select: Sequence[str], *, parallel: int = 1
) -> dict[str, NameLookup]:
    """Each distinct LegacyExchangeDN of `dns` -> the recipients answering to it now: the one holding it
    (`Get-Recipient -Identity <DN>`; not found: none) and any keeping it as an X500 proxy (as after a
    migration, or a recipient remade under the same DN, so that mail to it arrives), or the error that kept
    them unknown."""
    wanted = sorted({d.strip() for d in dns if d and d.strip()})
    return await _looked_up(
        exchange,
        {d: [{"Identity": d}, {"Filter": f"EmailAddresses -eq {quoted('X500:' + d)}"}] for d in wanted},
        select,
        parallel=parallel,
    )


async def recipients(
    exchange: ExchangeClient, filters: Mapping[str, str], select: Sequence[str], *, parallel: int = 1
) -> dict[str, NameLookup]:
    """Each key of `filters` -> every recipient `Get-Recipient -Filter <its filter>` finds now, or the error
    that kept them unknown: ten to a $batch, several batches in flight (`parallel`); none when empty."""
    return await _looked_up(
        exchange, {k: [{"Filter": f}] for k, f in filters.items()}, select, parallel=parallel
    )


async def _looked_up(
    exchange: ExchangeClient,
    queries: Mapping[str, Sequence[Mapping[str, str]]],
    select: Sequence[str],
    *,
    parallel: int = 1,
) -> dict[str, NameLookup]:
    """Each key of `queries` -> every recipient its Get-Recipients find now (one per parameter set; an
    -Identity not found finds none), or the first error that kept them unknown: ten cmdlets to a $batch,
    several batches in flight (`parallel`); none when empty."""
    commands = [(k, dict(q)) for k, qs in queries.items() for q in qs]
    if not commands:
        return {}
    gate = asyncio.Semaphore(max(1, parallel))

    async def run(chunk: Sequence[tuple[str, dict[str, str]]]) -> list[NameLookup]:
        async with gate:
            try:
                outcomes = await exchange.batch([Cmdlet("Get-Recipient", q, list(select)) for _, q in chunk])
            except TenantError as exc:
                return [exc] * len(chunk)
        return [
            []
            if isinstance(o.error, NotFound) and "Identity" in q
            else o.error
            if o.error is not None
            else list(o.result.value if o.result is not None else [])
            for (_, q), o in zip(chunk, outcomes, strict=True)
        ]

    chunks = [commands[i : i + BATCH_SIZE] for i in range(0, len(commands), BATCH_SIZE)]
    answers = await asyncio.gather(*(run(c) for c in chunks))
    out: dict[str, NameLookup] = {}
    for chunk, got in zip(chunks, answers, strict=True):
        for (key, _), found in zip(chunk, got, strict=True):
            held = out.setdefault(key, [])
            if isinstance(held, TenantError):
                continue
            if isinstance(found, TenantError):
                out[key] = found
                continue
            seen = {
                str(r.get("ExternalDirectoryObjectId") or r.get("PrimarySmtpAddress") or id(r)) for r in held
            }
            held.extend(
                r
                for r in found
                if str(r.get("ExternalDirectoryObjectId") or r.get("PrimarySmtpAddress") or id(r)) not in seen
            )
    return out
