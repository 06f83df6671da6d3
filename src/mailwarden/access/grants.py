"""Every current grant on a mailbox, a list, or held by a person, read live from the tenant.

A grant is one right one holder has on one resource: Full Access, Send As, Send on Behalf (Exchange
permissions), a calendar permission (the calendar folder's entries, Default and Anonymous left out: they
are everyone's, not a delegation), list membership, forwarding (the forwarding target 'holds' the
mailbox's incoming mail), and rule forwarding: each target of an enabled Inbox rule that forwards or
redirects (ForwardTo, RedirectTo, ForwardAsAttachmentTo) receives that mail as a forwarding target does,
whoever made the rule, so an admin reviewing who receives a mailbox's mail sees it beside ForwardingAddress
(security leftover 25). mailwarden never writes rules: a review keeps such a grant or says to remove the
rule in Exchange. Each is keyed by directory ids where the directory knows the holder, so the same grant
made under an old address is still recognised (`GrantKey`).

Cost. A mailbox: Get-Mailbox, Get-MailboxPermission, Get-RecipientPermission, the calendar folder and its
permissions, its Inbox rules (6 cmdlets). A list: its members (1). A person: one paged Get-Mailbox listing
of every mailbox (Send on Behalf and forwarding come with it), then per mailbox Full Access and Send As
(through $batch, as the delegation report does), the calendar (two more $batch rounds) and the Inbox rules
(one more), and Graph's memberOf (1 paged read). Recipients Exchange prints by Name or DN are placed live,
one Get-Recipient per distinct value, ten to a $batch, none when there are none: each ForwardingAddress and
each GrantSendOnBehalfTo Name, and each Full Access / Send As holder printed by Name (a group: sec40)
(`Get-Recipient -Filter "Name -eq ..."`), and each Inbox rule target printed
by LegacyExchangeDN (`-Identity <DN>` and `-Filter "EmailAddresses -eq 'X500:<DN>'"`), never
matched on the cached directory's aliases and display names (sec34, sec37).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel

from mailwarden.actions.base import ActionContext
from mailwarden.actions.delegation_report import Grant, read_grants
from mailwarden.actions.inbox_rules import forwarding_rules, inbox_rules_cmdlet
from mailwarden.actions.rule_targets import NAME_FIELDS, Placed, placed_holders, rule_target_places
from mailwarden.actions.views import KIND_LABELS, MAILBOX_KINDS, identify_object
from mailwarden.connectors.exchange import BATCH_SIZE, Cmdlet, CmdletOutcome
from mailwarden.connectors.models import FolderPermission
from mailwarden.connectors.opath import by_name
from mailwarden.directory.identify import identify
from mailwarden.errors import ConfigError, NotFound, TenantError
from mailwarden.model.recipients import Recipient, RecipientKind, strip_proxy_prefix

__all__ = [
    "GrantKey",
    "GrantKind",
    "LiveGrant",
    "UnreadRules",
    "grants_held_by",
    "grants_on_group",
    "grants_on_mailbox",
]

GrantKind = Literal[
    "full_access", "send_as", "send_on_behalf", "calendar", "member", "forwarding", "rule_forwarding"
]
GrantKey = tuple[str, str, str]
"""(kind, resource id, holder id): what identifies one grant whatever address either side has now."""

_RIGHTS: Mapping[str, GrantKind] = {
    "FullAccess": "full_access",
    "SendAs": "send_as",
    "SendOnBehalf": "send_on_behalf",
}
_MAILBOX_SELECT = [
    "ExternalDirectoryObjectId",
    "DisplayName",
    "PrimarySmtpAddress",
    "UserPrincipalName",
    "RecipientTypeDetails",
    "GrantSendOnBehalfTo",
    "ForwardingAddress",
    "ForwardingSmtpAddress",
    "DeliverToMailboxAndForward",
]
_GROUP_KINDS = (
    RecipientKind.DISTRIBUTION_LIST,
    RecipientKind.MAIL_ENABLED_SECURITY,
    RecipientKind.M365_GROUP,
)


class LiveGrant(BaseModel):
    """One right one holder has on one resource now, as the tenant shows it."""

    kind: GrantKind
    resource_id: str
    resource: str
    """The resource's label: 'Support (support@acme.com)'."""
    resource_address: str
    resource_kind: str
    holder_id: str
    """The holder's directory id, or what the tenant printed when the directory does not know them."""
    holder: str
    holder_address: str | None
    detail: str | None = None
    """The calendar access level, 'keeps a copy' for forwarding, or the rules that forward for rule
    forwarding ("rule 'to assistants' redirects")."""

    @property
    def key(self) -> GrantKey:
        return (self.kind, self.resource_id, self.holder_id)


class UnreadRules(BaseModel):
    """A mailbox whose Inbox rules could not be read, or whose forwarding's target (printed by Name) could
    not be placed: who a rule of it, or its forwarding, sends its mail to is unknown."""

    mailbox_id: str
    mailbox: str
    """'Maria Garcia (maria.garcia@acme.com)'."""
    mailbox_address: str
    error: str
    """What the tenant answered."""
    about: Literal["rules", "forwarding", "send_on_behalf", "rule_target", "full_access", "send_as"] = "rules"
    """What is unknown: where its Inbox rules send mail (unread), where its forwarding does (a
    ForwardingAddress Name the tenant could not place), who holds Send on Behalf of it (a GrantSendOnBehalfTo
    Name it could not place), where a forwarding rule sends mail (a rule target it could not place), or who
    holds Full Access or Send As on it (a holder printed by Name it could not place: sec40)."""


_UNPLACED_ABOUT: Mapping[str, Literal["send_on_behalf", "full_access", "send_as"]] = {
    "SendOnBehalf": "send_on_behalf",
    "FullAccess": "full_access",
    "SendAs": "send_as",
}


def _resource(r: Recipient) -> dict[str, str]:
    return {
        "resource_id": r.recipient_id,
        "resource": r.label(),
        "resource_address": r.primary_address,
        "resource_kind": KIND_LABELS[r.kind],
    }


def _holder(ctx: ActionContext, printed: str, address: str | None = None) -> dict[str, Any]:
    found = identify(ctx.directory, address) if address else None
    found = found or identify(ctx.directory, printed)
    if found is None:
        return {"holder_id": printed.lower(), "holder": printed, "holder_address": address}
    return {"holder_id": found.recipient_id, "holder": found.label(), "holder_address": found.primary_address}


def _box_resource(ctx: ActionContext, box: Mapping[str, Any]) -> dict[str, str]:
    known = identify_object(ctx.directory, box)
    if known is not None:
        return _resource(known)
    address = str(box.get("PrimarySmtpAddress") or "").lower()
    kind = MAILBOX_KINDS.get(str(box.get("RecipientTypeDetails")), RecipientKind.USER)
    return {
        "resource_id": str(box.get("ExternalDirectoryObjectId") or address).lower(),
        "resource": f"{box.get('DisplayName') or address} ({address})",
        "resource_address": address,
        "resource_kind": KIND_LABELS[kind],
    }


def _forwarding(ctx: ActionContext, box: Mapping[str, Any], placed: Placed | None = None) -> list[LiveGrant]:
    """Forwarding as Exchange holds it: ForwardingAddress wins over ForwardingSmtpAddress. `placed`: what a
    live look-up of the ForwardingAddress Name found (`_forwarding_places`): every recipient holding that
    Name holds the forwarding, each a grant of its own; a Name it could not place is shown as printed and
    said to be unplaced, never matched on the cached directory (an alias or a display name it may also be
    is someone else's)."""
    name = str(box.get("ForwardingAddress") or "").strip()
    target = name or box.get("ForwardingSmtpAddress")
    if not target:
        return []
    keeps = "keeps a copy" if box.get("DeliverToMailboxAndForward") else "no copy kept"
    if not name:
        return [
            LiveGrant(
                kind="forwarding",
                **_box_resource(ctx, box),
                **_holder(ctx, strip_proxy_prefix(str(target))),
                detail=keeps,
            )
        ]
    if placed is None or isinstance(placed, str):
        why = placed or "it was not looked up"
        return [
            LiveGrant(
                kind="forwarding",
                **_box_resource(ctx, box),
                holder_id=name.lower(),
                holder=f"{name} (the tenant could not say which recipient has this Name: {why})",
                holder_address=None,
                detail=keeps,
            )
        ]
    shared = f"; {len(placed)} recipients have the Name {name!r}, each counted" if len(placed) > 1 else ""
    return [
        LiveGrant(kind="forwarding", **_box_resource(ctx, box), **holder, detail=keeps + shared)
        for holder in placed
    ]


async def _forwarding_places(ctx: ActionContext, boxes: Sequence[Mapping[str, Any]]) -> list[Placed | None]:
    """Where each mailbox's ForwardingAddress Name is, looked up live with
    `Get-Recipient -Filter "Name -eq '<Name>'"` (ten to a $batch; none when no mailbox forwards by Name).

    Exchange prints ForwardingAddress as the target's Name, which need be neither its alias nor its display
    name. Placed with `identify`, billing@'s forwarding to info@ (Name 'Tom Becker', Tom's display name) was
    shown as Tom's (red team 33); placed with `-Identity`, which also takes an alias, a Name that is another
    recipient's alias matched both and failed, and the cache's guess showed Tom again (sec34, Name
    'tom.becker'). The filter matches the Name alone. Every recipient it finds counts (a Name two recipients
    share: either may get the mail, so both are shown, never the first); none found, or a failed read,
    leaves the Name unplaced (the reason, a string), never guessed."""
    names = [str(b.get("ForwardingAddress") or "").strip() for b in boxes]
    looked = await by_name(
        ctx.clients.exchange, names, NAME_FIELDS, parallel=ctx.clients.connection.max_concurrency
    )
    return [placed_holders(ctx, looked[n]) if n else None for n in names]


def _rule_grants(
    ctx: ActionContext,
    box: Mapping[str, Any],
    rules: Sequence[Mapping[str, Any]],
    places: Mapping[str, Placed],
    unplaced: list[str] | None = None,
) -> list[LiveGrant]:
    """Each target of the mailbox's enabled forwarding rules, once per target (its rules in `detail`). A
    target printed by DN (or a bare Name) is where `places` found it live, every recipient holding it a
    grant of its own; one it could not place is shown as printed, said, and its why added to `unplaced`.
    A target printed by SMTP address is placed by that address, else kept as printed."""
    out: dict[str, LiveGrant] = {}

    def add(holder_id: str, holder: str, address: str | None, how: str) -> None:
        known = out.get(holder_id)
        if known is not None:
            known.detail = f"{known.detail}; {how}"
            return
        out[holder_id] = LiveGrant(
            kind="rule_forwarding",
            **_box_resource(ctx, box),
            holder_id=holder_id,
            holder=holder,
            holder_address=address,
            detail=how,
        )

    for fwd in forwarding_rules(ctx.directory, rules):
        how = f"rule {fwd.rule!r} {fwd.action.removesuffix(' to')}"
        placed = places.get(fwd.identity) if fwd.identity and "@" not in fwd.identity else None
        if isinstance(placed, list):
            shared = (
                f" ({len(placed)} recipients answer to that target, each counted)" if len(placed) > 1 else ""
            )
            for h in placed:
                known = ctx.directory.get(h["holder_id"])
                outside = h.get("outside") or (known is not None and not known.internal)
                where = " (outside the organisation)" if outside else ""
                add(h["holder_id"], f"{h['holder']}{where}", h["holder_address"], how + shared)
            continue
        if fwd.identity and "@" not in fwd.identity:
            why = placed or "it was not looked up"
            if unplaced is not None:
                unplaced.append(
                    f"rule {fwd.rule!r} sends mail to {fwd.target!r}, which the tenant could not place "
                    f"({why})"
                )
            add(
                fwd.identity.lower(),
                f"{fwd.target} (the tenant could not say which recipient this is: {why})",
                None,
                how,
            )
            continue
        found = ctx.directory.get(fwd.target_id) if fwd.target_id else None
        if found is not None:
            add(found.recipient_id, found.label(), found.primary_address, how)
        else:
            where = " (outside the organisation)" if fwd.outside else " (not found in the directory)"
            add((fwd.identity or fwd.target).lower(), f"{fwd.target}{where}", fwd.identity or None, how)
    return list(out.values())


async def _rules(
    ctx: ActionContext, boxes: Sequence[Mapping[str, Any]], unread: list[UnreadRules] | None
) -> list[list[Mapping[str, Any]]]:
    """Each mailbox's Inbox rules, hidden ones included, ten mailboxes to a $batch. A rule set that cannot
    be read is never taken for one that forwards nothing: it raises TenantError, or, with `unread`, is
    recorded there (and given as no rules) so that what could be read is still answered (F7: one mailbox's
    unreadable rules made the access view fail for everyone)."""
    identities = [str(b.get("PrimarySmtpAddress") or b.get("ExternalDirectoryObjectId")) for b in boxes]
    out: list[list[Mapping[str, Any]]] = []
    for box, identity, outcome in zip(
        boxes, identities, await _batched(ctx, [inbox_rules_cmdlet(i) for i in identities]), strict=True
    ):
        if outcome.error is not None:
            if unread is None:
                raise TenantError(f"Could not read the Inbox rules of {identity}: {outcome.error}")
            where = _box_resource(ctx, box)
            unread.append(
                UnreadRules(
                    mailbox_id=where["resource_id"],
                    mailbox=where["resource"],
                    mailbox_address=where["resource_address"],
                    error=str(outcome.error),
                )
            )
            out.append([])
            continue
        out.append(list(outcome.result.value if outcome.result is not None else []))
    return out


def _calendar_grants(
    ctx: ActionContext, box: Mapping[str, Any], entries: Sequence[FolderPermission]
) -> list[LiveGrant]:
    out = []
    for entry in entries:
        if entry.builtin is not None or entry.grants_nothing:
            continue  # Default and Anonymous are everyone's settings, not a delegation to a person
        out.append(
            LiveGrant(
                kind="calendar",
                **_box_resource(ctx, box),
                **_holder(ctx, entry.user, entry.address),
                detail=", ".join(entry.rights),
            )
        )
    return out


async def _batched(ctx: ActionContext, commands: Sequence[Cmdlet]) -> list[CmdletOutcome]:
    """`commands` through $batch, several batches in flight within the tenant's concurrency limit (the
    client's own `batch` sends its batches one after another)."""
    gate = asyncio.Semaphore(ctx.clients.connection.max_concurrency)

    async def one(chunk: Sequence[Cmdlet]) -> list[CmdletOutcome]:
        async with gate:
            return await ctx.clients.exchange.batch(chunk)

    chunks = [commands[i : i + BATCH_SIZE] for i in range(0, len(commands), BATCH_SIZE)]
    return [outcome for done in await asyncio.gather(*(one(c) for c in chunks)) for outcome in done]


async def _calendar_entries(
    ctx: ActionContext, boxes: Sequence[Mapping[str, Any]], user: str | None
) -> list[list[FolderPermission]]:
    """Each mailbox's calendar entries (only `user`'s when given), in two $batch rounds."""
    identities = [str(b.get("PrimarySmtpAddress") or b.get("ExternalDirectoryObjectId")) for b in boxes]
    stats = await _batched(
        ctx,
        [
            Cmdlet("Get-MailboxFolderStatistics", {"Identity": i, "FolderScope": "Calendar"})
            for i in identities
        ],
    )
    folders = []
    for identity, outcome in zip(identities, stats, strict=True):
        rows = outcome.result.value if outcome.result is not None else []
        default = next((f for f in rows if f.get("FolderType") == "Calendar"), None)
        name = str(default.get("Name")) if default and default.get("Name") else "Calendar"
        folders.append(f"{identity}:\\{name}")
    params = [{"Identity": f} | ({"User": user} if user else {}) for f in folders]
    answers = await _batched(ctx, [Cmdlet("Get-MailboxFolderPermission", p) for p in params])
    out: list[list[FolderPermission]] = []
    for answer in answers:
        if answer.error is not None and (user is None or not isinstance(answer.error, NotFound)):
            raise answer.error  # an unread calendar is never taken for one that shares nothing
        rows = answer.result.value if answer.result is not None else []  # NotFound: no entry for `user`
        out.append([FolderPermission.parse(r) for r in rows])
    return out


async def grants_on_mailbox(
    ctx: ActionContext, mailbox: Recipient, *, unread: list[UnreadRules] | None = None
) -> list[LiveGrant]:
    """Who can open, send as, send on behalf of, see the calendar of, or receive the mail of `mailbox`.
    Inbox rules that cannot be read raise TenantError, or with `unread` are recorded there."""
    if not mailbox.is_mailbox:
        raise ConfigError(f"{mailbox.label()} is not a mailbox; ask with --group for a list's members.")
    box = await ctx.clients.exchange.get_mailbox(mailbox.primary_address, select=_MAILBOX_SELECT)
    return await _mailbox_grants(ctx, [box], holder=None, unread=unread)


async def _mailbox_grants(
    ctx: ActionContext,
    boxes: Sequence[Mapping[str, Any]],
    holder: Recipient | None,
    unread: list[UnreadRules] | None = None,
) -> list[LiveGrant]:
    unplaced: list[Grant] = []
    rights, failures = await read_grants(ctx, boxes, unplaced=unplaced)
    if failures:
        raise TenantError(f"Could not read every mailbox's permissions: {failures[0]}")
    found: list[LiveGrant] = [
        LiveGrant(
            kind=_RIGHTS[g.right],
            resource_id=g.mailbox_id,
            resource=g.mailbox,
            resource_address=g.mailbox_address,
            resource_kind=g.mailbox_kind,
            holder_id=g.trustee_id or g.trustee.lower(),
            holder=f"{g.trustee} ({g.detail})" if g in unplaced else g.trustee,
            holder_address=g.trustee_address,
        )
        for g in rights
    ]
    user = holder.primary_address if holder is not None else None
    for box, entries in zip(boxes, await _calendar_entries(ctx, boxes, user), strict=True):
        found += _calendar_grants(ctx, box, entries)
    places = await _forwarding_places(ctx, boxes)
    all_rules = await _rules(ctx, boxes, unread)
    targets = await rule_target_places(ctx, all_rules)
    for box, rules, placed in zip(boxes, all_rules, places, strict=True):
        found += _forwarding(ctx, box, placed)
        lost: list[str] = []
        found += _rule_grants(ctx, box, rules, targets, lost)
        if holder is not None and isinstance(placed, str):
            # Whether this mailbox's mail reaches `holder` is unknown: said, never answered either way.
            _unplaced(ctx, box, placed, unread)
        if holder is not None and lost:
            where = _box_resource(ctx, box)
            _unknown(
                unread,
                UnreadRules(
                    mailbox_id=where["resource_id"],
                    mailbox=where["resource"],
                    mailbox_address=where["resource_address"],
                    error="; ".join(lost),
                    about="rule_target",
                ),
            )
    if holder is not None:
        for g in unplaced:
            # Whether `holder` has this right on this mailbox is unknown: said, never answered either way.
            _unknown(
                unread,
                UnreadRules(
                    mailbox_id=g.mailbox_id,
                    mailbox=g.mailbox,
                    mailbox_address=g.mailbox_address,
                    error=g.detail or g.trustee,
                    about=_UNPLACED_ABOUT[g.right],
                ),
            )
        found = [g for g in found if g.holder_id == holder.recipient_id]
    return found


def _unknown(unread: list[UnreadRules] | None, what: UnreadRules) -> None:
    """Record `what` in `unread`, or raise TenantError without it (as unreadable Inbox rules are)."""
    if unread is None:
        raise TenantError(f"Could not tell who can reach {what.mailbox_address}: {what.error}")
    unread.append(what)


def _unplaced(ctx: ActionContext, box: Mapping[str, Any], why: str, unread: list[UnreadRules] | None) -> None:
    """A mailbox forwarding to a Name the tenant could not place, asked about one holder: recorded in
    `unread` (about="forwarding"), or TenantError without it, as unreadable Inbox rules are."""
    name = str(box.get("ForwardingAddress") or "").strip()
    where = _box_resource(ctx, box)
    error = f"it forwards to the Name {name!r}, which the tenant could not place ({why})"
    if unread is None:
        raise TenantError(f"Could not tell where {where['resource_address']} forwards its mail: {error}")
    unread.append(
        UnreadRules(
            mailbox_id=where["resource_id"],
            mailbox=where["resource"],
            mailbox_address=where["resource_address"],
            error=error,
            about="forwarding",
        )
    )


async def grants_on_group(ctx: ActionContext, group: Recipient) -> list[LiveGrant]:
    """The direct members of a list or group (Exchange for lists, Graph for Microsoft 365 groups)."""
    if group.kind not in _GROUP_KINDS:
        raise ConfigError(f"{group.label()} is not a list or group; ask with --mailbox for a mailbox.")
    if group.kind is RecipientKind.M365_GROUP:
        members = await ctx.clients.graph.group_members(group.recipient_id)
    else:
        members = await ctx.clients.exchange.distribution_group_members(group.primary_address)
    out = []
    for m in members:
        known = (ctx.directory.get(m.id) if m.id else None) or identify(ctx.directory, m.address)
        holder = (
            {
                "holder_id": known.recipient_id,
                "holder": known.label(),
                "holder_address": known.primary_address,
            }
            if known is not None
            else {
                "holder_id": (m.id or m.address or m.display_name or "").lower(),
                "holder": m.display_name or m.address or m.id or "",
                "holder_address": m.address,
            }
        )
        out.append(LiveGrant(kind="member", **_resource(group), **holder))
    return out


async def grants_held_by(
    ctx: ActionContext, person: Recipient, *, unread: list[UnreadRules] | None = None
) -> list[LiveGrant]:
    """What `person` can open, send as, send on behalf of, see, receive, and which lists they are on.
    Inbox rules that cannot be read raise TenantError, or with `unread` are recorded there."""
    exchange = ctx.clients.exchange
    boxes = await exchange.list_mailboxes(list(MAILBOX_KINDS), select=_MAILBOX_SELECT)
    found = await _mailbox_grants(ctx, boxes, holder=person, unread=unread)
    for group in await ctx.clients.graph.list_all(f"/users/{person.recipient_id}/memberOf"):
        known = identify_object(ctx.directory, group)
        if known is None or known.kind not in _GROUP_KINDS:
            continue  # security groups without mail and directory roles are not mail access
        found.append(
            LiveGrant(
                kind="member",
                **_resource(known),
                holder_id=person.recipient_id,
                holder=person.label(),
                holder_address=person.primary_address,
            )
        )
    return found
