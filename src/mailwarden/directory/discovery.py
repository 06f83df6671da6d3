"""Discovery: read every recipient of a tenant through the connectors into `Recipient` values.

Graph knows the directory (users with manager and enabled state, groups with owners and members, contacts,
guests, domains) but cannot tell a shared or room mailbox from a user; Exchange can. So discovery reads
both and joins them on the directory object id (Exchange's `ExternalDirectoryObjectId`).

A shared mailbox has no owner in Exchange. Tenants commonly record the accountable person as the mailbox
account's manager; discovery proposes that person as the mailbox's owner (the approver for self-service),
and admins may change it in the tenant's policy targets.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from mailwarden.connectors.connection import TenantClients
from mailwarden.errors import NotFound
from mailwarden.model.domains import Domain
from mailwarden.model.recipients import (
    JoinRestriction,
    Recipient,
    RecipientKind,
    is_valid_address,
    strip_proxy_prefix,
)

__all__ = [
    "GROUP_SELECT",
    "ROLE_TEMPLATES",
    "USER_SELECT",
    "Discovered",
    "Progress",
    "discover",
    "discover_new",
    "join_restriction",
    "read_role_holders",
    "recipient_from_graph_group",
    "recipient_from_graph_user",
    "rediscover",
]

Progress = Callable[[str, int, int], None]
"""progress(phase, done, total): called as discovery advances (a CLI draws a bar with it)."""

USER_SELECT = [
    "id",
    "displayName",
    "userPrincipalName",
    "mail",
    "mailNickname",
    "proxyAddresses",
    "department",
    "jobTitle",
    "accountEnabled",
    "userType",
    "onPremisesSyncEnabled",
]
GROUP_SELECT = [
    "id",
    "displayName",
    "groupTypes",
    "mailEnabled",
    "securityEnabled",
    "mail",
    "mailNickname",
    "proxyAddresses",
    "visibility",
    "onPremisesSyncEnabled",
    # Whether the group can hold directory roles (its members then hold them): "Returned by default",
    # immutable, null for a group made without it (learn.microsoft.com/graph/api/resources/group). The
    # Exchange views mailwarden reads (Get-DistributionGroup, Get-Recipient) carry nothing of it: Graph is
    # where it is read.
    "isAssignableToRole",
]
# Directory role templates discovery records on people (the default policy's "admin" is the first two).
ROLE_TEMPLATES = {
    "29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
    "62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
    "31392ffb-586c-42d1-9346-e59415a2cc4e": "Exchange Recipient Administrator",
}
_EXO_KINDS = {"SharedMailbox": RecipientKind.SHARED_MAILBOX, "RoomMailbox": RecipientKind.ROOM_MAILBOX}
_PARALLEL_BATCHES = 4


@dataclass(frozen=True)
class Discovered:
    recipients: list[Recipient]
    domains: list[Domain]


def _smtp(proxy_addresses: Sequence[str], mail: str | None) -> list[str]:
    primary = [strip_proxy_prefix(p) for p in proxy_addresses if p.startswith("SMTP:")]
    others = [strip_proxy_prefix(p) for p in proxy_addresses if p.startswith("smtp:")]
    ordered = primary + ([mail] if mail else []) + others
    return [a.lower() for a in dict.fromkeys(ordered) if is_valid_address(a)]


def recipient_from_graph_user(
    user: dict[str, Any],
    *,
    kind: RecipientKind | None = None,
    manager_id: str | None = None,
    roles: Sequence[str] = (),
) -> Recipient | None:
    """A Graph user as a recipient; None for an account with no mailbox address."""
    addresses = _smtp(user.get("proxyAddresses") or [], user.get("mail"))
    if not addresses:
        return None
    if kind is None:
        kind = RecipientKind.GUEST if user.get("userType") == "Guest" else RecipientKind.USER
    owners = (manager_id,) if manager_id and kind in _EXO_KINDS.values() else ()
    return Recipient(
        recipient_id=user["id"],
        kind=kind,
        display_name=user.get("displayName") or addresses[0],
        primary_address=addresses[0],
        addresses=tuple(addresses),
        upn=user.get("userPrincipalName"),
        alias=user.get("mailNickname"),
        department=user.get("department"),
        job_title=user.get("jobTitle"),
        manager_id=manager_id,
        enabled=bool(user.get("accountEnabled", True)),
        owners=owners,
        roles=tuple(roles),
        synced=user.get("onPremisesSyncEnabled") is True,
    )


def _group_kind(group: dict[str, Any]) -> RecipientKind | None:
    if "Unified" in (group.get("groupTypes") or []):
        return RecipientKind.M365_GROUP
    if not group.get("mailEnabled"):
        return None  # a plain security group has no address: not a recipient
    return (
        RecipientKind.MAIL_ENABLED_SECURITY
        if group.get("securityEnabled")
        else RecipientKind.DISTRIBUTION_LIST
    )


def join_restriction(group: dict[str, Any], exchange_restriction: str | None = None) -> JoinRestriction:
    """Who may join a group: Open, ApprovalRequired (owners approve) or Closed (owners or admins add).

    A Microsoft 365 group has no join restriction of its own: its Graph `visibility` decides. Public means
    anyone in the organisation may join; Private and HiddenMembership mean its owners decide, and so does a
    visibility Graph did not report (deny by default). Any other list takes Exchange's MemberJoinRestriction,
    Closed when Exchange did not say.
    """
    if _group_kind(group) is RecipientKind.M365_GROUP:
        return "Open" if group.get("visibility") == "Public" else "Closed"
    if exchange_restriction in ("Open", "ApprovalRequired", "Closed"):
        return exchange_restriction  # type: ignore[return-value]
    return "Closed"


def recipient_from_graph_group(
    group: dict[str, Any],
    *,
    members: Sequence[str] = (),
    owners: Sequence[str] = (),
    exchange_restriction: str | None = None,
) -> Recipient | None:
    """A Graph group as a recipient (None for a group with no address); `exchange_restriction` is Exchange's
    MemberJoinRestriction of a distribution list or mail-enabled security group."""
    kind = _group_kind(group)
    addresses = _smtp(group.get("proxyAddresses") or [], group.get("mail"))
    if kind is None or not addresses:
        return None
    return Recipient(
        recipient_id=group["id"],
        kind=kind,
        display_name=group.get("displayName") or addresses[0],
        primary_address=addresses[0],
        addresses=tuple(addresses),
        alias=group.get("mailNickname"),
        members=tuple(members),
        owners=tuple(owners),
        member_join_restriction=join_restriction(group, exchange_restriction),
        role_assignable=role_assignable(group),
        synced=group.get("onPremisesSyncEnabled") is True,
    )


def role_assignable(group: dict[str, Any]) -> bool | None:
    """Graph's isAssignableToRole of `group`: null is what Graph shows for a group made without it (not
    role-assignable); None here only when the answer did not carry the property at all (not read)."""
    if "isAssignableToRole" not in group:
        return None
    return group["isAssignableToRole"] is True


async def _relations(
    clients: TenantClients,
    group_ids: list[str],
    relation: Literal["members", "owners"],
    progress: Progress | None,
) -> list[list[str]]:
    """For each group, the ids of its members (or owners), with progress reported under that name."""
    done = 0

    def tick(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(relation, done, len(group_ids))

    return await clients.graph.relation_ids(group_ids, relation, parallel=_PARALLEL_BATCHES, progress=tick)


def _roles_by_principal(assignments: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for assignment in assignments:
        name = ROLE_TEMPLATES.get(assignment.get("roleDefinitionId", ""))
        if name:
            roles.setdefault(assignment["principalId"].lower(), []).append(name)
    return roles


async def read_role_holders(clients: TenantClients) -> tuple[dict[str, list[str]], int]:
    """{principal id: [role names]} for the directory roles in ROLE_TEMPLATES, read once for all of them;
    and the requests that took."""
    assignments, requests = await clients.graph.role_holders(list(ROLE_TEMPLATES))
    return _roles_by_principal(assignments), requests


async def discover(clients: TenantClients, progress: Progress | None = None) -> Discovered:
    """Read the whole tenant: every recipient with its addresses, owners, members and manager."""
    graph, exchange = clients.graph, clients.exchange

    def tick(phase: str) -> None:
        if progress:
            progress(phase, 1, 1)

    role_read = asyncio.ensure_future(read_role_holders(clients))
    try:
        users, groups, contacts, mailboxes, exo_groups, domains, hidden = await asyncio.gather(
            graph.list_all("/users", {"$select": ",".join(USER_SELECT), "$expand": "manager($select=id)"}),
            graph.list_all("/groups", {"$select": ",".join(GROUP_SELECT)}),
            graph.contacts(),
            exchange.list_mailboxes(
                ["SharedMailbox", "RoomMailbox"], select=["ExternalDirectoryObjectId", "RecipientTypeDetails"]
            ),
            exchange.list_distribution_groups(select=["ExternalDirectoryObjectId", "MemberJoinRestriction"]),
            graph.domains(),
            # Graph does not say who is hidden from address lists; Exchange does.
            exchange.invoke(
                "Get-Recipient",
                {"Filter": "HiddenFromAddressListsEnabled -eq $true"},
                select=["ExternalDirectoryObjectId"],
            ),
        )
        roles, _ = await role_read
    finally:
        role_read.cancel()  # when another read failed: the tenant is not read for nothing
    tick("directory")
    exo_kind = {
        m["ExternalDirectoryObjectId"].lower(): _EXO_KINDS[m["RecipientTypeDetails"]]
        for m in mailboxes
        if m.get("RecipientTypeDetails") in _EXO_KINDS
    }
    join = {g["ExternalDirectoryObjectId"].lower(): g.get("MemberJoinRestriction") for g in exo_groups}

    recipients: list[Recipient] = []
    for user in users:
        manager = (user.get("manager") or {}).get("id")
        r = recipient_from_graph_user(
            user,
            kind=exo_kind.get(user["id"].lower()),
            manager_id=manager,
            roles=roles.get(user["id"].lower(), ()),
        )
        if r is not None:
            recipients.append(r)
    mail_groups = [g for g in groups if _group_kind(g) is not None]
    group_ids = [str(g["id"]) for g in mail_groups]
    member_lists = await _relations(clients, group_ids, "members", progress)
    owner_lists = await _relations(clients, group_ids, "owners", progress)
    for group, members, owners in zip(mail_groups, member_lists, owner_lists, strict=True):
        r = recipient_from_graph_group(
            group, members=members, owners=owners, exchange_restriction=join.get(group["id"].lower())
        )
        if r is not None:
            recipients.append(r)
    for contact in contacts:
        addresses = _smtp(contact.get("proxyAddresses") or [], contact.get("mail"))
        if addresses:
            recipients.append(
                Recipient(
                    recipient_id=contact["id"],
                    kind=RecipientKind.CONTACT,
                    display_name=contact.get("displayName") or addresses[0],
                    primary_address=addresses[0],
                    addresses=tuple(addresses),
                )
            )
    hidden_ids = {str(h.get("ExternalDirectoryObjectId") or "").lower() for h in hidden}
    recipients = [
        r.model_copy(update={"hidden": True}) if r.recipient_id in hidden_ids else r for r in recipients
    ]
    return Discovered(
        recipients=recipients,
        domains=[
            Domain(name=d["id"], verified=bool(d.get("isVerified")), default=bool(d.get("isDefault")))
            for d in domains
        ],
    )


async def rediscover(clients: TenantClients, known: Recipient) -> Recipient | None:
    """Read one recipient afresh (after mailwarden changed it); None when it no longer exists.

    Kinds Graph cannot tell (shared and room mailboxes) and whether it is hidden from address lists are
    kept from what discovery found before.
    """
    fresh = await _reread(clients, known)
    return fresh.model_copy(update={"hidden": known.hidden}) if fresh is not None and known.hidden else fresh


async def _reread(clients: TenantClients, known: Recipient) -> Recipient | None:
    graph = clients.graph
    if known.is_group:
        try:
            group = await graph.get_json(f"/groups/{known.recipient_id}", {"$select": ",".join(GROUP_SELECT)})
        except NotFound:
            return None
        members, owners = await asyncio.gather(
            graph.list_all(f"/groups/{known.recipient_id}/members", {"$select": "id"}),
            graph.list_all(f"/groups/{known.recipient_id}/owners", {"$select": "id"}),
        )
        return recipient_from_graph_group(
            group,
            members=[m["id"] for m in members],
            owners=[o["id"] for o in owners],
            exchange_restriction=known.member_join_restriction,
        )
    if known.kind is RecipientKind.CONTACT:
        return known
    try:
        user = await graph.get_json(
            f"/users/{known.recipient_id}",
            {"$select": ",".join(USER_SELECT), "$expand": "manager($select=id)"},
        )
    except NotFound:
        return None
    manager = (user.get("manager") or {}).get("id")
    kind = known.kind if known.kind in _EXO_KINDS.values() else None
    return recipient_from_graph_user(user, kind=kind, manager_id=manager, roles=known.roles)


async def discover_new(clients: TenantClients, address: str) -> Recipient | None:
    """A recipient mailwarden just created (a new list), found by its address."""
    for found in await clients.graph.find_by_proxy_address(address):
        if "groupTypes" in found:
            members, owners = await asyncio.gather(
                clients.graph.list_all(f"/groups/{found['id']}/members", {"$select": "id"}),
                clients.graph.list_all(f"/groups/{found['id']}/owners", {"$select": "id"}),
            )
            return recipient_from_graph_group(
                found, members=[m["id"] for m in members], owners=[o["id"] for o in owners]
            )
        return recipient_from_graph_user(found)
    return None
