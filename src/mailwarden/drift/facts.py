"""What drift compares: facts about who can reach what, one per delegation, membership, calendar entry or
forwarding, each with a stable key; and what a mailwarden step does to them.

    full_access:{mailbox id}:{trustee id}      value ""
    send_as:{mailbox id}:{trustee id}          value ""
    send_on_behalf:{mailbox id}:{trustee id}   value ""
    membership:{group id}:{member id}          value ""
    calendar:{owner id}:{grantee id|default}   value Graph's role (read, freeBusyRead, write ...)
    forwarding:{mailbox id}:-                  value the address mail is forwarded to

Keys use directory ids, so a changed primary address is not a drift of everything on the mailbox. A holder
Exchange prints and the directory does not know keeps the printed value as its id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from mailwarden.directory.identify import identify
from mailwarden.directory.snapshot import Directory
from mailwarden.model.steps import (
    CalendarShare,
    DistributionListLifecycle,
    DistributionListMembership,
    EmailForwardingInternal,
    MailboxDelegation,
    SendAs,
    SendOnBehalf,
    Step,
)

__all__ = ["CALENDAR_RIGHTS", "Fact", "FactKind", "StepEffect", "deleted_list_key", "effects_of_step"]

FactKind = Literal["full_access", "send_as", "send_on_behalf", "membership", "calendar", "forwarding"]

# mailwarden's calendar access levels as Graph's calendarPermission roles (what the scan reads)
CALENDAR_RIGHTS = {
    "availability_only": "freeBusyRead",
    "limited_details": "limitedRead",
    "reviewer": "read",
    "editor": "write",
}
FACT_LABELS: dict[str, str] = {
    "full_access": "Full Access",
    "send_as": "Send As",
    "send_on_behalf": "Send on Behalf",
    "membership": "list membership",
    "calendar": "calendar permission",
    "forwarding": "forwarding",
}


@dataclass(frozen=True)
class Fact:
    kind: FactKind
    resource_id: str
    resource: str
    """The mailbox, list or calendar owner's primary address (or printed name)."""
    holder_id: str
    holder: str
    """The trustee, member or grantee's address (or printed name); for forwarding, the target."""
    value: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.resource_id}:{'-' if self.kind == 'forwarding' else self.holder_id}"

    @property
    def label(self) -> str:
        return FACT_LABELS[self.kind]


@dataclass(frozen=True)
class StepEffect:
    """What one applied step of mailwarden's did: the fact it made so (present) or took away (absent)."""

    key: str
    fact: Fact | None
    """The fact as the step left it; None when the step took it away."""
    at: dt.datetime | None = None
    """When its request finished (when read from the store)."""
    verified: bool = False
    """mailwarden read the change back after making it (the step's outcome says "verified")."""


def deleted_list_key(group_id: str) -> str:
    """The effect key of mailwarden deleting a list: its members' facts go with it, expectedly."""
    return f"list_deleted:{group_id}:-"


def _ref(directory: Directory, printed: str) -> tuple[str, str]:
    found = identify(directory, printed)
    if found is None:
        return printed.lower(), printed.lower()
    return found.recipient_id, found.primary_address


def effects_of_step(directory: Directory, step: Step) -> Iterable[StepEffect]:
    """The facts an applied step changed. Reads (and address changes, which keep ids) change none."""
    if isinstance(step, MailboxDelegation | SendAs | SendOnBehalf):
        kind: FactKind = "full_access" if isinstance(step, MailboxDelegation) else step.action
        (rid, raddr), (hid, haddr) = _ref(directory, step.mailbox), _ref(directory, step.trustee)
        fact = Fact(kind, rid, raddr, hid, haddr)
        yield StepEffect(fact.key, fact if step.change == "grant" else None)
    elif isinstance(step, DistributionListMembership):
        (rid, raddr), (hid, haddr) = _ref(directory, step.group), _ref(directory, step.member)
        fact = Fact("membership", rid, raddr, hid, haddr)
        yield StepEffect(fact.key, fact if step.change == "add" else None)
    elif isinstance(step, DistributionListLifecycle) and step.change == "delete":
        yield StepEffect(deleted_list_key(_ref(directory, step.group)[0]), None)
    elif isinstance(step, DistributionListLifecycle) and step.change == "create":
        rid, raddr = _ref(directory, step.group)
        for member in step.members:
            hid, haddr = _ref(directory, member)
            fact = Fact("membership", rid, raddr, hid, haddr)
            yield StepEffect(fact.key, fact)
    elif isinstance(step, CalendarShare):
        (rid, raddr), (hid, haddr) = _ref(directory, step.owner), _ref(directory, step.grantee)
        fact = Fact("calendar", rid, raddr, hid, haddr, CALENDAR_RIGHTS.get(step.access or "", ""))
        yield StepEffect(fact.key, fact if step.change == "grant" else None)
    elif isinstance(step, EmailForwardingInternal):
        rid, raddr = _ref(directory, step.mailbox)
        if step.change == "set" and step.forward_to:
            _hid, target = _ref(directory, step.forward_to)
            fact = Fact("forwarding", rid, raddr, target, target, target)
            yield StepEffect(fact.key, fact)
        else:
            yield StepEffect(Fact("forwarding", rid, raddr, "-", "-").key, None)
