"""Where an access review tells people something, through the notifications outbox (notifications/notices.py).

    tasks_assigned     a campaign started: each reviewer of a task, about that task only
    campaign_closed    the result: whoever started the campaign, and the tenant's admins
    reminders          before the deadline, the reviewers of a task still open: queued by the deadline sweep
                       (notifications.notices.run_review_reminders), not here

Each is written in the caller's transaction (the campaign's rows, or its closing), so a campaign that did
not start tells nobody, and one that did cannot lose its news. Recipients are directory object ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from mailwarden.notifications.notices import Notice, NoticeKind, queue_notice_in

__all__ = ["campaign_closed", "tasks_assigned"]


def tasks_assigned(
    db: Session, tenant: str, task_id: str, reviewer_ids: Sequence[str], *, now: dt.datetime
) -> int:
    return queue_notice_in(
        db, tenant, Notice.REVIEW_ASSIGNED, NoticeKind.REVIEW_TASK, task_id, reviewer_ids, now=now
    )


def campaign_closed(
    db: Session, tenant: str, campaign_id: str, recipient_ids: Sequence[str], *, now: dt.datetime
) -> int:
    return queue_notice_in(
        db, tenant, Notice.REVIEW_RESULT, NoticeKind.REVIEW_CAMPAIGN, campaign_id, recipient_ids, now=now
    )
