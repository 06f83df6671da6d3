"""Reach: every mailbox that mail sent to one recipient ends up in, read live from the tenant.

Mail sent to a list goes to its members, and through nested lists to theirs; mail delivered to a mailbox
that forwards goes on to wherever that mailbox forwards. So "inside the organisation" can only be judged
on the whole tree, as the tenant holds it *now* (a member added after an approval counts):

    target ──► Get-Recipient: what it is
      list / mail-enabled security group ──► Get-DistributionGroupMember, each member in turn
      Microsoft 365 group                ──► Graph /groups/{id}/members, each member in turn
      user or shared mailbox             ──► Get-Mailbox: enabled? forwards? (ForwardingAddress wins over
                                             ForwardingSmtpAddress, as in Exchange) ──► follow the target
                                         ──► Get-InboxRule -Mailbox: each enabled rule's ForwardTo,
                                             RedirectTo and ForwardAsAttachmentTo ──► follow each
      anything else                      ──► blocked

Inbox rules. A rule that forwards or redirects sends the mail that lands on, as a mailbox's forwarding
does, whoever set it up (the user in Outlook, or an admin). Exchange prints each of its targets as
`"Display Name" [EX:<LegacyExchangeDN>]` (a recipient of the organisation, found with Get-Recipient by
that DN) or `"pat@example.net" [SMTP:pat@example.net]` (an address outside). A mailbox's rules are read
only when forwarding is followed (a forwarding decision), in the same `$batch` as its Get-Mailbox: one
Get-InboxRule per mailbox reached. A rule that cannot be read blocks the walk (`UNREAD_RULES`): where it
sends mail is unknown, and unknown counts as the worst case.

Only an enabled member user's mailbox or a shared mailbox is an acceptable end. A guest, a mail user, a
contact, an outside address, a dynamic distribution list (its members are picked when mail is sent, so
nobody can check them beforehand), a room mailbox, a disabled account, a forwarding loop, or anything the
tenant will not show is *blocked*, and the walk stops at the first such recipient with the path that led
to it, so a refusal can name it ("the list Field Ops contains guest Pat (pat@partner.com) (via the
nested list Contractors)"). Cycles of nested lists are walked once. The walk reads at most `limit`
recipients and blocks past that, rather than reading an unbounded tree.

Each level of the tree is read in one Exchange `$batch` (and concurrent Graph reads for Microsoft 365
groups), so a list of 300 members costs a few round trips, not 300. Tenant errors (throttling beyond the
retries, an outage) are raised: an unchecked tree is never taken for a safe one.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from mailwarden.connectors.connection import TenantClients
from mailwarden.connectors.exchange import Cmdlet
from mailwarden.connectors.opath import quoted
from mailwarden.errors import NotFound, TenantError
from mailwarden.model.recipients import strip_proxy_prefix

__all__ = [
    "MAX_REACH",
    "UNREAD_RULES",
    "VIA",
    "Blocked",
    "Hop",
    "Reach",
    "Reached",
    "mail_reach",
    "mail_reach_many",
    "rule_targets",
]

MAX_REACH = 1000
"""Recipients (lists and mailboxes) read before a walk gives up: a forwarding target that reaches more
is refused, since nobody reviews a preview of a thousand people either."""

VIA = " (via "
"""Opens the way past the target's own members a refusal names ("(via the nested list Contractors)"): who
is on a nested list, or where a member forwards (workflow/redact.py tells that to admins only)."""

_BATCH = 10  # cmdlets per Exchange $batch (the admin API's limit)
_LISTS = frozenset({"MailUniversalDistributionGroup", "MailUniversalSecurityGroup", "MailNonUniversalGroup"})
_ACCEPTED_MAILBOXES = frozenset({"UserMailbox", "SharedMailbox"})
# What each blocked kind is called in a refusal, and why it is blocked where that is not obvious.
_BLOCKED_KINDS = {
    "GuestMailUser": "guest",
    "MailUser": "mail user",
    "MailContact": "contact",
    "MailForestContact": "contact",
    "DynamicDistributionGroup": "dynamic distribution list",
    "RoomMailbox": "room mailbox",
    "EquipmentMailbox": "equipment mailbox",
    "PublicFolder": "public folder",
    "RoomList": "room list",
}
_WHY = {
    "mail user": "whose mail goes on to an outside address",
    "dynamic distribution list": "whose members are picked only when mail is sent, so nobody can check them",
    "room mailbox": "which no person reads",
    "equipment mailbox": "which no person reads",
}
_RECIPIENT_FIELDS = [
    "Name",
    "DisplayName",
    "PrimarySmtpAddress",
    "RecipientTypeDetails",
    "ExternalDirectoryObjectId",
]
_MAILBOX_FIELDS = [*_RECIPIENT_FIELDS, "AccountDisabled", "ForwardingAddress", "ForwardingSmtpAddress"]
RULE_FIELDS = ["Name", "Identity", "Enabled", "ForwardTo", "RedirectTo", "ForwardAsAttachmentTo"]
"""What Get-InboxRule is asked for: the rule, whether it runs, and where it sends mail."""
_RULE_ACTIONS = ("ForwardTo", "RedirectTo", "ForwardAsAttachmentTo")
UNREAD_RULES = "mailbox whose Inbox rules could not be read"
"""`Blocked.what` when a mailbox's Inbox rules could not be read: where it sends mail on is unknown."""


@dataclass(frozen=True)
class Hop:
    """One step from the target to a recipient: a list that contains, or a mailbox that forwards."""

    phrase: str
    """How a person reads it: 'the list Field Ops', 'the nested list Contractors', 'the mailbox Tom'."""
    relation: Literal["contains", "forwards to"]


@dataclass(frozen=True)
class Blocked:
    """The first recipient the walk refused, and the way it was reached."""

    who: str
    """'Vera Vendor (vera@vendorco.example)', or the bare address."""
    what: str
    """'guest', 'contact', 'disabled account' ... ('loop' for a forwarding loop)."""
    path: tuple[Hop, ...] = ()
    limit: int | None = None
    """For 'too many': the bound the walk stopped at."""
    detail: str | None = None
    """For `UNREAD_RULES`: why the rules could not be read (the tenant's error)."""

    def sentence(self) -> str:
        """Why, in one clause naming the member: 'the list Field Ops contains guest ... (via ...)'."""
        text = self._clause()
        why = _WHY.get(self.what)
        return f"{text}, {why}" if why else text

    def _clause(self) -> str:
        if self.what == "too many":
            where = self.path[0].phrase if self.path else self.who
            return (
                f"{where} reaches more than {self.limit} recipients, more than mailwarden checks before "
                f"forwarding (it stopped at {self.who}); "
                "forward to a smaller list or to one person"
            )
        if self.what == UNREAD_RULES:
            why = f" ({self.detail})" if self.detail else ""
            text = f"the Inbox rules of {self.who} could not be read{why}, so where they send mail is unknown"
            if not self.path:
                return text
            via = [hop.phrase for hop in self.path[1:]]
            return f"{self.path[0].phrase} reaches {self.who}, whose Inbox rules could not be read{why}" + (
                f"{VIA}{', then '.join(via)})" if via else ""
            )
        if not self.path:
            return f"{self.who} is {_article(self.what)}"
        root, *rest = self.path
        via = [hop.phrase for hop in rest]
        if rest and rest[-1].relation == "forwards to":
            via[-1] += ", which forwards there"
        if self.what == "loop":
            text = f"{root.phrase} leads back to {self.who}, so mail would go round in a loop"
        elif all(hop.relation == "contains" for hop in self.path):
            text = f"{root.phrase} contains {self.what} {self.who}"
        elif len(self.path) == 1:
            text = f"{root.phrase} forwards to {self.what} {self.who}"
        else:
            text = f"{root.phrase} reaches {self.what} {self.who}"
        return text + (f"{VIA}{', then '.join(via)})" if via else "")


@dataclass(frozen=True)
class Reached:
    """A mailbox mail would be delivered to."""

    address: str
    display_name: str
    kind: Literal["UserMailbox", "SharedMailbox"]
    path: tuple[Hop, ...] = ()
    """The lists (and forwarding mailboxes) it was reached through, from the target."""


@dataclass(frozen=True)
class Reach:
    """Where mail sent to the target goes: the mailboxes it reaches, or why it must not go there."""

    reached: tuple[Reached, ...] = ()
    blocked: Blocked | None = None
    lists: int = 0
    """Lists and groups expanded on the way."""
    reads: int = 0
    """Cmdlets and Graph requests the walk sent (its cost)."""


@dataclass(frozen=True)
class _Item:
    """One read to make: classify an identity, expand a list or group, or check a mailbox."""

    kind: Literal["classify", "members", "unified", "mailbox", "rules"]
    identity: str
    path: tuple[Hop, ...]
    chain: tuple[str, ...]
    """Addresses of the mailboxes on the way here (the forwarding source first): a forwarding hop back to
    one of them is a loop."""
    forwarded: bool = False
    """Reached through a mailbox's forwarding (a loop is possible), not through list membership."""
    smtp: bool = False
    """The identity is a ForwardingSmtpAddress: an address no recipient holds goes outside."""
    by_name: bool = False
    """The identity is a Name Exchange printed (ForwardingAddress, a bare rule target): classified with
    `Get-Recipient -Filter "Name -eq ..."`, every recipient found followed, none found blocking."""
    label: str = ""
    """For "rules": the mailbox as a refusal names it."""


@dataclass
class _Walk:
    clients: TenantClients
    limit: int
    follow_forwarding: bool = True
    errors: dict[int, str] = field(default_factory=dict)
    """Why a "rules" item of the level being read got no answer (its index -> the tenant's error)."""
    visited: set[str] = field(default_factory=set)
    reached: list[Reached] = field(default_factory=list)
    lists: int = 0
    reads: int = 0


async def mail_reach(
    clients: TenantClients,
    target: str,
    *,
    source: str | None = None,
    follow_forwarding: bool = True,
    limit: int = MAX_REACH,
) -> Reach:
    """Walk everything mail sent to `target` (an address or id) reaches, live; stop at the first blocked one.

    `source` is the mailbox whose mail would be forwarded to `target`: reaching it again through a list
    is harmless (Exchange delivers a message once per mailbox), but forwarding back to it is a loop.
    Without `follow_forwarding` only list membership is expanded (who a group stands for as a trustee).
    """
    (found,) = await mail_reach_many(
        clients, [target], source=source, follow_forwarding=follow_forwarding, limit=limit
    )
    if isinstance(found, TenantError):
        raise found
    return found


async def mail_reach_many(
    clients: TenantClients,
    targets: Sequence[str],
    *,
    source: str | None = None,
    follow_forwarding: bool = True,
    limit: int = MAX_REACH,
) -> list[Reach | TenantError]:
    """`mail_reach` of each of `targets`, walked side by side: each walk is its own (what it visited, where
    it stops, its bound), but each level's reads of every walk still going go out together, ten cmdlets to
    a `$batch` (a bulk list add decided as forwarded mail walks its members in a few round trips, not a
    few per member). A walk the tenant failed to read gets the error in its place; the others go on."""
    walks: list[_Walk] = []
    levels: list[list[_Item]] = []
    done: list[Reach | TenantError | None] = [None] * len(targets)
    for target in targets:
        walk = _Walk(clients=clients, limit=limit, follow_forwarding=follow_forwarding)
        chain: tuple[str, ...] = ()
        if source:
            key = source.strip().lower()
            walk.visited.add(key)
            chain = (key,)
        walks.append(walk)
        levels.append([_Item("classify", target, (), chain)])
    while any(levels):
        active = [i for i, level in enumerate(levels) if level]
        for i in active:
            walks[i].errors = {}
        read = await _read_levels([(walks[i], levels[i]) for i in active])
        for i, outcomes in zip(active, read, strict=True):
            walk, level = walks[i], levels[i]
            levels[i] = []
            if isinstance(outcomes, TenantError):
                done[i] = outcomes
                continue
            upcoming: list[_Item] = []
            blocked: Blocked | None = None
            for index, (item, outcome) in enumerate(zip(level, outcomes, strict=True)):
                if item.kind == "rules" and outcome is None:
                    why = walk.errors.get(index)
                    found: list[_Item] | Blocked = Blocked(item.label, UNREAD_RULES, item.path, detail=why)
                else:
                    found = _next(walk, item, outcome, follow_forwarding)
                if isinstance(found, Blocked):
                    blocked = found
                    break
                upcoming += found
            if blocked is not None:
                done[i] = Reach(tuple(walk.reached), blocked, walk.lists, walk.reads)
            else:
                levels[i] = upcoming
    return [
        d if d is not None else Reach(tuple(w.reached), None, w.lists, w.reads)
        for d, w in zip(done, walks, strict=True)
    ]


async def _read_levels(
    levels: Sequence[tuple[_Walk, Sequence[_Item]]],
) -> list[list[list[dict[str, Any]] | None] | TenantError]:
    """For each walk, each item's answer (a list of objects), or None when the tenant found nothing for it;
    or the error that kept the walk's level from being read."""
    commands: list[Cmdlet] = []
    at: list[tuple[int, int]] = []
    graph_at: list[tuple[int, int]] = []
    for w, (_, level) in enumerate(levels):
        for index, item in enumerate(level):
            if item.kind == "unified":
                graph_at.append((w, index))
                continue
            at.append((w, index))
            match item.kind:
                case "classify" if item.by_name:
                    # On the Name alone: -Identity also takes an alias, and another recipient's alias may
                    # be this Name (sec34).
                    commands.append(
                        Cmdlet(
                            "Get-Recipient",
                            {"Filter": f"Name -eq {quoted(item.identity)}"},
                            _RECIPIENT_FIELDS,
                        )
                    )
                case "classify":
                    commands.append(Cmdlet("Get-Recipient", {"Identity": item.identity}, _RECIPIENT_FIELDS))
                case "members":
                    commands.append(
                        Cmdlet("Get-DistributionGroupMember", {"Identity": item.identity}, _RECIPIENT_FIELDS)
                    )
                case "mailbox":
                    commands.append(Cmdlet("Get-Mailbox", {"Identity": item.identity}, _MAILBOX_FIELDS))
                case "rules":
                    commands.append(
                        Cmdlet(
                            "Get-InboxRule", {"Mailbox": item.identity, "IncludeHidden": True}, RULE_FIELDS
                        )
                    )
    answers: list[list[list[dict[str, Any]] | None]] = [[None] * len(level) for _, level in levels]
    failed: dict[int, TenantError] = {}
    if not levels:
        return []
    clients = levels[0][0].clients

    async def exchange(start: int) -> None:
        where = at[start : start + _BATCH]
        for w, _ in where:
            levels[w][0].reads += 1
        try:
            outcomes = await clients.exchange.batch(commands[start : start + _BATCH])
        except TenantError as exc:
            for w, _ in where:
                failed.setdefault(w, exc)
            return
        for (w, index), outcome in zip(where, outcomes, strict=True):
            walk, level = levels[w]
            if level[index].kind == "rules" and outcome.error is not None:
                # Not found included: a mailbox just read whose rules Exchange will not show is unread.
                walk.errors[index] = str(outcome.error)
                continue
            if isinstance(outcome.error, NotFound):
                continue
            if outcome.error is not None:
                failed.setdefault(w, outcome.error)
                continue
            answers[w][index] = outcome.unwrap().value

    async def graph(w: int, index: int) -> None:
        walk, level = levels[w]
        walk.reads += 1
        try:
            with contextlib.suppress(NotFound):  # a group deleted meanwhile: blocked below, as unreadable
                answers[w][index] = await walk.clients.graph.list_all(
                    f"/groups/{level[index].identity}/members",
                    {"$select": "id,displayName,mail,userType"},
                )
        except TenantError as exc:
            failed.setdefault(w, exc)

    # One $batch per ten cmdlets, sent together (the client's semaphore bounds how many are in flight).
    await asyncio.gather(
        *(exchange(start) for start in range(0, len(commands), _BATCH)), *(graph(w, i) for w, i in graph_at)
    )
    return [failed.get(w, answers[w]) for w in range(len(levels))]


def _next(
    walk: _Walk, item: _Item, answer: list[dict[str, Any]] | None, follow_forwarding: bool
) -> list[_Item] | Blocked:
    """What an answer leads to: more reads, or the recipient that blocks the walk."""
    if answer is None:
        if item.smtp:
            return Blocked(who=item.identity, what="address outside the organisation", path=item.path)
        return Blocked(who=item.identity, what="recipient the tenant does not show", path=item.path)
    if item.kind == "classify" and item.by_name:
        # A Name nobody holds now (renamed or deleted since it was printed) may be anyone's by the time the
        # mail is sent: blocked, never the end of the walk. A Name several hold: the mail may go to each.
        if not answer:
            return Blocked(who=item.identity, what="recipient the tenant does not show", path=item.path)
        named: list[_Item] = []
        for obj in answer:
            found = _route(walk, obj, item)
            if isinstance(found, Blocked):
                return found
            named += found
        return named
    if item.kind == "classify":
        return _route(walk, answer[0], item) if answer else []
    if item.kind == "mailbox":
        return _mailbox(walk, answer[0], item, follow_forwarding) if answer else []
    if item.kind == "rules":
        return _rules(answer, item)
    out: list[_Item] = []
    for member in answer:
        if item.kind == "unified":
            if str(member.get("userType") or "").lower() == "guest":
                who = _graph_label(member)
                return Blocked(who=who, what="guest", path=item.path)
            if str(member.get("@odata.type", "")).endswith("orgContact"):
                return Blocked(who=_graph_label(member), what="contact", path=item.path)
            # Graph cannot tell a mailbox from a mail user: Exchange classifies each member.
            out.append(_Item("classify", str(member["id"]), item.path, item.chain))
            continue
        found = _route(walk, member, item)
        if isinstance(found, Blocked):
            return found
        out += found
    return out


def _route(walk: _Walk, obj: dict[str, Any], item: _Item) -> list[_Item] | Blocked:
    """Where one recipient (as Exchange printed it) leads."""
    kind = str(obj.get("RecipientTypeDetails") or "")
    address = str(obj.get("PrimarySmtpAddress") or "").lower()
    who = _label(obj)
    key = address or str(obj.get("ExternalDirectoryObjectId") or obj.get("Name") or "").lower()
    if item.forwarded and key in item.chain:
        return Blocked(who=who, what="loop", path=item.path)
    if key in walk.visited:
        return []  # a nested list seen before (a cycle), or a mailbox reached twice
    if len(walk.visited) >= walk.limit:
        return Blocked(who=who, what="too many", path=item.path, limit=walk.limit)
    identity = str(obj.get("ExternalDirectoryObjectId") or "") or address
    if kind in _ACCEPTED_MAILBOXES:
        walk.visited.add(key)
        chain = (*item.chain, key)
        found = [_Item("mailbox", identity, item.path, chain)]
        if walk.follow_forwarding:
            # Read in the same $batch as the mailbox: mail that lands there goes on where its rules say.
            found.append(_Item("rules", identity, item.path, chain, label=who))
        return found
    if kind in _LISTS or kind == "GroupMailbox":
        walk.visited.add(key)
        walk.lists += 1
        name = str(obj.get("DisplayName") or address)
        noun = "Microsoft 365 group" if kind == "GroupMailbox" else "list"
        nested = "nested " if any(h.relation == "contains" for h in item.path) else ""
        hop = Hop(f"the {nested}{noun} {name}", "contains")
        if kind == "GroupMailbox":
            group_id = str(obj.get("ExternalDirectoryObjectId") or "")
            if not group_id:
                return Blocked(who=who, what="group the tenant does not show", path=item.path)
            return [_Item("unified", group_id, (*item.path, hop), item.chain)]
        return [_Item("members", identity, (*item.path, hop), item.chain)]
    what = _BLOCKED_KINDS.get(kind, f"{kind or 'unknown kind of recipient'} that mailwarden cannot expand")
    return Blocked(who=who, what=what, path=item.path)


def _mailbox(walk: _Walk, box: dict[str, Any], item: _Item, follow_forwarding: bool) -> list[_Item] | Blocked:
    kind = str(box.get("RecipientTypeDetails") or "")
    who = _label(box)
    if kind not in _ACCEPTED_MAILBOXES:
        return Blocked(who=who, what=_BLOCKED_KINDS.get(kind, kind), path=item.path)
    # A shared mailbox's account is disabled by design; a person's disabled account reads nothing.
    if kind == "UserMailbox" and box.get("AccountDisabled"):
        return Blocked(who=who, what="disabled account", path=item.path)
    walk.reached.append(
        Reached(
            address=str(box.get("PrimarySmtpAddress") or "").lower(),
            display_name=str(box.get("DisplayName") or ""),
            kind="SharedMailbox" if kind == "SharedMailbox" else "UserMailbox",
            path=item.path,
        )
    )
    if not follow_forwarding:
        return []
    hop = Hop(f"the mailbox {who}", "forwards to")
    name = box.get("ForwardingAddress")
    if isinstance(name, str) and name:
        return [_Item("classify", name, (*item.path, hop), item.chain, forwarded=True, by_name=True)]
    smtp = box.get("ForwardingSmtpAddress")
    if isinstance(smtp, str) and smtp:
        address = strip_proxy_prefix(smtp).lower()
        return [_Item("classify", address, (*item.path, hop), item.chain, forwarded=True, smtp=True)]
    return []


def _rules(answer: list[dict[str, Any]], item: _Item) -> list[_Item]:
    """Where a mailbox's enabled Inbox rules send the mail that lands in it."""
    out: list[_Item] = []
    for rule in answer:
        if rule.get("Enabled") is False:
            continue
        name = str(rule.get("Name") or rule.get("Identity") or "")
        # Forwarding, redirecting and forwarding as an attachment all send the mail on alike.
        hop = Hop(f"the Inbox rule {name!r} of the mailbox {item.label}", "forwards to")
        for field_name in _RULE_ACTIONS:
            for printed in rule.get(field_name) or []:
                identity, smtp = rule_targets(str(printed))
                if identity:
                    # A bare value that is no DN nor address is a Name (sec33's reading in list_rights.py).
                    named = not smtp and identity.strip()[:3].casefold() != "/o="
                    out.append(
                        _Item(
                            "classify",
                            identity,
                            (*item.path, hop),
                            item.chain,
                            forwarded=True,
                            smtp=smtp,
                            by_name=named,
                        )
                    )
    return out


def rule_targets(printed: str) -> tuple[str, bool]:
    """An Inbox rule target as Exchange prints it -> (what Get-Recipient -Identity takes, whether it is an
    SMTP address): `"Tom" [EX:/o=ExchangeLabs/...]` -> the LegacyExchangeDN; `"p@x.net" [SMTP:p@x.net]` ->
    the address (lower case). A bare value is taken as printed (an address when it has an @)."""
    text = printed.strip()
    if text.endswith("]") and "[" in text:
        inner = text[text.rindex("[") + 1 : -1]
        routing, _, value = inner.partition(":")
        if routing.upper() == "EX" and value:
            return value, False
        if value:
            return strip_proxy_prefix(value).lower(), True
    if "@" in text:
        return strip_proxy_prefix(text.strip('"')).lower(), True
    return text, False


def _label(obj: dict[str, Any]) -> str:
    name = str(obj.get("DisplayName") or obj.get("Name") or "")
    address = str(obj.get("PrimarySmtpAddress") or "").lower()
    if name and address:
        return f"{name} ({address})"
    return name or address or "an unnamed recipient"


def _graph_label(member: dict[str, Any]) -> str:
    name, address = member.get("displayName"), member.get("mail")
    if name and address:
        return f"{name} ({str(address).lower()})"
    return str(name or address or member.get("id"))


def _article(what: str) -> str:
    return f"an {what}" if what[:1] in "aeiou" else f"a {what}"
