"""The drift scan's knowledge as a `GrantHistory`, so an access report can say where outside grants came from.

    baseline rows with origin "discovery"  ->  present when the tenant was first scanned (with its date)
    drift events                           ->  outside records: given or taken away, by whom and when (the
                                               tenant's audit log) or between two scans
    no scan yet                            ->  no baseline: the report says to run `mailwarden drift scan`

A grant in no record and not in the first scan appeared after the latest scan: made outside, between that
scan and the read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import func, select

from mailwarden.access.grants import GrantKey, GrantKind
from mailwarden.access.origins import ANY_HOLDER, Baseline, GrantRecord
from mailwarden.store.db import Store
from mailwarden.store.tables import DriftBaselineRow, DriftEventRow, DriftScanRow

__all__ = ["DriftHistory"]

_KINDS: Mapping[str, GrantKind] = {
    "full_access": "full_access",
    "send_as": "send_as",
    "send_on_behalf": "send_on_behalf",
    "membership": "member",
    "calendar": "calendar",
    "forwarding": "forwarding",
}
_CHUNK = 500


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _grant_key(kind: str, resource_id: str, holder_id: str) -> GrantKey:
    # A mailbox forwards to one place: a drift event of its forwarding is about whoever it goes to.
    return (_KINDS[kind], resource_id, ANY_HOLDER if kind == "forwarding" else holder_id)


class DriftHistory:
    """One tenant's drift baseline and events, read from the store."""

    def __init__(self, store: Store, tenant: str) -> None:
        self._store = store
        self._tenant = tenant

    def baseline(self) -> Baseline | None:
        with self._store.session() as session:
            span = session.execute(
                select(func.min(DriftScanRow.started), func.max(DriftScanRow.started)).where(
                    DriftScanRow.tenant_key == self._tenant
                )
            ).one()
            first: dt.datetime | None = span[0]
            last: dt.datetime | None = span[1]
            if first is None or last is None:
                return None
            rows = session.execute(
                select(DriftBaselineRow.kind, DriftBaselineRow.resource_id, DriftBaselineRow.holder_id).where(
                    DriftBaselineRow.tenant_key == self._tenant, DriftBaselineRow.origin == "discovery"
                )
            ).all()
        keys = frozenset(
            (_KINDS[k], resource_id, holder_id) for k, resource_id, holder_id in rows if k in _KINDS
        )
        return Baseline(taken=_utc(first), keys=keys, last_scan=_utc(last))

    def outside_records(self, keys: Iterable[GrantKey]) -> Sequence[GrantRecord]:
        tracked = set(_KINDS.values())  # Inbox rules are no drift fact (access/grants.py "rule_forwarding")
        facts = sorted({_fact_key(key) for key in keys if key[0] in tracked})
        out: list[GrantRecord] = []
        with self._store.session() as session:
            for start in range(0, len(facts), _CHUNK):
                rows = session.execute(
                    select(
                        DriftEventRow.fact_kind,
                        DriftEventRow.fact_key,
                        DriftEventRow.kind,
                        DriftEventRow.window_start,
                        DriftEventRow.window_end,
                        DriftEventRow.changed_by,
                        DriftEventRow.changed_at,
                    ).where(
                        DriftEventRow.tenant_key == self._tenant,
                        DriftEventRow.fact_key.in_(facts[start : start + _CHUNK]),
                    )
                ).all()
                out += [_record(*row) for row in rows if row[0] in _KINDS]
        return out


def _fact_key(key: GrantKey) -> str:
    kind, resource_id, holder_id = key
    fact_kind = next(f for f, g in _KINDS.items() if g == kind)
    return f"{fact_kind}:{resource_id}:{'-' if kind == 'forwarding' else holder_id}"


def _record(
    fact_kind: str,
    fact_key: str,
    kind: str,
    window_start: dt.datetime | None,
    window_end: dt.datetime,
    changed_by: str | None,
    changed_at: dt.datetime | None,
) -> GrantRecord:
    _, resource_id, holder_id = fact_key.split(":", 2)
    known = changed_at is not None
    return GrantRecord(
        key=_grant_key(fact_kind, resource_id, holder_id),
        gives=kind != "removed_outside",
        when=_utc(changed_at if changed_at is not None else window_end),
        source="outside",
        by=changed_by if known else None,
        since=None if known or window_start is None else _utc(window_start),
    )
