"""Drift's rows in the store: the baseline, the scans, the events, and what mailwarden itself changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import delete, func, select

from mailwarden.directory.snapshot import Directory
from mailwarden.drift.facts import Fact, StepEffect, effects_of_step
from mailwarden.model.steps import parse_step
from mailwarden.store.db import Store
from mailwarden.store.tables import (
    DriftBaselineRow,
    DriftEventRow,
    DriftScanRow,
    RequestRow,
    RequestStepRow,
)

__all__ = [
    "SEVERITIES",
    "DriftEvent",
    "Known",
    "ended_grants",
    "get_event",
    "last_scan",
    "list_events",
    "load_baseline",
    "mailwarden_effects",
    "save_baseline",
]

Severity = Literal["low", "medium", "high"]
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high")
_FINISHED = ("completed", "partially_failed", "failed")


class DriftEvent(BaseModel):
    """One recorded drift event, as the CLI, the API and the page show it."""

    event_id: str
    scan_id: str
    kind: str
    severity: str
    fact_kind: str
    resource: str
    holder: str
    before: str | None
    after: str | None
    detected: dt.datetime
    window_start: dt.datetime | None
    window_end: dt.datetime
    changed_by: str | None
    changed_at: dt.datetime | None
    audit_record_id: str | None
    response: str
    revert_request_id: str | None
    summary: str

    @property
    def when(self) -> str:
        """Who and when, as far as is known: the audit log's, else the window between two scans."""
        if self.changed_by and self.changed_at:
            return f"by {self.changed_by} at {self.changed_at:%Y-%m-%d %H:%M} UTC"
        start = f"{self.window_start:%Y-%m-%d %H:%M}" if self.window_start else "the first scan"
        return f"between {start} and {self.window_end:%Y-%m-%d %H:%M} UTC (the audit log names no one yet)"

    @classmethod
    def of(cls, row: DriftEventRow) -> DriftEvent:
        return cls.model_validate(row, from_attributes=True)


class Known(BaseModel):
    """A baseline fact with how mailwarden came to know it."""

    fact: tuple[str, str, str, str, str, str]
    since: dt.datetime
    origin: str

    def as_fact(self) -> Fact:
        kind, rid, resource, hid, holder, value = self.fact
        return Fact(kind, rid, resource, hid, holder, value)  # type: ignore[arg-type]


def last_scan(store: Store, tenant: str) -> DriftScanRow | None:
    with store.session() as session:
        row = session.scalars(
            select(DriftScanRow)
            .where(DriftScanRow.tenant_key == tenant)
            .order_by(DriftScanRow.started.desc())
            .limit(1)
        ).first()
        if row is not None:
            session.expunge(row)
        return row


def first_scan_started(store: Store, tenant: str) -> dt.datetime | None:
    """When mailwarden began watching the tenant (its first scan, the baseline's)."""
    with store.session() as session:
        return session.scalar(select(func.min(DriftScanRow.started)).where(DriftScanRow.tenant_key == tenant))


def load_baseline(store: Store, tenant: str) -> dict[str, Known]:
    with store.session() as session:
        rows = session.scalars(select(DriftBaselineRow).where(DriftBaselineRow.tenant_key == tenant))
        return {
            r.fact_key: Known(
                fact=(r.kind, r.resource_id, r.resource, r.holder_id, r.holder, r.value),
                since=r.since,
                origin=r.origin,
            )
            for r in rows
        }


def save_baseline(store: Store, tenant: str, before: Mapping[str, Known], after: Mapping[str, Known]) -> None:
    """Write the baseline's changes only: a scan of an unchanged tenant writes nothing."""
    gone = [k for k in before if k not in after]
    changed = [k for k, v in after.items() if before.get(k) != v]
    with store.session() as session:
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            session.execute(
                delete(DriftBaselineRow).where(
                    DriftBaselineRow.tenant_key == tenant, DriftBaselineRow.fact_key.in_(chunk)
                )
            )
        for key in changed:
            known = after[key]
            fact = known.as_fact()
            session.merge(
                DriftBaselineRow(
                    tenant_key=tenant,
                    fact_key=key,
                    kind=fact.kind,
                    resource_id=fact.resource_id,
                    resource=fact.resource,
                    holder_id=fact.holder_id,
                    holder=fact.holder,
                    value=fact.value,
                    since=known.since,
                    origin=known.origin,
                )
            )


def mailwarden_effects(
    store: Store, directory: Directory, tenant: str, since: dt.datetime | None
) -> list[StepEffect]:
    """What mailwarden's own requests changed since `since`, in the order they finished."""
    query = (
        select(RequestStepRow.step, RequestRow.updated, RequestStepRow.outcome)
        .join(RequestRow, RequestRow.request_id == RequestStepRow.request_id)
        .where(
            RequestRow.tenant_key == tenant,
            RequestRow.state.in_(_FINISHED),
            RequestStepRow.status == "applied",
        )
        .order_by(RequestRow.updated, RequestStepRow.position)
    )
    if since is not None:
        query = query.where(RequestRow.updated >= since)
    with store.session() as session:
        steps = [
            (dict(step), updated, dict(outcome or {})) for step, updated, outcome in session.execute(query)
        ]
    effects: list[StepEffect] = []
    for step, updated, outcome in steps:
        at = updated if updated.tzinfo else updated.replace(tzinfo=dt.UTC)
        verified = outcome.get("verification") == "verified"
        effects.extend(
            replace(e, at=at, verified=verified) for e in effects_of_step(directory, parse_step(step))
        )
    return effects


def ended_grants(store: Store, directory: Directory, tenant: str) -> set[str]:
    """Facts a time-bound grant of mailwarden's gave until a time now past, and which were taken back."""
    query = (
        select(RequestStepRow.step)
        .join(RequestRow, RequestRow.request_id == RequestStepRow.request_id)
        .where(
            RequestRow.tenant_key == tenant,
            RequestStepRow.expires.is_not(None),
            RequestStepRow.reverted_by.is_not(None),
        )
    )
    with store.session() as session:
        steps = [dict(s) for s in session.scalars(query)]
    return {e.key for s in steps for e in effects_of_step(directory, parse_step(s)) if e.fact is not None}


def list_events(
    store: Store, tenant: str, *, since: dt.datetime | None = None, severity: str | None = None
) -> list[DriftEvent]:
    """Events newest first; `severity` keeps that level and above."""
    query = select(DriftEventRow).where(DriftEventRow.tenant_key == tenant)
    if since is not None:
        query = query.where(DriftEventRow.detected >= since)
    if severity is not None:
        query = query.where(DriftEventRow.severity.in_(SEVERITIES[SEVERITIES.index(severity) :]))
    with store.session() as session:
        rows = session.scalars(query.order_by(DriftEventRow.detected.desc(), DriftEventRow.event_id))
        return [DriftEvent.of(r) for r in rows]


def get_event(store: Store, tenant: str, event_id: str) -> DriftEvent | None:
    with store.session() as session:
        row = session.get(DriftEventRow, event_id)
        return DriftEvent.of(row) if row is not None and row.tenant_key == tenant else None


def pending_attribution(store: Store, tenant: str, since: dt.datetime) -> list[DriftEventRow]:
    with store.session() as session:
        rows = list(
            session.scalars(
                select(DriftEventRow).where(
                    DriftEventRow.tenant_key == tenant,
                    DriftEventRow.changed_by.is_(None),
                    DriftEventRow.detected >= since,
                )
            )
        )
        for row in rows:
            session.expunge(row)
        return rows


def keys_of(facts: Iterable[Fact]) -> set[str]:
    return {f.key for f in facts}
