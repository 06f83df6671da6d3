"""Recipients as Exchange prints them: PascalCase objects, as Get-Mailbox, Get-Recipient and friends return.

`Name` (resolve.name_of): Exchange Online gave cloud objects their alias, and since MC365786 (2022-23) gives
a new mailbox its directory id (office365itpros.com/2022/05/11/exchange-online-name-change); a group made
by New-DistributionGroup has its -Name. The Acme seed is an old tenant (alias); generated tenants are new
(fleet.py: GUIDs). `Identity`, `Id`, ForwardingAddress, GrantSendOnBehalfTo and ManagedBy print Names, so a
client must not read them as addresses or display names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mailwarden.emulator.exchange.resolve import legacy_dn, object_guid
from mailwarden.emulator.exchange.resolve import name_of as name_of
from mailwarden.emulator.state import Recipient, TenantState

_RECIPIENT_TYPE = {
    "UserMailbox": "UserMailbox",
    "SharedMailbox": "UserMailbox",
    "RoomMailbox": "UserMailbox",
    "GuestMailUser": "MailUser",
    "MailUser": "MailUser",
    "MailContact": "MailContact",
    "MailUniversalDistributionGroup": "MailUniversalDistributionGroup",
    "MailUniversalSecurityGroup": "MailUniversalSecurityGroup",
    "GroupMailbox": "MailUniversalDistributionGroup",
    "DynamicDistributionGroup": "DynamicDistributionGroup",
}
_NO_GUID = "00000000-0000-0000-0000-000000000000"


def recipient_type(r: Recipient) -> str:
    """The RecipientType Exchange prints for `r` (coarser than RecipientTypeDetails, its kind)."""
    return _RECIPIENT_TYPE[r.kind]


def names(state: TenantState, recipient_ids: list[str]) -> list[str]:
    return [name_of(r) for r in (state.get(i) for i in recipient_ids) if r is not None]


def _directory_id(r: Recipient) -> str:
    # Exchange prints an empty id for what Entra ID does not hold (a dynamic distribution group).
    return r.id if r.in_directory else ""


def trustee_name(recipient: Recipient) -> str:
    """How permission cmdlets print a trustee: the UPN of a user, the Name of anything else."""
    return recipient.user_principal_name or name_of(recipient)


Field = Callable[[TenantState, Recipient], Any]
"""How one printed property is computed. A table of them per cmdlet family prints the whole object, and
lets -Filter (filters.py) compute only the properties a filter names: printing all of a 5,000-recipient
tenant's objects for each filter cost 30 µs a recipient."""
Fields = Mapping[str, Field]

_COMMON: dict[str, Field] = {
    "Identity": lambda s, r: name_of(r),
    "Id": lambda s, r: name_of(r),
    "Name": lambda s, r: name_of(r),
    "Alias": lambda s, r: r.alias,
    "DisplayName": lambda s, r: r.display_name,
    "PrimarySmtpAddress": lambda s, r: r.primary_smtp,
    "EmailAddresses": lambda s, r: list(r.email_addresses),
    "LegacyExchangeDN": lambda s, r: legacy_dn(r),
    "RecipientType": lambda s, r: _RECIPIENT_TYPE[r.kind],
    "RecipientTypeDetails": lambda s, r: r.kind,
    "ExternalDirectoryObjectId": lambda s, r: _directory_id(r),
    "Guid": lambda s, r: object_guid(r),
    "HiddenFromAddressListsEnabled": lambda s, r: r.hidden_from_address_lists,
    "IsDirSynced": lambda s, r: r.dir_synced,
    "WhenCreated": lambda s, r: r.created,
    "WhenCreatedUTC": lambda s, r: r.created,
}


def _forwarding_address(state: TenantState, r: Recipient) -> str | None:
    forward = state.get(r.forwarding_address) if r.forwarding_address else None
    return name_of(forward) if forward else None


def _manager(state: TenantState, r: Recipient) -> str | None:
    manager = state.get(r.manager_id) if r.manager_id else None
    return name_of(manager) if manager else None


MAILBOX: Fields = {
    **_COMMON,
    "ExchangeGuid": lambda s, r: r.exchange_guid,
    "ArchiveGuid": lambda s, r: _NO_GUID,
    "UserPrincipalName": lambda s, r: r.user_principal_name,
    "WindowsEmailAddress": lambda s, r: r.primary_smtp,
    "AccountDisabled": lambda s, r: not r.account_enabled,
    "IsMailboxEnabled": lambda s, r: True,
    "IsShared": lambda s, r: r.kind == "SharedMailbox",
    "IsResource": lambda s, r: r.kind == "RoomMailbox",
    "ResourceType": lambda s, r: "Room" if r.kind == "RoomMailbox" else None,
    "ForwardingAddress": _forwarding_address,
    "ForwardingSmtpAddress": lambda s, r: (
        f"smtp:{r.forwarding_smtp_address}" if r.forwarding_smtp_address else None
    ),
    "DeliverToMailboxAndForward": lambda s, r: r.deliver_to_mailbox_and_forward,
    "GrantSendOnBehalfTo": lambda s, r: names(s, r.grant_send_on_behalf_to),
    "MessageCopyForSentAsEnabled": lambda s, r: False,
    "MessageCopyForSendOnBehalfEnabled": lambda s, r: False,
    "Office": lambda s, r: None,
}

RECIPIENT: Fields = {
    **_COMMON,
    "ExchangeGuid": lambda s, r: r.exchange_guid if r.is_mailbox else _NO_GUID,
    "ExternalEmailAddress": lambda s, r: f"SMTP:{r.external_address}" if r.external_address else None,
    "Department": lambda s, r: r.department,
    "Title": lambda s, r: r.job_title,
    "Manager": _manager,
    "ManagedBy": lambda s, r: names(s, r.owners) if r.is_group else [],
}

GROUP: Fields = {
    **_COMMON,
    "GroupType": lambda s, r: (
        "Universal, SecurityEnabled" if r.kind == "MailUniversalSecurityGroup" else "Universal"
    ),
    "ManagedBy": lambda s, r: names(s, r.owners),
    "MemberJoinRestriction": lambda s, r: r.member_join_restriction,
    # Exchange's defaults: members may leave a distribution list, not a security group.
    "MemberDepartRestriction": lambda s, r: "Closed" if r.kind == "MailUniversalSecurityGroup" else "Open",
    "RequireSenderAuthenticationEnabled": lambda s, r: True,
    "Notes": lambda s, r: r.description,
    "Description": lambda s, r: [r.description] if r.description else [],
}


def printed(state: TenantState, r: Recipient, fields: Fields) -> dict[str, Any]:
    return {name: get(state, r) for name, get in fields.items()}


def mailbox(state: TenantState, r: Recipient) -> dict[str, Any]:
    return printed(state, r, MAILBOX)


def recipient(state: TenantState, r: Recipient) -> dict[str, Any]:
    return printed(state, r, RECIPIENT)


def group(state: TenantState, r: Recipient) -> dict[str, Any]:
    return printed(state, r, GROUP)


def member(r: Recipient) -> dict[str, Any]:
    return {
        "Identity": name_of(r),
        "Name": name_of(r),
        "Alias": r.alias,
        "DisplayName": r.display_name,
        "PrimarySmtpAddress": r.primary_smtp,
        "RecipientType": _RECIPIENT_TYPE[r.kind],
        "RecipientTypeDetails": r.kind,
        "ExternalDirectoryObjectId": _directory_id(r),
        "Guid": object_guid(r),
    }
