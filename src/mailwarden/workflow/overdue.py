"""Ends of time-bound access that have passed and are not taken back yet: what the sweep tried, and when it
tries again (workflow/requests.py `_postponed`), for admins to see (`mailwarden requests overdue`, the
Tenant page, GET /api/v1/requests/overdue).

Each failed try of an end is an audit record (`step.end_postponed`: its count, its masked reason, its next
try). The sweep and this listing read the records of every due request in a query a `CHUNK` of ids
(`tries_of`), not one or two queries a request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from mailwarden.audit.records import AuditRecord
from mailwarden.errors import RequestNotFound
from mailwarden.model.requests import RequestStepView, RequestView
from mailwarden.workflow.service import RequestService

__all__ = [
    "CHUNK",
    "POSTPONED",
    "QUICK_TRIES",
    "REFUSED",
    "OverdueEnd",
    "Tries",
    "overdue_ends",
    "refused_ends",
    "tries_of",
]

POSTPONED = "step.end_postponed"
"""An end of a request's time-bound access that failed, and when it is tried next (`_postponed`)."""
QUICK_TRIES = 3
"""Tries of a failing end on every pass, before the next waits longer each time (`_backing_off`)."""
CHUNK = 500
"""Request ids a query of `tries_of` binds at most: any number of due requests stays under every database's
limit on bound variables (SQLite's stock 32,766; PostgreSQL's 65,535)."""


@dataclass(frozen=True)
class Tries:
    """The failed tries of one request's ends: how many, and the last one's record (None: never failed)."""

    count: int = 0
    last: AuditRecord | None = None

    @property
    def next_try(self) -> dt.datetime | None:
        """When the sweep tries again, as the last failed try said; None: at its next pass."""
        when = None if self.last is None else _when(self.last.detail.get("next_try"))
        return None if when is None else _utc(when)

    @property
    def reason(self) -> str | None:
        """Why the last try failed, as the audit log keeps it (masked)."""
        return None if self.last is None else str(self.last.detail.get("reason") or "") or None


def tries_of(service: RequestService, tenant: str, request_ids: Collection[str]) -> dict[str, Tries]:
    """The failed tries of each of `request_ids`' ends, read in a query a `CHUNK` of ids (not one or two a
    request, nor one binding a variable an id, which fails past the database's limit); every id has an
    entry."""
    tries = {request_id: Tries() for request_id in request_ids}
    ids = sorted(tries)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for record in service.audit.records(tenant=tenant, event=POSTPONED, request_ids=chunk):
            if record.request_id in tries:  # chain order: the last read is the last try
                tries[record.request_id] = Tries(tries[record.request_id].count + 1, record)
    return tries


class OverdueEnd(BaseModel):
    """One time-bound step whose end has passed and that still holds its access."""

    model_config = ConfigDict(frozen=True)

    request_id: str
    step: int
    """The step's number in its request, from 1."""
    summary: str
    """Who gets what, as the request's preview said it."""
    requester: str
    end: dt.datetime
    """The end that passed."""
    tries: int
    """Failed tries of the request's ends so far (0: the sweep has not tried it yet)."""
    last_reason: str | None = None
    """Why the last try failed (masked as the audit log keeps it)."""
    next_try: dt.datetime | None = None
    """When the sweep tries again; None: at its next pass (or never, when `refused`)."""
    refused: bool = False
    """The sweep refused this end (`last_reason` says why) and never tries it again: the access stays until
    someone takes it back (`refused_ends`)."""


REFUSED = ("expiry.refused", "expiry.left_for_admin")
"""The ends the sweep refused or left to an admin (`_refuse_expiry`): taken off their steps, never tried
again, the access still in place."""


def refused_ends(service: RequestService, tenant: str) -> list[OverdueEnd]:
    """The ends the sweep refused (`REFUSED`) whose steps still hold their access: not taken back since
    (`reverted_by`), nor given an end again. Listed as overdue, with why: the access outlived its end as
    surely as a failing one's, and the listing said every ended access was taken back (red team 82 F6)."""
    refused: dict[tuple[str, int], AuditRecord] = {}
    for event in REFUSED:
        for record in service.audit.records(tenant=tenant, event=event):
            position = record.detail.get("position")
            if record.request_id is not None and isinstance(position, int):
                refused[(record.request_id, position)] = record
    views: dict[str, RequestView] = {}
    rows = []
    for (request_id, position), record in refused.items():
        if request_id not in views:
            try:
                views[request_id] = service.get(tenant, request_id)
            except RequestNotFound:
                continue
        steps = views[request_id].every_step()
        if position >= len(steps):
            continue
        step = steps[position]
        if (
            step.status not in ("applied", "failed")
            or step.reverted_by is not None
            or step.expires is not None
        ):
            continue
        rows.append(
            OverdueEnd(
                request_id=request_id,
                step=position + 1,
                summary=_summary(step),
                requester=views[request_id].requester,
                end=_utc(_when(record.detail.get("expires")) or record.time),
                tries=0,
                last_reason=str(record.detail.get("reason") or "") or None,
                refused=True,
            )
        )
    return rows


def _summary(step: RequestStepView) -> str:
    return str(step.preview.get("summary") or step.step.get("action") or "")


def _when(text: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None


def _utc(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def overdue_ends(service: RequestService, tenant: str) -> list[OverdueEnd]:
    """Every step of the tenant whose end has passed and that is not taken back yet, oldest end first: those
    still due (failing, or not tried yet) and those the sweep refused (`refused_ends`)."""
    due = [(view, step) for view, step in service.due_expiries(tenant) if step.expires is not None]
    tries = tries_of(service, tenant, {view.request_id for view, _ in due})
    rows = [
        OverdueEnd(
            request_id=view.request_id,
            step=step.position + 1,
            summary=_summary(step),
            requester=view.requester,
            end=_utc(step.expires),
            tries=tries[view.request_id].count,
            last_reason=tries[view.request_id].reason,
            next_try=tries[view.request_id].next_try,
        )
        for view, step in due
        if step.expires is not None
    ]
    rows.extend(refused_ends(service, tenant))
    return sorted(rows, key=lambda r: (r.end, r.request_id, r.step))
