"""Keep a tenant's recipient cache fresh with Graph delta queries, without a full rediscovery.

A full discovery starts change tracking: just before it reads the tenant, `start_tracking` asks Graph for
deltaLinks "from now" (`$deltatoken=latest`, no objects), so anything that changes while discovery runs
comes back in the first round. Each later round (`sync`) follows the stored deltaLinks of users and groups
and reads the directory role assignments (one `in` query for every role, not one per role; Graph has no
delta for them in v1.0):

- a user or group that changed is merged into its cached recipient (Graph may send only the properties
  that changed), a new one is added, one marked `@removed` (deleted or in the recycle bin) is forgotten;
- a group's `members@delta` / `owners@delta` add and remove members and owners, and a Microsoft 365
  group's `visibility` sets its join restriction (Public: Open, else Closed);
- people who gained or lost an admin role get their roles rewritten.

The changes and the next deltaLinks are written in one transaction. When Graph refuses a token (410
`syncStateNotFound`: expired, or the tenant was reset), the round falls back to a full discovery.

Limits: a shared or room mailbox created since the last discovery is cached as a user (Graph cannot tell
them apart), a new distribution list's join restriction, an Exchange-only property, is taken as Closed, and
whether a recipient is hidden from address lists (also Exchange-only) stays as discovery read it, until
the next discovery; the live reads made at each decision do not depend on these.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mailwarden.connectors.connection import TenantClients
from mailwarden.connectors.graph import DeltaTokenRefused
from mailwarden.directory import discovery
from mailwarden.directory.discovery import (
    read_role_holders,
    recipient_from_graph_group,
    recipient_from_graph_user,
)
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.store.recipient_cache import RecipientCache

__all__ = ["DeltaLinks", "SyncResult", "start_tracking", "sync"]

# What discovery reads of each object, and for groups also their links (which delta reports as changes).
USER_SELECT = tuple(discovery.USER_SELECT)
GROUP_SELECT = (*discovery.GROUP_SELECT, "members", "owners")
_KEPT_KINDS = (RecipientKind.SHARED_MAILBOX, RecipientKind.ROOM_MAILBOX)

FullDiscovery = Callable[[], Awaitable[object]]


@dataclass(frozen=True)
class DeltaLinks:
    users: str
    groups: str


@dataclass(frozen=True)
class SyncResult:
    """What one sync did: Graph requests sent, recipients changed and removed, and whether it had to
    fall back to a full discovery (then the counts are those of the discovery's start, not known here)."""

    requests: int
    changed: int
    removed: int
    full: bool
    seconds: float
    fetch_seconds: float = 0.0
    """Of `seconds`, the part spent waiting for Graph (the rest merges and writes the cache)."""

    @property
    def anything(self) -> bool:
        return self.full or self.changed > 0 or self.removed > 0


async def start_tracking(clients: TenantClients) -> DeltaLinks:
    """DeltaLinks from this moment on (no objects listed): take them just before a full discovery."""
    users, groups = await asyncio.gather(
        clients.graph.delta("users", select=USER_SELECT, expand="manager", latest=True),
        clients.graph.delta("groups", select=GROUP_SELECT, latest=True),
    )
    return DeltaLinks(users=users.delta_link, groups=groups.delta_link)


async def sync(
    cache: RecipientCache, tenant: str, clients: TenantClients, *, full: FullDiscovery
) -> SyncResult:
    """Bring the cache of `tenant` up to date with one delta round, or with `full()` when Graph refuses
    the stored tokens (or tracking never started)."""
    started = time.perf_counter()
    state = cache.sync_state(tenant)
    if state is None or not state.users_delta_link or not state.groups_delta_link:
        await full()
        return SyncResult(0, 0, 0, True, time.perf_counter() - started)
    try:
        users, groups, (roles, role_requests) = await asyncio.gather(
            clients.graph.delta("users", delta_link=state.users_delta_link),
            clients.graph.delta("groups", delta_link=state.groups_delta_link),
            read_role_holders(clients),
        )
    except DeltaTokenRefused:
        # Nothing is logged here: a command's --json output goes to stdout, where structlog prints.
        await full()
        return SyncResult(0, 0, 0, True, time.perf_counter() - started)
    fetched = time.perf_counter() - started
    requests = users.requests + groups.requests + role_requests
    old_roles = state.role_holders
    role_changed = {
        rid
        for rid in set(old_roles) | set(roles)
        if tuple(old_roles.get(rid, ())) != tuple(roles.get(rid, ()))
    }
    touched = {item["id"].lower() for item in (*users.items, *groups.items)} | role_changed
    known = cache.get_many(tenant, touched)
    upserts: dict[str, Recipient] = {}
    removals: set[str] = set()
    for item in users.items:
        _merge_user(item, known, roles, upserts, removals)
    for item in groups.items:
        _merge_group(item, known, upserts, removals)
    for rid in role_changed - set(upserts) - removals:
        cached = known.get(rid)
        # A role-assignable group holds roles too (its members hold them, live_facts reads them): a person's
        # role is what the cache keeps, and the group's is no change of it (discovery keeps none on groups).
        if cached is not None and not cached.is_group:
            upserts[rid] = cached.model_copy(update={"roles": tuple(roles.get(rid, ()))})
    cache.apply_delta(
        tenant,
        upserts=list(upserts.values()),
        removals=sorted(removals),
        users_delta_link=users.delta_link,
        groups_delta_link=groups.delta_link,
        role_holders=roles,
        last_round={"requests": requests, "changed": len(upserts), "removed": len(removals), "full": False},
    )
    return SyncResult(requests, len(upserts), len(removals), False, time.perf_counter() - started, fetched)


def _removed(item: Mapping[str, Any]) -> bool:
    return "@removed" in item


def _merge_user(
    item: Mapping[str, Any],
    known: Mapping[str, Recipient],
    roles: Mapping[str, Sequence[str]],
    upserts: dict[str, Recipient],
    removals: set[str],
) -> None:
    rid = str(item["id"]).lower()
    cached = known.get(rid)
    if _removed(item):
        if cached is not None:
            removals.add(rid)
        return
    merged = {**(_graph_user(cached) if cached is not None else {}), **item}
    if "manager" in item:
        manager_id = (item.get("manager") or {}).get("id")
    else:
        manager_id = cached.manager_id if cached is not None else None
    kind = cached.kind if cached is not None and cached.kind in _KEPT_KINDS else None
    fresh = recipient_from_graph_user(merged, kind=kind, manager_id=manager_id, roles=roles.get(rid, ()))
    if fresh is None:
        # No longer a mail recipient (its last address went away): not a recipient for mailwarden.
        if cached is not None:
            removals.add(rid)
        return
    if cached is not None and cached.kind in _KEPT_KINDS:
        # A shared mailbox's owners were proposed by discovery (or set by its admins); keep them.
        fresh = fresh.model_copy(update={"owners": cached.owners})
    upserts[rid] = _keep_exchange_facts(fresh, cached)


def _merge_group(
    item: Mapping[str, Any],
    known: Mapping[str, Recipient],
    upserts: dict[str, Recipient],
    removals: set[str],
) -> None:
    rid = str(item["id"]).lower()
    cached = known.get(rid)
    if _removed(item):
        if cached is not None:
            removals.add(rid)
        return
    merged = {**(_graph_group(cached) if cached is not None else {}), **item}
    members = _apply_links(cached.members if cached is not None else (), item.get("members@delta"))
    owners = _apply_links(cached.owners if cached is not None else (), item.get("owners@delta"))
    # Exchange's join restriction of a list is not in Graph: keep what discovery read (Closed if it never
    # did); a Microsoft 365 group's comes from its visibility (discovery.join_restriction, the one rule).
    exchange_restriction = cached.member_join_restriction if cached is not None else None
    fresh = recipient_from_graph_group(
        merged, members=members, owners=owners, exchange_restriction=exchange_restriction
    )
    if fresh is None:
        if cached is not None:
            removals.add(rid)
        return
    upserts[rid] = _keep_exchange_facts(fresh, cached)


def _keep_exchange_facts(fresh: Recipient, cached: Recipient | None) -> Recipient:
    """What only Exchange tells (hidden from address lists) stays as discovery read it."""
    return (
        fresh.model_copy(update={"hidden": cached.hidden}) if cached is not None and cached.hidden else fresh
    )


def _apply_links(current: Sequence[str], changes: Any) -> list[str]:
    """Members (or owners) after a `members@delta` list: added ids appended, `@removed` ones dropped."""
    result = list(current)
    if not isinstance(changes, list):
        return result
    for change in changes:
        oid = str(change.get("id", "")).lower()
        if not oid:
            continue
        if "@removed" in change:
            if oid in result:
                result.remove(oid)
        elif oid not in result:
            result.append(oid)
    return result


def _proxy_addresses(r: Recipient) -> list[str]:
    return [f"SMTP:{r.primary_address}", *(f"smtp:{a}" for a in r.addresses if a != r.primary_address)]


def _graph_user(r: Recipient) -> dict[str, Any]:
    """The cached recipient as Graph would show it, so a delta item carrying only changes merges onto it."""
    return {
        "id": r.recipient_id,
        "displayName": r.display_name,
        "userPrincipalName": r.upn,
        "mail": r.primary_address,
        "mailNickname": r.alias,
        "proxyAddresses": _proxy_addresses(r),
        "department": r.department,
        "jobTitle": r.job_title,
        "accountEnabled": r.enabled,
        "userType": "Guest" if r.kind is RecipientKind.GUEST else "Member",
        "onPremisesSyncEnabled": True if r.synced else None,
    }


def _graph_group(r: Recipient) -> dict[str, Any]:
    unified = r.kind is RecipientKind.M365_GROUP
    return {
        "id": r.recipient_id,
        "displayName": r.display_name,
        "groupTypes": ["Unified"] if unified else [],
        "mailEnabled": True,
        "securityEnabled": r.kind is RecipientKind.MAIL_ENABLED_SECURITY,
        "mail": r.primary_address,
        "mailNickname": r.alias,
        "proxyAddresses": _proxy_addresses(r),
        "onPremisesSyncEnabled": True if r.synced else None,
        # immutable: a delta item seldom repeats it, so the cached reading carries over (absent: not read)
        **({} if r.role_assignable is None else {"isAssignableToRole": True if r.role_assignable else None}),
    }
