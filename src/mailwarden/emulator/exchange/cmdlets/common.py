"""What several cmdlet families share: recipient type names, journaling, Exchange's no-change warning."""

from __future__ import annotations

import re
from typing import Any

from mailwarden.emulator.exchange.errors import task_error
from mailwarden.emulator.exchange.registry import Call
from mailwarden.emulator.exchange.resolve import legacy_dn, name_of
from mailwarden.emulator.state import Recipient, TenantState

_ALIAS = re.compile(r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*")


def new_alias(state: TenantState, recipient: Recipient, value: str) -> str:
    """The alias a -Alias parameter gives `recipient`, checked as Exchange checks it; the object's
    LegacyExchangeDN is frozen first (it keeps the alias of the creation). The refusal texts are
    UNCONFIRMED (Exchange's DataValidationException for the characters; a taken alias is refused as the
    stricter reading)."""
    alias = value.strip()
    if not _ALIAS.fullmatch(alias) or len(alias) > 64:
        raise task_error(
            f'The alias "{alias}" contains characters that aren\'t allowed or is too long.',
            "Microsoft.Exchange.Data.DataValidationException",
        )
    for other in state.recipients.values():
        if other.id != recipient.id and alias.casefold() in (
            other.alias.casefold(),
            name_of(other).casefold(),
        ):
            raise task_error(f'The alias "{alias}" is already used by "{name_of(other)}".')
    if recipient.legacy_exchange_dn is None:
        recipient.legacy_exchange_dn = legacy_dn(recipient)
    return alias


RECIPIENT_TYPE_DETAILS_TYPE = "Microsoft.Exchange.Data.Directory.Recipient.RecipientTypeDetails"
# The RecipientTypeDetails values Exchange Online accepts (most never occur in the emulated tenant).
RECIPIENT_TYPE_DETAILS = (
    "UserMailbox",
    "LinkedMailbox",
    "SharedMailbox",
    "LegacyMailbox",
    "RoomMailbox",
    "EquipmentMailbox",
    "MailContact",
    "MailUser",
    "GuestMailUser",
    "MailUniversalDistributionGroup",
    "MailNonUniversalGroup",
    "MailUniversalSecurityGroup",
    "DynamicDistributionGroup",
    "PublicFolder",
    "MailForestContact",
    "User",
    "Contact",
    "UniversalDistributionGroup",
    "UniversalSecurityGroup",
    "NonUniversalGroup",
    "DisabledUser",
    "RoomList",
    "DiscoveryMailbox",
    "RoleGroup",
    "RemoteUserMailbox",
    "RemoteRoomMailbox",
    "RemoteEquipmentMailbox",
    "RemoteSharedMailbox",
    "PublicFolderMailbox",
    "TeamMailbox",
    "GroupMailbox",
    "LinkedRoomMailbox",
    "SchedulingMailbox",
)


def record(call: Call, target: str, **detail: Any) -> None:
    """Journal an applied change under the cmdlet's name (tests compare the journal with their request)."""
    call.state.record("exchange", call.cmdlet, target, **detail)
    call.state.mark_dirty()


def record_change(call: Call, changed: Recipient, target: str, **detail: Any) -> None:
    """`record` for a cmdlet that changed `changed` alone (saved by appending it; TenantState.mark_dirty)."""
    call.state.record_change(changed, "exchange", call.cmdlet, target, **detail)


def unchanged(identity: str) -> str:
    return f"The command completed successfully but no settings of '{identity}' have been modified."


def type_filter(values: list[str] | None, allowed: tuple[str, ...]) -> set[str] | None:
    """The RecipientTypeDetails values to keep, or None for all."""
    if not values:
        return None
    return {v for v in values if v in allowed}
