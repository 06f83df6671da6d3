"""Read the tenant as it is now: every fact drift compares, at the round-trip minimum.

    all mailboxes          one paged Get-Mailbox (Send on Behalf, forwarding)            ~N/1000 requests
    each Name printed      Get-Recipient -Filter "Name -eq ..." per distinct Name    ~D/10
    (forwarding, Send on   (ForwardingAddress, GrantSendOnBehalfTo), 10 a $batch
    Behalf)
    shared + room + the    Get-MailboxPermission + Get-RecipientPermission per mailbox,
    people's chosen        through Exchange's $batch, 5 mailboxes a batch                 ~(S+P)/5
    shared + room + the    Graph calendarPermissions per mailbox, through $batch, 20 a batch ~(S+P)/20
    people's chosen
    mail-enabled groups    one paged Graph listing, then members through $batch          ~G/20 + G/999

Full Access, Send As and calendar permissions of people's own mailboxes are read only for the people the
scan chooses (scan.py: those the audit log says changed, those mailwarden changed, and a rolling slice):
reading every person's mailbox costs two cmdlets and a Graph request per person, 40,000 cmdlets on a
20,000-person tenant, over 13 minutes of Exchange's 3,000-a-minute budget on every scan. Their forwarding
and Send on Behalf come with the listing, so those are compared on every mailbox every scan. Calendar
permissions are read through Graph, which names the default calendar whatever its localised folder name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mailwarden.actions.base import ActionContext
from mailwarden.actions.delegation_report import read_grants
from mailwarden.connectors.graph import BATCH_SIZE as GRAPH_BATCH
from mailwarden.connectors.graph import GraphBatchRequest
from mailwarden.connectors.opath import by_name
from mailwarden.directory.identify import identify
from mailwarden.drift.facts import Fact
from mailwarden.errors import NotFound, TenantError

__all__ = ["Observed", "list_mailboxes", "observe", "person_ids"]

_ALL_MAILBOXES = ["UserMailbox", "SharedMailbox", "RoomMailbox"]
_SHARED = {"SharedMailbox", "RoomMailbox"}
_MAILBOX_SELECT = [
    "ExternalDirectoryObjectId",
    "DisplayName",
    "PrimarySmtpAddress",
    "UserPrincipalName",
    "RecipientTypeDetails",
    "GrantSendOnBehalfTo",
    "ForwardingAddress",
    "ForwardingSmtpAddress",
    # Exchange takes either Guid as -Identity, and the audit log names the mailbox as it was given
    # (audit_source.by_directory_ids turns them back into the directory id).
    "ExchangeGuid",
    "Guid",
]
_GROUP_SELECT = ["id", "displayName", "mail", "mailEnabled", "groupTypes"]
_RIGHT_KIND = {"FullAccess": "full_access", "SendAs": "send_as"}


@dataclass
class Observed:
    facts: dict[str, Fact] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    """Resources that could not be read (with why): their facts are left as they were, not drift."""
    unread: set[str] = field(default_factory=set)
    """Resource ids whose facts could not be read."""
    covered: dict[str, set[str]] = field(default_factory=dict)
    """Per fact kind, the resources read: a fact elsewhere (a person's calendar) is outside the scan."""

    def covers(self, fact: Fact) -> bool:
        return fact.resource_id in self.covered.get(fact.kind, set()) and fact.resource_id not in self.unread

    def gone(self, fact: Fact) -> bool:
        """The fact's list or mailbox is no longer in the tenant's listing (deleted)."""
        listed = self.covered.get("membership" if fact.kind == "membership" else "forwarding", set())
        return fact.resource_id not in listed and fact.resource_id not in self.unread

    def add(self, fact: Fact) -> None:
        self.facts[fact.key] = fact


async def list_mailboxes(ctx: ActionContext) -> list[dict[str, Any]]:
    """Every mailbox, with what drift compares on each from the listing alone (one paged Get-Mailbox)."""
    return await ctx.clients.exchange.list_mailboxes(_ALL_MAILBOXES, select=_MAILBOX_SELECT)


def person_ids(ctx: ActionContext, mailboxes: Sequence[Mapping[str, Any]]) -> list[str]:
    """The ids of people's own mailboxes in the listing, sorted (the rolling sweep's order)."""
    return sorted(
        rid
        for rid, _a in (
            _mailbox_ref(ctx, b) for b in mailboxes if b.get("RecipientTypeDetails") not in _SHARED
        )
        if rid
    )


async def observe(
    ctx: ActionContext, mailboxes: Sequence[Mapping[str, Any]], people: Collection[str] = ()
) -> Observed:
    """Every delegation, membership, calendar permission and forwarding of the tenant, as it is now; on
    people's own mailboxes, Full Access, Send As and calendar permissions only of `people` (ids)."""
    seen = Observed()
    places = await _name_places(ctx, mailboxes, seen)
    for box in mailboxes:
        _mailbox_settings(ctx, box, seen, places)
    wanted = {p.lower() for p in people}
    read = [
        b for b in mailboxes if b.get("RecipientTypeDetails") in _SHARED or _mailbox_ref(ctx, b)[0] in wanted
    ]
    every, read_ids = (
        {_mailbox_ref(ctx, b)[0] for b in mailboxes},
        {_mailbox_ref(ctx, b)[0] for b in read},
    )
    seen.covered = {"send_on_behalf": every, "forwarding": every, "full_access": read_ids}
    seen.covered |= {"send_as": read_ids, "calendar": read_ids}
    await asyncio.gather(_delegations(ctx, read, seen), _calendars(ctx, read, seen), _memberships(ctx, seen))
    return seen


def _mailbox_ref(ctx: ActionContext, box: Mapping[str, Any]) -> tuple[str, str]:
    rid = str(box.get("ExternalDirectoryObjectId") or "").lower()
    return rid, str(box.get("PrimarySmtpAddress") or "").lower()


def _holder(ctx: ActionContext, printed: str) -> tuple[str, str]:
    found = identify(ctx.directory, printed)
    if found is None:
        return printed.lower(), printed
    return found.recipient_id, found.primary_address


def _id_of(ctx: ActionContext, row: Mapping[str, Any]) -> str:
    """The directory id of a recipient a live read printed (the cache's where it knows it), else its
    address: never matched on a name."""
    rid = str(row.get("ExternalDirectoryObjectId") or "").strip().lower()
    known = ctx.directory.get(rid) if rid else None
    if known is not None:
        return known.recipient_id
    return rid or str(row.get("PrimarySmtpAddress") or "").strip().lower()


def _mailbox_settings(
    ctx: ActionContext, box: Mapping[str, Any], seen: Observed, places: Mapping[str, list[tuple[str, str]]]
) -> None:
    rid, address = _mailbox_ref(ctx, box)
    delegates: set[tuple[str, str]] = set()
    for printed in box.get("GrantSendOnBehalfTo") or []:
        placed = places.get(str(printed).strip())
        if placed is None:
            # The Name could not be placed (`_name_places` said why): left as it was, never guessed.
            seen.unread.add(rid)
            return
        delegates.update(placed)
    for hid, haddr in sorted(delegates):
        seen.add(Fact("send_on_behalf", rid, address, hid, haddr))
    smtp = box.get("ForwardingSmtpAddress")
    internal = str(box.get("ForwardingAddress") or "").strip()
    target = None
    if smtp:
        target = str(smtp).split(":", 1)[-1].lower()
    elif internal:
        placed = places.get(internal)
        if placed is None:
            # The Name could not be placed (`_name_places` said why): left as it was, never guessed.
            seen.unread.add(rid)
            return
        target = ", ".join(sorted(a for _i, a in placed))
    if target:
        seen.add(Fact("forwarding", rid, address, target, target, target))


async def _name_places(
    ctx: ActionContext, mailboxes: Sequence[Mapping[str, Any]], seen: Observed
) -> dict[str, list[tuple[str, str]]]:
    """Each Name the listing printed for a recipient -> (directory id, address) of every recipient holding
    it now (the id: the cache's, else the one printed, else the address), looked up live with
    `Get-Recipient -Filter "Name -eq '<Name>'"` (connectors/opath.py: one per distinct Name, ten to a
    $batch; none when no mailbox forwards by Name or has a Send on Behalf delegate).
    The Names: each ForwardingAddress (where no ForwardingSmtpAddress is set) and each GrantSendOnBehalfTo
    entry.

    Exchange prints both as the recipient's Name, which need be neither its alias nor its display name:
    placed with `identify` on the cached directory (an alias or a display name), billing@'s forwarding to a
    contact outside whose Name is Tom's alias was recorded as forwarding to Tom, inside (sec34), and Send on
    Behalf given to Rachel, whose Name is Tom's alias, as Tom's grant (its revert would take Tom's; sec37).
    Every recipient holding the Name counts (a forwarding's are joined with ", ": either may get the mail,
    and one outside makes it forwarding outside); a Name nobody holds, one printed with no address, or a
    failed look-up is left out (a failure of the scan) and the mailbox's facts are left as they were."""
    names = {
        str(b.get("ForwardingAddress") or "").strip() for b in mailboxes if not b.get("ForwardingSmtpAddress")
    }
    names |= {str(p).strip() for b in mailboxes for p in b.get("GrantSendOnBehalfTo") or []}
    looked = await by_name(
        ctx.clients.exchange,
        names,
        ["ExternalDirectoryObjectId", "PrimarySmtpAddress", "Name"],
        parallel=ctx.clients.connection.max_concurrency,
    )
    places: dict[str, list[tuple[str, str]]] = {}
    for name, rows in looked.items():
        if isinstance(rows, TenantError):
            seen.failures.append(f"the Name {name!r}: the tenant could not place it ({rows})")
            continue
        found = [(_id_of(ctx, r), str(r.get("PrimarySmtpAddress") or "").strip().lower()) for r in rows]
        if found and all(a for _i, a in found):
            places[name] = found
            continue
        why = "no recipient has it now" if not found else "a recipient with it has no address"
        seen.failures.append(f"the Name {name!r}: the tenant could not place it ({why})")
    return places


async def _delegations(ctx: ActionContext, shared: Sequence[Mapping[str, Any]], seen: Observed) -> None:
    grants, failures = await read_grants(ctx, shared)
    seen.failures += failures
    for failure in failures:
        address = failure.split(":", 1)[0].lower()
        seen.unread |= {rid for rid, addr in (_mailbox_ref(ctx, b) for b in shared) if addr == address}
    for grant in grants:
        kind = _RIGHT_KIND.get(grant.right)
        if kind is None:
            continue  # Send on Behalf came with the listing
        if grant.trustee_id is None and grant.detail:
            continue  # a holder printed by Name the tenant could not place: a failure above, never a fact
        holder_id = grant.trustee_id or grant.trustee.lower()
        seen.add(
            Fact(
                kind,  # type: ignore[arg-type]
                grant.mailbox_id,
                grant.mailbox_address,
                holder_id,
                grant.trustee_address or grant.trustee,
            )
        )


async def _calendars(ctx: ActionContext, shared: Sequence[Mapping[str, Any]], seen: Observed) -> None:
    refs = [_mailbox_ref(ctx, b) for b in shared]
    requests = [GraphBatchRequest("GET", f"/users/{rid}/calendar/calendarPermissions") for rid, _a in refs]
    gate = asyncio.Semaphore(ctx.clients.connection.max_concurrency)

    async def run(start: int) -> None:
        async with gate:
            try:
                answers = await ctx.clients.graph.batch(requests[start : start + GRAPH_BATCH])
            except TenantError as exc:
                for rid, address in refs[start : start + GRAPH_BATCH]:
                    seen.failures.append(f"{address}: calendar: {exc}")
                    seen.unread.add(rid)
                return
        for (rid, address), answer in zip(refs[start : start + GRAPH_BATCH], answers, strict=True):
            if isinstance(answer.error, NotFound):
                continue
            if answer.error is not None:
                seen.failures.append(f"{address}: calendar: {answer.error}")
                seen.unread.add(rid)
                continue
            entries = list(answer.body.get("value", []))
            if answer.body.get("@odata.nextLink"):  # a long list pages like any other: read it to the end
                try:
                    entries += await ctx.clients.graph.list_all(str(answer.body["@odata.nextLink"]))
                except TenantError as exc:
                    seen.failures.append(f"{address}: calendar: {exc}")
                    seen.unread.add(rid)
                    continue
            for entry in entries:
                _calendar_fact(ctx, rid, address, entry, seen)

    await asyncio.gather(*(run(i) for i in range(0, len(requests), GRAPH_BATCH)))


def _calendar_fact(
    ctx: ActionContext, rid: str, address: str, entry: Mapping[str, Any], seen: Observed
) -> None:
    email = entry.get("emailAddress") or {}
    role = str(entry.get("role") or "")
    if not email.get("address"):
        if email.get("name") == "My Organization":
            seen.add(Fact("calendar", rid, address, "default", "everyone in the organisation", role))
        return  # Anonymous: publishing, not a grant to anyone
    hid, haddr = _holder(ctx, str(email["address"]))
    seen.add(Fact("calendar", rid, address, hid, haddr, role))


async def _memberships(ctx: ActionContext, seen: Observed) -> None:
    groups = await ctx.clients.graph.groups(filter="mailEnabled eq true", select=_GROUP_SELECT)
    ids = [str(g["id"]).lower() for g in groups]
    seen.covered["membership"] = set(ids)
    members = await ctx.clients.graph.relation_ids(
        ids, "members", parallel=ctx.clients.connection.max_concurrency
    )
    for group, member_ids in zip(groups, members, strict=True):
        gid = str(group["id"]).lower()
        gaddr = str(group.get("mail") or group.get("displayName") or gid).lower()
        for mid in member_ids:
            known = ctx.directory.get(mid.lower())
            seen.add(
                Fact("membership", gid, gaddr, mid.lower(), known.primary_address if known else mid.lower())
            )
