"""Get-Mailbox and Set-Mailbox (delegation by Send on Behalf, proxy addresses, forwarding)."""

from __future__ import annotations

from typing import Any

from mailwarden.emulator.exchange import addresses, serialize
from mailwarden.emulator.exchange.cmdlets.common import (
    RECIPIENT_TYPE_DETAILS,
    RECIPIENT_TYPE_DETAILS_TYPE,
    new_alias,
    record,
    unchanged,
)
from mailwarden.emulator.exchange.cmdlets.inbox_rules import keep_entries
from mailwarden.emulator.exchange.errors import task_error
from mailwarden.emulator.exchange.filtering import filtered
from mailwarden.emulator.exchange.params import MultiValue, choices, flag, multi, result_size, text
from mailwarden.emulator.exchange.registry import Call, Result, cmdlet
from mailwarden.emulator.exchange.resolve import MAILBOXES, resolve, resolve_all
from mailwarden.emulator.state import Recipient

# Who may be a delegate for Send on Behalf: mailboxes, mail users and mail-enabled security groups.
_SEND_ON_BEHALF_KINDS = (
    "UserMailbox",
    "SharedMailbox",
    "RoomMailbox",
    "GuestMailUser",
    "MailUniversalSecurityGroup",
)


@cmdlet(
    "Get-Mailbox",
    entity="Mailbox",
    Identity=text,
    ResultSize=result_size,
    Filter=text,
    RecipientTypeDetails=choices(RECIPIENT_TYPE_DETAILS_TYPE, *RECIPIENT_TYPE_DETAILS),
)
def get_mailbox(call: Call) -> Result:
    state, p = call.state, call.params
    if p.get("Identity") is not None:
        boxes = [resolve(state, p.text("Identity"), kinds=MAILBOXES)]
    else:
        boxes = [r for i in state.sorted_ids() if (r := state.recipients[i]).is_mailbox]
    kinds = p.get("RecipientTypeDetails")
    if kinds:
        boxes = [r for r in boxes if r.kind in kinds]
    if p.get("Filter"):
        boxes = filtered(state, boxes, p.text("Filter"), serialize.MAILBOX)
    return Result(items=boxes, render=lambda r: serialize.mailbox(state, r))


# What on-premises Active Directory masters for a mailbox whose user is synchronized from it: Exchange
# Online refuses to change these (the addresses, the name and its address-list visibility), as observed
# for EmailAddresses and HiddenFromAddressListsEnabled in hybrid tenants. Mailbox-only settings (delegates,
# forwarding) are not synchronized and still change in the cloud.
_ON_PREMISES = (
    "EmailAddresses",
    "WindowsEmailAddress",
    "Alias",
    "DisplayName",
    "HiddenFromAddressListsEnabled",
)


def _refuse_synced(box: Recipient, given: list[str]) -> None:
    """Exchange's sentence for a synchronized mailbox, as observed: "The operation on mailbox "<id>"
    failed because it's out of the current user's write scope. The action 'Set-Mailbox', 'EmailAddresses',
    can't be performed on the object '<id>' because the object is being synchronized from your on-premises
    organization. This action should be performed on the object in your on-premises organization." """
    mastered = [n for n in given if n in _ON_PREMISES]
    if box.dir_synced and mastered:
        name = serialize.name_of(box)
        raise task_error(
            f"The operation on mailbox \"{name}\" failed because it's out of the current user's write scope. "
            f"The action 'Set-Mailbox', '{mastered[0]}', can't be performed on the object '{name}' because "
            "the object is being synchronized from your on-premises organization. This action should be "
            "performed on the object in your on-premises organization."
        )


@cmdlet(
    "Set-Mailbox",
    entity="Mailbox",
    required=("Identity",),
    Identity=text,
    DisplayName=text,
    Alias=text,
    GrantSendOnBehalfTo=multi,
    EmailAddresses=multi,
    WindowsEmailAddress=text,
    ForwardingAddress=text,
    ForwardingSmtpAddress=text,
    DeliverToMailboxAndForward=flag,
    HiddenFromAddressListsEnabled=flag,
)
def set_mailbox(call: Call) -> Result:
    state, p = call.state, call.params
    box = resolve(state, p.text("Identity"), kinds=MAILBOXES)
    _refuse_synced(box, p.names())
    # Work out every new value first: a refused parameter leaves the mailbox untouched.
    changes: dict[str, Any] = {}
    if "GrantSendOnBehalfTo" in p:
        changes["grant_send_on_behalf_to"] = _delegates(call, box, p.get("GrantSendOnBehalfTo"))
    proxies = list(box.email_addresses)
    if "EmailAddresses" in p:
        edit: MultiValue | None = p.get("EmailAddresses")
        if edit is None or (edit.replace is not None and not edit.replace):
            raise task_error(
                "The EmailAddresses list must contain at least one SMTP address.",
                "Microsoft.Exchange.Data.DataValidationException",
            )
        proxies = (
            addresses.replaced(state, box, edit.replace)
            if edit.replace is not None
            else addresses.edited(state, box, edit.add, edit.remove)
        )
    if p.get("WindowsEmailAddress") is not None:
        proxies = addresses.with_primary(state, box, proxies, p.text("WindowsEmailAddress"))
    if proxies != box.email_addresses:
        changes["email_addresses"] = proxies
    if "ForwardingAddress" in p:
        target = p.get("ForwardingAddress")
        # Any recipient of the tenant (mailbox, mail user, contact, group); an outside address has to go
        # through ForwardingSmtpAddress instead.
        changes["forwarding_address"] = resolve(state, target, identity=False).id if target else None
    if "ForwardingSmtpAddress" in p:
        value = p.get("ForwardingSmtpAddress")
        changes["forwarding_smtp_address"] = _smtp_target(value) if value is not None else None
    if "DeliverToMailboxAndForward" in p:
        changes["deliver_to_mailbox_and_forward"] = bool(p.get("DeliverToMailboxAndForward"))
    if "HiddenFromAddressListsEnabled" in p:
        changes["hidden_from_address_lists"] = bool(p.get("HiddenFromAddressListsEnabled"))
    if p.get("DisplayName") is not None:
        changes["display_name"] = p.text("DisplayName")
    if p.get("Alias") is not None and p.text("Alias").strip() != box.alias:
        changes["alias"] = new_alias(state, box, p.text("Alias"))

    applied = {k: v for k, v in changes.items() if getattr(box, k) != v}
    if not applied:
        return Result(warnings=[unchanged(serialize.name_of(box))])
    for key, value in applied.items():
        if key == "email_addresses":
            addresses.store(state, box, value)
        else:
            setattr(box, key, value)
    if "display_name" in applied or "alias" in applied:
        state.reindex()
    record(call, box.primary_smtp, **applied)
    return Result()


def _delegates(call: Call, box: Recipient, edit: MultiValue | None) -> list[str]:
    state = call.state
    if edit is None:
        return []
    if edit.replace is not None:
        return _unique([r.id for r in resolve_all(state, edit.replace, kinds=_SEND_ON_BEHALF_KINDS)])
    current = list(box.grant_send_on_behalf_to)
    removed = {r.id for r in resolve_all(state, edit.remove, kinds=_SEND_ON_BEHALF_KINDS)}
    current = [i for i in current if i not in removed]
    current += [r.id for r in resolve_all(state, edit.add, kinds=_SEND_ON_BEHALF_KINDS)]
    return _unique(current)


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _smtp_target(value: str) -> str:
    address = value.strip()
    if address.lower().startswith("smtp:"):
        address = address[5:]
    if "@" not in address:
        raise task_error(
            f'The email address "{address}" isn\'t correct. Please use this format: user name, '
            "the @ sign, followed by the domain name. For example, tonysmith@contoso.com or "
            "tony.smith@contoso.com.",
            "Microsoft.Exchange.Data.DataValidationException",
        )
    return address.lower()


@cmdlet(
    "Remove-Mailbox",
    entity="Mailbox",
    required=("Identity",),
    Identity=text,
    Permanent=flag,
)
def remove_mailbox(call: Call) -> Result:
    """Remove a mailbox (and its user). Without -Permanent it is soft-deleted, as Exchange Online keeps it
    30 days: gone from every cmdlet and from Graph, found only by Get-Recipient
    -IncludeSoftDeletedRecipients, its addresses still reserved. Other mailboxes' forwarding to it and the
    rights it held go; an Inbox rule that sends to it keeps printing it by display name and DN (a rule
    holds the address-book entry it was given), which no longer resolves."""
    state = call.state
    box = resolve(state, call.params.text("Identity"), kinds=MAILBOXES)
    for other in state.recipients.values():
        if box.id in other.send_as:
            other.send_as.remove(box.id)
        if box.id in other.grant_send_on_behalf_to:
            other.grant_send_on_behalf_to.remove(box.id)
        other.full_access = [e for e in other.full_access if e.trustee_id != box.id]
        if other.forwarding_address == box.id:
            other.forwarding_address = None
        for rule in other.inbox_rules:
            keep_entries(state, rule)
    permanent = bool(call.params.get("Permanent"))
    state.remove_recipient(box.id)
    if not permanent:
        state.data.soft_deleted[box.id] = box
    record(call, box.primary_smtp, name=serialize.name_of(box), permanent=permanent)
    return Result()
