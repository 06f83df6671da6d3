"""Whether four eyes are possible in a tenant: how many enabled users hold an admin role, read live.

The tenant's health page and `tenant check` say "no second admin: four-eyes not possible" when one admin
(or none) is there, because the default policy then lets that admin run four-eyes writes alone, with a
written justification (DESIGN §5).

The role assignments are read once per health check (`read_role_assignments`): the same read tells the
admins here and the app's own Exchange roles (health.py's role hint).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mailwarden.connectors.connection import TenantClients
from mailwarden.directory.discovery import ROLE_TEMPLATES
from mailwarden.errors import MailwardenError
from mailwarden.model.recipients import ADMIN_ROLES
from mailwarden.policy.routing import NO_SECOND_ADMIN

__all__ = ["four_eyes", "read_role_assignments"]

_PERSON = "id,displayName,userPrincipalName,accountEnabled"
_USER_TYPE = "#microsoft.graph.user"
_GROUP_TYPE = "#microsoft.graph.group"


async def read_role_assignments(clients: TenantClients) -> list[dict[str, Any]]:
    """Every assignment of the directory roles mailwarden knows (Exchange Administrator, Global
    Administrator, Exchange Recipient Administrator), each with its holder, in one query: the endpoint
    documents `in` on roleDefinitionId (not `or`) and no `$top`, so it is paged as Graph pages it."""
    quoted = ",".join(f"'{t}'" for t in ROLE_TEMPLATES)
    return await clients.graph.list_all(
        "/roleManagement/directory/roleAssignments",
        {"$filter": f"roleDefinitionId in ({quoted})", "$expand": f"principal($select={_PERSON})"},
        page_size=None,
    )


async def four_eyes(
    clients: TenantClients, assignments: Sequence[dict[str, Any]] | MailwardenError | None = None
) -> str:
    """One line for the health report: the admins found and whether a second one can approve.
    `assignments`: `read_role_assignments`' answer (or its error) when the caller has it; None: read here."""
    try:
        if isinstance(assignments, MailwardenError):
            raise assignments
        found = await read_role_assignments(clients) if assignments is None else assignments
        people = await _admins(clients, found)
    except MailwardenError as exc:
        return f"admins could not be read ({exc}); whether four eyes are possible is unknown"
    enabled = [p for p in people if p.get("accountEnabled", True)]
    names = ", ".join(f"{p.get('displayName')} ({p.get('userPrincipalName')})" for p in enabled)
    if len(enabled) >= 2:
        return f"four-eyes possible: {len(enabled)} admins ({names})"
    if enabled:
        return f"{NO_SECOND_ADMIN}: {names} is the only admin and runs them with a written justification"
    return f"{NO_SECOND_ADMIN}: no enabled admin found"


async def _admins(clients: TenantClients, assignments: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The people holding an admin role, directly or through a role-assignable group (its members hold the
    role as much as a direct holder); a role held by an app is no one who approves."""
    people: dict[str, dict[str, Any]] = {}
    groups: set[str] = set()
    for a in assignments:
        if ROLE_TEMPLATES.get(str(a.get("roleDefinitionId", "")).lower()) not in ADMIN_ROLES:
            continue
        principal = a.get("principal")
        if not isinstance(principal, dict):
            continue  # deleted since: Graph leaves the holder out
        if principal.get("@odata.type") == _USER_TYPE:
            people.setdefault(str(principal.get("id", "")).lower(), principal)
        elif principal.get("@odata.type") == _GROUP_TYPE:
            groups.add(str(principal.get("id", "")))
    for group_id in sorted(groups):
        for member in await clients.graph.list_all(
            f"/groups/{group_id}/members/microsoft.graph.user?$select={_PERSON}&$top=999"
        ):
            people.setdefault(str(member.get("id", "")).lower(), member)
    return sorted(people.values(), key=lambda p: str(p.get("userPrincipalName", "")))
