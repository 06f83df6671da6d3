"""Ends of time-bound access that have passed and are not taken back yet: what the sweep tried, and when it
tries again (workflow/requests.py `_postponed`), for admins to see (`mailwarden requests overdue`, the
Tenant page, GET /api/v1/requests/overdue).

Each failed try of an end is an audit record (`step.end_postponed`: its count, its masked reason, its next
try). The sweep and this listing read the records of every due request in a query a `CHUNK` of ids
(`tries_of`), not one or two queries a request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from mailwarden.audit.records import AuditRecord
from mailwarden.model.requests import RequestView
from mailwarden.store.tables import RecipientRow, RequestRow, RequestStepRow
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
again, the access still in place. The step keeps the end and why (`refused_end`, `refused_reason`), written
with this record (store migration 0014 brought in those refused before)."""


def refused_ends(service: RequestService, tenant: str) -> list[OverdueEnd]:
    """The ends the sweep refused (`REFUSED`) whose steps still hold their access: not taken back since
    (`reverted_by`), nor given an end again. Listed as overdue, with why: the access outlived its end as
    surely as a failing one's, and the listing said every ended access was taken back (red team 82 F6).

    Read in one query over the step rows that keep a refused end (and one asking whether the store holds
    the tenant's directory), however many refusals the tenant's history holds."""
    with service.store.session() as session:
        rows = session.execute(
            select(
                RequestStepRow.request_id,
                RequestStepRow.position,
                RequestStepRow.step,
                RequestStepRow.preview,
                RequestStepRow.refused_end,
                RequestStepRow.refused_reason,
                RequestRow.requester,
                RequestRow.requester_id,
                RecipientRow.primary_address,
            )
            .join(RequestRow, RequestRow.request_id == RequestStepRow.request_id)
            .outerjoin(
                RecipientRow,
                (RecipientRow.tenant_key == RequestRow.tenant_key)
                & (RecipientRow.recipient_id == RequestRow.requester_id),
            )
            .where(
                RequestRow.tenant_key == tenant,
                RequestStepRow.refused_end.is_not(None),
                RequestStepRow.status.in_(("applied", "failed")),
                RequestStepRow.reverted_by.is_(None),
                RequestStepRow.expires.is_(None),
            )
        ).all()
        directory = bool(rows) and (
            session.scalar(
                select(RecipientRow.recipient_id).where(RecipientRow.tenant_key == tenant).limit(1)
            )
            is not None
        )
    return [
        OverdueEnd(
            request_id=row.request_id,
            step=row.position + 1,
            summary=_summary(row.preview, row.step),
            requester=_shown(row.requester, row.requester_id, row.primary_address, directory=directory),
            end=_utc(row.refused_end),
            tries=0,
            last_reason=row.refused_reason or None,
            refused=True,
        )
        for row in rows
    ]


def _shown(requester: str, requester_id: str, now: str | None, *, directory: bool) -> str:
    """Who filed a request, as its view names them (`RequestView.requester_shown`), from its row and the
    requester's primary address in the store's directory by object id (`now`), read with the listing's
    query: a store that holds a directory and not them says they are gone; one that was never read into
    knows only the address filed under (as `workflow/service.py` `_requester` reads it for a request). An
    in-doubt requester (their row names an address the copy gives someone else) is not gone: shown by the
    address filed under, as their request's page shows them."""
    held = now if now is not None else (None if directory else requester)
    return RequestView.model_construct(
        requester=requester, requester_id=requester_id, requester_now=held
    ).requester_shown


def _summary(preview: Mapping[str, Any], step: Mapping[str, Any]) -> str:
    """Who gets what, as the step's preview said it (its action when the preview said nothing)."""
    return str(preview.get("summary") or step.get("action") or "")


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
            summary=_summary(step.preview, step.step),
            requester=view.requester_shown,
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
