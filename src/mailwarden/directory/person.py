"""One person of the directory, read live by object id: who an id_token's `oid` names.

Sign-in binds identity on the token's `oid` (with its `tid`), the one claim Entra ID never reassigns.
`preferred_username`, `email` and `upn` are mutable and can be chosen by whoever creates an account: a new
account whose UPN equals somebody's secondary address must never become that somebody. So a person not yet
in the cache (a new hire who signs in before the next sync) is read here by object id through Graph, never
looked up by name or address.
"""

from __future__ import annotations

import asyncio
import uuid

from mailwarden.connectors.connection import TenantClients
from mailwarden.directory.discovery import _EXO_KINDS, ROLE_TEMPLATES, USER_SELECT, recipient_from_graph_user
from mailwarden.errors import NotFound
from mailwarden.model.recipients import Recipient, RecipientKind

__all__ = ["person_by_object_id"]


async def person_by_object_id(clients: TenantClients, object_id: str) -> Recipient | None:
    """The user whose directory object id is `object_id`, as discovery would record them (manager,
    directory roles, a shared or room mailbox told apart by Exchange); None when the tenant has no such
    user (or one without a mailbox address)."""
    try:
        wanted = str(uuid.UUID(object_id))
    except ValueError:
        return None  # Graph's /users/{x} also takes a UPN: only an object id may reach it from here
    graph = clients.graph
    try:
        user = await graph.get_json(
            f"/users/{wanted}", {"$select": ",".join(USER_SELECT), "$expand": "manager($select=id)"}
        )
    except NotFound:
        return None
    if str(user.get("id", "")).lower() != wanted:
        return None
    assignments, kind = await asyncio.gather(
        graph.directory_role_assignments(wanted),
        _mailbox_kind(clients, wanted),
    )
    roles = [
        ROLE_TEMPLATES[a["roleDefinitionId"]]
        for a in assignments
        if a.get("roleDefinitionId") in ROLE_TEMPLATES
    ]
    manager = (user.get("manager") or {}).get("id")
    return recipient_from_graph_user(user, kind=kind, manager_id=manager, roles=roles)


async def _mailbox_kind(clients: TenantClients, object_id: str) -> RecipientKind | None:
    """A shared or room mailbox's account is a Graph user too; only Exchange tells it from a person's."""
    try:
        mailbox = await clients.exchange.get_mailbox(object_id, select=["RecipientTypeDetails"])
    except NotFound:
        return None
    return _EXO_KINDS.get(str(mailbox.get("RecipientTypeDetails", "")))
