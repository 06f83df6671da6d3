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

from mailwarden.errors import MailwardenError
from mailwarden.store.db import Store
from mailwarden.store.tables import DriftSettingsRow

__all__ = ["SCAN_LEASE", "ScanRunning", "scan_lease"]

SCAN_LEASE = dt.timedelta(minutes=30)


class ScanRunning(MailwardenError):
    """Another drift scan of the tenant holds its lease."""


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
        raise ScanRunning(
            f"A drift scan of {tenant!r} is already running; try again when it has finished "
            f"(a scan that stopped halfway frees the tenant after {SCAN_LEASE.seconds // 60} minutes)."
        )
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
