"""What time alone makes news of, run periodically beside the expiry of time-bound access:

- a reminder to the approvers when a request's approval deadline is `remind_before_hours` away;
- at the deadline, when the tenant escalates, the tenant's admins are told (the request then expires
  `escalation_grace_hours` later, see `RequestService.expire_stale`); when it does not, it expires at
  once and its requester is told of that;
- the requester of time-bound access, `remind_before_hours` before it ends.

Each is queued once per occasion (outbox dedupe), however often this runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from mailwarden.notifications.config import load_config
from mailwarden.notifications.events import Event
from mailwarden.notifications.outbox import queue
from mailwarden.store.recipient_cache import RecipientCache
from mailwarden.store.tables import RequestRow, RequestStepRow
from mailwarden.workflow.service import RequestService

__all__ = ["DeadlineRound", "run_deadlines"]


@dataclass
class DeadlineRound:
    reminders: int = 0
    escalations: int = 0
    access_ending: int = 0


def run_deadlines(service: RequestService, tenant: str) -> DeadlineRound:
    store = service.store
    now = service.clock()
    config = load_config(store, tenant)
    done = DeadlineRound()
    if not config.any_channel:
        return done
    ahead = dt.timedelta(hours=config.remind_before_hours)
    with store.session() as session:
        waiting = list(
            session.scalars(
                select(RequestRow.request_id).where(
                    RequestRow.tenant_key == tenant,
                    RequestRow.state == "pending_approval",
                    RequestRow.approval_deadline.is_not(None),
                    RequestRow.approval_deadline <= now + ahead,
                )
            )
        )
        ending = session.execute(
            select(RequestStepRow.request_id, RequestStepRow.position, RequestStepRow.expires)
            .join(RequestRow, RequestRow.request_id == RequestStepRow.request_id)
            .where(
                RequestRow.tenant_key == tenant,
                RequestStepRow.status == "applied",
                RequestStepRow.reverted_by.is_(None),
                RequestStepRow.expires.is_not(None),
                RequestStepRow.expires > now,
                RequestStepRow.expires <= now + ahead,
            )
        ).all()
    admins: list[str] | None = None
    for request_id in waiting:
        view = service.get(tenant, request_id)
        deadline = view.approval_deadline
        if deadline is None:
            continue
        occasion = deadline.isoformat()
        if deadline > now:
            done.reminders += queue(store, view, Event.REMINDER, now=now, occasion=occasion)
        elif config.on_deadline == "escalate":
            if admins is None:
                directory = RecipientCache(store).load_directory(tenant)
                admins = [r.primary_address for r in directory if r.is_admin and r.enabled]
            done.escalations += queue(
                store, view, Event.ESCALATED, now=now, recipients=admins, occasion=occasion
            )
    for request_id, position, expires in ending:
        view = service.get(tenant, request_id)
        occasion = f"{position}:{expires.isoformat() if expires else ''}"
        done.access_ending += queue(store, view, Event.ACCESS_ENDING, now=now, occasion=occasion)
    return done
