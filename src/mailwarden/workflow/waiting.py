"""Which pending requests wait on a person, asked of the database: the Approvals tab counts them on every
page, so neither the count nor a page of them may load every pending request with all its steps.

A request waits on `viewer` when it is pending approval, its deadline (plus the tenant's escalation grace)
has not passed, someone else filed it (compared by object id: an address can be re-assigned, or be one of
the requester's secondary addresses), and one of its steps needs approval, names the viewer's address
among its approvers, and has no approval yet from any of them: exactly `RequestView.pending_approvers`,
which decides who may approve (service.py), written as SQL over the stored decision.

Nothing here writes: past-deadline requests are left out by the query, and marked expired by the expiry
loop (api/app.py on SQLite, the workers' sweep on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from mailwarden.model.requests import RequestState, RequestView
from mailwarden.notifications.config import deadline_grace
from mailwarden.store.tables import ApprovalRow, RequestRow, RequestStepRow
from mailwarden.workflow.decision_sql import step_approvers
from mailwarden.workflow.service import Actor, RequestService

__all__ = ["count_waiting", "pending_summary", "waiting_page"]


def count_waiting(service: RequestService, tenant: str, viewer: Actor) -> int:
    """How many requests wait for `viewer`'s approval (one COUNT; no request or step is loaded)."""
    with service.store.session() as session:
        query = (
            select(func.count()).select_from(RequestRow).where(_waits_on(session, service, tenant, viewer))
        )
        return int(session.scalar(query) or 0)


def waiting_page(
    service: RequestService, tenant: str, viewer: Actor, *, limit: int, offset: int
) -> list[RequestView]:
    """One page of the requests waiting for `viewer`'s approval, newest first: only that page is loaded."""
    with service.store.session() as session:
        ids = session.scalars(
            select(RequestRow.request_id)
            .where(_waits_on(session, service, tenant, viewer))
            .order_by(RequestRow.created.desc(), RequestRow.request_id)
            .limit(limit)
            .offset(offset)
        ).all()
    return [service.get(tenant, request_id) for request_id in ids]


def pending_summary(service: RequestService, tenant: str) -> tuple[int, dt.datetime | None]:
    """How many of the tenant's requests wait for approval, and since when the oldest (not past deadline)."""
    with service.store.session() as session:
        count, oldest = session.execute(
            select(func.count(), func.min(RequestRow.created)).where(_live_pending(service, tenant))
        ).one()
    return int(count), oldest


def _live_pending(service: RequestService, tenant: str) -> ColumnElement[bool]:
    """Pending approval and not past its deadline (with the escalation grace, as `expire_stale` reckons)."""
    cutoff = service.clock() - deadline_grace(service.store, tenant)
    return and_(
        RequestRow.tenant_key == tenant,
        RequestRow.state == RequestState.PENDING_APPROVAL.value,
        or_(RequestRow.approval_deadline.is_(None), RequestRow.approval_deadline >= cutoff),
    )


def _waits_on(session: Session, service: RequestService, tenant: str, viewer: Actor) -> ColumnElement[bool]:
    dialect = session.get_bind().dialect.name
    named = step_approvers(dialect)
    others = step_approvers(dialect)
    step_waits: Select[Any] = (
        select(RequestStepRow.position)
        .select_from(RequestStepRow)
        .join(named, named.c.value == viewer.address)
        .where(
            RequestStepRow.request_id == RequestRow.request_id,
            RequestStepRow.decision["outcome"].as_string() == "approval_required",
            ~exists(
                select(ApprovalRow.approval_id)
                .select_from(ApprovalRow)
                .join(others, others.c.value == ApprovalRow.approver)
                .where(ApprovalRow.request_id == RequestRow.request_id, ApprovalRow.verdict == "approve")
                .correlate(RequestRow, RequestStepRow)
            ),
        )
    )
    return and_(
        _live_pending(service, tenant),
        RequestRow.requester_id != viewer.actor_id,
        exists(step_waits),
    )
