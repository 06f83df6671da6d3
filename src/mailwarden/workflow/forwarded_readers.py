"""Who reads mail a forwarding sends on (the policy's `no-approving-access-for-oneself` sees only the
target and the groups it stands for).

Mail forwarded to a mailbox that forwards on lands where that one forwards (directory/reach.py walks the same
chain), and mail landing in a mailbox is read by whoever holds Full Access to it (a shared mailbox's readers)
and by whoever may read the items of its Inbox (Get-MailboxFolderPermission: Reviewer or any role with
ReadItems; the Default entry with such a role lets everyone read it). Calendar-folder rights read no mail. An
enabled Inbox rule that forwards or redirects sends the mail on, as a forwarding does: the walk follows it
(one Get-InboxRule per mailbox on the way, in the same $batch), so whoever it sends the mail to reads it too.
A mailbox whose rules could not be read may send it to anyone: everyone counts as a reader of that forwarding
(`UNREAD_RULES`), as for an Inbox open to all. An approver among those would approve access to someone else's
mail for themselves. The same facts serve twice: read when a forwarding is decided (planning, confirming,
approving, running), so that routing leaves such readers out of the approvers (policy/engine.py, through
`Org.forward_readers`), and read again at the moment someone approves, which refuses a reader outright.

A primary address change hands over mail too (red team 34): whatever a forwarding or Inbox rule sends to the
new address lands where the recipient's mail does, so its readers (a shared mailbox's Full Access holders,
members of a group holding it, readers of its Inbox, where its own forwarding sends it) are read for it the
same way (`readers_key`), and routing leaves them out when the change hands over forwarded mail.

So does a list add, or a new list, decided as forwarded mail (red team 35): mail forwarded to the list lands
where each member's mail does, so whoever reads the joining member's mail (Full Access on it, its Inbox,
where its forwarding or Inbox rules send it) reads it too. Those readers are read only once what the lists
hold says the add hands over forwarded mail, or cannot say (`with_member_readers`, after
workflow/list_rights.py): an add to a list nobody forwards to reads nothing more. That read walks each
member's mail as an address change's recipient's is walked, but every joining member of the decision
together (sec31, `_members_holders`): the walks go side by side (directory/reach.py `mail_reach_many`, each
level's cmdlets ten to a `$batch`), then each mailbox reached is read once, Get-MailboxPermission with its
Inbox's name (Get-MailboxFolderStatistics) in one set of `$batch`es and Get-MailboxFolderPermission in
another, several in flight under the client's budget. One join costs 4 requests more than a join to a list
nobody forwards to, five the same 4, a hundred about 60 (sec30: 5, 25 and about 500). A member whose walk or
one of whose mailboxes' reads the tenant fails counts everyone a reader (nobody approves), as a mailbox
whose Inbox rules could not be read does; the other members read in the same round trips keep theirs.

A reader the directory cannot identify (a group made since it was read, a name two recipients share)
cannot be looked up by id. Whoever routing might name for such a forwarding (the candidates: the owners,
the requester's manager, the admins) is then checked live, as the moment of approval checks the
approver: their own names and their groups as Entra ID says now (Graph transitiveMemberOf), against the
names Exchange printed. One Graph read per candidate, and only for a forwarding with such a reader; a
candidate nobody checked counts as a reader (`Org.forwarded_mail_read_by`).

    org = await with_forward_readers(clients, directory, org, steps, [requester])
    org = await with_member_readers(clients, directory, org_with_list_rights, steps, [requester])
    await refuse_forwarding_to_oneself(clients, directory, org, approver, view)
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mailwarden.actions.views import full_access_holders
from mailwarden.connectors.connection import TenantClients
from mailwarden.connectors.exchange import Cmdlet, folder_identity
from mailwarden.connectors.models import FolderPermission, MailboxPermission, is_system_principal
from mailwarden.connectors.opath import NameLookup, by_name, printed_by_name
from mailwarden.directory.identify import identify
from mailwarden.directory.reach import UNREAD_RULES as RULES_BLOCK
from mailwarden.directory.reach import Reach, Reached, mail_reach, mail_reach_many
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import NotPermitted, TenantError
from mailwarden.model.recipients import Recipient, strip_proxy_prefix
from mailwarden.model.requests import RequestView
from mailwarden.model.steps import (
    ChangePrimaryAlias,
    DistributionListMembership,
    EmailForwardingInternal,
    Step,
)
from mailwarden.policy import Org
from mailwarden.policy.entities import (
    EVERYONE,
    UNREAD_RULES,
    hands_over_forwarded_mail_to_members,
    members_given_mail,
    readers_key,
)
from mailwarden.policy.routing import approver_candidates

__all__ = [
    "ForwardReaders",
    "inbox_readers",
    "read_forward_readers",
    "refuse_forwarding_to_oneself",
    "settle_unknown_readers",
    "with_forward_readers",
    "with_member_readers",
]


def inbox_readers(entries: Iterable[FolderPermission]) -> list[FolderPermission]:
    """The entries of an Inbox's permissions that may read its items (`FolderPermission.reads_items`: a
    role with ReadItems, or ReadItems itself); Anonymous is nobody of the organisation, Default everyone."""
    return [e for e in entries if e.builtin != "Anonymous" and e.reads_items]


@dataclass(frozen=True)
class ForwardReaders:
    """Who reads the mail of each forwarding (`forwarding_key`): those the directory identified (id ->
    where it lands for them) and those it could not (as printed, lower case -> where)."""

    known: dict[str, dict[str, str]]
    unknown: dict[str, dict[str, str]]


async def _holders(
    clients: TenantClients, directory: Directory, mailbox: str | None, forward_to: str
) -> tuple[dict[str, str], dict[str, str]]:
    """Who reads mail forwarded from `mailbox` to `forward_to`: reader id -> where it lands for them; and
    the readers the directory does not identify, as Exchange prints them (lower case; `EVERYONE` for an
    Inbox open to all) -> where it lands for them."""
    reach = await mail_reach(clients, forward_to, source=mailbox)
    permissions, inboxes = await asyncio.gather(
        asyncio.gather(*(clients.exchange.mailbox_permissions(r.address) for r in reach.reached)),
        asyncio.gather(*(_inbox_entries(clients, r) for r in reach.reached)),
    )
    return _readers(directory, reach, permissions, inboxes, await _name_places(clients, permissions))


async def _name_places(
    clients: TenantClients, permissions: Iterable[Iterable[MailboxPermission]]
) -> dict[str, NameLookup]:
    """Each Full Access holder printed by Name (a group: `printed_by_name`) -> every recipient holding the
    Name now, or why not (connectors/opath.py: one Get-Recipient per ten distinct Names, none for none).
    The cache's alias / display-name match named whoever else carries the Name (sec40: a group named
    'tom.becker' made since the cache was read was taken for Tom, and its members were left free to
    approve a forwarding to a mailbox they read)."""
    names = [p for entries in permissions for p in full_access_holders(entries) if printed_by_name(p)]
    fields = ["ExternalDirectoryObjectId", "PrimarySmtpAddress"]
    return await by_name(clients.exchange, names, fields, parallel=clients.connection.max_concurrency)


def _readers(
    directory: Directory,
    reach: Reach,
    permissions: Sequence[Iterable[MailboxPermission]],
    inboxes: Sequence[Iterable[FolderPermission]],
    places: Mapping[str, NameLookup],
) -> tuple[dict[str, str], dict[str, str]]:
    """`_holders` from what was read: where the mail goes (`reach`), and each reached mailbox's mailbox
    permissions and Inbox permission entries (in the order of `reach.reached`); a Full Access holder printed
    by Name where `places` found it live (`_name_places`), and one it could not place makes everyone a
    reader (who it is is unknown: nobody approves, as for unread Inbox rules)."""
    unknown: dict[str, str] = {}
    if reach.blocked is not None and reach.blocked.what == RULES_BLOCK:
        # Where that mailbox's rules send the mail is unknown: anyone may read it (the worst case).
        unknown[UNREAD_RULES] = f"{reach.blocked.who}, whose Inbox rules could not be read"
    elif reach.blocked is not None:
        # The walk stopped (a loop, an outside address, too many): whoever is past that point was not read.
        # Red team 30: a rule sending the mail back and on to Mike stopped at the loop before Mike, who was
        # named to approve; the loop may be gone by the time it runs. Everyone counts, as above.
        unknown[UNREAD_RULES] = f"a point where the walk stopped ({reach.blocked.sentence()})"
    found: dict[str, str] = {}
    for reached, entries, inbox in zip(reach.reached, permissions, inboxes, strict=True):
        lands = directory.address_owner(reached.address)
        readers = {lands.recipient_id} if lands is not None else set()
        printed_readers: list[tuple[str, str | None]] = []
        for p in full_access_holders(entries):
            if not printed_by_name(p):
                printed_readers.append((p, None))
                continue
            looked = places.get(p.strip())
            if not isinstance(looked, list) or not looked:
                why = "it was not looked up" if looked is None else str(looked or "no recipient has it now")
                who = f"{reached.display_name}, whose Full Access holder {p.strip()!r}"
                unknown.setdefault(UNREAD_RULES, f"{who} could not be placed ({why})")
                continue
            for row in looked:
                rid = str(row.get("ExternalDirectoryObjectId") or "").strip().lower()
                smtp = str(row.get("PrimarySmtpAddress") or "").strip().lower()
                known = directory.get(rid) if rid else None
                if known is not None:
                    readers.add(known.recipient_id)
                else:
                    unknown.setdefault(smtp or rid or p.strip().lower(), reached.display_name)
        for e in inbox_readers(inbox):
            if e.builtin == "Default" and e.address is None:
                # Everyone may read it. A group whose display name is "Default" prints the same, and is
                # taken for everyone too (red team 27): wider, never narrower, than who reads it.
                unknown.setdefault(EVERYONE, reached.display_name)
            else:
                printed_readers.append((e.user, e.address))
        for printed, address in printed_readers:
            holder = (directory.address_owner(address) if address else None) or identify(directory, printed)
            if holder is not None:
                readers.add(holder.recipient_id)
            elif not is_system_principal(printed):
                unknown.setdefault(strip_proxy_prefix(printed.strip()).lower(), reached.display_name)
        for reader in readers:
            found.setdefault(reader, reached.display_name)
    return found, unknown


async def _members_holders(
    clients: TenantClients, directory: Directory, members: Sequence[str]
) -> list[tuple[dict[str, str], dict[str, str]] | TenantError]:
    """`_holders` of each list member given mail (`members`), read together: every member's walk side by
    side (`mail_reach_many`, each level ten cmdlets to a `$batch`), then each mailbox reached once, its
    Full Access (Get-MailboxPermission) and Inbox name (Get-MailboxFolderStatistics) in one set of
    `$batch`es and its Inbox's entries (Get-MailboxFolderPermission) in another: a bulk add decided as
    forwarded mail costs a few round trips per ten mailboxes, not a few per member. A member whose walk, or
    a read of a mailbox its mail reaches, failed gets the error in its place."""
    if not members:
        return []
    reaches = await mail_reach_many(clients, members)
    boxes = list(
        dict.fromkeys(r.address for reach in reaches if isinstance(reach, Reach) for r in reach.reached)
    )
    exchange = clients.exchange
    failed: dict[str, TenantError] = {}
    permissions: dict[str, list[MailboxPermission]] = {}
    inboxes: dict[str, list[FolderPermission]] = {}
    try:
        first = await exchange.batch(
            [
                cmd
                for box in boxes
                for cmd in (
                    Cmdlet("Get-MailboxPermission", {"Identity": box}),
                    Cmdlet("Get-MailboxFolderStatistics", {"Identity": box, "FolderScope": "Inbox"}),
                )
            ]
        )
        folders: dict[str, str] = {}
        for i, box in enumerate(boxes):
            held, stats = first[2 * i], first[2 * i + 1]
            if held.error is not None or stats.error is not None:
                failed[box] = held.error or stats.error  # type: ignore[assignment]
                continue
            permissions[box] = [MailboxPermission.parse(e) for e in held.unwrap().value]
            folders[box] = folder_identity(box, stats.unwrap().value, "Inbox")
        read = list(folders)
        second = await exchange.batch(
            [Cmdlet("Get-MailboxFolderPermission", {"Identity": folders[box]}) for box in read]
        )
        for box, outcome in zip(read, second, strict=True):
            if outcome.error is not None:
                failed[box] = outcome.error
                continue
            inboxes[box] = [FolderPermission.parse(e) for e in outcome.unwrap().value]
    except TenantError as exc:
        failed.update((box, exc) for box in boxes if box not in inboxes)
    places = await _name_places(clients, permissions.values())
    out: list[tuple[dict[str, str], dict[str, str]] | TenantError] = []
    for reach in reaches:
        if isinstance(reach, TenantError):
            out.append(reach)
            continue
        error = next((failed[r.address] for r in reach.reached if r.address in failed), None)
        if error is not None:
            out.append(error)
            continue
        out.append(
            _readers(
                directory,
                reach,
                [permissions[r.address] for r in reach.reached],
                [inboxes[r.address] for r in reach.reached],
                places,
            )
        )
    return out


async def _inbox_entries(clients: TenantClients, reached: Reached) -> list[FolderPermission]:
    """The permission entries of the Inbox of a mailbox mail lands in (its name read first: localised)."""
    return await clients.exchange.folder_permissions(await clients.exchange.inbox_folder(reached.address))


async def _names_now(clients: TenantClients, person: Recipient) -> tuple[set[str], set[str]]:
    """The ids of every group `person` is in as Entra ID says now (directly or through nesting), and the
    names they and those groups go by (display name, address, alias, UPN; lower case): the cache misses a
    group joined or made since it was read, and Exchange prints a holder by its name."""
    groups = await clients.graph.list_all(
        f"/users/{person.recipient_id}/transitiveMemberOf",
        {"$select": "id,displayName,mail,mailNickname"},
    )
    ids = {str(g.get("id", "")).lower() for g in groups}
    names = {
        str(v).lower()
        for g in groups
        for v in (g.get("displayName"), g.get("mail"), g.get("mailNickname"))
        if v
    }
    names |= {
        v.lower()
        for v in (person.display_name, person.primary_address, person.alias, person.upn, *person.addresses)
        if v
    }
    return ids, {strip_proxy_prefix(n) for n in names}


def _matches(printed: str, names: set[str]) -> bool:
    """Whether a reader Exchange printed (lower case) is one of `names`: everyone, the name itself, or the
    account after a domain (ACME\\vault: the alias)."""
    return printed in (EVERYONE, UNREAD_RULES) or printed in names or printed.rsplit("\\", 1)[-1] in names


@dataclass(frozen=True)
class _Handover:
    """Mail handed over by a step: from `source` (the mailbox forwarded; None for an address given, whose
    senders are any mailbox forwarding to it, and for a list's mail) to where each of `to` lands; `target`
    is the step's resource. `members`: the recipients are a list's (new) members, whose readers are read
    only when the list hands over forwarded mail, and a read that fails counts everyone a reader."""

    source: str | None
    to: tuple[str, ...]
    target: str
    members: bool = False


def _forwardings(steps: Iterable[Step], org: Org | None = None) -> dict[str, _Handover]:
    """The mail each step hands over, by `readers_key`: a forwarding being set, and a primary address
    change (mail sent to the new address lands where the recipient's does, red team 34); with `org` (read
    with what the lists hold), also a list add or a new list that hands its members forwarded mail
    (`hands_over_forwarded_mail_to_members`: what their mail reaches, red team 35)."""
    out: dict[str, _Handover] = {}
    for s in steps:
        key = readers_key(s)
        if key is None:
            continue
        if isinstance(s, EmailForwardingInternal):
            out[key] = _Handover(s.mailbox, (str(s.forward_to),), s.mailbox)
        elif isinstance(s, ChangePrimaryAlias):
            out[key] = _Handover(None, (s.recipient,), s.recipient)
        elif (
            org is not None
            and (members := members_given_mail(s))
            and hands_over_forwarded_mail_to_members(org, s)
        ):
            target = s.group if isinstance(s, DistributionListMembership) else ""
            out[key] = _Handover(None, members, target, members=True)
    return out


async def _handover_readers(
    clients: TenantClients,
    directory: Directory,
    handover: _Handover,
    members: Mapping[str, tuple[dict[str, str], dict[str, str]] | TenantError],
) -> tuple[dict[str, str], dict[str, str]]:
    """Who reads the mail `handover` hands over (`_holders` of each place it lands), merged; a list's
    members' taken from `members` (`_members_holders`, read for every step of the decision together). A
    list member whose readers cannot be read (the tenant failed) may have any: everyone counts as a reader,
    as for a mailbox whose Inbox rules could not be read (nobody approves)."""
    if handover.members:
        read = [
            r
            if not isinstance(r := members[to], TenantError)
            else ({}, {UNREAD_RULES: f"{to}, whose readers could not be read ({r})"})
            for to in handover.to
        ]
    else:
        read = await asyncio.gather(
            *(_holders(clients, directory, handover.source, to) for to in handover.to)
        )
    found: dict[str, str] = {}
    unknown: dict[str, str] = {}
    for known, not_known in read:
        for reader, where in known.items():
            found.setdefault(reader, where)
        for printed, where in not_known.items():
            unknown.setdefault(printed, where)
    return found, unknown


async def read_forward_readers(
    clients: TenantClients, directory: Directory, steps: Iterable[Step], org: Org | None = None
) -> ForwardReaders:
    """For each forwarding being set among `steps`, who reads the mail it sends on; for each primary
    address change, who reads the mail of the recipient given the address; with `org`, for each list add
    or new list handing its members forwarded mail, who reads their mail (`_forwardings`: every such
    step's members read together, `_members_holders`)."""
    wanted = _forwardings(steps, org)
    keys = list(wanted)
    joining = list(dict.fromkeys(to for k in keys if wanted[k].members for to in wanted[k].to))
    members = dict(zip(joining, await _members_holders(clients, directory, joining), strict=True))
    read = await asyncio.gather(*(_handover_readers(clients, directory, wanted[k], members) for k in keys))
    return ForwardReaders(
        known={k: r[0] for k, r in zip(keys, read, strict=True)},
        unknown={k: r[1] for k, r in zip(keys, read, strict=True) if r[1]},
    )


async def settle_unknown_readers(
    clients: TenantClients, org: Org, readers: ForwardReaders, steps: Iterable[Step], people: Sequence[str]
) -> Org:
    """`org` knowing `readers`, with everyone routing might name checked live for a forwarding whose
    readers include some the directory could not identify, or a group: the candidates for each of `people`
    (ids or addresses) as requester, the admins, and `people` themselves (an approver deciding now).

    A group among the readers (one holding Full Access on a mailbox the mail lands in, or allowed into its
    Inbox) reads it through each of its members. Which groups a candidate is in was the directory cache's
    (`Org.groups_of`): Ken, added to such a group since the cache was read, was in none of them, so routing
    concluded that no candidate reads the mail and named him to approve a forwarding to a mailbox he reads
    (sec34). Each candidate's groups are read as Entra ID says now (Graph transitiveMemberOf, as the moment
    of approval reads the approver's), one read per candidate, only for such a forwarding."""
    wanted = {
        k: s
        for k, s in _forwardings(steps, org).items()
        if readers.unknown.get(k) or _group_readers(org, readers.known.get(k, {}))
    }
    if not wanted:
        return org.with_forward_readers(readers.known)
    requesters = [r for ref in people if (r := org.find(ref)) is not None]
    checked: dict[str, dict[str, Recipient]] = {}
    for key, step in wanted.items():
        target = org.find(step.target) if step.target else None
        who: dict[str, Recipient] = {r.recipient_id: r for r in (*org.admin_recipients(), *requesters)}
        for requester in requesters:
            who.update((c.recipient_id, c) for c in approver_candidates(org, requester, target))
        checked[key] = who
    everyone = {i: p for who in checked.values() for i, p in who.items()}
    ids = list(everyone)
    read = await asyncio.gather(*(_names_now(clients, everyone[i]) for i in ids))
    groups = {i: g for i, (g, _) in zip(ids, read, strict=True)}
    names = {i: n for i, (_, n) in zip(ids, read, strict=True)}
    known = {k: dict(v) for k, v in readers.known.items()}
    for key, who in checked.items():
        unknown = readers.unknown.get(key, {})
        through = _group_readers(org, readers.known.get(key, {}))
        for i in who:
            where = next((w for printed, w in sorted(unknown.items()) if _matches(printed, names[i])), None)
            if where is None:
                where = next((w for g, w in sorted(through.items()) if g in groups[i]), None)
            if where is not None:
                known.setdefault(key, {}).setdefault(i, where)
    unknowns = {k: readers.unknown[k] for k in wanted if readers.unknown.get(k)}
    return org.with_forward_readers(
        known, unknowns, {k: frozenset(who) for k, who in checked.items() if k in unknowns}
    )


def _group_readers(org: Org, readers: Mapping[str, str]) -> dict[str, str]:
    """The readers among `readers` (id -> where) that are groups (lower-case id -> where)."""
    out: dict[str, str] = {}
    for i, where in readers.items():
        found = org.get(i)
        if found is not None and found.is_group:
            out[i.lower()] = where
    return out


async def with_forward_readers(
    clients: TenantClients, directory: Directory, org: Org, steps: Sequence[Step], people: Sequence[str]
) -> Org:
    """`org` knowing who reads the mail of each forwarding among `steps` (`read_forward_readers`), with
    the readers the directory could not identify settled for those routing might name
    (`settle_unknown_readers`; `people`: the requester, and an approver deciding now)."""
    readers = await read_forward_readers(clients, directory, steps)
    return await settle_unknown_readers(clients, org, readers, steps, people)


async def with_member_readers(
    clients: TenantClients, directory: Directory, org: Org, steps: Sequence[Step], people: Sequence[str]
) -> Org:
    """`org` (read with what the lists of `steps` hold: workflow/list_rights.py) knowing who reads the mail
    of each member a list add or a new list among `steps` hands forwarded mail to, with the readers the
    directory could not identify settled (`settle_unknown_readers`), so that routing leaves them out and
    the moment of approval refuses them (red team 35). Nothing is read for a list that hands over no
    forwarded mail: only such adds cost the member's reads (as a forwarding's target costs them)."""
    joins = [s for s in steps if members_given_mail(s) and hands_over_forwarded_mail_to_members(org, s)]
    if not joins:
        return org
    readers = await read_forward_readers(clients, directory, joins, org)
    return await settle_unknown_readers(clients, org, readers, joins, people)


async def refuse_forwarding_to_oneself(
    clients: TenantClients, directory: Directory, org: Org, approver: Recipient, view: RequestView
) -> None:
    """NotPermitted when a forwarding `view` sets sends someone else's mail where `approver` reads it."""
    mine = {approver.recipient_id, *org.groups_of(approver)}
    names: set[str] | None = None
    requester = directory.get(view.asked_by)  # by object id: their address may be someone else's now
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
            ids, names = await _names_now(clients, approver)
            mine |= ids
        if UNREAD_RULES in unknown:
            raise NotPermitted(
                f"Mail forwarded from {data.get('mailbox')} reaches {unknown[UNREAD_RULES]}, so who gets it "
                "is unknown; nobody can approve this forwarding until that is resolved."
            )
        for printed, where in unknown.items():
            if _matches(printed, names):
                readers.setdefault(printed, where)
                mine.add(printed)
        for reader, where in readers.items():
            if reader in mine:
                raise NotPermitted(
                    f"Nobody approves access given to themselves; someone else must approve it: mail "
                    f"forwarded from {data.get('mailbox')} reaches {where}, which you read."
                )
