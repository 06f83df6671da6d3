"""The tenant-wide delegation report: who holds Full Access, Send As and Send on Behalf on which mailbox,
and where its enabled Inbox rules forward or redirect its mail (right ForwardingRule; read-only).

Scope. Without a trustee, the report covers every shared and room mailbox (the shared resources whose
access admins review). With a trustee ("what can Mike Smith open"), it covers user mailboxes too: a
colleague's or a manager's mailbox is exactly what such a question must not miss. It also lists access a
person holds through a mail-enabled security group they belong to (column `via`). With a mailbox, it reads
that one mailbox, whatever its kind.

Inbox rules. A rule that forwards or redirects gives its target the mailbox's mail, whoever set it up, and
one sending mail outside is what an admin checking forwarding wants to see: each mailbox's rules are read
(Get-InboxRule -Mailbox) and every target of an enabled one is a row (actions/inbox_rules.py names it;
"what can Mike reach" lists the mailboxes whose rules send him their mail). A target printed by DN (or a
bare Name) is placed live, never by the cache's alias or display-name match (actions/rule_targets.py, as
the access view does: sec40); one the tenant could not place is shown as printed and makes the mailbox a
failure. A rule set that cannot be read makes the mailbox one the report could not read.

Send on Behalf. GrantSendOnBehalfTo prints each delegate's Name, which need be neither an alias nor a
display name (a mailbox made since MC365786 is named by its directory id, and one recipient's Name may be
another's alias): each distinct Name is looked up live (`Get-Recipient -Filter "Name -eq ..."`,
connectors/opath.py), never matched on the cached directory. Every recipient holding it is a row; a Name
the tenant could not place (a failed look-up, nobody holds it) is shown as printed, said unplaced, and
makes its mailbox a failure of the scan (never cached; sec37). Full Access and Send As print a user by
UPN but a group (anyone without a UPN) by its Name: each such Name is looked up the same way, in the same
look-ups (sec40: a security group made outside and named 'tom.becker', Tom's alias, was reported as Tom's
Full Access and Send As on billing@, and the group hidden).

Cost. Send on Behalf comes with the mailbox listing (GrantSendOnBehalfTo, one paged Get-Mailbox), plus one
Get-Recipient per distinct delegate or holder Name, ten to a $batch, after the permissions are read (none
when no holder is printed by Name); Full Access,
Send As and the Inbox rules take one cmdlet each per mailbox (Get-MailboxPermission, Get-RecipientPermission,
Get-InboxRule), sent through Exchange's $batch ten at a time, several batches in flight within the tenant's
concurrency limit. `batched=False, parallel=1` sends one cmdlet at a time (the benchmark's baseline).

Cache. A tenant-wide scan of thousands of mailboxes takes a while, and an audit asked twice in a row should
not take it twice: given a `cache` (the database's tenant documents, so every server serves the same
scan), a complete scan is stored as JSON (per tenant and scope) with its time, and a later report younger
than `max_age` is served from it, saying so and how old it is. A scan with mailboxes it could not read is
reported but never cached.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, Protocol

from pydantic import BaseModel, JsonValue, ValidationError

from mailwarden.actions.base import ActionContext, View
from mailwarden.actions.inbox_rules import RuleForward, inbox_rules_cmdlet
from mailwarden.actions.rule_targets import placed_rule_forwards, rule_target_places
from mailwarden.actions.views import (
    KIND_LABELS,
    MAILBOX_KINDS,
    full_access_holders,
    identify_object,
    send_as_holders,
)
from mailwarden.connectors.exchange import BATCH_SIZE, Cmdlet, CmdletResult
from mailwarden.connectors.models import MailboxPermission, RecipientPermission
from mailwarden.connectors.opath import NameLookup, by_name, printed_by_name
from mailwarden.directory.identify import identify
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ConfigError, NotFound, TenantError
from mailwarden.model.recipients import Recipient, RecipientKind

__all__ = [
    "DEFAULT_MAX_AGE",
    "Grant",
    "Progress",
    "Scan",
    "delegation_report",
    "list_report_mailboxes",
    "read_grants",
]

Progress = Callable[[int, int], None]
"""progress(done, total): mailboxes read so far, of how many."""
Right = Literal["FullAccess", "SendAs", "SendOnBehalf", "ForwardingRule"]
Scope = Literal["shared", "all"]

DEFAULT_MAX_AGE = dt.timedelta(minutes=15)
_CACHE_VERSION = 5  # 2: Inbox rules; 3: Send on Behalf by Name, live; 4: and FA/SendAs; 5: rule targets
_SCOPE_KINDS: Mapping[Scope, list[str]] = {
    "shared": ["SharedMailbox", "RoomMailbox"],
    "all": ["UserMailbox", "SharedMailbox", "RoomMailbox"],
}
_MAILBOX_SELECT = [
    "ExternalDirectoryObjectId",
    "DisplayName",
    "PrimarySmtpAddress",
    "UserPrincipalName",
    "RecipientTypeDetails",
    "GrantSendOnBehalfTo",
]
_RIGHT_ORDER: Mapping[str, int] = {"FullAccess": 0, "SendAs": 1, "SendOnBehalf": 2, "ForwardingRule": 3}


class Grant(BaseModel):
    """One right one trustee holds on one mailbox, as the report (and its cache) keeps it."""

    mailbox_id: str
    mailbox: str
    """The mailbox's label: 'Support (support@acme.com)'."""
    mailbox_address: str
    mailbox_kind: str
    trustee_id: str | None
    """The trustee's directory id; None when Exchange printed someone the directory does not know."""
    trustee: str
    trustee_address: str | None
    right: Right
    detail: str | None = None
    """For ForwardingRule: the rule and what it does ("rule 'Home' redirects to p@x.net (outside ...)"); for
    SendOnBehalf: that the delegate's Name could not be placed (why), or is shared by several recipients."""


class Scan(BaseModel):
    """The grants found across a set of mailboxes, and when they were read."""

    as_of: dt.datetime
    scope: str
    mailboxes: int
    grants: list[Grant]
    failures: list[str] = []
    """Mailboxes that could not be read, with why; a scan with failures is never cached."""


# ---- reading the tenant ------------------------------------------------------------------------------


async def list_report_mailboxes(ctx: ActionContext, scope: Scope) -> list[dict[str, Any]]:
    """The mailboxes a tenant-wide report covers, with their Send on Behalf delegates (one paged listing)."""
    return await ctx.clients.exchange.list_mailboxes(_SCOPE_KINDS[scope], select=_MAILBOX_SELECT)


async def read_grants(
    ctx: ActionContext,
    mailboxes: Sequence[Mapping[str, Any]],
    *,
    batched: bool = True,
    parallel: int | None = None,
    progress: Progress | None = None,
    rules: bool = False,
    unplaced: list[Grant] | None = None,
) -> tuple[list[Grant], list[str]]:
    """Every Full Access, Send As and Send on Behalf grant on `mailboxes` (Get-Mailbox objects), with
    `rules` the targets of their enabled Inbox rules that send mail on, and the mailboxes that could not be
    read (with why). A mailbox deleted since it was listed is skipped. Send on Behalf delegates are placed
    by their Name, live, and so are Full Access and Send As holders printed by Name (`_name_places`, once
    every mailbox is read); one the tenant could not place is a grant to the Name as printed (no trustee
    id, `detail` says why) and a failure, or, with `unplaced`, is added there instead of to the failures
    (the caller says it is unknown)."""
    per = 3 if rules else 2  # cmdlets per mailbox
    per_batch = BATCH_SIZE // per
    parallel = parallel or ctx.clients.connection.max_concurrency
    total = len(mailboxes)
    failures: list[str] = []
    read: list[tuple[Mapping[str, Any], list[Any], list[Any], list[Any]]] = []
    done = 0
    if progress:
        progress(0, total)

    def collect(box: Mapping[str, Any], answers: Sequence[CmdletResult | TenantError]) -> None:
        """Record one mailbox's grants from its answers (Get-MailboxPermission, Get-RecipientPermission,
        and Get-InboxRule with `rules`)."""
        if any(isinstance(a, NotFound) for a in answers[:2]):
            return  # removed while the report ran: nothing to report on it
        # (a not-found from Get-InboxRule alone is no proof the mailbox is gone: it stays a failure below,
        # never a mailbox silently left out of the report)
        errors = [a for a in answers if isinstance(a, TenantError)]
        if errors:
            failures.append(f"{box.get('PrimarySmtpAddress')}: {errors[0]}")
            return
        full, send, *rule_rows = (list(a.value) for a in answers if isinstance(a, CmdletResult))
        read.append((box, full, send, rule_rows[0] if rule_rows else []))

    def tick(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    if batched:
        gate = asyncio.Semaphore(parallel)

        async def run_chunk(chunk: Sequence[Mapping[str, Any]]) -> None:
            commands = [c for box in chunk for c in _permission_cmdlets(box, rules)]
            async with gate:
                try:
                    outcomes = await ctx.clients.exchange.batch(commands)
                except TenantError as exc:
                    for box in chunk:
                        collect(box, [exc])
                    tick(len(chunk))
                    return
            for i, box in enumerate(chunk):
                collect(box, [o.error or _result(o.result) for o in outcomes[per * i : per * i + per]])
            tick(len(chunk))

        chunks = [mailboxes[i : i + per_batch] for i in range(0, total, per_batch)]
        await asyncio.gather(*(run_chunk(c) for c in chunks))
    else:
        gate = asyncio.Semaphore(parallel)

        async def run_one(box: Mapping[str, Any]) -> None:
            answers: list[CmdletResult | TenantError] = []
            async with gate:
                for command in _permission_cmdlets(box, rules):
                    try:
                        answers.append(await ctx.clients.exchange.run(command.name, command.parameters))
                    except TenantError as exc:
                        answers.append(exc)
            collect(box, answers)
            tick(1)

        await asyncio.gather(*(run_one(box) for box in mailboxes))
    places = await _name_places(ctx, read, parallel=parallel)
    targets = await rule_target_places(ctx, [rule_rows for *_, rule_rows in read])
    grants: list[Grant] = []
    for box, full, send, rule_rows in read:
        whys: list[str] = []
        forwards = placed_rule_forwards(ctx, rule_rows, targets, whys)
        found = _grants_of(ctx.directory, box, full, send, forwards, places, whys)
        grants.extend(found)
        if unplaced is None:
            failures.extend(f"{box.get('PrimarySmtpAddress')}: {why}" for why in whys)
        else:
            unplaced.extend(g for g in found if g.trustee_id is None and g.detail in whys)
    return _sorted(grants), failures


_NAME_FIELDS = ["ExternalDirectoryObjectId", "PrimarySmtpAddress", "DisplayName", "Name"]


async def _name_places(
    ctx: ActionContext,
    read: Sequence[tuple[Mapping[str, Any], list[Any], list[Any], list[Any]]],
    *,
    parallel: int | None = None,
) -> dict[str, NameLookup]:
    """Each Name the mailboxes `read` print a holder by -> every recipient holding it now, or why the
    look-up failed (`connectors.opath.by_name`: one Get-Recipient per distinct Name, ten to a $batch, all
    together): GrantSendOnBehalfTo's, and each Full Access / Send As trustee printed by Name (a group, or
    anyone without a UPN: `printed_by_name`), which the cached directory's alias or display-name match
    placed on whoever it names now that the group was made or renamed since the cache was read (sec40)."""
    names = [str(p) for box, *_ in read for p in box.get("GrantSendOnBehalfTo") or []]
    names += [p for _, full, send, _ in read for p, _ in _printed(full, send) if printed_by_name(p)]
    return await by_name(
        ctx.clients.exchange,
        names,
        _NAME_FIELDS,
        parallel=parallel or ctx.clients.connection.max_concurrency,
    )


def _placed_trustees(directory: Directory, name: str, found: NameLookup | None) -> list[dict[str, Any]] | str:
    """The trustees a live look-up of the Name `name` found (Grant's trustee fields, by directory id, the
    cache's label where it knows the id), or why it could not place them: the look-up failed, nobody has
    the Name, or one holding it printed neither a directory id nor an address. Never matched on a name."""
    if found is None:
        return "it was not looked up"
    if isinstance(found, TenantError):
        return f"the look-up failed: {found}"
    if not found:
        return "no recipient has it now"
    out: list[dict[str, Any]] = []
    for row in found:
        rid = str(row.get("ExternalDirectoryObjectId") or "").strip().lower()
        address = str(row.get("PrimarySmtpAddress") or "").strip().lower() or None
        known = directory.get(rid) if rid else None
        if known is not None:
            out.append(
                {
                    "trustee_id": known.recipient_id,
                    "trustee": known.label(),
                    "trustee_address": known.primary_address,
                }
            )
            continue
        if not rid and not address:
            return "a recipient with it printed neither a directory id nor an address"
        shown = str(row.get("DisplayName") or row.get("Name") or address or rid)
        label = f"{shown} ({address})" if address and shown != address else shown
        out.append({"trustee_id": rid or None, "trustee": label, "trustee_address": address})
    return out


def _result(result: CmdletResult | None) -> CmdletResult:
    return result if result is not None else CmdletResult(value=[])


def _permission_cmdlets(box: Mapping[str, Any], rules: bool) -> list[Cmdlet]:
    identity = str(box.get("PrimarySmtpAddress") or box.get("ExternalDirectoryObjectId"))
    return [
        Cmdlet("Get-MailboxPermission", {"Identity": identity}),
        Cmdlet("Get-RecipientPermission", {"Identity": identity}),
        *([inbox_rules_cmdlet(identity)] if rules else []),
    ]


def _grants_of(
    directory: Directory,
    box: Mapping[str, Any],
    mailbox_permissions: Iterable[Mapping[str, Any]],
    recipient_permissions: Iterable[Mapping[str, Any]],
    forwards: Iterable[RuleForward] = (),
    places: Mapping[str, NameLookup] | None = None,
    unplaced: list[str] | None = None,
) -> list[Grant]:
    """The mailbox's grants; its Send on Behalf delegates as `places` found their Names (a Name it could not
    place is a grant to the Name as printed, no trustee id, saying why, and the why is added to
    `unplaced`); `forwards`: its forwarding rules' targets as placed live (`placed_rule_forwards`)."""
    known = identify_object(directory, box)
    address = known.primary_address if known else str(box.get("PrimarySmtpAddress") or "").lower()
    kind = MAILBOX_KINDS.get(str(box.get("RecipientTypeDetails")))
    mailbox = {
        "mailbox_id": known.recipient_id
        if known
        else str(box.get("ExternalDirectoryObjectId") or "").lower(),
        "mailbox": known.label() if known else f"{box.get('DisplayName') or address} ({address})",
        "mailbox_address": address,
        "mailbox_kind": KIND_LABELS[kind or (known.kind if known else RecipientKind.USER)],
    }
    printed = _printed(mailbox_permissions, recipient_permissions)
    named: list[tuple[str, Right]] = [
        *((str(p).strip(), "SendOnBehalf") for p in box.get("GrantSendOnBehalfTo") or []),
        *((p.strip(), right) for p, right in printed if printed_by_name(p)),
    ]
    grants = []
    for name, right in dict.fromkeys(named):
        placed = _placed_trustees(directory, name, (places or {}).get(name))
        if isinstance(placed, str):
            why = f"the tenant could not say who has the {_RIGHT_WORDS[right]}'s Name {name!r} ({placed})"
            if unplaced is not None:
                unplaced.append(why)
            grants.append(
                Grant(**mailbox, trustee_id=None, trustee=name, trustee_address=None, right=right, detail=why)
            )
            continue
        shared = f"{len(placed)} recipients have the Name {name!r}, each counted" if len(placed) > 1 else None
        grants += [Grant(**mailbox, **t, right=right, detail=shared) for t in placed]
    for value, right in printed:
        if printed_by_name(value):
            continue  # placed live above
        trustee = identify(directory, value)
        grants.append(
            Grant(
                **mailbox,
                trustee_id=trustee.recipient_id if trustee else None,
                trustee=trustee.label() if trustee else value,
                trustee_address=trustee.primary_address if trustee else None,
                right=right,
            )
        )
    for rule in forwards:
        target = directory.get(rule.target_id) if rule.target_id else None
        live = rule.identity if rule.target_id and "@" in rule.identity else None  # placed live
        grants.append(
            Grant(
                **mailbox,
                trustee_id=rule.target_id,
                trustee=rule.target,
                trustee_address=target.primary_address if target else live,
                right="ForwardingRule",
                detail=rule.sentence(),
            )
        )
    return grants


_RIGHT_WORDS: Mapping[Right, str] = {
    "FullAccess": "Full Access holder",
    "SendAs": "Send As holder",
    "SendOnBehalf": "Send on Behalf delegate",
    "ForwardingRule": "rule target",
}


def _printed(
    mailbox_permissions: Iterable[Mapping[str, Any]], recipient_permissions: Iterable[Mapping[str, Any]]
) -> list[tuple[str, Right]]:
    """Each Full Access and Send As holder as printed (by the one rule of `holds`), with its right."""
    return [
        *((p, "FullAccess") for p in full_access_holders(map(MailboxPermission.parse, mailbox_permissions))),
        *((p, "SendAs") for p in send_as_holders(map(RecipientPermission.parse, recipient_permissions))),
    ]


def _sorted(grants: Iterable[Grant]) -> list[Grant]:
    return sorted(grants, key=lambda g: (g.mailbox.casefold(), _RIGHT_ORDER[g.right], g.trustee.casefold()))


# ---- the cache ---------------------------------------------------------------------------------------


class ScanCache(Protocol):
    """Where tenant-wide scans are kept between reports: the database's tenant documents
    (store/documents.py), so every server and worker serves the same scan."""

    def get(self, tenant_key: str, kind: str) -> str | None: ...

    def put(self, tenant_key: str, kind: str, body: str) -> object: ...


def _cache_kind(scope: Scope) -> str:
    return f"report:delegations-{scope}"


def _load(
    cache: ScanCache, tenant: str, scope: Scope, max_age: dt.timedelta, now: dt.datetime
) -> Scan | None:
    """A cached scan young enough to serve, or None (missing, unreadable, another version, too old)."""
    raw = cache.get(tenant, _cache_kind(scope))
    if raw is None:
        return None
    try:
        scan = _CachedScan.model_validate_json(raw)
    except ValidationError:
        return None
    if scan.version != _CACHE_VERSION or now - scan.scan.as_of > max_age:
        return None
    return scan.scan


def _store(cache: ScanCache, tenant: str, scope: Scope, scan: Scan) -> None:
    text = _CachedScan(version=_CACHE_VERSION, scan=scan).model_dump_json()
    cache.put(tenant, _cache_kind(scope), text)


class _CachedScan(BaseModel):
    version: int
    scan: Scan


# ---- the report --------------------------------------------------------------------------------------


async def delegation_report(
    ctx: ActionContext,
    *,
    trustee: str | None = None,
    mailbox: str | None = None,
    progress: Progress | None = None,
    cache: ScanCache | None = None,
    max_age: dt.timedelta = DEFAULT_MAX_AGE,
    include_user_mailboxes: bool | None = None,
    batched: bool = True,
    parallel: int | None = None,
) -> View:
    """Who can reach which mailbox: Full Access, Send As and Send on Behalf, one row per grant.

    `trustee` narrows it to what one person can reach (directly or through a group); `mailbox` to one
    mailbox, read live. `include_user_mailboxes` defaults to whether a trustee is named. With `cache`, a
    tenant-wide scan younger than `max_age` is served from the cache (the View's as_of and notes say so).
    """
    person = ctx.recipient(trustee) if trustee else None
    box = ctx.recipient(mailbox) if mailbox else None
    if box is not None and not box.is_mailbox:
        raise ConfigError(
            f"{box.label()} is a {KIND_LABELS[box.kind]}, not a mailbox; a delegation report names a mailbox."
        )
    notes: list[str] = []
    if box is not None:
        listing = [await ctx.clients.exchange.get_mailbox(ctx.identity(box), select=_MAILBOX_SELECT)]
        grants, failures = await read_grants(ctx, listing, batched=True, progress=progress, rules=True)
        scan = Scan(as_of=_now(), scope="mailbox", mailboxes=1, grants=grants, failures=failures)
        notes.append("Read live from the tenant.")
    else:
        wide = include_user_mailboxes if include_user_mailboxes is not None else person is not None
        scan, note = await _tenant_scan(
            ctx, "all" if wide else "shared", progress, cache, max_age, batched, parallel
        )
        notes.append(note)
    if scan.failures:
        notes.append(
            f"{len(scan.failures)} mailboxes could not be read and are missing from this report: "
            + "; ".join(scan.failures[:5])
            + (" ..." if len(scan.failures) > 5 else "")
        )
    reach = _reach(ctx.directory, person) if person is not None else None
    rows: list[dict[str, JsonValue]] = []
    for grant in scan.grants:
        if reach is not None and (grant.trustee_id is None or grant.trustee_id not in reach):
            continue
        row: dict[str, JsonValue] = {
            "mailbox": grant.mailbox,
            "trustee": grant.trustee,
            "right": grant.right,
            "mailbox_address": grant.mailbox_address,
            "trustee_address": grant.trustee_address,
        }
        if reach is not None:
            row["via"] = reach[grant.trustee_id or ""]
        if grant.detail:
            row["detail"] = grant.detail
        rows.append(row)
    columns = ["mailbox", "trustee", "right"] + (["via"] if person is not None else [])
    if any("detail" in row for row in rows):
        columns.append("detail")
    return View(title=_title(person, box, scan), columns=columns, rows=rows, as_of=scan.as_of, notes=notes)


async def _tenant_scan(
    ctx: ActionContext,
    scope: Scope,
    progress: Progress | None,
    cache: ScanCache | None,
    max_age: dt.timedelta,
    batched: bool,
    parallel: int | None,
) -> tuple[Scan, str]:
    """The scan of every mailbox in `scope`, from a fresh cache or the tenant, and a note saying which."""
    covered = "shared and room mailboxes" if scope == "shared" else "mailboxes (user, shared and room)"
    tenant = ctx.clients.connection.tenant_id
    now = _now()
    if cache is not None and (cached := _load(cache, tenant, scope, max_age, now)) is not None:
        age = _age(now - cached.as_of)
        return cached, (
            f"From cache: as of {cached.as_of:%Y-%m-%d %H:%M:%S} UTC ({age} old), {cached.mailboxes} "
            f"{covered}. Ask for a fresh report to read the tenant now."
        )
    started = _now()
    listing = await list_report_mailboxes(ctx, scope)
    grants, failures = await read_grants(
        ctx, listing, batched=batched, parallel=parallel, progress=progress, rules=True
    )
    scan = Scan(as_of=started, scope=scope, mailboxes=len(listing), grants=grants, failures=failures)
    if cache is not None and not failures:
        _store(cache, tenant, scope, scan)
    return scan, f"Read live from the tenant: {len(listing)} {covered}."


def _reach(directory: Directory, person: Recipient) -> dict[str, JsonValue]:
    """Whose grants reach `person`: their own (via None) and every group they belong to, even nested."""
    reach: dict[str, JsonValue] = {person.recipient_id: None}
    queue = [(g, g) for g in directory.memberships(person.recipient_id)]
    while queue:
        group, top = queue.pop()
        if group.recipient_id in reach:
            continue
        reach[group.recipient_id] = (
            group.label() if group is top else f"{group.label()} (through {top.label()})"
        )
        queue += [(g, top) for g in directory.memberships(group.recipient_id)]
    return reach


def _title(person: Recipient | None, box: Recipient | None, scan: Scan) -> str:
    if person is not None and box is not None:
        return f"Delegations: what {person.label()} can reach on {box.label()}"
    if person is not None:
        return f"Delegations: what {person.label()} can reach"
    if box is not None:
        return f"Delegations on {box.label()}"
    return f"Delegations across {scan.mailboxes} mailboxes"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _age(delta: dt.timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"
