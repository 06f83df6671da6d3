"""Naming what Exchange or Graph printed: the one matcher every reader of a printed identity uses.

Exchange prints a recipient in several ways: a UPN or address in permission entries, a Name in ManagedBy,
GrantSendOnBehalfTo and ForwardingAddress (the alias, the directory GUID in newer tenants, or the display
name in older and synced ones), a display name in calendar entries, and `DOMAIN\\sam` for accounts of a
synced forest. `identify` turns any of them into the one recipient it names, or None when it cannot say
for sure; a value that could name two recipients (a shared display name or alias) names neither, so a
delegate is never mistaken for someone else who happens to share a name.
"""

from __future__ import annotations

from collections.abc import Iterable

from mailwarden.connectors.models import is_system_principal
from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient, strip_proxy_prefix

__all__ = ["identify", "names"]


def identify(directory: Directory, printed: object) -> Recipient | None:
    """The recipient a printed value names, or None when it names none for sure.

    Tried in order: object id, SMTP address, UPN, then alias and display name when only one recipient
    carries it. `ACME\\sarah` is read as the alias after the domain (a synced account's sAMAccountName is
    its alias in Exchange); built-in principals (NT AUTHORITY\\SELF, S-1-5-... SIDs) name nobody.
    """
    if not isinstance(printed, str) or not printed.strip() or is_system_principal(printed):
        return None
    value = strip_proxy_prefix(printed.strip())
    found = directory.get(value.lower()) or directory.by_address(value) or directory.by_upn(value)
    if found is not None:
        return found
    account = value.rsplit("\\", 1)[1] if "\\" in value else None
    for candidates in (
        directory.by_alias(value),
        directory.by_alias(account) if account else (),
        directory.named(value),
    ):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            return None  # ambiguous: a less specific match must not pick one of them
    return None


def names(printed: Iterable[object], r: Recipient, directory: Directory) -> bool:
    """Whether any of the values Exchange printed names `r`."""
    return any(
        (found := identify(directory, p)) is not None and found.recipient_id == r.recipient_id
        for p in printed
    )
