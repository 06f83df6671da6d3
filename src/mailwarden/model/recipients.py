"""Recipients as the rest of mailwarden sees them, whichever API they were discovered through.

A recipient is one mail-enabled directory object: a person's mailbox, a shared or room mailbox, a group,
a guest or a contact. It is identified by its directory object id (a GUID) and addressed by its
primary SMTP address; every other SMTP proxy address, its UPN and its alias also lead to it.
Addresses are kept lower case and without the "smtp:"/"SMTP:" prefix Exchange writes in proxy lists.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, computed_field, field_validator, model_validator

__all__ = [
    "ADMIN_ROLES",
    "JoinRestriction",
    "Recipient",
    "RecipientKind",
    "is_valid_address",
    "normalize_address",
    "strip_proxy_prefix",
]

JoinRestriction = Literal["Open", "Closed", "ApprovalRequired"]


class RecipientKind(StrEnum):
    USER = "user"
    SHARED_MAILBOX = "shared_mailbox"
    ROOM_MAILBOX = "room_mailbox"
    DISTRIBUTION_LIST = "distribution_list"
    MAIL_ENABLED_SECURITY = "mail_enabled_security"
    M365_GROUP = "m365_group"
    CONTACT = "contact"
    GUEST = "guest"


_GROUP_KINDS = frozenset(
    {RecipientKind.DISTRIBUTION_LIST, RecipientKind.MAIL_ENABLED_SECURITY, RecipientKind.M365_GROUP}
)
_MAILBOX_KINDS = frozenset({RecipientKind.USER, RecipientKind.SHARED_MAILBOX, RecipientKind.ROOM_MAILBOX})
ADMIN_ROLES = frozenset({"Exchange Administrator", "Global Administrator"})
"""Directory roles that make a person an admin in mailwarden's sense."""
_OUTSIDE_KINDS = frozenset({RecipientKind.GUEST, RecipientKind.CONTACT})

# Deliberately looser than RFC 5321 (Exchange accepts apostrophes, plus signs and the like in local parts)
# but strict enough to reject display names, missing domains and whitespace.
_ADDRESS = re.compile(
    r"^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$"
)


def strip_proxy_prefix(value: str) -> str:
    """'SMTP:Sarah@Acme.com' -> 'Sarah@Acme.com'; other values unchanged apart from surrounding space."""
    value = value.strip()
    if value[:5].lower() == "smtp:":
        return value[5:].strip()
    return value


def is_valid_address(value: str) -> bool:
    """Whether `value` (after normalisation) looks like an SMTP address."""
    return _ADDRESS.match(strip_proxy_prefix(value).lower()) is not None


def normalize_address(value: str) -> str:
    """The canonical form of an SMTP address: no proxy prefix, lower case; ValueError when it is not one."""
    address = strip_proxy_prefix(value).lower()
    if _ADDRESS.match(address) is None:
        raise ValueError(f"{value!r} is not an email address")
    return address


class Recipient(BaseModel):
    """One mail-enabled directory object, as cached from discovery."""

    model_config = ConfigDict(frozen=True)

    recipient_id: str
    """The directory object id (GUID, lower case)."""
    kind: RecipientKind
    display_name: str
    primary_address: str
    """The primary SMTP address, lower case."""
    addresses: tuple[str, ...] = ()
    """Every SMTP proxy address, lower case, the primary first."""
    upn: str | None = None
    alias: str | None = None
    department: str | None = None
    job_title: str | None = None
    manager_id: str | None = None
    enabled: bool = True
    owners: tuple[str, ...] = ()
    """Recipient ids of the owners (groups; for shared mailboxes, the accountable people)."""
    members: tuple[str, ...] = ()
    """Recipient ids of the direct members (groups only)."""
    member_join_restriction: JoinRestriction | None = None
    """Groups only: whether anyone may join (Open), owners approve (ApprovalRequired) or only admins add."""
    roles: tuple[str, ...] = ()
    """Directory roles the person holds, by name ("Exchange Administrator"), as discovery read them."""
    hidden: bool = False
    """Hidden from address lists (Exchange's HiddenFromAddressListsEnabled): never offered by name, only
    found by exact address (see directory/resolve.py)."""
    role_assignable: bool | None = None
    """Groups only: Graph's isAssignableToRole, as discovery read it (True: the group can hold directory
    roles, and its members hold them; False: it cannot). None when it was not read (a record from before
    mailwarden read it, a source that does not show it): the policy then counts a group that could be one as
    one."""
    synced: bool = False
    """Synchronized from on-premises Active Directory (Graph's onPremisesSyncEnabled, as discovery reads
    it): Exchange Online refuses to change what on-premises masters (a list's members and addresses, a
    mailbox's addresses), which is changed there."""

    @field_validator("display_name", "alias", "department", "job_title", "upn", "roles", mode="before")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        # Graph's JSON can carry U+0000; PostgreSQL stores it in neither text nor JSONB, so one such name
        # failed a whole discovery there. Shown as U+FFFD: "Eve\0Admin" must not read as "EveAdmin".
        if isinstance(value, str):
            return value.replace("\x00", "\ufffd")
        if isinstance(value, list | tuple):
            return tuple(v.replace("\x00", "\ufffd") if isinstance(v, str) else v for v in value)
        return value

    @field_validator("recipient_id", "manager_id")
    @classmethod
    def _lower_id(cls, value: str | None) -> str | None:
        return value.strip().lower() if value is not None else None

    @field_validator("owners", "members")
    @classmethod
    def _lower_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v.strip().lower() for v in value)

    @field_validator("primary_address")
    @classmethod
    def _normalize_primary(cls, value: str) -> str:
        return normalize_address(value)

    @field_validator("upn")
    @classmethod
    def _lower_upn(cls, value: str | None) -> str | None:
        # A guest's UPN ('vera_vendorco.example#EXT#@...') is not a deliverable address, so no validation.
        return value.strip().lower() if value else None

    @field_validator("addresses", mode="before")
    @classmethod
    def _normalize_addresses(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return tuple(normalize_address(str(v)) for v in value)
        return value

    @model_validator(mode="after")
    def _primary_first(self) -> Recipient:
        ordered = [self.primary_address, *(a for a in self.addresses if a != self.primary_address)]
        unique = tuple(dict.fromkeys(ordered))
        if unique != self.addresses:
            object.__setattr__(self, "addresses", unique)
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def internal(self) -> bool:
        """In the organisation: not a guest and not a contact."""
        return self.kind not in _OUTSIDE_KINDS

    @property
    def is_group(self) -> bool:
        return self.kind in _GROUP_KINDS

    @property
    def is_mailbox(self) -> bool:
        return self.kind in _MAILBOX_KINDS

    @property
    def is_person(self) -> bool:
        """A human being: a user, a guest or a contact (not a resource or a group)."""
        return self.kind in (RecipientKind.USER, RecipientKind.GUEST, RecipientKind.CONTACT)

    @property
    def is_admin(self) -> bool:
        """Holds a role that administers Exchange (mailwarden's "admin" in the default policy)."""
        return any(role in ADMIN_ROLES for role in self.roles)

    def label(self) -> str:
        """'Sarah Connor (sarah@acme.com)': how a person is named in messages and previews."""
        return f"{self.display_name} ({self.primary_address})"
