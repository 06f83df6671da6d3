"""Microsoft's answers about who holds what, parsed once at the connector into typed values.

Exchange prints permission entries with fields that vary by cmdlet (Get-MailboxPermission has `User` and a
`Deny` flag; Get-RecipientPermission has `Trustee` and `AccessControlType`), and Graph and Exchange print a
group's members differently. Parsing them here, once, means every reader of a permission (the actions'
preflights, the views, the delegation report, the policy's delegate check) sees the same fields and asks
the same question, `holds`, instead of each deciding from a dict what counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from mailwarden.model.recipients import strip_proxy_prefix

__all__ = [
    "SELF",
    "FolderPermission",
    "GroupMember",
    "MailboxPermission",
    "RecipientPermission",
    "holders",
    "is_system_principal",
]

SELF = "NT AUTHORITY\\SELF"


def is_system_principal(printed: str) -> bool:
    """Whether Exchange printed a built-in principal rather than a recipient.

    `NT AUTHORITY\\SELF` is the mailbox's own account (every mailbox has it); a bare `S-1-5-...` SID is a
    well-known account or a deleted object Exchange can no longer name. Neither is someone an admin granted
    access to, so neither is ever reported as a holder.
    """
    value = printed.strip()
    return value.casefold() == SELF.casefold() or value.upper().startswith("S-1-5-")


def _rights(raw: object) -> frozenset[str]:
    # Exchange prints AccessRights as a list; some serialisations join flags with ", " in one string.
    items = raw if isinstance(raw, list) else str(raw or "").split(",")
    return frozenset(str(r).strip() for r in items if str(r).strip())


def _flag(raw: object) -> bool:
    return raw is True or str(raw).strip().lower() == "true"


@dataclass(frozen=True)
class MailboxPermission:
    """One entry of Get-MailboxPermission."""

    user: str
    rights: frozenset[str]
    inherited: bool
    deny: bool

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> MailboxPermission:
        return cls(
            user=str(raw.get("User") or ""),
            rights=_rights(raw.get("AccessRights")),
            inherited=_flag(raw.get("IsInherited")),
            deny=_flag(raw.get("Deny")),
        )

    @property
    def trustee(self) -> str:
        return self.user

    def holds(self, right: str) -> bool:
        return _holds(self.user, self.rights, right, inherited=self.inherited, deny=self.deny)


@dataclass(frozen=True)
class RecipientPermission:
    """One entry of Get-RecipientPermission."""

    trustee: str
    rights: frozenset[str]
    inherited: bool
    deny: bool
    """AccessControlType Deny."""

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> RecipientPermission:
        return cls(
            trustee=str(raw.get("Trustee") or ""),
            rights=_rights(raw.get("AccessRights")),
            inherited=_flag(raw.get("IsInherited")),
            deny=str(raw.get("AccessControlType") or "Allow").strip().lower() == "deny",
        )

    def holds(self, right: str) -> bool:
        return _holds(self.trustee, self.rights, right, inherited=self.inherited, deny=self.deny)


def _holds(trustee: str, rights: frozenset[str], right: str, *, inherited: bool, deny: bool) -> bool:
    """The one rule for "this trustee holds `right` on this object", used by every reader.

    Only an explicit Allow entry on the object itself counts. A Deny entry takes access away rather than
    giving it. An inherited entry comes from a parent object (an organisation-wide admin grant, a database
    ACL): it is nobody's delegation of this mailbox, Remove-MailboxPermission on the mailbox cannot undo
    it, and counting it would make a revoke look like a no-op or a grant look already done when the step
    cannot change it. Built-in principals (SELF, bare SIDs) are not people anyone delegated to.
    """
    return (
        bool(trustee) and not is_system_principal(trustee) and right in rights and not inherited and not deny
    )


def holders(entries: Iterable[MailboxPermission | RecipientPermission], right: str) -> list[str]:
    """The trustees, as Exchange printed them, that hold `right` by the rule above."""
    return [e.trustee for e in entries if e.holds(right)]


_READS_ITEMS = frozenset(
    r.casefold()
    for r in (
        "Owner",
        "PublishingEditor",
        "Editor",
        "PublishingAuthor",
        "Author",
        "NonEditingAuthor",
        "Reviewer",
        "ReadItems",
    )
)
"""Folder rights that read the folder's items (Exchange's MailboxFolderAccessRight roles that include
ReadItems, and ReadItems itself)."""


@dataclass(frozen=True)
class FolderPermission:
    """One entry of Get-MailboxFolderPermission.

    `user` is what Exchange prints, a display name (or Default / Anonymous); some serialisations give the
    user as an object with the recipient behind it, whose address is then kept in `address`.
    """

    user: str
    rights: tuple[str, ...]
    sharing_flags: str
    address: str | None = None

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> FolderPermission:
        user = raw.get("User")
        address: str | None = None
        if isinstance(user, Mapping):
            recipient = user.get("ADRecipient")
            if isinstance(recipient, Mapping) and recipient.get("PrimarySmtpAddress"):
                address = str(recipient["PrimarySmtpAddress"]).lower()
            user = user.get("DisplayName") or address or ""
        rights = raw.get("AccessRights") or []
        flags = raw.get("SharingPermissionFlags")
        return cls(
            user=str(user or ""),
            rights=tuple(str(r) for r in (rights if isinstance(rights, list) else [rights])),
            sharing_flags="" if flags in (None, "None") else str(flags),
            address=address,
        )

    @property
    def builtin(self) -> Literal["Default", "Anonymous"] | None:
        return self.user if self.user in ("Default", "Anonymous") else None  # type: ignore[return-value]

    @property
    def grants_nothing(self) -> bool:
        return list(self.rights) in ([], ["None"])

    @property
    def reads_items(self) -> bool:
        """Whether the entry may read the folder's items: a role that includes ReadItems, or ReadItems."""
        return bool({r.casefold() for r in self.rights} & _READS_ITEMS)


@dataclass(frozen=True)
class GroupMember:
    """A direct member of a group, from Exchange (Get-DistributionGroupMember) or Graph (/members)."""

    id: str
    """The directory object id (ExternalDirectoryObjectId / id, lowercased); '' when Exchange has none."""
    display_name: str
    address: str | None
    """The primary SMTP address (Exchange) or mail (Graph), lowercased."""
    kind: str
    """Exchange's RecipientTypeDetails, or Graph's @odata.type ('#microsoft.graph.user')."""
    identifiers: frozenset[str] = frozenset()
    """Every other value naming it, lowercased: UPN, Name, Alias (never the display name: two may share)."""
    guest: bool = False

    @classmethod
    def from_exchange(cls, raw: Mapping[str, Any]) -> GroupMember:
        kind = str(raw.get("RecipientTypeDetails") or "")
        address = strip_proxy_prefix(str(raw.get("PrimarySmtpAddress") or "")).lower() or None
        return cls(
            id=str(raw.get("ExternalDirectoryObjectId") or "").lower(),
            display_name=str(raw.get("DisplayName") or raw.get("Name") or ""),
            address=address,
            kind=kind,
            identifiers=_lowered(raw, "Name", "Alias", "WindowsLiveID"),
            guest=kind == "GuestMailUser",
        )

    @classmethod
    def from_graph(cls, raw: Mapping[str, Any]) -> GroupMember:
        return cls(
            id=str(raw.get("id") or "").lower(),
            display_name=str(raw.get("displayName") or ""),
            address=str(raw["mail"]).lower() if raw.get("mail") else None,
            kind=str(raw.get("@odata.type") or ""),
            identifiers=_lowered(raw, "userPrincipalName", "mailNickname"),
            guest=str(raw.get("userType") or "").lower() == "guest",
        )


def _lowered(raw: Mapping[str, Any], *keys: str) -> frozenset[str]:
    return frozenset(str(raw.get(k) or "").lower() for k in keys) - {""}
