"""The facts that give power, read live from the tenant for the few recipients one decision is about.

The directory cache is as old as the last discovery (or delta sync). A decision must not be: an admin whose
role was removed yesterday, a list its owner has just closed, a person disabled an hour ago. So when a
decision is made, the recipients it is about (the requester, the resource, the subject, an approver) are
read again: enabled state, directory roles, manager, a group's owners and its join restriction (Exchange's
MemberJoinRestriction, or a Microsoft 365 group's visibility), with the enabled state of each owner and
manager that comes along. The current holders of the admin roles are read too, because they are the
approvers of last resort.

    facts = await read_live_facts(clients, directory, [requester_id, group_id])
    facts.recipients[group_id].member_join_restriction     # as the tenant says now
    facts.admins                                           # ids of every admin, now

Joining a list makes you a member of every list it sits in, so for each group the lists around it are
read too (Graph `transitiveMemberOf`, which lists distribution lists and mail-enabled security groups as
groups), each with its owners and join restriction. The lists the cache says are around it are read in the
same batch; only a list the tenant puts around it that the cache did not know of costs another round.

One Graph `$batch` carries every Graph read (20 per round trip), and one Exchange `$batch` the join
restrictions of distribution lists, both at once: a decision on one step costs two round trips in parallel.
Membership and addresses are not re-read: they give no power the policy grants on (the preview reads
membership from the tenant itself).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from mailwarden.connectors.connection import TenantClients
from mailwarden.connectors.exchange import Cmdlet
from mailwarden.connectors.graph import GraphBatchRequest, GraphBatchResult
from mailwarden.directory.discovery import (
    GROUP_SELECT,
    ROLE_TEMPLATES,
    USER_SELECT,
    recipient_from_graph_group,
    recipient_from_graph_user,
)
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import NotFound
from mailwarden.model.recipients import ADMIN_ROLES, Recipient, RecipientKind

__all__ = ["LiveFacts", "read_live_facts"]

_BY_EXCHANGE = (RecipientKind.DISTRIBUTION_LIST, RecipientKind.MAIL_ENABLED_SECURITY)
_EXCHANGE_KINDS = (RecipientKind.SHARED_MAILBOX, RecipientKind.ROOM_MAILBOX)
_EXO_KINDS = {"SharedMailbox": RecipientKind.SHARED_MAILBOX, "RoomMailbox": RecipientKind.ROOM_MAILBOX}
# One query per role with `eq`: the endpoint refuses `or` chains and $top (as Graph documents it). Each
# holder comes along (`$expand=principal`, a directoryObject), so an admin made since the last discovery is
# known, and every admin's enabled state is as it is now, without another round trip.
_ROLE_QUERIES = [
    f"/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '{t}'"
    f"&$expand=principal($select={','.join(USER_SELECT)})"
    for t in ROLE_TEMPLATES
]
_SESSIONS_VALID_FROM = "signInSessionsValidFromDateTime"  # returned only when $select names it
_USER_TYPE = "#microsoft.graph.user"
_GROUP_TYPE = "#microsoft.graph.group"


@dataclass(frozen=True)
class LiveFacts:
    """What the tenant says now about the recipients of one decision."""

    recipients: Mapping[str, Recipient] = field(default_factory=lambda: MappingProxyType({}))
    """Recipient id -> the record as read now (also the owners and managers that came along)."""
    missing: frozenset[str] = frozenset()
    """Ids asked for that the tenant no longer holds."""
    admins: frozenset[str] = frozenset()
    """Ids of every holder of an admin role (Exchange or Global Administrator), now."""
    round_trips: int = 0
    """HTTP round trips the reading took (for measurement)."""
    containers: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    """Group id (of those asked for) -> ids of every group it sits in, through nesting, now."""
    sessions_valid_from: Mapping[str, dt.datetime] = field(default_factory=lambda: MappingProxyType({}))
    """User id (of those asked for) -> the user's signInSessionsValidFromDateTime: Entra's "revoke sessions"
    and a password reset move it to now, and whatever was signed in before it must end."""
    roles: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Id -> the directory roles it holds now (directly or through a role-assignable group), for every
    holder of a role this read knows of: the roles another read of the same decision takes (`roles_from`)."""


def _when(value: object) -> dt.datetime | None:
    """A Graph DateTimeOffset ('2026-12-07T03:59:10Z'); None when absent or not one."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def _cached_containers(directory: Directory, group: Recipient) -> list[str]:
    """The groups the cache says `group` sits in, through nesting (cycles are cut)."""
    seen: list[str] = []
    todo = [group.recipient_id]
    while todo:
        for g in directory.memberships(todo.pop()):
            if g.recipient_id not in seen and g.recipient_id != group.recipient_id:
                seen.append(g.recipient_id)
                todo.append(g.recipient_id)
    return seen


async def read_live_facts(
    clients: TenantClients,
    directory: Directory,
    ids: Iterable[str],
    *,
    nesting: bool = True,
    roles_from: Awaitable[LiveFacts] | None = None,
) -> LiveFacts:
    """Read the recipients `ids` name (those the directory knows; others are left out) and the admins;
    with `nesting`, also the lists each group among them sits in.

    With `roles_from` (another read of the same decision, under way or done), who holds which role and the
    admins are that read's: the role queries are not sent again. The pages of a bulk decision read their
    people apart and the roles once (workflow/live_policy.py, `PagedScan`).

    A recipient the tenant no longer has is in `missing`; any other failure raises, since a decision that
    cannot read its facts must not be made on old ones.
    """
    asked = [r for r in dict.fromkeys(directory.get(i) for i in ids) if r is not None]
    nested = [r for r in asked if r.is_group] if nesting else []
    around = (directory.get(i) for r in nested for i in _cached_containers(directory, r))
    known = list(dict.fromkeys([*asked, *(r for r in around if r is not None)]))
    role_queries = _ROLE_QUERIES if roles_from is None else []
    requests = [GraphBatchRequest("GET", query) for query in role_queries]
    requests += [
        GraphBatchRequest("GET", f"/groups/{r.recipient_id}/transitiveMemberOf?$select=id&$top=999")
        for r in nested
    ]
    for r in known:
        if r.is_group:
            requests.append(
                GraphBatchRequest("GET", f"/groups/{r.recipient_id}?$select={','.join(GROUP_SELECT)}")
            )
            requests.append(
                GraphBatchRequest(
                    "GET", f"/groups/{r.recipient_id}/owners?$select=id,accountEnabled&$top=999"
                )
            )
        elif r.kind is not RecipientKind.CONTACT:
            requests.append(
                GraphBatchRequest(
                    "GET",
                    f"/users/{r.recipient_id}?$select={','.join(USER_SELECT)},{_SESSIONS_VALID_FROM},createdDateTime"
                    "&$expand=manager($select=id,accountEnabled)",
                )
            )
    lists = [r for r in known if r.kind in _BY_EXCHANGE]
    boxes = [r for r in known if r.kind in _EXCHANGE_KINDS]
    graph_answers, (exchange_answers, box_kinds) = await asyncio.gather(
        clients.graph.batch(requests), _exchange_facts(clients, lists, boxes)
    )
    trips = -(-len(requests) // 20) + (-(-(len(lists) + len(boxes)) // 10) if lists or boxes else 0)

    principals: list[dict[str, Any]] = []
    for answer in graph_answers[: len(role_queries)]:
        assignments = answer.value()
        principals += [dict(a) for a in assignments.get("value", [])]
        if assignments.get("@odata.nextLink"):
            principals += await clients.graph.list_all(assignments["@odata.nextLink"])
            trips += 1
    roles: dict[str, list[str]] = {}
    holders: dict[str, dict[str, Any]] = {}
    through_groups: dict[str, list[str]] = {}
    for a in principals:
        name = ROLE_TEMPLATES.get(str(a.get("roleDefinitionId", "")).lower())
        if name:
            roles.setdefault(str(a["principalId"]).lower(), []).append(name)
            principal = a.get("principal")
            if isinstance(principal, dict) and principal.get("@odata.type") == _USER_TYPE:
                holders[str(a["principalId"]).lower()] = principal
            elif isinstance(principal, dict) and principal.get("@odata.type") == _GROUP_TYPE:
                through_groups.setdefault(str(a["principalId"]).lower(), []).append(name)
    if roles_from is not None:
        roles = {i: list(names) for i, names in (await roles_from).roles.items()}
    # A role-assignable group holding a role makes each of its members hold it (such a group nests no
    # groups): they are admins as much as a direct holder, and the sole-admin rule must count them.
    for group_id, names in through_groups.items():
        members = await clients.graph.list_all(
            f"/groups/{group_id}/members/microsoft.graph.user?$select={','.join(USER_SELECT)}&$top=999"
        )
        trips += 1
        for member in members:
            member_id = str(member.get("id", "")).lower()
            roles.setdefault(member_id, []).extend(n for n in names if n not in roles.get(member_id, []))
            holders.setdefault(member_id, {"@odata.type": _USER_TYPE, **member})

    fresh: dict[str, Recipient] = {}
    missing: set[str] = set()
    valid_from: dict[str, dt.datetime] = {}

    def came_along(person: dict[str, Any]) -> None:
        """An owner or manager read with the recipient: its enabled state and roles as they are now."""
        cached = directory.get(str(person.get("id", "")))
        if cached is not None and cached.recipient_id not in fresh:
            fresh[cached.recipient_id] = cached.model_copy(
                update={
                    "enabled": bool(person.get("accountEnabled", cached.enabled)),
                    "roles": tuple(roles.get(cached.recipient_id, ())),
                }
            )

    containers: dict[str, frozenset[str]] = {}
    for r, answer in zip(nested, graph_answers[len(role_queries) :], strict=False):
        body = _body(answer)
        if body is None:
            continue  # the group is gone: its own read below says so
        rows = [dict(o) for o in body.get("value", [])]
        if body.get("@odata.nextLink"):
            rows += await clients.graph.list_all(body["@odata.nextLink"])
            trips += 1
        # Administrative units are listed too; only groups pass their members on.
        containers[r.recipient_id] = frozenset(
            str(o["id"]).lower() for o in rows if o.get("@odata.type") == "#microsoft.graph.group"
        )

    answers = iter(graph_answers[len(role_queries) + len(nested) :])
    for r in known:
        if r.is_group:
            group, owners = _body(next(answers)), _body(next(answers))
            if group is None or owners is None:
                missing.add(r.recipient_id)
                continue
            owner_rows = [dict(o) for o in owners.get("value", [])]
            if owners.get("@odata.nextLink"):
                owner_rows += await clients.graph.list_all(owners["@odata.nextLink"])
                trips += 1
            updated = recipient_from_graph_group(
                group,
                members=r.members,
                owners=[str(o["id"]) for o in owner_rows],
                exchange_restriction=exchange_answers.get(r.recipient_id),
            )
            if updated is None:
                missing.add(r.recipient_id)
                continue
            fresh[r.recipient_id] = updated
            for owner in owner_rows:
                came_along(owner)
        elif r.kind is not RecipientKind.CONTACT:
            user = _body(next(answers))
            if user is None:
                missing.add(r.recipient_id)
                continue
            manager = user.get("manager") or {}
            updated = recipient_from_graph_user(
                user,
                kind=box_kinds.get(r.recipient_id) if r.kind in _EXCHANGE_KINDS else None,
                manager_id=manager.get("id"),
                roles=roles.get(r.recipient_id, ()),
            )
            if updated is None:
                missing.add(r.recipient_id)
                continue
            fresh[r.recipient_id] = updated
            revoked = _when(user.get(_SESSIONS_VALID_FROM))
            created = _when(user.get("createdDateTime"))
            # An account never revoked has it at its creation (to the second): nothing was issued before.
            if revoked is not None and (created is None or revoked > created):
                valid_from[r.recipient_id] = revoked
            if manager:
                came_along(manager)
        else:
            fresh[r.recipient_id] = r  # a contact has no power to lose
    for i in list(fresh):
        if i in missing:
            del fresh[i]
    for i, person in holders.items():
        if i not in fresh and i not in missing:
            held = _role_holder(directory, person, roles.get(i, ()))
            if held is not None:
                fresh[i] = held
    admins = frozenset(p for p, names in roles.items() if ADMIN_ROLES.intersection(names))
    # A list the tenant puts around a group that the cache did not: read it now (a list the cache does not
    # know at all stays unread, and the policy counts its rule as Closed).
    unread = {i for found in containers.values() for i in found} - set(fresh) - missing
    if unread:
        more = await read_live_facts(clients, directory, sorted(unread), nesting=False)
        fresh.update(more.recipients)
        missing |= more.missing
        trips += more.round_trips
    return LiveFacts(
        recipients=MappingProxyType(fresh),
        missing=frozenset(missing),
        admins=admins,
        round_trips=trips,
        containers=MappingProxyType(containers),
        sessions_valid_from=MappingProxyType(valid_from),
        roles=MappingProxyType({i: tuple(names) for i, names in roles.items()}),
    )


def _role_holder(directory: Directory, person: dict[str, Any], roles: Iterable[str]) -> Recipient | None:
    """A person holding a role, as the role query brought them along: the cached record with its enabled
    state and roles as they are now, or (made since the last discovery) the record Graph gives."""
    cached = directory.get(str(person.get("id", "")))
    if cached is None:
        return recipient_from_graph_user(person, roles=tuple(roles))
    return cached.model_copy(
        update={"enabled": bool(person.get("accountEnabled", cached.enabled)), "roles": tuple(roles)}
    )


def _body(answer: GraphBatchResult) -> dict[str, Any] | None:
    """The answer's body; None when the object is gone (any other failure raises)."""
    try:
        body = answer.value()
    except NotFound:
        return None
    return dict(body) if isinstance(body, dict) else None


async def _exchange_facts(
    clients: TenantClients, lists: list[Recipient], boxes: list[Recipient]
) -> tuple[dict[str, str | None], dict[str, RecipientKind]]:
    """In one Exchange `$batch`: the MemberJoinRestriction of each distribution list and mail-enabled
    security group, and the kind of each mailbox the cache holds as shared or room, by id.

    A mailbox's kind gives power too (an owner approves Full Access on a shared mailbox; on a person's
    mailbox an employee gets none), and another admin can make a shared mailbox a person's (Set-Mailbox
    -Type Regular) after a request was approved. One Exchange no longer shows as shared or room is left
    out, so the decision takes it for what Graph says it is: a person's account."""
    if not lists and not boxes:
        return {}, {}
    outcomes = await clients.exchange.batch(
        [
            *(
                Cmdlet(
                    "Get-DistributionGroup",
                    {"Identity": r.recipient_id},
                    ["ExternalDirectoryObjectId", "MemberJoinRestriction"],
                )
                for r in lists
            ),
            *(
                Cmdlet(
                    "Get-Mailbox",
                    {"Identity": r.recipient_id},
                    ["ExternalDirectoryObjectId", "RecipientTypeDetails"],
                )
                for r in boxes
            ),
        ]
    )
    restrictions: dict[str, str | None] = {}
    kinds: dict[str, RecipientKind] = {}
    for r, outcome in zip([*lists, *boxes], outcomes, strict=True):
        if isinstance(outcome.error, NotFound):
            continue  # Graph says whether it is gone; Exchange lagging behind it is no reason to open it
        rows = outcome.unwrap().value
        if r.kind in _BY_EXCHANGE:
            restrictions[r.recipient_id] = str(rows[0].get("MemberJoinRestriction")) if rows else None
        elif rows and (kind := _EXO_KINDS.get(str(rows[0].get("RecipientTypeDetails")))) is not None:
            kinds[r.recipient_id] = kind
    return restrictions, kinds
