"""Get-Recipient (every mail-enabled object, for lookups and address collision checks) and
Get-AcceptedDomain (the tenant's verified domains)."""

from __future__ import annotations

from typing import Any

from mailwarden.emulator.exchange import serialize
from mailwarden.emulator.exchange.cmdlets.common import RECIPIENT_TYPE_DETAILS, RECIPIENT_TYPE_DETAILS_TYPE
from mailwarden.emulator.exchange.errors import object_not_found
from mailwarden.emulator.exchange.filtering import filtered
from mailwarden.emulator.exchange.params import choices, result_size, text
from mailwarden.emulator.exchange.registry import Call, Result, cmdlet
from mailwarden.emulator.exchange.resolve import resolve


@cmdlet(
    "Get-Recipient",
    entity="Recipient",
    Identity=text,
    Filter=text,
    ResultSize=result_size,
    RecipientTypeDetails=choices(RECIPIENT_TYPE_DETAILS_TYPE, *RECIPIENT_TYPE_DETAILS),
)
def get_recipient(call: Call) -> Result:
    state, p = call.state, call.params
    if p.get("Identity") is not None:
        found = [resolve(state, p.text("Identity"))]
    else:
        found = [state.recipients[i] for i in state.sorted_ids()]
    kinds = p.get("RecipientTypeDetails")
    if kinds:
        found = [r for r in found if r.kind in kinds]
    if p.get("Filter"):
        found = filtered(state, found, p.text("Filter"), serialize.RECIPIENT)
    return Result(items=found, render=lambda r: serialize.recipient(state, r))


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
