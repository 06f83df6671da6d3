"""Whether four eyes are possible in a tenant: how many enabled users hold an admin role, read live.

The tenant's health page and `tenant check` say "no second admin: four-eyes not possible" when one admin
(or none) is there, because the default policy then lets that admin run four-eyes writes alone, with a
written justification (DESIGN §5).
"""

from __future__ import annotations

from mailwarden.connectors.connection import TenantClients
from mailwarden.connectors.graph import GraphBatchRequest
from mailwarden.directory.live_facts import read_live_facts
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import MailwardenError
from mailwarden.policy.routing import NO_SECOND_ADMIN

__all__ = ["four_eyes"]


async def four_eyes(clients: TenantClients) -> str:
    """One line for the health report: the admins found and whether a second one can approve."""
    try:
        facts = await read_live_facts(clients, Directory([]), [])
        ids = sorted(facts.admins)
        select = "$select=id,displayName,userPrincipalName,accountEnabled"
        requests = [GraphBatchRequest("GET", f"/users/{i}?{select}") for i in ids]
        answers = await clients.graph.batch(requests) if requests else []
    except MailwardenError as exc:
        return f"admins could not be read ({exc}); whether four eyes are possible is unknown"
    # A role held by an app or a group has no 200 here: only enabled people approve.
    people = [a.value() for a in answers if a.status == 200]
    enabled = [p for p in people if p.get("accountEnabled", True)]
    names = ", ".join(f"{p.get('displayName')} ({p.get('userPrincipalName')})" for p in enabled)
    if len(enabled) >= 2:
        return f"four-eyes possible: {len(enabled)} admins ({names})"
    if enabled:
        return f"{NO_SECOND_ADMIN}: {names} is the only admin and runs them with a written justification"
    return f"{NO_SECOND_ADMIN}: no enabled admin found"
