"""Recipients as Exchange prints them: PascalCase objects, as Get-Mailbox, Get-Recipient and friends return.

`Name`: Exchange Online gives cloud objects either the alias or, in newer tenants, the directory GUID. The
emulator uses the alias: it is unique in the tenant, readable in ForwardingAddress and GrantSendOnBehalfTo
(which print Names), and every identity parameter accepts it. `Identity` and `Id` print the Name as well.
"""

from __future__ import annotations

from typing import Any

from mailwarden.emulator.exchange.resolve import object_guid
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


def name_of(recipient: Recipient) -> str:
    return recipient.alias


def names(state: TenantState, recipient_ids: list[str]) -> list[str]:
    return [name_of(r) for r in (state.get(i) for i in recipient_ids) if r is not None]


def _directory_id(r: Recipient) -> str:
    # Exchange prints an empty id for what Entra ID does not hold (a dynamic distribution group).
    return r.id if r.in_directory else ""


def trustee_name(recipient: Recipient) -> str:
    """How permission cmdlets print a trustee: the UPN of a user, the Name of anything else."""
    return recipient.user_principal_name or name_of(recipient)


def _common(r: Recipient) -> dict[str, Any]:
    return {
        "Identity": name_of(r),
        "Id": name_of(r),
        "Name": name_of(r),
        "Alias": r.alias,
        "DisplayName": r.display_name,
        "PrimarySmtpAddress": r.primary_smtp,
        "EmailAddresses": list(r.email_addresses),
        "RecipientType": _RECIPIENT_TYPE[r.kind],
        "RecipientTypeDetails": r.kind,
        "ExternalDirectoryObjectId": _directory_id(r),
        "Guid": object_guid(r),
        "HiddenFromAddressListsEnabled": r.hidden_from_address_lists,
        "IsDirSynced": False,
        "WhenCreated": r.created,
        "WhenCreatedUTC": r.created,
    }


def mailbox(state: TenantState, r: Recipient) -> dict[str, Any]:
    forward = state.get(r.forwarding_address) if r.forwarding_address else None
    return {
        **_common(r),
        "ExchangeGuid": r.exchange_guid,
        "ArchiveGuid": _NO_GUID,
        "UserPrincipalName": r.user_principal_name,
        "WindowsEmailAddress": r.primary_smtp,
        "AccountDisabled": not r.account_enabled,
        "IsMailboxEnabled": True,
        "IsShared": r.kind == "SharedMailbox",
        "IsResource": r.kind == "RoomMailbox",
        "ResourceType": "Room" if r.kind == "RoomMailbox" else None,
        "ForwardingAddress": name_of(forward) if forward else None,
        "ForwardingSmtpAddress": f"smtp:{r.forwarding_smtp_address}" if r.forwarding_smtp_address else None,
        "DeliverToMailboxAndForward": r.deliver_to_mailbox_and_forward,
        "GrantSendOnBehalfTo": names(state, r.grant_send_on_behalf_to),
        "MessageCopyForSentAsEnabled": False,
        "MessageCopyForSendOnBehalfEnabled": False,
        "Office": None,
    }


def recipient(state: TenantState, r: Recipient) -> dict[str, Any]:
    manager = state.get(r.manager_id) if r.manager_id else None
    return {
        **_common(r),
        "ExchangeGuid": r.exchange_guid if r.is_mailbox else _NO_GUID,
        "ExternalEmailAddress": f"SMTP:{r.external_address}" if r.external_address else None,
        "Department": r.department,
        "Title": r.job_title,
        "Manager": name_of(manager) if manager else None,
        "ManagedBy": names(state, r.owners) if r.is_group else [],
    }


def group(state: TenantState, r: Recipient) -> dict[str, Any]:
    security = r.kind == "MailUniversalSecurityGroup"
    return {
        **_common(r),
        "GroupType": "Universal, SecurityEnabled" if security else "Universal",
        "ManagedBy": names(state, r.owners),
        "MemberJoinRestriction": r.member_join_restriction,
        # Exchange's defaults: members may leave a distribution list, not a security group.
        "MemberDepartRestriction": "Closed" if security else "Open",
        "RequireSenderAuthenticationEnabled": True,
        "Notes": r.description,
        "Description": [r.description] if r.description else [],
    }


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
