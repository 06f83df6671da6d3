"""Where an access review tells people something. The notifications room delivers them; until it is wired
in, each call site below is the one place a notice belongs, and returns what would be said.

    tasks_assigned     a campaign started: each reviewer, their tasks and the deadline
    reminder_due       a task is still open close to the deadline: its reviewers
    campaign_closed    the result: the admins, and each reviewer, what was kept and removed
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ReviewNotice", "campaign_closed", "reminder_due", "tasks_assigned"]


@dataclass(frozen=True)
class ReviewNotice:
    kind: str
    to: tuple[str, ...]
    subject: str
    link: str


def tasks_assigned(campaign_id: str, name: str, reviewer: str, tasks: int, deadline: str) -> ReviewNotice:
    # NOTIFY: review.tasks_assigned — hand to the notifications outbox here.
    return ReviewNotice(
        "review.tasks_assigned",
        (reviewer,),
        f"Access review '{name}': {tasks} resource(s) to review by {deadline}",
        f"/reviews/{campaign_id}",
    )


def reminder_due(
    campaign_id: str, name: str, task_id: str, reviewers: tuple[str, ...], deadline: str
) -> ReviewNotice:
    # NOTIFY: review.reminder — hand to the notifications outbox here.
    return ReviewNotice(
        "review.reminder",
        reviewers,
        f"Reminder: access review '{name}' closes {deadline}",
        f"/reviews/tasks/{task_id}",
    )


def campaign_closed(
    campaign_id: str, name: str, to: tuple[str, ...], kept: int, removed: int
) -> ReviewNotice:
    # NOTIFY: review.result — hand to the notifications outbox here.
    return ReviewNotice(
        "review.result",
        to,
        f"Access review '{name}' closed: {kept} kept, {removed} removed",
        f"/reviews/{campaign_id}",
    )
