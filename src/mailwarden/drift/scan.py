"""One drift scan: compare the tenant now with what mailwarden last knew plus what it changed since.

    expected = baseline (what the last scan saw)  +  effects of mailwarden's applied steps since that scan
    observed = the tenant now (observe.py)
    observed - expected   granted outside mailwarden, or a time-bound grant back after it ended,
                          or forwarding set outside (to an outside address: high severity)
    expected - observed   removed outside mailwarden
    both, other value     a calendar level or forwarding target changed outside

Each difference becomes a drift event naming who and when from the audit log (audit_source.py) where it
holds a record, else the window between the last scan and this one; later scans fill in who and when
for events whose record arrives late. The baseline then becomes what was observed, so a second scan of an
unchanged tenant records nothing; mailwarden's own changes are expected, never drift, even while reads
still show the tenant as it was before them (replication lag): for SETTLE after its request finished, a
fact mailwarden changed, could not read back (its step "unverified") and reads do not show yet is
"settling", and the baseline takes mailwarden's value, unless the audit log names someone else changing
it since (then it is drift at once). A resource that could not be read is left out of the comparison
(its facts stay as known), not reported as removed.

What is read: every mailbox's forwarding and Send on Behalf, every shared and room mailbox's Full Access,
Send As and calendar, every list's members; of people's own mailboxes, Full Access, Send As and calendar
only of those the audit log says changed (and those mailwarden changed), plus a rolling slice that re-reads
everyone within a week (people.py has the trade-off). A list that is gone from the tenant with members
mailwarden knew, and that mailwarden did not delete, is one event "deleted_outside".

The first scan of a tenant records its baseline (origin "discovery") and no events.

`scan()` is a plain coroutine function: the job queue schedules it (one call per tenant).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailwarden.actions.base import ActionContext
from mailwarden.audit import AuditLog
from mailwarden.drift.audit_source import (
    AuditRecord,
    AuditUnavailable,
    by_directory_ids,
    find_change,
    find_deletion,
    read_audit_records,
)
from mailwarden.drift.facts import Fact, StepEffect, deleted_list_key
from mailwarden.drift.lease import scan_lease
from mailwarden.drift.observe import Observed, list_mailboxes, observe, person_ids
from mailwarden.drift.people import AUDIT_LOOKBACK, READ_MARK, SWEEP_PERIOD, mark_key, people_to_read
from mailwarden.drift.policy import DriftKind, load_responses
from mailwarden.drift.records import (
    DriftEvent,
    Known,
    ended_grants,
    first_scan_started,
    last_scan,
    load_baseline,
    mailwarden_effects,
    pending_attribution,
    save_baseline,
)
from mailwarden.drift.respond import notice_record, notify_drift, propose_revert, revert_step
from mailwarden.model.recipients import Recipient
from mailwarden.notifications.outbox import announce
from mailwarden.store.db import Store
from mailwarden.store.tables import DriftEventRow, DriftScanRow
from mailwarden.tenants.targets import owners_now
from mailwarden.workflow.service import RequestService

__all__ = ["ScanResult", "scan"]

SETTLE = dt.timedelta(minutes=30)
"""How long a change of mailwarden's may take to show in reads (Exchange and Entra replicate; Microsoft
says permission changes can take minutes, at times longer): until then, the tenant still showing the fact as
it was before is the change settling, not someone undoing it outside."""
ATTRIBUTION_HORIZON = dt.timedelta(days=7)
"""How long an event waits for its audit record (the audit log query API serves at least this far back)."""
_SLACK = dt.timedelta(minutes=5)


@dataclass
class ScanResult:
    scan_id: str
    started: dt.datetime
    finished: dt.datetime
    first: bool
    facts: int
    events: list[DriftEvent] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    audit_note: str | None = None
    attributed_late: int = 0
    settling: int = 0
    """Facts mailwarden changed within SETTLE that reads do not show yet: compared again next scan."""
    people_read: int = 0
    """People's own mailboxes whose Full Access, Send As and calendar were read (people.py)."""
    people_told: int = 0
    """Of those, the ones the audit log (or mailwarden's own changes) pointed at."""


@dataclass(frozen=True)
class _Difference:
    kind: DriftKind
    fact: Fact
    present_now: bool
    before: str | None
    after: str | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _external(ctx: ActionContext, address: str) -> bool:
    """Whether a forwarding target is outside the organisation; a forwarding printed by a Name several
    recipients hold is joined with ", " (drift/observe.py): outside if any of them is."""
    return any(
        "@" in one and not ctx.directory.is_internal_address(one.strip()) for one in address.split(", ")
    )


def _severity(ctx: ActionContext, d: _Difference) -> str:
    if d.kind in ("forwarding_external", "returned_after_expiry"):
        return "high"
    if d.kind in ("forwarding_outside", "deleted_outside"):
        return "medium"
    if d.kind == "granted_outside":
        return "medium" if d.fact.kind in ("full_access", "send_as", "send_on_behalf") else "low"
    return "low"


def _summary(d: _Difference) -> str:
    f = d.fact
    if d.kind == "deleted_outside":
        return f"the list {f.resource} (with {d.before}) was deleted outside mailwarden"
    if f.kind == "forwarding":
        if d.present_now:
            outside = " (an address outside the organisation)" if d.kind == "forwarding_external" else ""
            return f"{f.resource} forwards to {d.after}{outside}, set outside mailwarden"
        return f"forwarding of {f.resource} to {d.before} was cleared outside mailwarden"
    if f.kind == "calendar" and d.before and d.after:
        return (
            f"{f.holder}'s access to {f.resource}'s calendar changed from {d.before} to {d.after} "
            "outside mailwarden"
        )
    right = f"{f.label} ({f.value})" if f.value else f.label
    if d.kind == "returned_after_expiry":
        return f"{right} on {f.resource} for {f.holder} is back after its time-bound grant ended"
    verb = "granted to" if d.present_now else "removed from"
    if f.kind == "membership":
        return f"{f.holder} {'added to' if d.present_now else 'removed from'} {f.resource} outside mailwarden"
    return f"{right} on {f.resource} {verb} {f.holder} outside mailwarden"


def _differences(
    ctx: ActionContext,
    expected: dict[str, Fact],
    seen: Observed,
    ended: set[str],
    mine: Mapping[str, Fact | None],
) -> list[_Difference]:
    found: list[_Difference] = []
    observed = seen.facts
    for key, fact in observed.items():
        known = expected.get(key)
        if known is not None and known.value == fact.value:
            continue
        if fact.kind == "forwarding":
            kind: DriftKind = "forwarding_external" if _external(ctx, fact.value) else "forwarding_outside"
        elif key in ended and known is None:
            kind = "returned_after_expiry"
        else:
            kind = "granted_outside"
        before = known.value if known is not None else None
        found.append(_Difference(kind, fact, True, before or None, fact.value or None))
    deleted: dict[str, list[Fact]] = {}
    for key, fact in expected.items():
        if key not in observed and seen.covers(fact):
            found.append(_Difference("removed_outside", fact, False, fact.value or None, None))
        elif fact.kind == "membership" and seen.gone(fact) and deleted_list_key(fact.resource_id) not in mine:
            deleted.setdefault(fact.resource_id, []).append(fact)
    for gid, members in deleted.items():
        # One event for the list, not one per member it had.
        gone = Fact("membership", gid, members[0].resource, "-", "the list itself")
        found.append(_Difference("deleted_outside", gone, False, f"{len(members)} members", None))
    return sorted(found, key=lambda d: d.fact.key)


def _first_seen(d: _Difference, never_read: frozenset[str]) -> bool:
    return d.fact.resource_id in never_read and d.fact.kind in ("full_access", "send_as", "calendar")


def _discovered_late(
    store: Store,
    ctx: ActionContext,
    tenant: str,
    baseline: Mapping[str, Known],
    seen: Observed,
    records: Sequence[AuditRecord],
    people: Sequence[str],
    watched_since: dt.datetime,
    started: dt.datetime,
) -> list[_Difference]:
    """Grants a recent first read of a person's mailbox took for its baseline that the audit log, its
    record arriving only since, names someone giving while mailwarden watched: drift after all (once)."""
    persons, out = set(people), []
    for key, known in baseline.items():
        fact = known.as_fact()
        if (
            known.origin != "discovery"
            or fact.kind not in ("full_access", "send_as", "calendar")
            or fact.resource_id not in persons
            or _utc(known.since) < started - AUDIT_LOOKBACK
            or seen.facts.get(key) != fact
        ):
            continue
        match = find_change(ctx.directory, records, fact, gives=True)
        if match is None or match.when < watched_since - _SLACK or match.when > _utc(known.since) + _SLACK:
            continue
        out.append(_Difference("granted_outside", fact, True, None, fact.value or None))
    if not out:
        return out
    ids = {_event_id(tenant, d, watched_since): d for d in out}
    with store.session() as session:  # one look for all of them: already recorded, not drift again
        recorded = set(session.scalars(select(DriftEventRow.event_id).where(DriftEventRow.event_id.in_(ids))))
    return [d for event_id, d in ids.items() if event_id not in recorded]


def _first_read(
    ctx: ActionContext,
    differences: Sequence[_Difference],
    never_read: frozenset[str],
    records: Sequence[AuditRecord],
    since: dt.datetime,
) -> set[str]:
    """Keys found on a person's mailbox read for the first time: its baseline (what was there before the
    sweep came by), not drift, except what the audit log names someone changing since `since` (when
    mailwarden began watching: a record arriving late still names a change made while it watched)."""
    out: set[str] = set()
    for d in differences:
        if not _first_seen(d, never_read):
            continue
        match = find_change(ctx.directory, records, d.fact, gives=d.present_now)
        if match is None or match.when < since - _SLACK:
            out.add(d.fact.key)
    return out


async def _records(
    ctx: ActionContext, start: dt.datetime, end: dt.datetime, wait: float
) -> tuple[list[AuditRecord], str | None]:
    try:
        records = await read_audit_records(ctx.clients.graph, start - _SLACK, end + _SLACK, wait=wait)
    except AuditUnavailable as exc:
        return [], str(exc)
    # mailwarden's own cmdlets are in the log too: never the author of a change made outside it.
    connection = ctx.clients.connection
    own = (connection.client_id, connection.exchange_client_id)
    return [r for r in records if not r.by_app(own)], None


async def scan(
    store: Store,
    audit: AuditLog,
    ctx: ActionContext,
    tenant: str,
    *,
    service: RequestService | None = None,
    audit_wait: float = 30.0,
    clock: Callable[[], dt.datetime] = _now,
    sweep_period: dt.timedelta = SWEEP_PERIOD,
) -> ScanResult:
    """Scan one tenant for drift, record the events and act on them as the tenant's drift policy says.
    People's own mailboxes are all re-read within `sweep_period` (people.py).
    `ScanRunning` when another scan of the tenant is under way."""
    with scan_lease(store, tenant):
        return await _scan(
            store,
            audit,
            ctx,
            tenant,
            service=service,
            audit_wait=audit_wait,
            clock=clock,
            sweep_period=sweep_period,
        )


async def _scan(
    store: Store,
    audit: AuditLog,
    ctx: ActionContext,
    tenant: str,
    *,
    service: RequestService | None,
    audit_wait: float,
    clock: Callable[[], dt.datetime],
    sweep_period: dt.timedelta,
) -> ScanResult:
    started = clock()
    previous = last_scan(store, tenant)
    stored = load_baseline(store, tenant)
    marks = {k: v for k, v in stored.items() if v.fact[0] == READ_MARK}
    baseline = {k: v for k, v in stored.items() if v.fact[0] != READ_MARK}
    mailboxes = await list_mailboxes(ctx)
    scan_id = str(uuid.uuid4())
    result = ScanResult(scan_id, started, started, previous is None, 0)

    records: list[AuditRecord] = []
    pending: list[DriftEventRow] = []
    effects: list[StepEffect] = []
    recent: list[StepEffect] = []
    window_start = started
    if previous is not None:
        pending = pending_attribution(store, tenant, started - ATTRIBUTION_HORIZON)
        window_start = min([previous.started, *(p.window_start or previous.started for p in pending)])
        # Always read: it says which people's mailboxes changed (people.py), not only who changed them.
        looked_from = min(window_start, started - AUDIT_LOOKBACK)
        records, result.audit_note = await _records(ctx, looked_from, started, audit_wait)
        records = by_directory_ids(records, mailboxes)
        # One read of mailwarden's own changes serves both uses: since the last scan (expected state) and
        # within SETTLE (replication, `_settling`).
        recent = mailwarden_effects(
            store, ctx.directory, tenant, min(_utc(previous.started), started - SETTLE)
        )
        effects = [e for e in recent if e.at is None or e.at >= _utc(previous.started)]
    chosen = people_to_read(
        ctx.directory,
        person_ids(ctx, mailboxes),
        {v.fact[1]: _utc(v.since) for v in marks.values()},
        records,
        effects,
        since_last=None if previous is None else started - _utc(previous.started),
        period=sweep_period,
    )
    seen = await observe(ctx, mailboxes, chosen.all)
    result.facts, result.failures = len(seen.facts), seen.failures
    result.people_read, result.people_told = len(chosen.all), len(chosen.told)
    # Shared and room mailboxes are marked too: one turned into a person's was read until then, and what
    # the sweep finds on it later is a change, not its baseline.
    read_now = {
        mark_key(p): Known(fact=(READ_MARK, p, "", "", "", ""), since=started, origin="scan")
        for p in seen.covered.get("full_access", set())
        if p and p not in seen.unread
    }
    if previous is None:
        after = {k: Known(fact=_tuple(f), since=started, origin="discovery") for k, f in seen.facts.items()}
        save_baseline(store, tenant, stored, after | marks | read_now)
        return _finish(store, audit, tenant, result, clock)

    expected = {k: v.as_fact() for k, v in baseline.items()}
    mine: dict[str, Fact | None] = {}
    for effect in effects:
        mine[effect.key] = effect.fact
        if effect.fact is None:
            expected.pop(effect.key, None)
        else:
            expected[effect.key] = effect.fact
    differences = _differences(ctx, expected, seen, ended_grants(store, ctx.directory, tenant), mine)
    # Any change the log names after the tenant's baseline was taken is one made while mailwarden watched,
    # however late its record came (not only one since the last scan).
    watched_since = _utc(first_scan_started(store, tenant) or previous.started)
    first_read = _first_read(ctx, differences, chosen.never_read, records, watched_since)
    differences = [d for d in differences if d.fact.key not in first_read]
    late = _discovered_late(
        store, ctx, tenant, baseline, seen, records, person_ids(ctx, mailboxes), watched_since, started
    )
    differences += late

    result.attributed_late = _attribute_pending(store, ctx, pending, records)
    settled_since = started - SETTLE
    settling = _settling(
        ctx, [e for e in recent if e.at is None or e.at >= _utc(settled_since)], started, seen, records
    )
    differences = [d for d in differences if d.fact.key not in settling]
    result.settling = len(settling)

    responses = load_responses(store, tenant)
    admins = sorted(r.primary_address for r in ctx.directory if r.is_admin)
    for d in differences:
        event = await _record_event(
            store,
            audit,
            ctx,
            tenant,
            scan_id,
            d,
            # A mailbox read for the first time may have changed any time since mailwarden began watching.
            watched_since if _first_seen(d, chosen.never_read) or d in late else previous.started,
            started,
            records,
            responses[d.kind],
            service,
            admins,
        )
        result.events.append(event)

    after = dict(baseline)
    for key in list(after):
        fact = after[key].as_fact()
        if key not in seen.facts and (seen.covers(fact) or seen.gone(fact)):
            del after[key]
    for key, fact in seen.facts.items():
        old = after.get(key)
        if old is None or old.as_fact() != fact:
            origin = "mailwarden" if key in mine else "discovery" if key in first_read else "outside"
            after[key] = Known(fact=_tuple(fact), since=started, origin=origin)
    for key, settled in settling.items():
        # What mailwarden made so is what the tenant will show: the next scan compares against that.
        if settled is None:
            after.pop(key, None)
        else:
            after[key] = Known(fact=_tuple(settled), since=started, origin="mailwarden")
    save_baseline(store, tenant, stored, after | marks | read_now)
    return _finish(store, audit, tenant, result, clock)


def _settling(
    ctx: ActionContext,
    recent: Sequence[StepEffect],
    started: dt.datetime,
    seen: Observed,
    records: Sequence[AuditRecord],
) -> dict[str, Fact | None]:
    """Facts a request of mailwarden's changed within SETTLE, and could not read back as changed before it
    finished (its verification gave up: "unverified"), that reads still show otherwise: replication,
    not drift, unless the audit log names someone else changing that fact since. Without such a record, a
    change made outside that undoes mailwarden's within SETTLE is reported by the first scan after SETTLE
    (later, never lost: the baseline then holds mailwarden's value, which the tenant no longer shows)."""
    latest: dict[str, StepEffect] = {}
    for effect in recent:  # mailwarden's changes within SETTLE, in the order they finished
        latest[effect.key] = effect
    out: dict[str, Fact | None] = {}
    for key, effect in latest.items():
        if effect.verified:
            continue  # mailwarden read it back as made: reads showing otherwise since is a change since
        made, shown = effect.fact, seen.facts.get(key)
        if made is None and shown is not None:
            undone, outside = None, find_change(ctx.directory, records, shown, gives=True)
        elif made is not None and seen.covers(made) and (shown is None or shown.value != made.value):
            undone = made
            outside = find_change(ctx.directory, records, shown or made, gives=shown is not None)
        else:
            continue
        # Its own request may carry a later clock than the tenant's (never later than this scan, though).
        made_at = min(effect.at or started, started)
        if outside is not None and outside.when >= made_at - _SLACK:
            continue  # someone changed it again after mailwarden did: drift, reported now
        out[key] = undone
    return out


def _tuple(f: Fact) -> tuple[str, str, str, str, str, str]:
    return (f.kind, f.resource_id, f.resource, f.holder_id, f.holder, f.value)


def _attribute_pending(
    store: Store, ctx: ActionContext, pending: Sequence[DriftEventRow], records: Sequence[AuditRecord]
) -> int:
    """Fill in who and when for earlier events whose audit record has arrived since."""
    done = 0
    with store.session() as session:
        for row in pending:
            _kind, resource_id, holder_id = row.fact_key.split(":", 2)
            value = row.after or row.before or ""
            fact = Fact(row.fact_kind, resource_id, row.resource, holder_id, row.holder, value)  # type: ignore[arg-type]
            match = (
                find_deletion(ctx.directory, records, fact)
                if row.kind == "deleted_outside"
                else find_change(ctx.directory, records, fact, gives=row.kind != "removed_outside")
            )
            if match is None or (row.window_start and match.when < row.window_start - _SLACK):
                continue
            live = session.get(DriftEventRow, row.event_id)
            if live is None:
                continue
            live.changed_by, live.changed_at, live.audit_record_id = match.user, match.when, match.record_id
            done += 1
    return done


async def _record_event(
    store: Store,
    audit: AuditLog,
    ctx: ActionContext,
    tenant: str,
    scan_id: str,
    d: _Difference,
    window_start: dt.datetime,
    window_end: dt.datetime,
    records: Sequence[AuditRecord],
    response: str,
    service: RequestService | None,
    admins: Sequence[str],
) -> DriftEvent:
    event_id = _event_id(tenant, d, window_start)
    with store.session() as session:
        again = session.get(DriftEventRow, event_id)
        if again is not None:
            # A scan that died after recording it (and before its baseline): the same change, once.
            return DriftEvent.of(again)
    match = (
        find_deletion(ctx.directory, records, d.fact)
        if d.kind == "deleted_outside"
        else find_change(ctx.directory, records, d.fact, gives=d.present_now)
    )
    if match is not None and match.when < window_start - _SLACK:
        match = None  # an older change of the same kind, undone and redone since: not this one
    summary = _summary(d)
    notes: list[str] = []
    revert_id = None
    if response == "propose_revert":
        # A deleted list is not put back by re-adding members to a list that no longer exists.
        step = (
            None
            if d.kind == "deleted_outside"
            else revert_step(d.fact, present_now=d.present_now, before=d.before)
        )
        if step is None or service is None:
            notes.append(
                "no revert proposed: no action of mailwarden's puts this back"
                if step is None
                else "no revert proposed: the scan ran without the request service"
            )
        else:
            proposal = await propose_revert(
                service, ctx, tenant, step, event_id=event_id, summary=summary, admins=admins
            )
            revert_id = proposal.request_id
            notes.append(proposal.note)
    told: list[Recipient] = []
    if response in ("notify", "propose_revert"):
        # The owners the policy and access reviews answer to: an owner an admin replaced no longer hears
        # who was given access to the resource.
        owners = owners_now(store, tenant, ctx.directory, d.fact.resource_id)
        told = list(
            {r.recipient_id: r for r in [*owners, *(r for r in ctx.directory if r.is_admin)]}.values()
        )
    row = DriftEventRow(
        event_id=event_id,
        tenant_key=tenant,
        scan_id=scan_id,
        kind=d.kind,
        severity=_severity(ctx, d),
        fact_kind=d.fact.kind,
        fact_key=d.fact.key,
        resource=d.fact.resource,
        holder=d.fact.holder,
        before=d.before,
        after=d.after,
        detected=window_end,
        window_start=window_start,
        window_end=window_end,
        changed_by=match.user if match else None,
        changed_at=match.when if match else None,
        audit_record_id=match.record_id if match else None,
        response=response,
        revert_request_id=revert_id,
        summary=summary + ("; " + "; ".join(notes) if notes else ""),
    )
    event = DriftEvent.of(row)
    entries = [notice_record(tenant, event_id, summary, [r.primary_address for r in told])] if told else []
    entries.append(
        {
            "tenant": tenant,
            "event": "drift.detected",
            "actor": "drift-scan",
            "channel": "drift",
            "action": d.fact.kind,
            "target": d.fact.resource,
            "before": d.before,
            "after": d.after,
            "detail": {
                "drift_event": event_id,
                "kind": d.kind,
                "severity": event.severity,
                "holder": d.fact.holder,
                "changed_by": event.changed_by,
                "when": event.when,
                "response": response,
                "revert_request": revert_id,
            },
        }
    )
    queued = 0

    def write(session: Session) -> None:
        nonlocal queued
        session.add(row)
        session.flush()
        queued = notify_drift(session, tenant, event_id, [r.recipient_id for r in told], now=window_end)

    # The event, its notices and its records in one transaction: an event recorded without its record is
    # found by the next scan as recorded already, and would never be told in the signed log.
    audit.append_many(entries, with_records=write, returned=False)
    if queued:
        announce(store, tenant)
    return event


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives times back without their zone; they were stored in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


_EVENTS = uuid.UUID("0b7f5f4e-3c1a-4a8e-9f0d-6a2b1e9c7d35")


def _event_id(tenant: str, d: _Difference, window_start: dt.datetime) -> str:
    """The same for one change however often a scan that dies is run again: the tenant, the fact, what it
    was and is, and the window since the last finished scan (which a scan that died never moves on).
    What hangs off an event (its revert request) takes its key from this id, so it is filed once."""
    identity = "|".join(
        [tenant, d.fact.key, d.kind, d.before or "", d.after or "", _utc(window_start).isoformat()]
    )
    return str(uuid.uuid5(_EVENTS, identity))


def _finish(
    store: Store, audit: AuditLog, tenant: str, result: ScanResult, clock: Callable[[], dt.datetime]
) -> ScanResult:
    result.finished = clock()
    row = DriftScanRow(
        scan_id=result.scan_id,
        tenant_key=tenant,
        started=result.started,
        finished=result.finished,
        facts=result.facts,
        events=len(result.events),
        detail={
            "first": result.first,
            "failures": result.failures,
            "audit_log": result.audit_note or "read",
            "attributed_late": result.attributed_late,
            "settling": result.settling,
            "people_read": result.people_read,
            "people_told": result.people_told,
        },
    )
    audit.append_many(
        [
            {
                "tenant": tenant,
                "event": "drift.scanned",
                "actor": "drift-scan",
                "channel": "drift",
                "detail": {
                    "scan": result.scan_id,
                    "facts": result.facts,
                    "events": len(result.events),
                    "first": result.first,
                    "failures": len(result.failures),
                },
            }
        ],
        checkpoint=True,
        with_records=lambda session: session.add(row),  # the scan and its record: both or neither
        returned=False,
    )
    return result
