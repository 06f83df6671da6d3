"""Who holds the Exchange Administrator role, until discovery reads directory roles from the tenant.

The policy takes the admins as an input (`Org.admins`). For the demo tenant they are the users the Acme
fixture flags `exchange_admin` (grace.hopper@acme.com); a case file of `mailwarden policy test` may name
them itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from mailwarden.directory.snapshot import Directory
from mailwarden.errors import RecipientNotFound

__all__ = ["admin_ids", "demo_admins"]


def admin_ids(directory: Directory, references: Iterable[str]) -> frozenset[str]:
    """The recipient ids of the admins named by address or id; RecipientNotFound names a stray one."""
    ids: set[str] = set()
    for reference in references:
        found = directory.get(reference) or directory.address_owner(reference)
        if found is None:
            raise RecipientNotFound(reference, hint="Admins must be users of the tenant.")
        ids.add(found.recipient_id)
    return frozenset(ids)


def demo_admins(directory: Directory) -> frozenset[str]:
    """The demo tenant's admins: the fixture's Exchange administrators that the directory holds."""
    from mailwarden.emulator.seed import load_fixture

    flagged = (u["primary_smtp"] for u in load_fixture()["users"] if u.get("exchange_admin"))
    return frozenset(r.recipient_id for a in flagged if (r := directory.by_address(a)) is not None)
