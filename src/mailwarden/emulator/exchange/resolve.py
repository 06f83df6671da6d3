"""Identity parameters: which recipient a value names, as Exchange resolves -Identity, -User, -Member ...

A value may be the directory id (ExternalDirectoryObjectId), the ExchangeGuid or Guid, any proxy address
(any case, with or without "smtp:"), the UPN, the alias or the Name (serialize.name_of). Never the display
name: the identity parameters accept "Name, Alias, Distinguished name (DN), Canonical DN, Domain\\Username,
Email address, GUID, LegacyExchangeDN, SamAccountName, User ID or user principal name (UPN)"
(MicrosoftDocs/office-docs-powershell, exchange/exchange-ps/ExchangePowerShell/Get-Mailbox.md, -Identity),
and in Exchange Online the Name of an object can differ from its display name (a group created with
-Name "sales-emea" -DisplayName "Sales EMEA"; since MC365786 a new mailbox's Name is its
ExternalDirectoryObjectId). A client that names a recipient by what a person typed ("Alex Wilber") must
find it first (Graph, Get-Recipient -Filter "DisplayName -eq ..."), then name it by id or address.
Exchange searches only objects of the kind the cmdlet handles (Get-Mailbox never finds a distribution
group), so a name shared by a mailbox and a group is not ambiguous for either; two objects of the wanted
kind with the same Name, or one's Name equal to another's alias, are.

An id resolves to its object in the latest directory whatever the replication lag (an id never moves),
which is why mailwarden's approved steps name their objects by id (workflow/binding.py). Microsoft lists
"GUID" among the values of every parameter mailwarden names a recipient with: Add-/Remove-MailboxPermission
-Identity and -User, Add-/Remove-RecipientPermission -Identity and -Trustee, Add-/Remove-
DistributionGroupMember -Identity and -Member, Set-Mailbox -Identity, -ForwardingAddress and
-GrantSendOnBehalfTo, Get-MailboxFolderStatistics -Identity, Add-/Set-/Remove-/Get-MailboxFolderPermission
-Identity (`MailboxID:\\Folder`, MailboxID any such value) and -User, Remove-DistributionGroup -Identity,
New-DistributionGroup -Members (MicrosoftDocs/office-docs-powershell, exchange/exchange-ps/
ExchangePowerShell/<cmdlet>.md, commit 93336da2). That the GUID may be the ExternalDirectoryObjectId (the
Entra / Graph object id mailwarden binds) is not spelled out on those pages; the module's release notes
say Get-EXOMailboxFolderPermission "now supports ExternalDirectoryObjectID in the Identity parameter"
(exchange/docs-conceptual/exchange-online-powershell-v2.md), and admin tooling writes by it (e.g.
OfficeDev/O365-InvestigationTooling PR #63: "Set-Mailbox on ExternalDirectoryObjectId because this is
the Azure AD object and is always unique"). The emulator accepts it, the ExchangeGuid and its own Guid.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection

from mailwarden.emulator.exchange.errors import CmdletError, ambiguous, argument_not_found, object_not_found
from mailwarden.emulator.state import Recipient, TenantState

_GUID_NS = uuid.UUID("0b6e7f3c-2a59-4d8e-9c1f-5e4d3c2b1a09")
MAILBOXES = ("UserMailbox", "SharedMailbox", "RoomMailbox")
DISTRIBUTION_GROUPS = ("MailUniversalDistributionGroup", "MailUniversalSecurityGroup")


def name_of(recipient: Recipient) -> str:
    """Exchange's Name of the object (Identity and Id print it): the -Name it was created with, else its
    alias (see serialize.py)."""
    return recipient.name or recipient.alias


def object_guid(recipient: Recipient) -> str:
    """Exchange's own object Guid: neither the directory id nor the ExchangeGuid, but stable."""
    return str(uuid.uuid5(_GUID_NS, recipient.id))


LEGACY_DN_PREFIX = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn="


def legacy_dn(recipient: Recipient) -> str:
    """The object's LegacyExchangeDN, as Exchange Online forms it: the organisation's fixed prefix, then a
    32-digit hex id and (part of) the alias it was made with: a later -Alias change leaves it as it was
    (`Recipient.legacy_exchange_dn`), so the alias a DN ends with may now be another recipient's. Exchange
    prints it for a recipient inside the organisation in an Inbox rule's ForwardTo / RedirectTo
    (`"Tom Becker" [EX:/o=ExchangeLabs/...]`) and as the LegacyExchangeDN property; -Identity takes it
    (an X500 proxy address holding an older DN is not taken as -Identity here: UNCONFIRMED either way,
    and not finding it is the stricter answer for a client)."""
    if recipient.legacy_exchange_dn:
        return recipient.legacy_exchange_dn
    return f"{LEGACY_DN_PREFIX}{uuid.uuid5(_GUID_NS, 'dn:' + recipient.id).hex}-{recipient.alias[:40]}"


def _is_guid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def candidates(state: TenantState, value: str) -> list[Recipient]:
    """Every recipient `value` could name, of any kind."""
    ident = value.strip()
    low = ident.lower()
    if not ident:
        return []
    if _is_guid(ident):
        hit = state.find(ident)
        if hit is not None:
            return [hit]
        return [r for r in state.recipients.values() if object_guid(r) == low]
    if low.startswith("/o="):
        return [r for r in state.recipients.values() if legacy_dn(r).lower() == low]
    if low.startswith("smtp:") or "@" in low:
        owner = state.address_owner(low.removeprefix("smtp:"))
        return [owner] if owner is not None else []
    return [r for r in state.recipients.values() if r.alias.lower() == low or name_of(r).lower() == low]


def resolve(
    state: TenantState,
    value: str,
    *,
    kinds: Collection[str] | None = None,
    identity: bool = True,
    accept: Callable[[Recipient], bool] | None = None,
) -> Recipient:
    """The one recipient of the wanted kinds that `value` names; Exchange's not-found or ambiguity error."""
    found = [
        r
        for r in candidates(state, value)
        if (kinds is None or r.kind in kinds) and (accept is None or accept(r))
    ]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        # One's Name is another's alias: Exchange does not prefer either (ManagementObjectAmbiguousException).
        raise ambiguous(value)
    raise object_not_found(value) if identity else argument_not_found(value)


def resolve_all(
    state: TenantState, values: list[str], *, kinds: Collection[str] | None = None
) -> list[Recipient]:
    return [resolve(state, v, kinds=kinds, identity=False) for v in values]


__all__ = [
    "DISTRIBUTION_GROUPS",
    "MAILBOXES",
    "CmdletError",
    "legacy_dn",
    "object_guid",
    "resolve",
    "resolve_all",
]
