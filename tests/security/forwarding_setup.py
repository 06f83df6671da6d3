"""The tenant changes the forwarded-mail scan's security tests make again and again, by another admin on the
emulator: the relay list, info@'s rule to the open exec-assist list, Maria's forwarding, an address moved
from the shared mailbox careers@ to a list since the directory was cached, and John's join of exec-assist.

Built on sec25's people, lists and live decision, re-exported here under plain names, so that a test reads
`fw.JOHN`, `fw.decide(...)`, `fw.johns_join(...)` from one import."""

from __future__ import annotations

from mailwarden.model.decisions import Decision
from tests.security import test_sec25_forwarded_unplaced_and_chains as sec25
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec25_forwarded_unplaced_and_chains import _decide as decide
from tests.security.test_sec25_forwarded_unplaced_and_chains import _join as list_join
from tests.security.test_sec25_forwarded_unplaced_and_chains import _list as make_open_list
from tests.security.test_sec25_forwarded_unplaced_and_chains import _open_list as open_exec_assist
from tests.security.test_sec25_forwarded_unplaced_and_chains import _read_directory as read_directory
from tests.workflow.conftest import Flow

# sec25's people and lists: the requesters Grace (approved by Ken) and John, Maria and Tom whose mail is
# forwarded, the open list exec-assist joined, info@ (a shared mailbox), and UNKNOWN, the decision's note.
CHAIN, EXEC, GRACE, INFO, JOHN = sec25.CHAIN, sec25.EXEC, sec25.GRACE, sec25.INFO, sec25.JOHN
KEN, MARIA, OLD, TOM, UNKNOWN = sec25.KEN, sec25.MARIA, sec25.OLD, sec25.TOM, sec25.UNKNOWN

__all__ = [
    "CAREERS",
    "CHAIN",
    "DESK",
    "EXEC",
    "GRACE",
    "HELPERS",
    "INFO",
    "JOHN",
    "KEN",
    "MARIA",
    "OLD",
    "RELAY",
    "TOM",
    "UNKNOWN",
    "add_info_to_relay",
    "decide",
    "give_careers_helpers",
    "graces_join",
    "info_redirects_to_exec_assist",
    "johns_join",
    "list_join",
    "make_desk_picking_info",
    "make_open_list",
    "make_relay_list",
    "maria_forwards_to",
    "move_helpers_to_list",
    "open_exec_assist",
    "read_directory",
]

RELAY, DESK = "relay@acme.com", "desk@acme.com"
CAREERS, HELPERS = "careers@acme.com", "helpers@acme.com"
"""careers@: a shared mailbox that forwards nothing; helpers@: an address moved from it to a list."""


def make_relay_list(other: OtherAdmin) -> None:
    """relay@: an open distribution list, no members."""
    make_open_list(other, "Relay", "relay")


def info_redirects_to_exec_assist(other: OtherAdmin) -> None:
    """info@ (a shared mailbox) gets an Inbox rule redirecting its mail to exec-assist."""
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])


def maria_forwards_to(other: OtherAdmin, address: str) -> None:
    """Maria's mailbox forwards (ForwardingSmtpAddress) to `address`."""
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=address)


def make_desk_picking_info(other: OtherAdmin) -> None:
    """desk@: a dynamic distribution list whose filter picks info@ alone."""
    other.exchange(
        "New-DynamicDistributionGroup", Name="Desk", RecipientFilter=f"PrimarySmtpAddress -eq '{INFO}'"
    )


def add_info_to_relay(other: OtherAdmin) -> None:
    """info@ becomes a member of relay@."""
    other.exchange("Add-DistributionGroupMember", Identity=RELAY, Member=INFO)


def give_careers_helpers(other: OtherAdmin) -> list[str]:
    """careers@ gets helpers@ as a secondary address; returns careers@'s addresses before."""
    [careers] = other.exchange("Get-Mailbox", Identity=CAREERS)["value"]
    addresses: list[str] = careers["EmailAddresses"]
    other.exchange("Set-Mailbox", Identity=CAREERS, EmailAddresses=[*addresses, f"smtp:{HELPERS}"])
    return addresses


def move_helpers_to_list(other: OtherAdmin, careers_addresses: list[str], group: str) -> None:
    """helpers@ taken from careers@ (back to `careers_addresses`) and given to the list `group`."""
    other.exchange("Set-Mailbox", Identity=CAREERS, EmailAddresses=careers_addresses)
    other.exchange(
        "Set-DistributionGroup", Identity=group, EmailAddresses=[f"SMTP:{group}", f"smtp:{HELPERS}"]
    )


async def johns_join(flow: Flow, *, read_again: bool = True) -> Decision:
    """The live decision on John's join of exec-assist (on the cached directory when not `read_again`)."""
    return await decide(flow, JOHN, list_join(JOHN), read_again=read_again)


async def graces_join(flow: Flow, *, read_again: bool = True) -> Decision:
    """The live decision on Grace's join of exec-assist (an admin's to approve: Ken's)."""
    return await decide(flow, GRACE, list_join(GRACE), read_again=read_again)
