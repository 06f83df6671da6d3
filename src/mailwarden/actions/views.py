"""The read views of DESIGN §4: each reads the tenant live through the connectors and returns a `View`.

People and resources are named as "Display Name (primary@address)", found in the directory from whatever
Exchange printed for them. Exchange prints a recipient in several ways (a UPN in permission entries, a Name
in ManagedBy, GrantSendOnBehalfTo and ForwardingAddress, a display name in calendar entries); `identify`
(mailwarden.directory.identify) turns any of them into the one recipient it names, and a view leaves a
value it cannot place as printed (a group from another forest). Who holds a permission is decided by the
connectors' one rule (`holds`): built-in principals and bare SIDs of deleted accounts hold nothing.

A view about one object reads it as the step names it (`ActionContext.identity`): by its directory id when
the step was approved for that object, since an address moved seconds ago may still lead Exchange's reads
to its old or new holder; by address otherwise (a preview, or a request stored before steps were bound).

Views refuse nonsense (Full Access of a distribution list, the members of a mailbox) with a ConfigError:
the request, not the tenant, is wrong.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from pydantic import JsonValue

from mailwarden.actions.base import ActionContext, View, ViewAction
from mailwarden.actions.inbox_rules import inbox_rules_cmdlet
from mailwarden.actions.rule_targets import placed_rule_forwards, rule_target_places
from mailwarden.connectors.exchange import Cmdlet
from mailwarden.connectors.models import GroupMember, MailboxPermission, RecipientPermission, holders
from mailwarden.connectors.opath import by_name, printed_by_name
from mailwarden.directory.discovery import join_restriction
from mailwarden.directory.identify import identify
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ConfigError, TenantError
from mailwarden.model.recipients import Recipient, RecipientKind, strip_proxy_prefix
from mailwarden.model.steps import (
    DelegationReport,
    ListDistributionLists,
    ListGroupMembers,
    ListSharedMailboxes,
    ViewCalendarPermissions,
    ViewMailboxDetails,
    ViewMailboxPermissions,
    ViewSendAsPermissions,
)

__all__ = [
    "KIND_LABELS",
    "MAILBOX_KINDS",
    "VIEWS",
    "delegates_of",
    "full_access_holders",
    "identify",
    "identify_object",
    "list_distribution_lists",
    "list_group_members",
    "list_shared_mailboxes",
    "named",
    "send_as_holders",
    "view_calendar_permissions",
    "view_mailbox_details",
    "view_mailbox_permissions",
    "view_send_as_permissions",
]

KIND_LABELS: Mapping[RecipientKind, str] = {
    RecipientKind.USER: "user",
    RecipientKind.SHARED_MAILBOX: "shared mailbox",
    RecipientKind.ROOM_MAILBOX: "room mailbox",
    RecipientKind.DISTRIBUTION_LIST: "distribution list",
    RecipientKind.MAIL_ENABLED_SECURITY: "mail-enabled security group",
    RecipientKind.M365_GROUP: "Microsoft 365 group",
    RecipientKind.CONTACT: "contact",
    RecipientKind.GUEST: "guest",
}
MAILBOX_KINDS: Mapping[str, RecipientKind] = {
    "UserMailbox": RecipientKind.USER,
    "SharedMailbox": RecipientKind.SHARED_MAILBOX,
    "RoomMailbox": RecipientKind.ROOM_MAILBOX,
}
"""Exchange's RecipientTypeDetails of a mailbox -> its kind."""
_GRAPH_KINDS = {
    "#microsoft.graph.user": RecipientKind.USER,
    "#microsoft.graph.group": RecipientKind.DISTRIBUTION_LIST,
    "#microsoft.graph.orgContact": RecipientKind.CONTACT,
}
# What each calendar role lets the grantee see, in words (Exchange's role names, DESIGN §4's levels).
_CALENDAR_MEANING = {
    "none": "nothing",
    "availabilityonly": "free/busy only",
    "limiteddetails": "free/busy, subject and location",
    "reviewer": "every detail, read-only",
    "editor": "every detail, and can change items",
    "author": "every detail, and can change own items",
    "publishingeditor": "every detail, can change items and create folders",
    "owner": "everything, including the folder's permissions",
}


# ---- naming what Exchange printed ------------------------------------------------------------------


def identify_object(directory: Directory, obj: Mapping[str, Any]) -> Recipient | None:
    """A recipient from an Exchange or Graph object: by its directory id first, then its addresses."""
    for key in ("ExternalDirectoryObjectId", "id", "PrimarySmtpAddress", "mail", "userPrincipalName", "Name"):
        found = identify(directory, obj.get(key))
        if found is not None:
            return found
    return None


def named(directory: Directory, printed: object) -> str:
    """How a view shows a printed identity: the recipient's label, or the value itself when unknown."""
    found = identify(directory, printed)
    return found.label() if found is not None else str(printed)


async def name_labels(ctx: ActionContext, names: Iterable[str]) -> dict[str, str]:
    """How a view shows each recipient Exchange printed by Name (ForwardingAddress, GrantSendOnBehalfTo):
    every recipient holding the Name now, looked up live on the Name alone (connectors/opath.py: one
    request per ten distinct Names, none for none), by the cache's label where it knows the id; a Name the
    tenant could not place is shown as printed and said so, never matched on an alias or display name
    (another recipient's may be this Name: sec37)."""
    out: dict[str, str] = {}
    for name, placed in (await _name_holders(ctx, names)).items():
        if isinstance(placed, str):
            out[name] = f"{name} ({placed})"
            continue
        out[name] = " or ".join(label for label, _ in placed)
    return out


async def _name_holders(ctx: ActionContext, names: Iterable[str]) -> dict[str, list[tuple[str, str]] | str]:
    """Each distinct Name -> (label, address) of every recipient holding it now, looked up live on the Name
    alone (connectors/opath.py), or why the tenant could not place it (a failed read, nobody holds it)."""
    fields = ["ExternalDirectoryObjectId", "PrimarySmtpAddress", "DisplayName"]
    parallel = ctx.clients.connection.max_concurrency
    out: dict[str, list[tuple[str, str]] | str] = {}
    for name, rows in (await by_name(ctx.clients.exchange, names, fields, parallel=parallel)).items():
        if isinstance(rows, TenantError):
            out[name] = f"the tenant could not say who has this Name: {rows}"
            continue
        labels = []
        for row in rows:
            known = ctx.directory.get(str(row.get("ExternalDirectoryObjectId") or "").strip().lower())
            address = str(row.get("PrimarySmtpAddress") or "").lower()
            labels.append(
                (known.label(), known.primary_address)
                if known
                else (f"{row.get('DisplayName') or name} ({address})", address)
            )
        out[name] = labels if labels else "no recipient has this Name now"
    return out


def _labels(directory: Directory, ids: Iterable[str]) -> list[JsonValue]:
    return [r.label() for r in (directory.get(i) for i in ids) if r is not None]


def _target(ctx: ActionContext, reference: str, *, what: str, kinds: Sequence[RecipientKind]) -> Recipient:
    """The recipient a view is about, refused with a ConfigError when it is the wrong kind of thing."""
    r = ctx.recipient(reference)
    if r.kind not in kinds:
        wanted = " or ".join(KIND_LABELS[k] for k in kinds)
        raise ConfigError(
            f"{r.label()} is a {KIND_LABELS[r.kind]}, so it has no {what}; name a {wanted} instead."
        )
    return r


_MAILBOXES = (RecipientKind.USER, RecipientKind.SHARED_MAILBOX, RecipientKind.ROOM_MAILBOX)
_GROUPS = (RecipientKind.DISTRIBUTION_LIST, RecipientKind.MAIL_ENABLED_SECURITY, RecipientKind.M365_GROUP)


# ---- reading permission entries (shared with the delegation report) --------------------------------


def full_access_holders(entries: Iterable[MailboxPermission]) -> list[str]:
    """Who Get-MailboxPermission says holds Full Access, as printed (by the one rule of `holds`)."""
    return holders(entries, "FullAccess")


def send_as_holders(entries: Iterable[RecipientPermission]) -> list[str]:
    """Who Get-RecipientPermission says may Send As, as printed (by the one rule of `holds`)."""
    return holders(entries, "SendAs")


async def _holder_rows(ctx: ActionContext, printed: Sequence[str], right: str) -> list[dict[str, JsonValue]]:
    """One row per holder. A holder printed by Name (a group: `printed_by_name`) is every recipient holding
    the Name now, looked up live (`_name_holders`), never the cache's alias or display-name match (sec40);
    one the tenant could not place is shown as printed, said, never dropped."""
    placed = await _name_holders(ctx, [p for p in printed if printed_by_name(p)])
    rows: list[dict[str, JsonValue]] = []
    for value in printed:
        live = placed.get(value.strip()) if printed_by_name(value) else None
        if isinstance(live, str):
            rows.append({"trustee": f"{value} ({live})", "trustee_address": None, "right": right})
            continue
        if live is not None:
            rows += [{"trustee": label, "trustee_address": a or None, "right": right} for label, a in live]
            continue
        found = identify(ctx.directory, value)
        rows.append(
            {
                "trustee": found.label() if found else value,
                "trustee_address": found.primary_address if found else None,
                "right": right,
            }
        )
    return sorted(rows, key=lambda row: str(row["trustee"]).casefold())


# ---- the views ---------------------------------------------------------------------------------------


async def list_shared_mailboxes(ctx: ActionContext, step: ListSharedMailboxes) -> View:
    """Every shared mailbox with its other addresses and its owners (the people accountable for it)."""
    boxes = await ctx.clients.exchange.list_mailboxes(
        "SharedMailbox",
        select=["ExternalDirectoryObjectId", "DisplayName", "PrimarySmtpAddress", "EmailAddresses"],
    )
    rows: list[dict[str, JsonValue]] = []
    for box in boxes:
        known = identify_object(ctx.directory, box)
        address = str(box.get("PrimarySmtpAddress") or "").lower()
        others = [
            strip_proxy_prefix(a).lower()
            for a in box.get("EmailAddresses") or []
            if str(a).startswith("smtp:")
        ]
        rows.append(
            {
                "mailbox": str(box.get("DisplayName") or address),
                "address": address,
                "other_addresses": list(others),
                "owners": _labels(ctx.directory, known.owners) if known else [],
            }
        )
    rows.sort(key=lambda row: str(row["mailbox"]).casefold())
    return View(
        title="Shared mailboxes",
        columns=["mailbox", "address", "other_addresses", "owners"],
        rows=rows,
    )


async def list_distribution_lists(ctx: ActionContext, step: ListDistributionLists) -> View:
    """Distribution lists, mail-enabled security groups and Microsoft 365 groups: kind, owners, joining,
    member count.

    Exchange knows lists' owners (ManagedBy) and join restriction; Graph knows Microsoft 365 groups (which
    Exchange's distribution group cmdlets never show) and counts members of all three in one $batch.
    """
    exchange_groups, graph_groups = await asyncio.gather(
        ctx.clients.exchange.list_distribution_groups(
            select=[
                "ExternalDirectoryObjectId",
                "DisplayName",
                "PrimarySmtpAddress",
                "RecipientTypeDetails",
                "ManagedBy",
                "MemberJoinRestriction",
            ]
        ),
        ctx.clients.graph.groups(
            select=["id", "displayName", "mail", "groupTypes", "mailEnabled", "securityEnabled", "visibility"]
        ),
    )
    unified = [g for g in graph_groups if "Unified" in (g.get("groupTypes") or [])]
    ids = [str(g.get("ExternalDirectoryObjectId") or "") for g in exchange_groups] + [
        str(g["id"]) for g in unified
    ]
    members, owners = await asyncio.gather(
        _graph_relations(ctx, ids, "members"),
        _graph_relations(ctx, [str(g["id"]) for g in unified], "owners"),
    )
    rows: list[dict[str, JsonValue]] = []
    for group in exchange_groups:
        security = group.get("RecipientTypeDetails") == "MailUniversalSecurityGroup"
        kind = RecipientKind.MAIL_ENABLED_SECURITY if security else RecipientKind.DISTRIBUTION_LIST
        rows.append(
            {
                "group": str(group.get("DisplayName") or group.get("PrimarySmtpAddress")),
                "address": str(group.get("PrimarySmtpAddress") or "").lower(),
                "kind": KIND_LABELS[kind],
                "owners": [named(ctx.directory, o) for o in group.get("ManagedBy") or []],
                "join_restriction": group.get("MemberJoinRestriction"),
                "members": len(members.get(str(group.get("ExternalDirectoryObjectId") or "").lower()) or []),
            }
        )
    for group in unified:
        gid = str(group["id"]).lower()
        rows.append(
            {
                "group": str(group.get("displayName") or group.get("mail")),
                "address": str(group.get("mail") or "").lower(),
                "kind": KIND_LABELS[RecipientKind.M365_GROUP],
                "owners": _labels(ctx.directory, owners.get(gid) or []),
                "join_restriction": join_restriction(group),
                "members": len(members.get(gid) or []),
            }
        )
    rows.sort(key=lambda row: str(row["group"]).casefold())
    return View(
        title="Distribution lists and groups",
        columns=["group", "address", "kind", "owners", "join_restriction", "members"],
        rows=rows,
    )


async def _graph_relations(
    ctx: ActionContext, group_ids: Sequence[str], relation: Literal["members", "owners"]
) -> dict[str, list[str]]:
    """For each group id (lowercased), the ids of its direct members (or owners)."""
    wanted = [g for g in group_ids if g]
    found = await ctx.clients.graph.relation_ids(wanted, relation) if wanted else []
    return {gid.lower(): ids for gid, ids in zip(wanted, found, strict=True)}


async def view_mailbox_permissions(ctx: ActionContext, step: ViewMailboxPermissions) -> View:
    """Who holds Full Access to a mailbox: grants on the mailbox itself (no SELF, inherited or Deny entry)."""
    box = _target(ctx, step.mailbox, what="mailbox permissions", kinds=_MAILBOXES)
    entries = await ctx.clients.exchange.mailbox_permissions(ctx.identity(box))
    return View(
        title=f"Full Access to {box.label()}",
        columns=["trustee", "right"],
        rows=await _holder_rows(ctx, full_access_holders(entries), "FullAccess"),
        notes=["Full Access lets a person open the mailbox; it does not let them send as it."],
    )


async def view_send_as_permissions(ctx: ActionContext, step: ViewSendAsPermissions) -> View:
    """Who may Send As a mailbox (or a list, which Exchange also lets people send as)."""
    target = _target(ctx, step.mailbox, what="Send As permissions", kinds=(*_MAILBOXES, *_GROUPS))
    entries = await ctx.clients.exchange.recipient_permissions(ctx.identity(target))
    return View(
        title=f"Send As {target.label()}",
        columns=["trustee", "right"],
        rows=await _holder_rows(ctx, send_as_holders(entries), "SendAs"),
    )


async def view_mailbox_details(ctx: ActionContext, step: ViewMailboxDetails) -> View:
    """One mailbox at a glance: kind, addresses, forwarding (its own, and its enabled Inbox rules that
    forward or redirect), delegates, owners and manager, read live."""
    box = _target(ctx, step.mailbox, what="mailbox details", kinds=_MAILBOXES)
    exchange, graph = ctx.clients.exchange, ctx.clients.graph
    identity = ctx.identity(box)
    mailbox, permissions, manager = await asyncio.gather(
        exchange.get_mailbox(identity),
        exchange.batch(
            [
                Cmdlet("Get-MailboxPermission", {"Identity": identity}),
                Cmdlet("Get-RecipientPermission", {"Identity": identity}),
                inbox_rules_cmdlet(identity),
            ]
        ),
        graph.manager(box.recipient_id),
    )
    rules: JsonValue
    if permissions[2].error is not None:
        # Unknown, and said so: an admin checking where mail goes must not read "none" into a failed read.
        rules = f"could not be read ({permissions[2].error})"
    else:
        # A target printed by DN (or a bare Name) is placed live, never by the cache's alias or display
        # name match (actions/rule_targets.py, as the access view and the delegation report do: sec40).
        rows = permissions[2].unwrap().value
        places = await rule_target_places(ctx, [rows])
        rules = [f.sentence() for f in placed_rule_forwards(ctx, rows, places)]
    full_access = full_access_holders(map(MailboxPermission.parse, permissions[0].unwrap().value))
    send_as = send_as_holders(map(RecipientPermission.parse, permissions[1].unwrap().value))
    addresses = [strip_proxy_prefix(str(a)).lower() for a in mailbox.get("EmailAddresses") or []]
    primary = str(mailbox.get("PrimarySmtpAddress") or box.primary_address).lower()
    forward_to = str(mailbox.get("ForwardingAddress") or "").strip()
    forward_smtp = mailbox.get("ForwardingSmtpAddress")
    delegates = [str(n).strip() for n in mailbox.get("GrantSendOnBehalfTo") or []]
    holder_names = [p.strip() for p in (*full_access, *send_as) if printed_by_name(p)]
    shown = await name_labels(ctx, [forward_to, *delegates, *holder_names])
    forwarding: JsonValue = None
    if forward_to or forward_smtp:
        target = shown[forward_to] if forward_to else strip_proxy_prefix(str(forward_smtp))
        copy = "keeping a copy" if mailbox.get("DeliverToMailboxAndForward") else "without keeping a copy"
        forwarding = f"to {target}, {copy}"
    kind = _mailbox_kind(mailbox) or box.kind
    facts: list[tuple[str, JsonValue]] = [
        ("display name", str(mailbox.get("DisplayName") or box.display_name)),
        ("kind", KIND_LABELS[kind]),
        ("primary address", primary),
        ("other addresses", [a for a in addresses if a != primary]),
        ("user principal name", mailbox.get("UserPrincipalName")),
        ("account enabled", not mailbox["AccountDisabled"] if "AccountDisabled" in mailbox else box.enabled),
        ("forwarding", forwarding),
        ("inbox rules that forward", rules),
        ("send on behalf", [shown[n] for n in delegates if n]),
        ("full access", _count(ctx.directory, full_access, shown)),
        ("send as", _count(ctx.directory, send_as, shown)),
        ("owners", _labels(ctx.directory, box.owners)),
        ("manager", _manager_label(ctx.directory, manager)),
        ("department", box.department),
        ("job title", box.job_title),
    ]
    return View(
        title=f"Mailbox {box.label()}",
        columns=["field", "value"],
        rows=[{"field": field, "value": value} for field, value in facts],
    )


def _manager_label(directory: Directory, manager: Mapping[str, Any] | None) -> JsonValue:
    if manager is None:
        return None
    found = identify_object(directory, manager)
    return found.label() if found is not None else manager.get("displayName")


def _count(directory: Directory, printed: Sequence[str], shown: Mapping[str, str]) -> str:
    """A count with the display names behind it: '2: Chris Lee, Tom Becker' (or '0'); a holder printed by
    Name as `shown` placed it live (`name_labels`: who holds the Name now, or that it could not be placed)."""
    names = []
    for value in printed:
        if printed_by_name(value):
            names.append(shown.get(value.strip(), value))
            continue
        found = identify(directory, value)
        names.append(found.display_name if found else value)
    return f"{len(names)}: " + ", ".join(sorted(names, key=str.casefold)) if names else "0"


def _mailbox_kind(mailbox: Mapping[str, Any]) -> RecipientKind | None:
    return MAILBOX_KINDS.get(str(mailbox.get("RecipientTypeDetails")))


async def list_group_members(ctx: ActionContext, step: ListGroupMembers) -> View:
    """The direct members of a group: Exchange for lists and mail-enabled security groups, Graph for
    Microsoft 365 groups (Exchange's distribution group cmdlets do not see those)."""
    group = _target(ctx, step.group, what="members", kinds=_GROUPS)
    if group.kind is RecipientKind.M365_GROUP:
        members = await ctx.clients.graph.group_members(group.recipient_id)
    else:
        members = await ctx.clients.exchange.distribution_group_members(ctx.identity(group))
    rows = [_member_row(ctx.directory, m) for m in members]
    rows.sort(key=lambda row: str(row["member"]).casefold())
    return View(
        title=f"Members of {group.label()} ({KIND_LABELS[group.kind]})",
        columns=["member", "address", "kind"],
        rows=rows,
        notes=[f"{len(rows)} direct members; members of nested groups are not expanded."],
    )


def _member_row(directory: Directory, member: GroupMember) -> dict[str, JsonValue]:
    known = (directory.get(member.id) if member.id else None) or identify(directory, member.address)
    if known is not None:
        return {
            "member": known.display_name,
            "address": known.primary_address,
            "kind": KIND_LABELS[known.kind],
        }
    kind = _GRAPH_KINDS.get(member.kind)
    return {
        "member": member.display_name or member.address or member.id,
        "address": member.address,
        "kind": KIND_LABELS[kind] if kind else None,
    }


async def view_calendar_permissions(ctx: ActionContext, step: ViewCalendarPermissions) -> View:
    """Who can see a person's calendar, and how much (Default is everyone in the organisation)."""
    owner = _target(ctx, step.owner, what="calendar", kinds=_MAILBOXES)
    exchange = ctx.clients.exchange
    folder = await exchange.calendar_folder(ctx.identity(owner))
    entries = await exchange.folder_permissions(folder)
    # Exchange prints a grantee by display name, which two people may share; Graph's view of the same
    # calendar carries addresses, so it is read only when a name alone does not say who.
    graph_names: dict[str, list[str]] | None = None
    rows: list[dict[str, JsonValue]] = []
    for entry in entries:
        user, rights = entry.user, list(entry.rights)
        if entry.builtin is not None:
            if entry.grants_nothing:
                continue  # nobody sees anything through this entry
            who = (
                "Default (everyone in the organisation)"
                if entry.builtin == "Default"
                else "Anonymous (anyone outside)"
            )
        else:
            found = identify(ctx.directory, entry.address) or identify(ctx.directory, user)
            if found is None:
                if graph_names is None:
                    graph_names = await _calendar_addresses(ctx, owner)
                addresses = graph_names.get(user.casefold(), [])
                found = identify(ctx.directory, addresses[0]) if len(addresses) == 1 else None
            who = found.label() if found else user
        flags = entry.sharing_flags
        access = ", ".join(rights) + (f" ({flags})" if flags else "")
        rows.append(
            {
                "grantee": who,
                "access": access,
                "sees": "; ".join(_CALENDAR_MEANING.get(r.lower(), r) for r in rights),
            }
        )
    return View(title=f"Calendar of {owner.label()}", columns=["grantee", "access", "sees"], rows=rows)


async def _calendar_addresses(ctx: ActionContext, owner: Recipient) -> dict[str, list[str]]:
    """Graph's calendar permissions of `owner`: display name (casefolded) -> the addresses carrying it."""
    found: dict[str, list[str]] = {}
    for perm in await ctx.clients.graph.calendar_permissions(owner.recipient_id):
        email = perm.get("emailAddress") or {}
        if email.get("address"):
            found.setdefault(str(email.get("name") or "").casefold(), []).append(str(email["address"]))
    return found


async def _delegation_report_view(ctx: ActionContext, step: DelegationReport) -> View:
    # Imported here: the report module builds on the helpers above.
    from mailwarden.actions.delegation_report import delegation_report

    return await delegation_report(ctx, trustee=step.trustee, mailbox=step.mailbox)


VIEWS: dict[str, ViewAction[Any]] = {
    view.action: view
    for view in (
        ViewAction("list_shared_mailboxes", list_shared_mailboxes),
        ViewAction("list_distribution_lists", list_distribution_lists),
        ViewAction("view_mailbox_permissions", view_mailbox_permissions),
        ViewAction("view_send_as_permissions", view_send_as_permissions),
        ViewAction("view_mailbox_details", view_mailbox_details),
        ViewAction("list_group_members", list_group_members),
        ViewAction("view_calendar_permissions", view_calendar_permissions),
        ViewAction("delegation_report", _delegation_report_view),
    )
}


async def delegates_of(ctx: ActionContext, mailbox: Recipient) -> frozenset[str]:
    """Who holds Full Access, Send As or Send on Behalf on `mailbox`, read live (directory ids).

    The policy lets an employee view a mailbox they are a delegate of; the directory does not know who is.
    """
    if not mailbox.is_mailbox:
        return frozenset()
    exchange = ctx.clients.exchange
    identity = ctx.identity(mailbox)
    full, send_as, box = await asyncio.gather(
        exchange.mailbox_permissions(identity),
        exchange.recipient_permissions(identity),
        exchange.get_mailbox(identity),
    )
    printed = [*full_access_holders(full), *send_as_holders(send_as)]
    found = (identify(ctx.directory, p) for p in printed if not printed_by_name(p))
    # GrantSendOnBehalfTo prints Names, which may be another recipient's alias or display name, and so do
    # Full Access and Send As for a group (anyone without a UPN): each is placed live on the Name alone
    # (connectors/opath.py, one request per ten Names); one the tenant could not place makes no one a
    # delegate (an access decision fails closed; sec37, sec40).
    names = [str(n) for n in box.get("GrantSendOnBehalfTo") or []]
    names += [p for p in printed if printed_by_name(p)]
    parallel = ctx.clients.connection.max_concurrency
    placed = await by_name(exchange, names, ["ExternalDirectoryObjectId"], parallel=parallel)
    on_behalf = {
        str(row.get("ExternalDirectoryObjectId") or "").strip().lower()
        for rows in placed.values()
        if not isinstance(rows, TenantError)
        for row in rows
    }
    return frozenset({r.recipient_id for r in found if r is not None} | (on_behalf - {""}))
