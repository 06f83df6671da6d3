"""Who reads mail a forwarding sends on (the policy's `no-approving-access-for-oneself` sees only the
target and the groups it stands for).

Mail forwarded to a mailbox that forwards on lands where that one forwards (directory/reach.py walks the
same chain), and mail landing in a mailbox is read by whoever holds Full Access to it (a shared mailbox's
readers). An approver among those would approve access to someone else's mail for themselves. The same
facts serve twice: read when a forwarding is decided (planning, confirming, approving, running), so that
routing leaves such readers out of the approvers (policy/engine.py, through `Org.forward_readers`), and
read again at the moment someone approves, which refuses a reader outright. A reader is whoever holds Full
Access to a mailbox the mail lands in, or a folder permission that reads its Inbox (EVERYONE when the
Inbox's Default entry reads).

    org = org.with_forward_readers(await read_forward_readers(clients, directory, steps))
    await refuse_forwarding_to_oneself(clients, directory, org, approver, view)
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from mailwarden.actions.views import full_access_holders
from mailwarden.connectors.connection import TenantClients
from mailwarden.connectors.models import FolderPermission, is_system_principal
from mailwarden.directory.identify import identify
from mailwarden.directory.reach import mail_reach
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import NotPermitted
from mailwarden.model.recipients import Recipient, strip_proxy_prefix
from mailwarden.model.requests import RequestView
from mailwarden.model.steps import EmailForwardingInternal, Step
from mailwarden.policy import Org
from mailwarden.policy.entities import forwarding_key

__all__ = ["read_forward_readers", "refuse_forwarding_to_oneself"]


async def _readers(
    clients: TenantClients, directory: Directory, mailbox: str, forward_to: str
) -> dict[str, str]:
    """Who reads mail forwarded from `mailbox` to `forward_to`: reader id -> where it lands for them."""
    return (await _holders(clients, directory, mailbox, forward_to))[0]


async def _holders(
    clients: TenantClients, directory: Directory, mailbox: str, forward_to: str
) -> tuple[dict[str, str], dict[str, str]]:
    """`_readers`, and the Full Access holders the directory does not know (a group made since it was
    read), as Exchange prints them (lower case) -> where it lands for them."""
    reach = await mail_reach(clients, forward_to, source=mailbox)
    permissions, inboxes = await asyncio.gather(
        asyncio.gather(*(clients.exchange.mailbox_permissions(reached.address) for reached in reach.reached)),
        asyncio.gather(*(_inbox_readers(clients, reached.address) for reached in reach.reached)),
    )
    found: dict[str, str] = {}
    unknown: dict[str, str] = {}
    for reached, entries, inbox in zip(reach.reached, permissions, inboxes, strict=True):
        lands = directory.address_owner(reached.address)
        readers = {lands.recipient_id} if lands is not None else set()
        for printed in [*full_access_holders(entries), *inbox]:
            if printed == EVERYONE:
                readers.add(EVERYONE)
                continue
            holder = identify(directory, printed)
            if holder is not None:
                readers.add(holder.recipient_id)
            elif not is_system_principal(printed):
                unknown.setdefault(strip_proxy_prefix(printed.strip()).lower(), reached.display_name)
        for reader in readers:
            found.setdefault(reader, reached.display_name)
    return found, unknown


EVERYONE = "*"
"""A reader key for everyone in the organisation: the Inbox's Default entry lets every colleague read it."""

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
"""Folder rights that read the folder's items (Exchange's roles that include ReadItems, and ReadItems)."""


async def _inbox_readers(clients: TenantClients, address: str) -> list[str]:
    """Who reads `address`'s Inbox through a folder permission (red team 27: a delegate with Reviewer on the
    Inbox reads mail forwarded there without Full Access), as Exchange prints them; EVERYONE for a Default
    entry that reads. The folder is asked for by its own (possibly localized) name."""
    stats = await clients.exchange.invoke(
        "Get-MailboxFolderStatistics", {"Identity": address, "FolderScope": "Inbox"}
    )
    inbox = next((f for f in stats if f.get("FolderType") == "Inbox"), None)
    name = str(inbox.get("Name")) if inbox and inbox.get("Name") else "Inbox"
    rows = await clients.exchange.invoke("Get-MailboxFolderPermission", {"Identity": f"{address}:\\{name}"})
    out: list[str] = []
    for entry in map(FolderPermission.parse, rows):
        if not {r.casefold() for r in entry.rights} & _READS_ITEMS:
            continue
        if entry.user.casefold() == "default":
            out.append(EVERYONE)
        elif entry.user.casefold() != "anonymous":
            out.append(entry.address or entry.user)
    return out


async def _groups_now(clients: TenantClients, approver: Recipient) -> tuple[set[str], set[str]]:
    """The ids of every group `approver` is in as Entra ID says now (directly or through nesting), and the
    names they go by (display name, address, alias; lower case): the cache misses a group joined or made
    since it was read, and Exchange prints a group holding Full Access by its name."""
    groups = await clients.graph.list_all(
        f"/users/{approver.recipient_id}/transitiveMemberOf",
        {"$select": "id,displayName,mail,mailNickname"},
    )
    ids = {str(g.get("id", "")).lower() for g in groups}
    names = {
        str(v).lower()
        for g in groups
        for v in (g.get("displayName"), g.get("mail"), g.get("mailNickname"))
        if v
    }
    return ids, names


async def read_forward_readers(
    clients: TenantClients, directory: Directory, steps: Iterable[Step]
) -> dict[str, dict[str, str]]:
    """For each forwarding being set among `steps`, who reads the mail it sends on (`Org.forward_readers`)."""
    wanted = {
        forwarding_key(s.mailbox, s.forward_to): (s.mailbox, s.forward_to)
        for s in steps
        if isinstance(s, EmailForwardingInternal) and s.change == "set" and s.forward_to
    }
    keys = list(wanted)
    read = await asyncio.gather(*(_readers(clients, directory, *wanted[k]) for k in keys))
    return dict(zip(keys, read, strict=True))


async def refuse_forwarding_to_oneself(
    clients: TenantClients, directory: Directory, org: Org, approver: Recipient, view: RequestView
) -> None:
    """NotPermitted when a forwarding `view` sets sends someone else's mail where `approver` reads it."""
    mine = {approver.recipient_id, EVERYONE, *org.groups_of(approver)}
    names: set[str] | None = None
    requester = directory.get(view.requester) or directory.address_owner(view.requester)
    for step in view.every_step():
        data = step.step
        if data.get("action") != "email_forwarding_internal" or data.get("change") != "set":
            continue
        mailbox = directory.address_owner(str(data.get("mailbox"))) or directory.get(str(data.get("mailbox")))
        if requester is not None and mailbox is not None and mailbox.recipient_id == requester.recipient_id:
            continue  # one's own mail is the requester's to send on (as the policy's rule says)
        readers, unknown = await _holders(
            clients, directory, str(data.get("mailbox")), str(data.get("forward_to"))
        )
        if names is None:
            ids, names = await _groups_now(clients, approver)
            mine |= ids
            # The approver's own names too: a folder permission prints its holder by display name, which
            # another recipient may share, and then the directory names nobody (red team 27).
            names |= {
                n.casefold()
                for n in (approver.display_name, approver.alias, approver.upn, *approver.addresses)
                if n
            }
        for printed, where in unknown.items():
            account = printed.rsplit("\\", 1)[-1]  # ACME\vault: the alias after the domain
            if printed in names or account in names:
                readers.setdefault(printed, where)
                mine.add(printed)
        for reader, where in readers.items():
            if reader in mine:
                raise NotPermitted(
                    f"Nobody approves access given to themselves; someone else must approve it: mail "
                    f"forwarded from {data.get('mailbox')} reaches {where}, which you read."
                )
