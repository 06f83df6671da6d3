"""The mailbox rights a group holds, read live for a decision on adding someone to it.

Adding a person to a group that holds Full Access, Send As or Send on Behalf on a mailbox gives them that
access (Exchange grants it to the group's members, through nesting), so the policy decides such an add as
it decides the grant itself (DESIGN §5; policy/default.cedar, "list_access"). This module reads the fact.

Which groups can hold a right. Exchange grants mailbox rights to security principals only: a mail-enabled
security group can hold Full Access, Send As and Send on Behalf; a distribution list that is not
security-enabled, a dynamic list and a Microsoft 365 group cannot (the emulator refuses them as -User,
-Trustee and GrantSendOnBehalfTo values, as Exchange does). So only an add to a mail-enabled security
group, or to a group inside one, needs the fact (`Org.list_right_carriers`); any other add costs nothing.

How it is read, and what it costs. Microsoft offers a reverse lookup for two rights only:
  - Send As: `Get-RecipientPermission -Trustee <group>` lists every recipient the group may send as;
  - Send on Behalf: GrantSendOnBehalfTo comes with the mailbox listing (`Get-Mailbox`, paged).
Full Access is not readable by trustee: `Get-MailboxPermission` requires -Identity (one mailbox; -User only
filters that mailbox's entries), and so does `Get-EXOMailboxPermission`; Microsoft's own guidance for "what
can X open" is `Get-Mailbox | Get-MailboxPermission -User X`. The delegation report's cache
(report:delegations-all) could name candidates, but a grant made after it was taken would be missing, and
that absence would let the add through: stale in the attacker's favour. So Full Access is read live on every
mailbox, `Get-MailboxPermission -Identity` ten to an Exchange `$batch`, with the tenant's concurrency.
That is one scan per decision, shared by every step and every group of it: a bulk add of 5,000 people to
one group costs the same extra reads as an add of one (issue 14), and adds to lists that hold no rights
cost none. Any read that fails makes the fact unknown, and the policy routes an unknown like the worst
case (a second admin; never allowed by self-service).

Folder permissions (red team 27). A group can also hold a folder permission: Reviewer on a person's Inbox
reads their mail as Full Access does (right "Inbox", counted with the mailbox rights), and more than
free/busy on a person's calendar is what no employee may ask for on a colleague's calendar (right
"Calendar", `list_access.calendars`). They are read in the same decision's scan: one
Get-MailboxFolderStatistics per mailbox (the folders' own, possibly localized, names), then
Get-MailboxFolderPermission on each mailbox's Inbox and each person's calendar, ten to a `$batch`.

Forwarded mail (security leftover 24). A mailbox whose ForwardingAddress (or ForwardingSmtpAddress) is a
group, or whose enabled Inbox rule (ForwardTo, RedirectTo, ForwardAsAttachmentTo) sends mail to it, hands
its mail to every member the group has when the mail arrives: an add to that group, or to a group inside it,
hands over that mailbox's mail as reading its Inbox does (right "Forwarded mail", weighed with the mailbox
rights). Any group can receive mail, not only a security group, so every group around the one added to is
read for it. Forwarding comes with the mailbox listing (`Get-Mailbox`, already paged: free); the rules cost
one `Get-InboxRule -Mailbox X -IncludeHidden` per mailbox, in the same `$batch`es as the Full Access reads
(ten to a round trip), with one `Get-Recipient` per group for its Exchange Name and addresses now
(ForwardingAddress prints the Name, which need be neither an alias nor a display name the directory knows,
and an address given to the group since the directory was cached receives mail too; Get-MailboxPermission
and GrantSendOnBehalfTo print a group by its Name as well, so the Names name the rights' holders: red team
32). An add to groups of which none is a security group reads only the listing, the rules and the groups'
names (no Full Access, Send As or folder reads: such groups cannot hold them). A rule read that fails makes
the fact unknown, routed like the worst case.

Targets the directory cannot place (security leftover 25). A forwarding or rule target is printed by Name,
LegacyExchangeDN or address; one the cached directory does not place (a list made, or given an address,
since it was read; a recipient deleted since, which a rule still names by its DN) may be any list, so it is
never taken for nobody: it is looked up live, `Get-Recipient -Identity <DN, Name or address>` ten to a
`$batch` (one more round trip, and only when there is such a target), and one the tenant cannot place
either makes the fact unknown. An SMTP address outside the organisation's domains is mail leaving it, never
a list of it. Security 27: a rule's DN is matched exactly, as the LegacyExchangeDN or an X500 proxy of a
group read live or of a listed mailbox, before any live look-up, and never by the alias it ends with (the
alias of the creation); a DN or address the tenant says nobody holds (deleted since; for a DN, after a
`Get-Recipient -Filter "EmailAddresses -eq 'X500:<DN>'"`) hands the mail to nobody, where it made every
list join in the tenant unknown.

Names and moved addresses (red team 35). A Name is matched as Exchange compares it, exactly but for case
(`name_key`: no Unicode folding, no trimming; 'Info desk' and 'Info desk' + a no-break space, 'Strasse' and
'Straße' are two mailboxes), and a key several listed recipients share counts as each of them, never the last
listed. A ForwardingSmtpAddress is placed on what holds the address now (a group read live, a mailbox of the
live listing), else looked up live: never on the cached directory's holder, which the address may have left
for a list not around the joined one.

Names placed live (sec33, red team 37). A ForwardingAddress Name (or a rule target printed bare, neither
DN nor address) that no mailbox of the live listing and none of the groups read live holds is looked up
with `Get-Recipient -Filter "Name -eq '<Name>'"`, ten to a `$batch` with the DN and address look-ups:
never `identify` on the cached directory, which holds no Names and took the list whose display name is
'Beta' for the list named 'Beta' (Maria's mail through Beta unseen). Every recipient found counts (fail
closed); none found, or a failed read, makes the fact unknown. Cost: one more request per ten such Names,
one more round trip when there is any (a forwarding to a mailbox, the common case, is matched on the
listing's Names: free).

Chains (security leftover 25). Maria's mailbox forwards to Tom's, and Tom's forwards (or a rule redirects)
to the list: joining the list reads Maria's mail too. Every mailbox's forwarding and rules are read for the
scan anyway, so chains are followed on what was read (no round trip) to their end, each mailbox once
(loops end; security 27 dropped a five-hop bound that made any longer chain in the tenant unknown).
Mail that reaches a mailbox through a list it is on (Maria to a list, a member of which forwards on) is
followed too, through the list's members as the directory holds them, each list one hop (red team 33);
a list made since the directory was read (placed live) through its members read live (security 27).

Dynamic lists (red team 36). A dynamic distribution list lives in Exchange alone (no directory id: the
cache never holds one), and its mail goes to the members its filter picked. A forwarding or rule target that
the live look-up places on one (`Get-Recipient` prints it with no ExternalDirectoryObjectId) is one more
hop, keyed by its address, to its members read live (`Get-DynamicDistributionGroupMember`, the membership
Exchange Online keeps on the list and delivers to, ten to a `$batch` with the other lists read live, paged
past 1,000 members), and a list among them in turn: an employee's Inbox rule to such a list made the scan
unknown for every list join in the tenant. A read of its members that fails keeps the rights unknown
(never "nobody"). Cost: one more round trip per ten such lists per level of nesting, and one more request
per 1,000 members past the first 1,000, only when mail is forwarded to a dynamic list.

Addresses being given (security 26, red team 32). Maria's forwarding or Inbox rule may name an address of
the organisation that nobody holds (the assistant it reached left): whoever is given that address next gets
her mail. A change that gives a recipient an address (change_primary_alias's new address, a new list's
address) is read in the same scan: each such address is a carrier of its own, `address_carrier(address)`,
matched where a forwarding or rule target prints it as SMTP (an SMTP target of an address nobody holds
stays an SMTP string in Exchange), and chains to it are followed as to a group. Giving an address reads
only the listing and the rules (no Full Access, Send As or folder reads: nobody holds it yet).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from mailwarden.actions.inbox_rules import (
    forwarding_rules,
    inbox_rules_cmdlet,
)
from mailwarden.actions.views import MAILBOX_KINDS, full_access_holders
from mailwarden.connectors.connection import TenantClients
from mailwarden.connectors.exchange import BATCH_SIZE, Cmdlet, CmdletOutcome, ExchangeClient, folder_identity
from mailwarden.connectors.models import FolderPermission, MailboxPermission
from mailwarden.connectors.opath import quoted
from mailwarden.connectors.together import all_of
from mailwarden.directory.automatic_addresses import new_list_addresses
from mailwarden.directory.identify import identify
from mailwarden.directory.reach import rule_targets
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import MailwardenError, NotFound, TenantError
from mailwarden.model.recipients import Recipient, RecipientKind, normalize_address, strip_proxy_prefix
from mailwarden.model.steps import (
    ChangePrimaryAlias,
    DistributionListLifecycle,
    DistributionListMembership,
    Step,
)
from mailwarden.policy.entities import Org

__all__ = [
    "HeldRight",
    "ListRights",
    "SharedScan",
    "address_carrier",
    "given_addresses",
    "listing_now",
    "read_list_rights",
    "with_list_rights",
]

_SELECT = [
    "ExternalDirectoryObjectId",
    "DisplayName",
    "PrimarySmtpAddress",
    "RecipientTypeDetails",
    "GrantSendOnBehalfTo",
    "ForwardingAddress",
    "ForwardingSmtpAddress",
    "Name",
    # A rule prints a mailbox by its LegacyExchangeDN (or an older DN it holds as an X500 proxy): matched
    # exactly, never by the alias the DN ends with (security 27, F3).
    "LegacyExchangeDN",
    "EmailAddresses",
]


@dataclass(frozen=True)
class HeldRight:
    """One right a group holds on one mailbox."""

    carrier: str
    """The id of the group that holds it."""
    right: str
    """FullAccess, SendAs, SendOnBehalf; Inbox (a folder permission that reads the Inbox); Calendar (one that
    shows more than free/busy on a person's calendar); Forwarded mail (the mailbox's forwarding or an enabled
    Inbox rule sends its mail to the group)."""
    mailbox_id: str
    mailbox: str
    """The mailbox as a person reads it: 'Tom Becker (tom.becker@acme.com)'."""
    person: bool
    """A person's mailbox (UserMailbox), not a shared or room one."""
    through: tuple[str, ...] = ()
    """For forwarded mail that reaches the group through other mailboxes' forwarding (a chain): those
    mailboxes as a person reads them, in the order the mail passes them."""
    level: str = ""
    """For a folder permission (Inbox, Calendar), what it lets the group's members do, as Exchange prints it:
    its rights and, when it has any, its sharing flags ('Reviewer'; 'Editor; CanViewPrivateItems, Delegate').
    '' for the rights that have no level (Full Access, Send As, Send on Behalf, forwarded mail)."""


@dataclass(frozen=True)
class ListRights:
    """The rights the groups `read` hold on mailboxes, as the tenant said for one decision."""

    read: frozenset[str] = frozenset()
    """Ids of the groups whose rights were read."""
    held: tuple[HeldRight, ...] = ()
    failure: str | None = None
    """Why the rights could not be established (then `held` is not to be trusted as complete)."""
    round_trips: int = 0
    by_carrier: Mapping[str, tuple[HeldRight, ...]] = field(default_factory=lambda: MappingProxyType({}))
    listing: frozenset[tuple[str, ...]] | None = None
    """The mailbox listing's forwarding and Send on Behalf as read (`listing_facts`); None when not read."""

    def of(self, carriers: Iterable[str]) -> tuple[HeldRight, ...]:
        out: list[HeldRight] = []
        for c in carriers:
            out += self.by_carrier.get(c, ())
        return tuple(out)


def address_carrier(address: str) -> str:
    """The carrier id under which the mail forwarded to `address` (an address being given) is read."""
    return f"smtp:{address.strip().casefold()}"


async def read_list_rights(
    clients: TenantClients,
    directory: Directory,
    carriers: Iterable[Recipient],
    addresses: Iterable[str] = (),
) -> ListRights:
    """The Full Access, Send As, Send on Behalf and folder rights `carriers` hold, and the mailboxes whose
    mail is forwarded to them or to `addresses` (addresses a change gives a recipient: each read as the
    carrier `address_carrier(address)`), now. Only mail-enabled security groups among them can hold
    rights; any group can receive forwarded mail."""
    groups = list({c.recipient_id: c for c in carriers}.values())
    given = {address_carrier(a): a.strip().casefold() for a in addresses}
    read = frozenset(g.recipient_id for g in groups) | frozenset(given)
    if not groups and not given:
        return ListRights(read=read)
    exchange = clients.exchange
    security = [g for g in groups if g.kind is RecipientKind.MAIL_ENABLED_SECURITY]

    def of_box(box: Mapping[str, Any]) -> tuple[Cmdlet, ...]:
        full_access = (Cmdlet("Get-MailboxPermission", {"Identity": _identity(box)}),) if security else ()
        return (*full_access, inbox_rules_cmdlet(_identity(box)))

    of_groups = [
        *(Cmdlet("Get-RecipientPermission", {"Trustee": g.primary_address}) for g in security),
        # Each group's Exchange Name (ForwardingAddress prints it, and it need not be an alias or a
        # display name the directory knows) and its addresses now (one added since the directory was
        # cached still receives the mail): red team 32.
        *(
            Cmdlet(
                "Get-Recipient",
                {"Identity": g.primary_address},
                ["Name", "EmailAddresses", "LegacyExchangeDN"],
            )
            for g in groups
        ),
    ]
    try:
        boxes, outcomes = await _read_as_listed(exchange, of_box, of_groups)
    except TenantError as exc:
        return ListRights(read=read, failure=f"the tenant's mailbox rights could not be read ({exc})")
    # one outcome a command: each mailbox's, then the groups'
    trips = 1 + -(-len(outcomes) // BATCH_SIZE)
    ids = {g.recipient_id for g in groups} | set(given)
    held: list[HeldRight] = []
    failures: list[str] = []

    def mailbox(box: Mapping[str, Any]) -> tuple[str, str, bool]:
        # The listing's own identity (directory id, else the address) says whose mailbox it is: one made
        # since the directory was read was taken for another recipient its Name reads as (an alias or a
        # display name), its mail labelled and merged as theirs (security 27, F8). Never by Name.
        known = _listed(directory, box)
        address = str(box.get("PrimarySmtpAddress") or "").lower()
        mailbox_id = (
            known.recipient_id if known else str(box.get("ExternalDirectoryObjectId") or address).lower()
        )
        label = known.label() if known else f"{box.get('DisplayName') or address} ({address})"
        person = MAILBOX_KINDS.get(str(box.get("RecipientTypeDetails"))) is RecipientKind.USER
        return mailbox_id, label, person

    per_box = 2 if security else 1
    named, addressed, dns = _names_and_addresses(groups, outcomes[len(outcomes) - len(groups) :], failures)
    # An address being given receives what is forwarded to it from now on (before any holder the cached
    # directory may still show for it: the live check found none, or it is the recipient's own already).
    addressed.update((address, carrier) for carrier, address in given.items())
    # The mailboxes' own Names (ForwardingAddress prints a mailbox by it too, and one synced from
    # on-premises keeps its CN, which may be another person's display name or alias): a chain through
    # such a mailbox was placed on that person (red team 33). Keyed as Exchange compares them
    # (`name_key`: exactly, but for case); a key several recipients share counts as all of them, never
    # the last listed (red team 35: 'Info desk' and 'Info desk' + no-break space were one key).
    # (each mailbox described once: thousands of them, in a bulk decision)
    described = [mailbox(b) for b in boxes]
    by_name: dict[str, list[int]] = {}
    for i, b in enumerate(boxes):
        if str(b.get("Name") or "").strip():
            by_name.setdefault(name_key(str(b.get("Name"))), []).append(i)
    names: dict[str, set[str]] = {n: {described[i][0] for i in found} for n, found in by_name.items()}
    for n, group_id in named.items():
        names.setdefault(n, set()).add(group_id)
    # The DNs each listed mailbox and each group answers to now (its LegacyExchangeDN and X500 proxies), the
    # groups' before the mailboxes'.
    dns = {**{dn: described[i][0] for i, b in enumerate(boxes) for dn in _dns_of(b)}, **dns}
    # The SMTP addresses each listed mailbox holds now (the listing is live, the directory a cache): a
    # ForwardingSmtpAddress is placed on these, or the groups' read live, else looked up live (red team 35).
    held_now: dict[str, set[str]] = {}
    for i, b in enumerate(boxes):
        for held_address in _smtp_of(b):
            held_now.setdefault(held_address, set()).add(described[i][0])
    sends: dict[str, set[str]] = {}
    unplaced: dict[str, list[str]] = {}
    # Names that no listed mailbox and none of the groups holds, each to be placed live by Name (sec33)
    unnamed: dict[str, list[str]] = {}
    for i, box in enumerate(boxes):
        mailbox_id = described[i][0]
        where = str(box.get("PrimarySmtpAddress") or mailbox_id)
        targets = sends.setdefault(mailbox_id, set())
        placed, lookup, a_name = _forwarding_target(directory, box, names, addressed, held_now)
        if placed:
            targets.update(placed)
        elif lookup is not None:
            (unnamed if a_name else unplaced).setdefault(lookup, []).append(mailbox_id)
        rules = outcomes[i * per_box + per_box - 1]
        if rules.error is not None:
            failures.append(f"Inbox rules of {where}: {rules.error}")
        else:
            for fwd in forwarding_rules(directory, rules.result.value if rules.result else []):
                value, smtp = rule_targets(fwd.printed)
                if not smtp:
                    # Printed by DN: the recipient that holds it now, as its LegacyExchangeDN or an X500
                    # proxy (read for the groups and the listed mailboxes), else whoever the tenant says
                    # holds it. Never by the alias the DN ends with (the alias it was made with: renamed
                    # since, it may be another recipient's now) nor by its display name (security 27, F3).
                    if (exact := dns.get(value.strip().casefold())) is not None:
                        targets.add(exact)
                    elif _is_dn(value):
                        unplaced.setdefault(value.strip(), []).append(mailbox_id)
                    elif value.strip():
                        # A bare value that is no DN nor address is a Name: placed live by Name too,
                        # never by an alias or display name it may also be (sec33).
                        unnamed.setdefault(value, []).append(mailbox_id)
                else:
                    # Printed by address: delivered to whoever holds it when the mail arrives, placed as
                    # a ForwardingSmtpAddress is (an address being given, a group's read live, a listed
                    # mailbox's, else looked up live), never on the cached directory's holder: an address
                    # moved since to a list not around the joined one hid the mail (red team 36).
                    placed, lookup = _smtp_target(directory, value, addressed, held_now)
                    targets.update(placed)
                    if lookup is not None and not fwd.outside:
                        unplaced.setdefault(lookup, []).append(mailbox_id)
    new_lists: dict[str, str] = {}
    made_since: dict[str, str] = {}
    if unplaced or unnamed:
        trips += await _place_live(
            exchange, directory, unplaced, unnamed, sends, failures, new_lists, made_since
        )
    _cached_lists_read_live(directory, sends, ids, new_lists)
    if new_lists:
        trips += await _walk_new_lists(exchange, directory, new_lists, sends, ids, failures, made_since)
    groups_read, group_trips = await _m365_groups_read_live(
        clients, directory, sends, ids, failures, made_since
    )
    trips += group_trips
    lists = {**_through_lists(directory, sends, ids), **new_lists, **groups_read}
    labels = {d[0]: d for d in described}
    for mailbox_id, (_, label, person) in labels.items():
        reached = _forwarded_through(mailbox_id, sends, ids)
        for carrier, path in sorted(reached.items()):
            through = tuple(
                labels[m][1] if m in labels else lists[m] for m in path if m in labels or m in lists
            )
            held.append(HeldRight(carrier, "Forwarded mail", mailbox_id, label, person, through))
    for i, box in enumerate(boxes if security else ()):
        mailbox_id, label, person = described[i]
        outcome = outcomes[i * per_box]
        for printed in box.get("GrantSendOnBehalfTo") or []:
            if (trustee_id := _trustee(directory, printed, named)) in ids:
                held.append(HeldRight(trustee_id, "SendOnBehalf", mailbox_id, label, person))
        # Not found included: Exchange Online answers "couldn't be found" for a mailbox that exists while
        # its directory replicas catch up, so a 404 on a mailbox just listed proves nothing (red team 24).
        if outcome.error is not None:
            failures.append(f"{box.get('PrimarySmtpAddress')}: {outcome.error}")
            continue
        entries = map(MailboxPermission.parse, (outcome.result.value if outcome.result else []))
        for printed in full_access_holders(entries):
            if (trustee_id := _trustee(directory, printed, named)) in ids:
                held.append(HeldRight(trustee_id, "FullAccess", mailbox_id, label, person))
    if not security:
        return replace(_result(read, held, failures, trips), listing=listing_facts(boxes))
    held += await _folder_rights(exchange, directory, groups, boxes, mailbox, failures, named)
    trips += -(-len(boxes) // 10) + -(-(len(boxes) + sum(1 for d in described if d[2])) // 10)
    by_address = {str(b.get("PrimarySmtpAddress") or "").lower(): i for i, b in enumerate(boxes)}
    send_as = outcomes[len(boxes) * per_box : len(outcomes) - len(groups)]
    for group, outcome in zip(security, send_as, strict=True):
        if outcome.error is not None:
            failures.append(f"Send As of {group.primary_address}: {outcome.error}")
            continue
        for row in outcome.result.value if outcome.result else []:
            # Identity prints the mailbox's Name, which may be another recipient's alias or display name
            # (a list's, which was then skipped): a listed mailbox's Name is that mailbox (red team 33).
            # Matched as Exchange compares Names (red team 35: a look-alike Name listed later took it).
            listed_named = by_name.get(name_key(str(row.get("Identity") or "")), [])
            for index in listed_named:
                mailbox_id, label, person = described[index]
                held.append(HeldRight(group.recipient_id, "SendAs", mailbox_id, label, person))
            if listed_named:
                continue
            target = identify(directory, row.get("Identity"))
            if target is not None and not target.is_mailbox:
                continue  # sending as a list reaches nobody's mailbox
            listed = by_address.get(target.primary_address) if target is not None else None
            if listed is None:
                # A mailbox the cache or the listing does not know: whose it is cannot be said, so it
                # counts as a person's.
                name = target.label() if target is not None else str(row.get("Identity"))
                held.append(HeldRight(group.recipient_id, "SendAs", name, name, True))
                continue
            mailbox_id, label, person = described[listed]
            held.append(HeldRight(group.recipient_id, "SendAs", mailbox_id, label, person))
    return replace(_result(read, held, failures, trips), listing=listing_facts(boxes))


async def _read_as_listed(
    exchange: ExchangeClient,
    of_box: Callable[[Mapping[str, Any]], tuple[Cmdlet, ...]],
    after: Sequence[Cmdlet],
) -> tuple[list[dict[str, Any]], list[CmdletOutcome]]:
    """The mailbox listing, and the outcomes of the reads `of_box` names for each mailbox listed, then of
    `after`, in that order (errors not raised, as `batch` gives them).

    Each page's reads are sent as that page comes, while the next page is read (ten to a `$batch`: what is
    left of a page's tens goes with the next page's, the last with `after`, so the `$batch`es are as few as
    when the whole listing was read first): in a tenant of 5,134 mailboxes the scan's first `$batch` waited
    for six pages read one after another (one to seven seconds, with the Exchange budget full and spending
    nothing: issue 14). The listing read again from page one (a later page's token expired: `pages`) drops
    what was sent for the first reading's pages and sends them again for the second's."""
    boxes: list[dict[str, Any]] = []
    sent: list[asyncio.Task[list[CmdletOutcome]]] = []
    waiting: list[Cmdlet] = []
    try:
        listing = exchange.mailbox_pages(list(MAILBOX_KINDS), select=_SELECT)
        async with contextlib.aclosing(listing) as pages:
            async for first, page in pages:
                if first and boxes:
                    await _ended(sent)
                    boxes, sent, waiting = [], [], []
                boxes += page
                waiting += [command for box in page for command in of_box(box)]
                whole = len(waiting) - len(waiting) % BATCH_SIZE
                if whole:
                    sent.append(asyncio.ensure_future(exchange.batch(waiting[:whole])))
                    waiting = waiting[whole:]
        if waiting or after:
            sent.append(asyncio.ensure_future(exchange.batch([*waiting, *after])))
        outcomes = [outcome for part in await all_of(*sent) for outcome in part]
    finally:
        await _ended(sent)
    return boxes, outcomes


async def _ended(tasks: Sequence[asyncio.Task[Any]]) -> None:
    """`tasks` cancelled, if still under way, and waited for."""
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError, MailwardenError):
            await task


def _listed(directory: Directory, box: Mapping[str, Any]) -> Recipient | None:
    """The directory's recipient for a mailbox of the listing, by its ExternalDirectoryObjectId when it
    prints one (None when the directory does not hold that id: made since it was read), else by its
    PrimarySmtpAddress; never by Name."""
    object_id = str(box.get("ExternalDirectoryObjectId") or "").strip().lower()
    if object_id:
        return directory.get(object_id)
    return directory.by_address(str(box.get("PrimarySmtpAddress") or ""))


def listing_facts(boxes: Iterable[Mapping[str, Any]]) -> frozenset[tuple[str, ...]]:
    """What the mailbox listing says of where each mailbox's mail goes and who sends on its behalf: a run
    that shares one scan across its chunks reads the listing again (cheap: pages of mailboxes) before
    each chunk and reads everything again when this changed (red team 33: a forwarding set between
    chunks to the list being filled)."""
    return frozenset(
        (
            str(b.get("ExternalDirectoryObjectId") or b.get("PrimarySmtpAddress") or "").lower(),
            str(b.get("ForwardingAddress") or ""),
            str(b.get("ForwardingSmtpAddress") or "").lower(),
            *sorted(str(x) for x in b.get("GrantSendOnBehalfTo") or []),
        )
        for b in boxes
    )


async def listing_now(clients: TenantClients) -> frozenset[tuple[str, ...]]:
    """`listing_facts` of the mailbox listing as the tenant gives it now."""
    return listing_facts(await clients.exchange.list_mailboxes(list(MAILBOX_KINDS), select=_SELECT))


def _result(read: frozenset[str], held: list[HeldRight], failures: list[str], trips: int) -> ListRights:
    by_carrier: dict[str, list[HeldRight]] = {}
    for h in held:
        by_carrier.setdefault(h.carrier, []).append(h)
    failure = None
    if failures:
        shown = "; ".join(failures[:3]) + (" ..." if len(failures) > 3 else "")
        failure = f"{len(failures)} mailbox right reads failed ({shown})"
    return ListRights(
        read=read,
        held=tuple(held),
        failure=failure,
        round_trips=trips,
        by_carrier=MappingProxyType({k: tuple(v) for k, v in by_carrier.items()}),
    )


def _trustee(directory: Directory, printed: object, named: Mapping[str, str]) -> str | None:
    """The id of the recipient a permission entry prints: one of the groups when it is that group's Exchange
    Name (Get-MailboxPermission and GrantSendOnBehalfTo print a group by its Name, which need be neither an
    alias nor a display name the directory knows: red team 32), else whoever `identify` names."""
    if isinstance(printed, str) and (found := named.get(name_key(printed))) is not None:
        return found
    trustee = identify(directory, printed)
    return trustee.recipient_id if trustee is not None else None


def _names_and_addresses(
    groups: Sequence[Recipient], outcomes: Sequence[Any], failures: list[str]
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The groups' Exchange Names, SMTP addresses and DNs (LegacyExchangeDN, X500 proxies) as Get-Recipient
    printed them now (Names by `name_key`, the others casefolded, each to its group's id); a group whose
    Name could not be read is a failure (its forwarded mail is unknown)."""
    named: dict[str, str] = {}
    addressed: dict[str, str] = {}
    dns: dict[str, str] = {}
    for group, outcome in zip(groups, outcomes, strict=True):
        rows = outcome.result.value if outcome.result is not None else []
        printed = [str(row.get("Name") or "") for row in rows]
        if outcome.error is not None or not any(n.strip() for n in printed):
            failures.append(f"the Name of {group.primary_address}: {outcome.error or 'not printed'}")
        named.update((name_key(n), group.recipient_id) for n in printed if n.strip())
        for row in rows:
            for proxy in row.get("EmailAddresses") or []:
                if str(proxy)[:5].casefold() == "smtp:":
                    addressed[strip_proxy_prefix(str(proxy)).casefold()] = group.recipient_id
            dns.update((dn, group.recipient_id) for dn in _dns_of(row))
    return named, addressed, dns


def _smtp_of(row: Mapping[str, Any]) -> set[str]:
    """The SMTP addresses an Exchange object holds (lower case): its primary and its smtp proxies."""
    out = {str(row.get("PrimarySmtpAddress") or "").strip().lower()}
    out |= {
        strip_proxy_prefix(str(proxy)).strip().lower()
        for proxy in row.get("EmailAddresses") or []
        if str(proxy)[:5].casefold() == "smtp:"
    }
    return {a for a in out if a}


def _dns_of(row: Mapping[str, Any]) -> list[str]:
    """The DNs an Exchange object answers to (casefolded): its LegacyExchangeDN and its X500 proxies (an
    older DN kept so that mail to it still arrives, as after a migration)."""
    out = [str(row.get("LegacyExchangeDN") or "").strip().casefold()]
    out += [
        str(proxy)[5:].strip().casefold()
        for proxy in row.get("EmailAddresses") or []
        if str(proxy)[:5].casefold() == "x500:"
    ]
    return [dn for dn in out if dn]


_LOOKUP_FIELDS = ["ExternalDirectoryObjectId", "PrimarySmtpAddress", "RecipientTypeDetails", "DisplayName"]

_GROUPS = frozenset(
    {
        "MailUniversalDistributionGroup",
        "MailUniversalSecurityGroup",
        "GroupMailbox",
        "DynamicDistributionGroup",
    }
)
"""Recipients that hand mail to members (Get-DistributionGroupMember reads the first two,
Get-DynamicDistributionGroupMember a dynamic list's; a Microsoft 365 group's are read through Graph)."""

_DYNAMIC = "DynamicDistributionGroup"
_M365 = "GroupMailbox"
_DYNAMIC_KEY = "dynamic:"
"""A dynamic list has no directory id (it lives in Exchange alone): it is keyed by its address."""


def _list_key(row: Mapping[str, Any]) -> str:
    """The key of a recipient a live read printed: its directory id, or for a dynamic list (which has
    none) `dynamic:<its primary address>`; "" when neither is printed."""
    found = str(row.get("ExternalDirectoryObjectId") or "").strip().lower()
    if found or str(row.get("RecipientTypeDetails")) != _DYNAMIC:
        return found
    address = str(row.get("PrimarySmtpAddress") or "").strip().lower()
    return _DYNAMIC_KEY + address if address else ""


def _members_cmdlet(key: str) -> Cmdlet:
    """The read of a list's members now: a dynamic list's (the members its filter picked, where Exchange
    delivers its mail) by its address, any other's by its directory id."""
    if key.startswith(_DYNAMIC_KEY):
        return Cmdlet(
            "Get-DynamicDistributionGroupMember", {"Identity": key[len(_DYNAMIC_KEY) :]}, _LOOKUP_FIELDS
        )
    return Cmdlet("Get-DistributionGroupMember", {"Identity": key}, _LOOKUP_FIELDS)


def _forwarding_target(
    directory: Directory,
    box: Mapping[str, Any],
    named: Mapping[str, set[str]],
    addressed: Mapping[str, str],
    held_now: Mapping[str, set[str]],
) -> tuple[set[str], str | None, bool]:
    """Where a mailbox's forwarding sends its mail (ForwardingAddress, a Name, wins over
    ForwardingSmtpAddress, as in Exchange): the ids of the recipients it may be (several only where
    listed recipients' Names share a `name_key`: each counts), or else the value to look up live and
    whether it is a Name (placed live by Name) or an address in one of the organisation's domains; neither
    for no forwarding or an address outside the organisation. `named` and `addressed`: the groups' own
    Names and SMTP addresses (by `name_key`; casefolded), read live, and the listed mailboxes' Names (red
    team 33). A Name is unique among a tenant's recipients, so one of these Names is that recipient: a Name
    need be neither an alias nor a display name, and a display name may be another recipient's too, either
    of which left the forwarding unseen (red team 32) or a chain placed on someone else (red team 33).

    Any other Name is looked up live by Name (`_place_live`), never placed with `identify` on the cached
    directory: the cache holds no Names and matched the value as an alias or a display name, so Maria's
    forwarding to the list named 'Beta' was followed through another list whose display name is 'Beta'
    (red team 37, sec33)."""
    name = box.get("ForwardingAddress")
    smtp = box.get("ForwardingSmtpAddress")
    if isinstance(name, str) and name.strip():
        if found := named.get(name_key(name)):
            return set(found), None, False
        return set(), name, True
    if isinstance(smtp, str) and smtp.strip():
        # Placed on what holds the address now: one of the groups (read live), else a listed mailbox (the
        # listing is live), else looked up live. The cached directory's holder is never taken: the address
        # may have moved since, to a list not around the joined one, whose members read the mail (red team
        # 35: Maria's mail through the relay list was placed on the shared mailbox that held it before).
        placed, lookup = _smtp_target(
            directory, strip_proxy_prefix(smtp.strip()).lower(), addressed, held_now
        )
        return placed, lookup, False
    return set(), None, False


def _smtp_target(
    directory: Directory, address: str, addressed: Mapping[str, str], held_now: Mapping[str, set[str]]
) -> tuple[set[str], str | None]:
    """Where mail sent on to an SMTP `address` goes (a ForwardingSmtpAddress, or an Inbox rule's target
    printed by address): the ids of what holds it now, or the value to look up live; neither for an
    address outside the organisation."""
    address = address.strip().lower()
    base = plus_base(address)
    for candidate in (address, base) if directory.by_address(address) is None else (address,):
        if candidate is None:
            continue
        if (carrier := addressed.get(candidate)) is not None:
            return {carrier}, None
        if found := held_now.get(candidate):
            return set(found), None
    if not directory.is_internal_address(address):
        return set(), None
    # plus addressing: an address nobody held when the directory was read goes to the holder of its
    # base (red team 34), looked up live as well
    return set(), base if base is not None and directory.by_address(address) is None else address


def name_key(name: str) -> str:
    """An Exchange Name as Exchange compares it: exactly, but for case (each character to its own lower
    case where that is one character; no other Unicode folding and no trimming). `str.casefold` made 'ß'
    and 'ss' one key and `str.strip` dropped a trailing no-break space, so two Names Exchange holds apart
    (a CN pasted from a web page, 'Straße' and 'Strasse') were taken for one mailbox (red team 35)."""
    return "".join(low if len(low := c.lower()) == 1 else c for c in name)


def plus_base(address: str) -> str | None:
    """`local+tag@domain` -> `local@domain` (red team 34): Exchange Online's plus addressing delivers mail
    sent to an address nobody holds as such to whoever holds the address without its tag. None for an
    address without a tag. Counting the holder where a tenant turned plus addressing off (the mail would
    bounce) only makes a decision stricter; leaving the mail unplaced made every decision that reads the
    scan unknown, so one rule to `x+news@` in any mailbox refused every employee's list join and address
    change in the tenant."""
    local, at, domain = address.strip().casefold().partition("@")
    head, plus, _ = local.partition("+")
    if not at or not plus or not head:
        return None
    return f"{head}@{domain}"


async def _place_live(
    exchange: Any,
    directory: Directory,
    unplaced: Mapping[str, list[str]],
    unnamed: Mapping[str, list[str]],
    sends: dict[str, set[str]],
    failures: list[str],
    new_lists: dict[str, str],
    made_since: dict[str, str],
) -> int:
    """Place each forwarding or rule target the scan could not (printed by DN or an address of the
    organisation's own, `unplaced`: a list made or given an address since the directory was read, or a
    recipient deleted since; printed by a Name no listed mailbox nor any of the groups holds, `unnamed`)
    live, ten to a `$batch`, adding what it is to `sends`.

    A DN or an address is looked up with `Get-Recipient -Identity`. A DN or an address that the tenant says
    nobody holds (and, for a DN, nobody as an X500 proxy either) hands the mail to nobody (security 27);
    any other answer that places no single recipient (a failed read, two holders) may be any list, so the
    rights count as unknown.

    A Name is looked up with `Get-Recipient -Filter "Name -eq '<Name>'"`: on the Name alone, where
    -Identity also takes an alias (another recipient's alias may be this Name) and the cached directory
    took a display name (red team 37: the list whose display name is 'Beta' for the list named 'Beta').
    Every recipient it finds counts (a Name Exchange holds apart and its filter does not, as a shared
    `name_key` does for the listing: fail closed, never the first); none found, or one printed without a
    directory id that is not a dynamic list, makes the rights unknown (sec33).

    A group placed that the directory does not hold (made since it was read) goes to `new_lists` (id ->
    label), whose members are read live (`_walk_new_lists`); a Microsoft 365 group made since goes to
    `made_since`, whose members are read through Graph (`_m365_groups_read_live`: Get-DistributionGroupMember
    refuses one, which made every list join unknown once an employee's rule named a group they had just
    made, red team 38). Returns the round trips spent."""
    values = sorted(unplaced)
    names = sorted(unnamed)
    try:
        outcomes = await exchange.batch(
            [Cmdlet("Get-Recipient", {"Identity": v}, _LOOKUP_FIELDS) for v in values]
            + [
                Cmdlet("Get-Recipient", {"Filter": f"Name -eq {quoted(n)}"}, [*_LOOKUP_FIELDS, "Name"])
                for n in names
            ]
        )
    except TenantError as exc:
        failures.append(f"forwarding targets could not be looked up ({exc})")
        return 1
    held_by_none: list[str] = []
    for value, outcome in zip(values, outcomes[: len(values)], strict=True):
        if isinstance(outcome.error, NotFound) and ("@" in value or _is_dn(value)):
            held_by_none.append(value)
            continue
        rows = (outcome.result.value if outcome.result else []) if outcome.error is None else []
        _place_row(directory, value, rows, outcome.error, unplaced, sends, failures, new_lists, made_since)
    for name, outcome in zip(names, outcomes[len(values) :], strict=True):
        rows = (outcome.result.value if outcome.result else []) if outcome.error is None else []
        _place_named(
            directory, name, rows, outcome.error, unnamed[name], sends, failures, new_lists, made_since
        )
    trips = -(-(len(values) + len(names)) // 10)
    # A DN or an address of the organisation's that no recipient holds (a recipient deleted since, a
    # soft-deleted mailbox among them: Get-Recipient finds those only with -IncludeSoftDeletedRecipients)
    # hands the mail to nobody: Exchange returns it to the sender, and nobody new gets it (an address a
    # change of this decision gives was matched before: `addressed`). One more check for a DN: an older DN
    # is kept as an X500 proxy (after a migration, or to keep old rules working), and -Identity need not
    # take it, so a recipient holding it as one is looked for with -Filter (security 27, F6: a rule to a
    # deleted colleague anywhere in the tenant made every list join unknown).
    dns = [v for v in held_by_none if _is_dn(v)]
    if not dns:
        return trips
    try:
        outcomes = await exchange.batch(
            [
                Cmdlet(
                    "Get-Recipient", {"Filter": f"EmailAddresses -eq {quoted('X500:' + dn)}"}, _LOOKUP_FIELDS
                )
                for dn in dns
            ]
        )
    except TenantError as exc:
        failures.append(f"forwarding targets could not be looked up ({exc})")
        return trips + 1
    for dn, outcome in zip(dns, outcomes, strict=True):
        rows = (outcome.result.value if outcome.result else []) if outcome.error is None else []
        if outcome.error is None and not rows:
            continue  # nobody holds it
        _place_row(directory, dn, rows, outcome.error, unplaced, sends, failures, new_lists, made_since)
    return trips + -(-len(dns) // 10)


def _place_named(
    directory: Directory,
    name: str,
    rows: Sequence[Mapping[str, Any]],
    error: TenantError | None,
    forwarders: Sequence[str],
    sends: dict[str, set[str]],
    failures: list[str],
    new_lists: dict[str, str],
    made_since: dict[str, str],
) -> None:
    """Add every recipient a live look-up of the Name `name` found to the `sends` of each mailbox of
    `forwarders` (those that forward to it); a failure when it found none, or one it cannot key (no
    directory id and not a dynamic list)."""
    keys = [_list_key(row) for row in rows]
    if error is not None or not keys or not all(keys):
        why = error or ("no recipient has that Name" if not keys else "a recipient with no directory id")
        failures.append(f"mail is forwarded to {name!r}, which the tenant could not place ({why})")
        return
    for mailbox_id in forwarders:
        sends[mailbox_id].update(keys)
    for key, row in zip(keys, rows, strict=True):
        if directory.get(key) is not None:
            continue
        if str(row.get("RecipientTypeDetails")) == _M365:
            made_since[key] = _live_label(row)  # read through Graph (red team 38)
        elif str(row.get("RecipientTypeDetails")) in _GROUPS:
            new_lists[key] = _live_label(row)


def _is_dn(value: str) -> bool:
    return value.strip()[:3].casefold() == "/o="


def _place_row(
    directory: Directory,
    value: str,
    rows: Sequence[Mapping[str, Any]],
    error: TenantError | None,
    unplaced: Mapping[str, list[str]],
    sends: dict[str, set[str]],
    failures: list[str],
    new_lists: dict[str, str],
    made_since: dict[str, str],
) -> None:
    """Add what a live lookup of `value` found to the `sends` of each mailbox that forwards to it; a
    failure when it found no single recipient with a directory id (or, for a dynamic list, which has
    none, an address: its members are read live as one more hop, red team 36)."""
    found = _list_key(rows[0]) if len(rows) == 1 else ""
    if not found:
        why = error or "no single recipient"
        failures.append(f"mail is forwarded to {value!r}, which the tenant could not place ({why})")
        return
    for mailbox_id in unplaced[value]:
        sends[mailbox_id].add(found)
    if str(rows[0].get("RecipientTypeDetails")) == _M365 and directory.get(found) is None:
        made_since[found] = _live_label(rows[0])
    elif str(rows[0].get("RecipientTypeDetails")) in _GROUPS and directory.get(found) is None:
        new_lists[found] = _live_label(rows[0])


def _live_label(row: Mapping[str, Any]) -> str:
    address = str(row.get("PrimarySmtpAddress") or "").lower()
    name = str(row.get("DisplayName") or "")
    return f"{name} ({address})" if name and address else name or address or "a list"


_LIVE_MEMBERS = frozenset({RecipientKind.DISTRIBUTION_LIST, RecipientKind.MAIL_ENABLED_SECURITY})
"""Kinds of list whose members Get-DistributionGroupMember reads (a Microsoft 365 group's it refuses)."""


def _cached_lists_read_live(
    directory: Directory, sends: Mapping[str, set[str]], ids: set[str], new_lists: dict[str, str]
) -> None:
    """Add to `new_lists` (whose members are read live) each distribution list or mail-enabled security
    group of the cache that mail is forwarded to: a member added to it since the directory was read (info@,
    whose rule redirects to the joined list) was not walked, so Maria's mail reaching the joined list
    through it went unseen (red team 36). A Microsoft 365 group keeps its cached members."""
    for target in sorted({t for targets in sends.values() for t in targets}):
        group = directory.get(target)
        if group is not None and group.kind in _LIVE_MEMBERS and target not in ids and target not in sends:
            new_lists.setdefault(target, group.label())


async def _m365_groups_read_live(
    clients: TenantClients,
    directory: Directory,
    sends: dict[str, set[str]],
    ids: set[str],
    failures: list[str],
    made_since: Mapping[str, str],
) -> tuple[dict[str, str], int]:
    """Make each Microsoft 365 group of the cache that mail is forwarded to (directly, or through a list
    read live) one more hop of `sends`, to its members read live through Graph (`/groups/{id}/members`,
    twenty to a `$batch`; a Microsoft 365 group holds people, no group). Its cached members missed one
    added since: info@, added to Project Phoenix after the directory was read, redirects to the joined
    list, and Maria's mail forwarded to Project Phoenix reached it unseen (red team 37; red team 36 did
    this for distribution lists and security groups, which Get-DistributionGroupMember reads), and each one
    made since the directory was read, placed live (`made_since`, red team 38). A read that fails makes the
    rights unknown. Returns the groups' labels and the round trips spent."""
    wanted = sorted(
        t
        for t in {t for targets in sends.values() for t in targets}
        if t not in ids
        and t not in sends
        and (
            t in made_since
            or ((group := directory.get(t)) is not None and group.kind is RecipientKind.M365_GROUP)
        )
    )
    if not wanted:
        return {}, 0
    try:
        members = await clients.graph.relation_ids(wanted, "members")
    except TenantError as exc:
        failures.append(f"the members of Microsoft 365 groups that mail is forwarded to ({exc})")
        return {}, 1
    labels: dict[str, str] = {}
    for group_id, found in zip(wanted, members, strict=True):
        sends[group_id] = {m.lower() for m in found}
        group = directory.get(group_id)
        labels[group_id] = group.label() if group is not None else made_since.get(group_id, group_id)
    return labels, -(-len(wanted) // 20)


async def _walk_new_lists(
    exchange: Any,
    directory: Directory,
    new_lists: dict[str, str],
    sends: dict[str, set[str]],
    ids: set[str],
    failures: list[str],
    made_since: dict[str, str],
) -> int:
    """Make each list of `new_lists` (placed live, made since the directory was read, or a cached list
    that mail is forwarded to: `_cached_lists_read_live`) one more hop of `sends`, to its members read
    live (`Get-DistributionGroupMember`, ten to a `$batch`), and a list among those members in turn
    (security 27, F1: the chain through such a list ended there, so mail that reached the joined list
    through one of its members' forwarding went unseen; red team 36: the same for a member added since
    to a list the cache holds). A list whose members cannot be read (a failed read) makes the rights
    unknown; one whose members forward nothing hands over nothing. `new_lists` gains the nested ones
    (id -> label); a Microsoft 365 group made since among the members goes to `made_since` instead, read
    through Graph (that cmdlet refuses one: red team 38). Returns the round trips spent.

    A dynamic list (red team 36: an employee's rule redirecting to one made every list join in the tenant
    unknown) is read the same way, its members being those its filter picked
    (`Get-DynamicDistributionGroupMember`, the list Exchange Online delivers its mail to), in the same
    `$batch`es; a read of them that fails keeps the rights unknown, never "nobody"."""
    trips = 0
    todo = sorted(g for g in new_lists if g not in ids and g not in sends)
    while todo:
        try:
            outcomes = await exchange.batch([_members_cmdlet(g) for g in todo])
        except TenantError as exc:
            failures.append(f"the members of lists made since the directory was read ({exc})")
            return trips + 1
        trips += -(-len(todo) // 10)
        following: list[str] = []
        for group, outcome in zip(todo, outcomes, strict=True):
            members: set[str] = set()
            sends[group] = members
            if outcome.error is not None:
                failures.append(f"the members of {new_lists[group]}: {outcome.error}")
                continue
            for row in outcome.result.value if outcome.result else []:
                member = _list_key(row)
                if not member:
                    failures.append(f"a member of {new_lists[group]} has no directory id")
                    continue
                members.add(member)
                cached = directory.get(member)
                if str(row.get("RecipientTypeDetails")) == _M365 and cached is None:
                    made_since[member] = _live_label(row)  # read through Graph (red team 38)
                elif (
                    str(row.get("RecipientTypeDetails")) in _GROUPS
                    and (cached is None or cached.kind in _LIVE_MEMBERS)
                    and member not in ids
                    and member not in sends
                    and member not in new_lists
                ):
                    new_lists[member] = _live_label(row)
                    following.append(member)
        todo = sorted(set(following))
    return trips


def _through_lists(directory: Directory, sends: dict[str, set[str]], ids: set[str]) -> dict[str, str]:
    """Make each list that mail is forwarded to (other than the groups `ids`) one more hop of `sends`, to
    its members as the directory holds them (a nested list in turn): Maria forwards to a list that info@ is
    on, and info@'s rule redirects to the joined list, so joining it reads Maria's mail (red team 33; such
    chains were not followed). Returns the lists' labels, for the way the mail passes."""
    labels: dict[str, str] = {}
    todo = sorted({t for targets in sends.values() for t in targets})
    while todo:
        target = todo.pop()
        if target in ids or target in sends:
            continue
        group = directory.get(target)
        if group is None or not group.is_group:
            continue
        members = {m.recipient_id for m in directory.members(target)}
        sends[target] = members
        labels[target] = group.label()
        todo += sorted(members)
    return labels


def _forwarded_through(
    start: str, sends: Mapping[str, set[str]], ids: set[str]
) -> dict[str, tuple[str, ...]]:
    """The groups among `ids` that `start`'s mail reaches through forwarding (its own, and that of each
    mailbox or list it is forwarded to in turn, to the end of the chain), each with the mailboxes and
    lists it passes on the way (the shortest way). Each hop is followed once, so a loop ends and the walk
    is bounded by the mailboxes and lists read. (security 27, F6: a bound of five hops made any longer
    chain, anywhere in the tenant and wherever it led, an unknown that refused every list join.)"""
    reached: dict[str, tuple[str, ...]] = {}
    path: dict[str, tuple[str, ...]] = {start: ()}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for here in frontier:
            way = path[here] + ((here,) if here != start else ())
            for there in sorted(sends.get(here, ())):
                if there in ids:
                    reached.setdefault(there, way)
                elif there in sends and there not in path:
                    path[there] = way
                    following.append(there)
        frontier = following
    return reached


_FREE_BUSY = frozenset({"none", "availabilityonly"})
"""Calendar rights that show no more than the Default entry does to everyone: not access to the calendar."""


async def _folder_rights(
    exchange: Any,
    directory: Directory,
    groups: list[Recipient],
    boxes: Sequence[Mapping[str, Any]],
    mailbox: Callable[[Mapping[str, Any]], tuple[str, str, bool]],
    failures: list[str],
    named: Mapping[str, str],
) -> list[HeldRight]:
    """The folder permissions `groups` hold that give a member someone's mail or calendar (red team 27):
    reading a mailbox's Inbox (right "Inbox", weighed as Full Access is), and more than free/busy on a
    person's calendar (right "Calendar", which no employee may ask for on a colleague's calendar either).

    Exchange prints a folder entry's user by display name: one the directory cannot name for sure (a name
    two recipients share) is matched with the groups' own names, and when it may still be one of them the
    rights count as unknown (never as held by nobody)."""
    if not boxes:
        return []
    ids = {g.recipient_id for g in groups}
    names = {str(v).casefold(): g.recipient_id for g in groups for v in (g.display_name, g.alias) if v}
    try:
        stats = await exchange.batch(
            [
                Cmdlet("Get-MailboxFolderStatistics", {"Identity": _identity(b), "FolderScope": "All"})
                for b in boxes
            ]
        )
        folders: list[tuple[Mapping[str, Any], str, str]] = []
        for box, outcome in zip(boxes, stats, strict=True):
            rows = outcome.result.value if outcome.result is not None else []
            for kind in ("Inbox", "Calendar") if mailbox(box)[2] else ("Inbox",):
                folders.append((box, kind, folder_identity(_identity(box), rows, kind)))
        answers = await exchange.batch(
            [Cmdlet("Get-MailboxFolderPermission", {"Identity": f}) for _, _, f in folders]
        )
    except TenantError as exc:
        failures.append(f"folder permissions: {exc}")
        return []
    held: list[HeldRight] = []
    for (box, kind, folder), outcome in zip(folders, answers, strict=True):
        if outcome.error is not None:
            failures.append(f"{folder}: {outcome.error}")
            continue
        mailbox_id, label, person = mailbox(box)
        for entry in map(FolderPermission.parse, outcome.result.value if outcome.result else []):
            if not (
                entry.reads_items if kind == "Inbox" else {r.casefold() for r in entry.rights} - _FREE_BUSY
            ):
                continue
            found = identify(directory, entry.address or entry.user)
            carrier = (
                found.recipient_id
                if found is not None
                # their Exchange Names, read live (red team 32), before a display name or an alias
                else named.get(name_key(entry.user)) or names.get(entry.user.casefold())
            )
            if carrier in ids:
                # Before the built-in entries: a group may be named 'Default' (red team 27).
                held.append(HeldRight(carrier, kind, mailbox_id, label, person, level=_level(entry)))
            elif entry.user.casefold() in {"default", "anonymous"}:
                continue  # everyone (or nobody signed in): joining a group adds nothing to it
            elif found is None and directory.named(entry.user):
                # A display name the directory holds more than once: it may be one of the groups.
                failures.append(f"{folder}: {entry.user!r} names more than one recipient")
    return held


def _level(entry: FolderPermission) -> str:
    """`HeldRight.level` of a folder entry, in one order whatever order a read prints it in (a reordering
    must not read as a raised level). Never '': the entries kept grant something."""
    rights = ", ".join(sorted(entry.rights, key=str.casefold))
    flags = sorted((f.strip() for f in entry.sharing_flags.split(",") if f.strip()), key=str.casefold)
    return f"{rights}; {', '.join(flags)}" if flags else rights


def _identity(box: Mapping[str, Any]) -> str:
    return str(box.get("PrimarySmtpAddress") or box.get("ExternalDirectoryObjectId"))


@dataclass
class SharedScan:
    """One decision's read of what groups hold, shared by the pages it is made in.

    A bulk request's confirmation and approval decide its steps a page at a time (`run_chunk`); each page
    reading every mailbox again made a 5,000-person add cost ten tenant-wide scans where one add costs one
    (red team 24). The pages of one decision are read one after the other within seconds, so they share
    the first page's read when it covers their groups. A run does not share it: each of its chunks is
    decided on a read made right before that chunk's writes."""

    rights: ListRights | None = None


async def with_list_rights(
    clients: TenantClients,
    directory: Directory,
    org: Org,
    steps: Iterable[Step],
    shared: SharedScan | None = None,
) -> Org:
    """`org` with the mailbox rights of every group `steps` add someone to (or that such a group sits in),
    and the mailboxes whose mail is forwarded to them, read live once for all of them (or taken from
    `shared` when it read them), and the mailboxes whose mail is forwarded to an address a step gives
    (`given_addresses`); `org` itself when no step adds anyone to a group or gives an address."""
    carriers: dict[str, Recipient] = {}
    addresses = given_addresses(steps := list(steps), directory)
    for step in steps:
        if isinstance(step, DistributionListMembership) and step.change == "add":
            group = org.find(step.group)
            if group is not None and group.is_group:
                carriers.update((c.recipient_id, c) for c in org.list_mail_carriers(group)[0])
    if not carriers and not addresses:
        return org
    wanted = set(carriers) | {address_carrier(a) for a in addresses}
    if shared is not None and shared.rights is not None and wanted <= shared.rights.read:
        return replace(org, list_rights=shared.rights)
    rights = await read_list_rights(clients, directory, carriers.values(), addresses)
    if shared is not None:
        shared.rights = rights
    return replace(org, list_rights=rights)


def given_addresses(steps: Iterable[Step], directory: Directory | None = None) -> list[str]:
    """The addresses `steps` give a recipient that it may not hold yet: a primary address change's new
    address, a new list's address (security 26), and with `directory` every address Exchange gives the new
    list beside it (alias@<tenant>.onmicrosoft.com: directory/automatic_addresses.py, security 28). Mail
    forwarded to one reaches whoever is given it."""
    out: dict[str, None] = {}
    for step in steps:
        if directory is not None and isinstance(step, DistributionListLifecycle) and step.change == "create":
            out.update(dict.fromkeys(new_list_addresses(directory, step.group)))
        given = (
            step.new_address
            if isinstance(step, ChangePrimaryAlias)
            else step.group
            if isinstance(step, DistributionListLifecycle) and step.change == "create"
            else None
        )
        if given is None:
            continue
        try:
            out[normalize_address(given)] = None
        except ValueError:
            continue  # not an address: the action refuses it
    return list(out)
