"""One drift scan per tenant at a time, whichever worker runs it: a lease in the store.

Two scans at once would both compare against the same baseline and record each change twice. The lease
is a conditional update (as request execution's is), so it holds across processes and machines; a scan
that dies leaves a lease that simply runs out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from mailwarden.errors import AlreadyRunning
from mailwarden.store.db import Store
from mailwarden.store.tables import DriftSettingsRow

__all__ = ["SCAN_LEASE", "ScanRunning", "scan_lease"]

SCAN_LEASE = dt.timedelta(minutes=30)


class ScanRunning(AlreadyRunning):
    """Another drift scan of the tenant holds its lease (the API answers 409 Conflict)."""


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _running(store: Store, tenant: str, now: dt.datetime) -> ScanRunning:
    with store.session() as session:
        row = session.get(DriftSettingsRow, tenant)
        until = _utc(row.scan_lease_until) if row is not None and row.scan_lease_until else now + SCAN_LEASE
    since = until - SCAN_LEASE
    return ScanRunning(
        f"A drift scan of {tenant!r} has been running since {since:%Y-%m-%d %H:%M:%S} UTC. Wait for it to "
        "finish and see what it found with 'mailwarden drift list' (or GET /api/v1/drift/events); a scan "
        f"that stopped halfway frees the tenant by {until:%H:%M:%S} UTC, when you can scan again.",
        running_since=since,
        retry_after=max(1.0, min((until - now).total_seconds(), 60.0)),
    )


def _claim(store: Store, tenant: str, now: dt.datetime) -> bool:
    with store.session() as session:
        result = session.execute(
            update(DriftSettingsRow)
            .where(
                DriftSettingsRow.tenant_key == tenant,
                or_(DriftSettingsRow.scan_lease_until.is_(None), DriftSettingsRow.scan_lease_until < now),
            )
            .values(scan_lease_until=now + SCAN_LEASE)
        )
        if getattr(result, "rowcount", 0):
            return True
        if session.get(DriftSettingsRow, tenant) is not None:
            return False
    try:
        with store.session() as session:
            session.add(
                DriftSettingsRow(
                    tenant_key=tenant,
                    responses={},
                    updated=now,
                    updated_by="drift-scan",
                    scan_lease_until=now + SCAN_LEASE,
                )
            )
    except IntegrityError:
        return False  # another scan made the row, and holds it, first
    return True


@contextlib.contextmanager
def scan_lease(store: Store, tenant: str) -> Iterator[None]:
    """Hold the tenant's scan lease for the block; `ScanRunning` if another scan holds it."""
    now = dt.datetime.now(dt.UTC)
    until = now + SCAN_LEASE
    if not _claim(store, tenant, now):
        raise _running(store, tenant, now)
    try:
        yield
    finally:
        # Only this scan's own lease: one that outran it may have been taken by the next scan since.
        with store.session() as session:
            session.execute(
                update(DriftSettingsRow)
                .where(DriftSettingsRow.tenant_key == tenant, DriftSettingsRow.scan_lease_until == until)
                .values(scan_lease_until=None)
            )
