"""What several cmdlet families share: recipient type names, journaling, Exchange's no-change warning."""

from __future__ import annotations

from typing import Any

from mailwarden.emulator.exchange.registry import Call
from mailwarden.emulator.state import Recipient

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
