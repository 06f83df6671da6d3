"""Notices: news that is not about a request. An access review's task for its reviewer, the reminder before
its deadline, the campaign's result for whoever started it and the admins, and a drift event for the
resource's owners and the admins.

Queued like a request's news (outbox.py): one delivery record per recipient, written by the caller inside
the transaction of the change it tells of, once per occasion whoever calls (a unique dedupe key). A record
names its recipient by directory object id, never an address typed somewhere: when its turn comes the id is
looked up, and a person who left or was disabled meanwhile is recorded as skipped, not mailed.

Notices go by e-mail only. The Teams channel webhook posts where everyone in the channel reads it, and a
review task or a drift event names one resource's delegates, which only its owners and the admins may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mailwarden.notifications.config import config_in, load_config
from mailwarden.notifications.outbox import announce, dedupe_key
from mailwarden.store.db import Store
from mailwarden.store.tables import (
    NotificationDeliveryRow,
    ReviewCampaignRow,
    ReviewItemRow,
    ReviewTaskRow,
)

__all__ = ["Notice", "NoticeKind", "queue_notice_in", "run_review_reminders"]


class Notice(StrEnum):
    REVIEW_ASSIGNED = "review_assigned"
    """A campaign started: a reviewer's task on one resource."""
    REVIEW_REMINDER = "review_reminder"
    """The task still has undecided delegates and the campaign's deadline is near."""
    REVIEW_RESULT = "review_result"
    """The campaign closed: what was reviewed, kept, removed, and what became of the rest."""
    DRIFT = "drift"
    """A change made outside mailwarden, on a resource the recipient owns or as an admin."""


class NoticeKind(StrEnum):
    """What a notice's `subject_id` is the id of."""

    REVIEW_TASK = "review_task"
    REVIEW_CAMPAIGN = "review_campaign"
    DRIFT_EVENT = "drift_event"


def _key(notice: Notice, kind: NoticeKind, subject_id: str, recipient: str, occasion: str) -> str:
    return dedupe_key(notice.value, kind.value, subject_id, "email", recipient, occasion)


def _row(
    tenant: str,
    notice: Notice,
    kind: NoticeKind,
    subject_id: str,
    recipient: str,
    *,
    now: dt.datetime,
    occasion: str,
) -> dict[str, Any]:
    return {
        "tenant_key": tenant,
        "request_id": None,
        "notice_kind": kind.value,
        "subject_id": subject_id,
        "event": notice.value,
        "channel": "email",
        "recipient": recipient,
        "dedupe_key": _key(notice, kind, subject_id, recipient, occasion),
        "state": "queued",
        "attempts": 0,
        "last_error": None,
        "created": now,
        "next_attempt": now,
        "finished": None,
    }


def queue_notice_in(
    session: Session,
    tenant: str,
    notice: Notice,
    kind: NoticeKind,
    subject_id: str,
    recipient_ids: Sequence[str],
    *,
    now: dt.datetime,
    occasion: str = "",
) -> int:
    """Queue `notice` for each recipient (object ids) inside the caller's transaction; how many were new.
    The caller calls `announce(store, tenant)` once it has committed."""
    if not config_in(session, tenant).sender:
        return 0
    added = 0
    for recipient in sorted({r.strip().lower() for r in recipient_ids if r and r.strip()}):
        try:
            with session.begin_nested():
                session.add(
                    NotificationDeliveryRow(
                        **_row(tenant, notice, kind, subject_id, recipient, now=now, occasion=occasion)
                    )
                )
            added += 1
        except IntegrityError:
            continue  # queued already (another worker's sweep, or a second run): told once
    return added


def run_review_reminders(store: Store, tenant: str, *, now: dt.datetime) -> int:
    """Queue a reminder to the reviewers of each open task with undecided delegates whose campaign closes
    within the tenant's `remind_before_hours`; once per task, reviewer and deadline, however many sweeps run
    (the dedupe key is unique, so two workers racing insert one row). How many were queued."""
    config = load_config(store, tenant)
    if not config.sender:
        return 0
    ahead = dt.timedelta(hours=config.remind_before_hours)
    added = 0
    with store.session() as session:
        due = session.execute(
            select(ReviewTaskRow.task_id, ReviewTaskRow.reviewers, ReviewCampaignRow.deadline)
            .join(ReviewCampaignRow, ReviewCampaignRow.campaign_id == ReviewTaskRow.campaign_id)
            .where(
                ReviewCampaignRow.tenant_key == tenant,
                ReviewCampaignRow.state == "open",
                ReviewCampaignRow.deadline > now,
                ReviewCampaignRow.deadline <= now + ahead,
                ReviewTaskRow.state == "open",
                select(ReviewItemRow.item_id)
                .where(ReviewItemRow.task_id == ReviewTaskRow.task_id, ReviewItemRow.decision.is_(None))
                .exists(),
            )
        ).all()
    # Every sweep in the reminder window finds the same tasks again: those already told are left out with
    # one read, so a sweep a minute stays cheap (the unique key still settles two sweeps racing).
    wanted = {
        (task_id, str(reviewer), deadline.isoformat())
        for task_id, reviewers, deadline in due
        for reviewer in reviewers.get("ids", [])
    }
    keys = {
        _key(Notice.REVIEW_REMINDER, NoticeKind.REVIEW_TASK, t, r.strip().lower(), o): (t, r, o)
        for t, r, o in wanted
    }
    told: set[str] = set()
    ordered = sorted(keys)
    with store.session() as session:
        for start in range(0, len(ordered), 500):
            told.update(
                session.scalars(
                    select(NotificationDeliveryRow.dedupe_key).where(
                        NotificationDeliveryRow.dedupe_key.in_(ordered[start : start + 500])
                    )
                )
            )
    rows = [
        _row(
            tenant, Notice.REVIEW_REMINDER, NoticeKind.REVIEW_TASK, t, r.strip().lower(), now=now, occasion=o
        )
        for key, (t, r, o) in sorted(keys.items())
        if key not in told
    ]
    if not rows:
        return 0
    try:
        with store.session() as session:
            session.execute(insert(NotificationDeliveryRow), rows)
        added = len(rows)
    except IntegrityError:
        # Another sweep queued some of them meanwhile: one at a time, each kept once.
        with store.session() as session:
            for row in rows:
                added += queue_notice_in(
                    session,
                    tenant,
                    Notice.REVIEW_REMINDER,
                    NoticeKind.REVIEW_TASK,
                    row["subject_id"],
                    [row["recipient"]],
                    now=now,
                    occasion=keys[row["dedupe_key"]][2],
                )
    if added:
        announce(store, tenant)
    return added
