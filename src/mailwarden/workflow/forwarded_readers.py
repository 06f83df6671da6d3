"""Who reads mail a forwarding sends on, for the approval of that forwarding (the policy's
`no-approving-access-for-oneself` sees only the target and the groups it stands for).

Mail forwarded to a mailbox that forwards on lands where that one forwards (directory/reach.py walks the
same chain), and mail landing in a mailbox is read by whoever holds Full Access to it (a shared mailbox's
readers). An approver among those would approve access to someone else's mail for themselves: refused when
they approve, read live then (the plan's decision cannot know it without reading the tenant).

    await refuse_forwarding_to_oneself(clients, directory, org, approver, view)
"""

from __future__ import annotations

import asyncio

from mailwarden.actions.views import full_access_holders
from mailwarden.connectors.connection import TenantClients
from mailwarden.directory.identify import identify
from mailwarden.directory.reach import mail_reach
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import NotPermitted
from mailwarden.model.recipients import Recipient
from mailwarden.model.requests import RequestView
from mailwarden.policy import Org

__all__ = ["refuse_forwarding_to_oneself"]


async def refuse_forwarding_to_oneself(
    clients: TenantClients, directory: Directory, org: Org, approver: Recipient, view: RequestView
) -> None:
    """NotPermitted when a forwarding `view` sets sends someone else's mail where `approver` reads it."""
    mine = {approver.recipient_id, *org.groups_of(approver)}
    requester = directory.get(view.requester) or directory.address_owner(view.requester)
    for step in view.every_step():
        data = step.step
        if data.get("action") != "email_forwarding_internal" or data.get("change") != "set":
            continue
        mailbox = directory.address_owner(str(data.get("mailbox"))) or directory.get(str(data.get("mailbox")))
        if requester is not None and mailbox is not None and mailbox.recipient_id == requester.recipient_id:
            continue  # one's own mail is the requester's to send on (as the policy's rule says)
        reach = await mail_reach(clients, str(data.get("forward_to")), source=str(data.get("mailbox")))
        permissions = await asyncio.gather(
            *(clients.exchange.mailbox_permissions(reached.address) for reached in reach.reached)
        )
        for reached, entries in zip(reach.reached, permissions, strict=True):
            lands = directory.address_owner(reached.address)
            readers = {lands.recipient_id} if lands is not None else set()
            readers |= {r.recipient_id for p in full_access_holders(entries) if (r := identify(directory, p))}
            if readers & mine:
                raise NotPermitted(
                    f"Nobody approves access given to themselves; someone else must approve it: mail "
                    f"forwarded from {data.get('mailbox')} reaches {reached.display_name}, which you read."
                )
