"""Where a current grant came from: the request that made it, the tenant as first found, or outside.

The records of a grant are every change mailwarden applied to it (a `step.applied` audit record, with its
request: requester, approvers, justification, expiry) and, where a `GrantHistory` knows them, changes seen
outside mailwarden (drift scans, the tenant's own audit log) and the grants present when the tenant was
first read (a baseline). A grant's origin is its LATEST record, never its first:

    latest record                        origin
    mailwarden gave it (grant/add/set)   that request
    mailwarden took it away              made outside, between that removal and this read
    outside: given                       made outside (by whom and when, as the history says)
    outside: taken away                  made outside again, between that removal and this read
    none, in the baseline                present when the tenant was first read
    none, baseline kept, not in it       made outside, between the latest scan and this read
    none, no baseline                    not yet scanned: present at first discovery or made outside
                                         since (nothing recorded grants before then)

So a grant mailwarden made, later removed and re-added outside is not credited to the old request as long
as the removal is on record (mailwarden's own, or a drift/audit-log record in the history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pydantic import BaseModel
from sqlalchemy import func, select

from mailwarden.access.grants import GrantKey, GrantKind
from mailwarden.directory.snapshot import Directory
from mailwarden.store.db import Store
from mailwarden.store.tables import ApprovalRow, AuditRecordRow, DiscoveryRunRow, RequestRow, RequestStepRow

__all__ = [
    "Baseline",
    "GrantHistory",
    "GrantRecord",
    "NoGrantHistory",
    "Origin",
    "QueryCost",
    "first_discovery",
    "load_records",
    "origin_of",
]

# action -> (grant kind, resource field, holder field, the changes that give)
_GRANT_STEPS: Mapping[str, tuple[GrantKind, str, str, frozenset[str]]] = {
    "mailbox_delegation": ("full_access", "mailbox", "trustee", frozenset({"grant"})),
    "send_as": ("send_as", "mailbox", "trustee", frozenset({"grant"})),
    "send_on_behalf": ("send_on_behalf", "mailbox", "trustee", frozenset({"grant"})),
    "calendar_share": ("calendar", "owner", "grantee", frozenset({"grant"})),
    "distribution_list_membership": ("member", "group", "member", frozenset({"add"})),
    "email_forwarding_internal": ("forwarding", "mailbox", "forward_to", frozenset({"set"})),
}
ANY_HOLDER = "*"
"""Clearing forwarding takes it away from whoever it went to."""
_CHUNK = 500  # ids per IN (...) query: inside every backend's parameter limit


@dataclass(frozen=True)
class GrantRecord:
    """One recorded change to one grant."""

    key: GrantKey
    gives: bool
    when: dt.datetime
    source: Literal["mailwarden", "outside"]
    request_id: str | None = None
    request_kind: str | None = None
    requester: str | None = None
    approvers: tuple[str, ...] = ()
    justification: str | None = None
    expires: dt.datetime | None = None
    audit_seq: int | None = None
    by: str | None = None
    """Outside: who made the change, where the tenant's audit log says."""
    since: dt.datetime | None = None
    """Outside, when only a window is known: the change happened after `since` and by `when`."""

    def matches(self, key: GrantKey) -> bool:
        return self.key == key or (self.key[2] == ANY_HOLDER and self.key[:2] == key[:2])


@dataclass(frozen=True)
class Baseline:
    """The grants present when the tenant was first read, and when."""

    taken: dt.datetime
    keys: frozenset[GrantKey]
    """The grants present at `taken` and never changed since, as far as anything recorded says."""
    last_scan: dt.datetime | None = None
    """The latest comparison with the tenant: a grant in no record appeared after it."""


class GrantHistory(Protocol):
    """What is known of grants beside mailwarden's own requests (the drift scan's baseline and events)."""

    def baseline(self) -> Baseline | None: ...

    def outside_records(self, keys: Iterable[GrantKey]) -> Sequence[GrantRecord]: ...


class NoGrantHistory:
    """No baseline and no outside records: the origin of an unrecorded grant stays open."""

    def baseline(self) -> Baseline | None:
        return None

    def outside_records(self, keys: Iterable[GrantKey]) -> Sequence[GrantRecord]:
        return ()


class Origin(BaseModel):
    """Why a grant exists, in one sentence and in fields."""

    source: Literal["request", "first_discovery", "outside", "unrecorded"]
    summary: str
    request_id: str | None = None
    requester: str | None = None
    approvers: list[str] = []
    when: dt.datetime | None = None
    justification: str | None = None
    expires: dt.datetime | None = None
    audit_seq: int | None = None
    """The `step.applied` record in the signed audit log that shows the change."""
    by: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


@dataclass
class QueryCost:
    """What reading the records cost: database round trips and rows read."""

    queries: int = 0
    rows: int = 0
    records: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def _day(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def origin_of(
    key: GrantKey,
    records: Sequence[GrantRecord],
    *,
    as_of: dt.datetime,
    baseline: Baseline | None,
    discovered: dt.datetime | None,
) -> Origin:
    """The origin of the grant `key`, present at `as_of`, from its latest record (see the module's table)."""
    if key[0] == "rule_forwarding":
        # mailwarden never writes Inbox rules and the drift scan does not record them: no record can say
        return Origin(
            source="outside",
            summary="An Inbox rule of the mailbox, made in Outlook or by an admin outside mailwarden (which "
            "never makes rules; the drift scan does not track them).",
        )
    mine = sorted((r for r in records if r.matches(key)), key=lambda r: r.when)
    if mine:
        latest = mine[-1]
        if latest.source == "mailwarden" and latest.gives:
            what = "an undo" if latest.request_kind == "undo" else "request"
            approved = f", approved by {', '.join(latest.approvers)}" if latest.approvers else ""
            return Origin(
                source="request",
                summary=f"Given by {what} {latest.request_id} of {latest.requester} on {_day(latest.when)}"
                f"{approved}.",
                request_id=latest.request_id,
                requester=latest.requester,
                approvers=list(latest.approvers),
                when=latest.when,
                justification=latest.justification,
                expires=latest.expires,
                audit_seq=latest.audit_seq,
            )
        if latest.source == "outside" and latest.gives:
            by = f" by {latest.by}" if latest.by else ""
            window = (
                f"between {_day(latest.since)} and {_day(latest.when)}"
                if latest.since
                else f"on {_day(latest.when)}"
            )
            return Origin(
                source="outside",
                summary=f"Made outside mailwarden{by} {window}.",
                when=latest.when if latest.since is None else None,
                by=latest.by,
                since=latest.since,
                until=latest.when,
            )
        taken = (
            "mailwarden removed it" if latest.source == "mailwarden" else "it was removed outside mailwarden"
        )
        request = f" (request {latest.request_id})" if latest.request_id else ""
        return Origin(
            source="outside",
            summary=f"Made outside mailwarden between {_day(latest.when)} and {_day(as_of)}: "
            f"{taken} then{request}, and it is back.",
            since=latest.when,
            until=as_of,
        )
    if baseline is not None and key in baseline.keys:
        return Origin(
            source="first_discovery",
            summary=f"Present when the tenant was first discovered on {_day(baseline.taken)}.",
            when=baseline.taken,
        )
    if baseline is not None:
        since = baseline.last_scan or baseline.taken
        return Origin(
            source="outside",
            summary=f"Made outside mailwarden between {_day(since)} and {_day(as_of)}.",
            since=since,
            until=as_of,
        )
    first = f" on {_day(discovered)}" if discovered else ""
    return Origin(
        source="unrecorded",
        summary="Not made through mailwarden, and the tenant is not yet scanned: run `mailwarden drift scan` "
        f"to tell a grant present when the tenant was first discovered{first} from one made outside since.",
        since=discovered,
        until=as_of,
    )


def first_discovery(store: Store, tenant: str) -> dt.datetime | None:
    """When the tenant's recipients were first read completely."""
    with store.session() as session:
        return session.scalar(
            select(func.min(DiscoveryRunRow.finished)).where(
                DiscoveryRunRow.tenant_key == tenant, DiscoveryRunRow.status == "succeeded"
            )
        )


def _id(directory: Directory, reference: Any) -> str:
    value = str(reference or "").strip().lower()
    found = directory.address_owner(value) or directory.get(value)
    return found.recipient_id if found is not None else value


def load_records(
    store: Store, tenant: str, directory: Directory, targets: Iterable[str] | None = None
) -> tuple[list[GrantRecord], QueryCost]:
    """Every grant change mailwarden applied in `tenant` (only on `targets`, a resource's addresses, when
    given: the audit record names the resource by the address the step used).

    Three reads per 500 requests: the `step.applied` audit records of grant actions (one index range
    on tenant), their steps and requests, and the approvals."""
    cost = QueryCost()
    with store.session() as session:
        applied = session.execute(
            select(
                AuditRecordRow.seq, AuditRecordRow.time, AuditRecordRow.request_id, AuditRecordRow.detail
            ).where(
                AuditRecordRow.tenant == tenant,
                AuditRecordRow.event == "step.applied",
                AuditRecordRow.action.in_(list(_GRANT_STEPS)),
                *(
                    [AuditRecordRow.target.in_(sorted({t.lower() for t in targets}))]
                    if targets is not None
                    else []
                ),
            )
        ).all()
        cost.queries += 1
        cost.rows += len(applied)
        # One step can have two step.applied records (a retry found it as asked): the later one counts.
        seen: dict[tuple[str, int], tuple[int, dt.datetime]] = {}
        for seq, time, request_id, detail in applied:
            if request_id is None:
                continue
            seen[(request_id, int((detail or {}).get("position", -1)))] = (seq, time)
        request_ids = sorted({rid for rid, _ in seen})
        steps: dict[tuple[str, int], tuple[dict[str, Any], dt.datetime | None]] = {}
        by_request: dict[str, tuple[str, str, str, str | None]] = {}
        approvers: dict[str, list[str]] = {}
        for start in range(0, len(request_ids), _CHUNK):
            chunk = request_ids[start : start + _CHUNK]
            rows = session.execute(
                # Columns, not ORM objects: a person's report reads every grant record of the tenant.
                select(
                    RequestStepRow.request_id,
                    RequestStepRow.position,
                    RequestStepRow.step,
                    RequestStepRow.expires,
                    RequestRow.tenant_key,
                    RequestRow.kind,
                    RequestRow.requester,
                    RequestRow.justification,
                )
                .join(RequestRow, RequestRow.request_id == RequestStepRow.request_id)
                .where(RequestStepRow.request_id.in_(chunk))
            ).all()
            votes = session.execute(
                select(ApprovalRow.request_id, ApprovalRow.approver)
                .where(ApprovalRow.request_id.in_(chunk), ApprovalRow.verdict == "approve")
                .order_by(ApprovalRow.approval_id)
            ).all()
            cost.queries += 2
            cost.rows += len(rows) + len(votes)
            for rid, position, step, expires, tenant_key, kind, requester, justification in rows:
                steps[(rid, position)] = (step, expires)
                by_request[rid] = (tenant_key, kind, requester, justification)
            for request_id, approver in votes:
                approvers.setdefault(request_id, []).append(approver)
    records = []
    for (request_id, position), (seq, time) in seen.items():
        found = steps.get((request_id, position))
        request = by_request.get(request_id)
        if found is None or request is None or request[0] != tenant:
            continue
        step, expires = found
        _, request_kind, requester, justification = request
        kind, resource_field, holder_field, giving = _GRANT_STEPS[str(step.get("action"))]
        resource = _id(directory, step.get(resource_field))
        gives = str(step.get("change")) in giving
        holder = _id(directory, step.get(holder_field)) if step.get(holder_field) else ANY_HOLDER
        records.append(
            GrantRecord(
                key=(kind, resource, holder),
                gives=gives,
                when=time,
                source="mailwarden",
                request_id=request_id,
                request_kind=request_kind,
                requester=requester,
                approvers=tuple(approvers.get(request_id, ())),
                justification=justification,
                expires=expires if gives else None,
                audit_seq=seq,
            )
        )
    cost.records = len(records)
    return records, cost
