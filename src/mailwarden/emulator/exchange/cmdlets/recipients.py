"""Get-Recipient (every mail-enabled object, for lookups and address collision checks) and
Get-AcceptedDomain (the tenant's verified domains)."""

from __future__ import annotations

from typing import Any

from mailwarden.emulator.exchange import serialize
from mailwarden.emulator.exchange.cmdlets.common import RECIPIENT_TYPE_DETAILS, RECIPIENT_TYPE_DETAILS_TYPE
from mailwarden.emulator.exchange.errors import CmdletError, object_not_found
from mailwarden.emulator.exchange.filtering import filtered
from mailwarden.emulator.exchange.params import choices, flag, result_size, text
from mailwarden.emulator.exchange.registry import Call, Result, cmdlet
from mailwarden.emulator.exchange.resolve import legacy_dn, name_of, object_guid, resolve
from mailwarden.emulator.state import Recipient


@cmdlet(
    "Get-Recipient",
    entity="Recipient",
    Identity=text,
    Filter=text,
    ResultSize=result_size,
    RecipientTypeDetails=choices(RECIPIENT_TYPE_DETAILS_TYPE, *RECIPIENT_TYPE_DETAILS),
    IncludeSoftDeletedRecipients=flag,
)
def get_recipient(call: Call) -> Result:
    """-IncludeSoftDeletedRecipients adds the soft-deleted mailboxes (Remove-Mailbox without -Permanent):
    without it Exchange finds none of them, by any identity."""
    state, p = call.state, call.params
    soft = [*state.data.soft_deleted.values()] if p.get("IncludeSoftDeletedRecipients") else []
    if p.get("Identity") is not None:
        value = p.text("Identity")
        try:
            found = [resolve(state, value)]
        except CmdletError:
            deleted = [r for r in soft if _names(r, value)]
            if len(deleted) != 1:
                raise
            found = deleted
    else:
        found = [state.recipients[i] for i in state.sorted_ids()] + sorted(soft, key=lambda r: r.id)
    kinds = p.get("RecipientTypeDetails")
    if kinds:
        found = [r for r in found if r.kind in kinds]
    if p.get("Filter"):
        found = filtered(state, found, p.text("Filter"), _FILTERABLE)
    return Result(items=found, render=lambda r: serialize.recipient(state, r))


_UNFILTERABLE = frozenset({"LegacyExchangeDN"})
"""Printed by Get-Recipient but no filterable property of it: Microsoft's "Filterable properties for the
Filter parameter" (MicrosoftDocs/office-docs-powershell, exchange/docs-conceptual/filter-properties.md,
both its 2024 and its 2026 versions) lists LegacyExchangeDN for Get-CASMailbox, Get-DistributionGroup,
Get-DynamicDistributionGroup, Get-LinkedUser, Get-Mailbox, Get-MailContact, Get-MailPublicFolder,
Get-MailUser, Get-RemoteMailbox, Get-UMMailbox, Get-User and Get-UnifiedGroup, not Get-Recipient (which it
lists for EmailAddresses, Alias, Name ...). Unconfirmed to work, so refused as Exchange refuses a property
it does not filter on (sec40): never easier than Microsoft. A DN is looked up with -Identity instead."""
_FILTERABLE = {k: v for k, v in serialize.RECIPIENT.items() if k not in _UNFILTERABLE}


def _names(r: Recipient, value: str) -> bool:
    """Whether `value` names the soft-deleted `r`, as -Identity would name it live (id, Guid, DN, alias,
    Name or any proxy address)."""
    low = value.strip().lower()
    addresses = {p.lower().split(":", 1)[1] for p in r.email_addresses if p.lower().startswith("smtp:")}
    return low.removeprefix("smtp:") in addresses or low in {
        r.id.lower(),
        object_guid(r),
        legacy_dn(r).lower(),
        r.alias.lower(),
        name_of(r).lower(),
    }


@cmdlet("Get-AcceptedDomain", entity="AcceptedDomain", Identity=text)
def get_accepted_domain(call: Call) -> Result:
    state = call.state
    domains = [d for d in state.data.domains if d.verified]
    if call.params.get("Identity") is not None:
        wanted = call.params.text("Identity").lower()
        domains = [d for d in domains if d.name.lower() == wanted]
        if not domains:
            raise object_not_found(call.params.text("Identity"))
    items: list[dict[str, Any]] = [
        {
            "Identity": d.name,
            "Name": d.name,
            "DomainName": d.name,
            "DomainType": "Authoritative",
            "Default": d.default,
            "InitialDomain": d.initial,
            "IsValid": True,
        }
        for d in domains
    ]
    return Result(items=items)
