"""What a notice's template may show, read from its subject when its turn comes (so a reminder about a task
decided meanwhile is skipped, and a result counts what the campaign ended with).

Each context holds only what its recipient may see: a reviewer's notice names their own task's resource and
how many delegates it has (not who: the task page shows them after sign-in); a drift notice goes to the
owners of the one resource it is about and to the admins; a campaign's result to admins. A link only opens
the page; deciding there needs the person signed in.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select

from mailwarden.notifications.notices import Notice, NoticeKind
from mailwarden.notifications.templates import Person, when
from mailwarden.store.db import Store
from mailwarden.store.tables import (
    DriftEventRow,
    NotificationDeliveryRow,
    ReviewCampaignRow,
    ReviewItemRow,
    ReviewTaskRow,
)

__all__ = ["NoLongerNews", "notice_context"]

HEADLINES: dict[Notice, str] = {
    Notice.REVIEW_ASSIGNED: "Please review who has access to {resource}",
    Notice.REVIEW_REMINDER: "Reminder: the access review of {resource} closes soon",
    Notice.REVIEW_RESULT: "Access review '{campaign}' is closed",
    Notice.DRIFT: "Changed outside mailwarden: {summary}",
}

_DRIFT_KINDS = {
    "granted_outside": "access granted outside mailwarden",
    "removed_outside": "access removed outside mailwarden",
    "returned_after_expiry": "time-bound access came back after it ended",
    "forwarding_outside": "forwarding set outside mailwarden",
    "forwarding_external": "forwarding to an outside address set outside mailwarden",
}


class NoLongerNews(Exception):
    """The news is not sent: its subject is gone or settled; `reason` is recorded as the skip's why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _base(notice: Notice, tenant_name: str, recipient: Person, link: str | None) -> dict[str, Any]:
    return {"event": notice.value, "tenant": tenant_name, "recipient": recipient, "link": link}


def notice_context(
    store: Store,
    row: NotificationDeliveryRow,
    *,
    recipient: Person,
    recipient_id: str,
    web_url: str | None,
    tenant_name: str,
) -> dict[str, Any]:
    """The template context of a notice delivery; NoLongerNews when it should not go out."""
    notice = Notice(row.event)
    kind = NoticeKind(row.notice_kind or "")
    subject = row.subject_id or ""
    with store.session() as session:
        if kind is NoticeKind.REVIEW_TASK:
            return _task(session, notice, subject, recipient, recipient_id, web_url, tenant_name)
        if kind is NoticeKind.REVIEW_CAMPAIGN:
            return _result(session, notice, subject, recipient, web_url, tenant_name)
        return _drift(store, session, row.tenant_key, subject, recipient, recipient_id, web_url, tenant_name)


def _task(
    session: Any,
    notice: Notice,
    task_id: str,
    recipient: Person,
    recipient_id: str,
    web_url: str | None,
    tenant_name: str,
) -> dict[str, Any]:
    task = session.get(ReviewTaskRow, task_id)
    campaign = session.get(ReviewCampaignRow, task.campaign_id) if task is not None else None
    if task is None or campaign is None:
        raise NoLongerNews("the review task no longer exists")
    if recipient_id not in task.reviewers.get("ids", []):
        raise NoLongerNews("the recipient no longer reviews this task")
    if campaign.state != "open":
        raise NoLongerNews("the access review is closed")
    decisions = list(session.scalars(select(ReviewItemRow.decision).where(ReviewItemRow.task_id == task_id)))
    undecided = sum(d is None for d in decisions)
    if notice is Notice.REVIEW_REMINDER and not undecided:
        raise NoLongerNews("every delegate of the task is decided")
    link = f"{web_url}/reviews/tasks/{task_id}" if web_url else None
    return {
        **_base(notice, tenant_name, recipient, link),
        "headline": HEADLINES[notice].format(resource=task.resource),
        "campaign": {"name": campaign.name, "deadline": when(campaign.deadline)},
        "task": {
            "id": task_id,
            "short_id": task_id[:8],
            "resource": task.resource,
            "delegates": len(decisions),
            "undecided": undecided,
            "basis": str(task.reviewers.get("basis", "")),
        },
        "default_action": campaign.default_action,
    }


def _result(
    session: Any, notice: Notice, campaign_id: str, recipient: Person, web_url: str | None, tenant_name: str
) -> dict[str, Any]:
    campaign = session.get(ReviewCampaignRow, campaign_id)
    if campaign is None:
        raise NoLongerNews("the access review no longer exists")
    items = session.scalars(
        select(ReviewItemRow)
        .join(ReviewTaskRow, ReviewTaskRow.task_id == ReviewItemRow.task_id)
        .where(ReviewTaskRow.campaign_id == campaign_id)
    ).all()
    # A delegate no reviewer decided carries the deadline's default, decided by no one (reviews.py).
    reviewed = [i for i in items if i.decision is not None and i.decided_by_id is not None]
    unreviewed = [i for i in items if i.decided_by_id is None]
    # A removal is counted by what became of it, never by the decision alone: a "remove" Exchange refused
    # (a list synchronized from on-premises AD) left the delegate's access where it was (red team 40).
    outcome = Counter(_removal_outcome(i.removal_state) for i in unreviewed if i.decision == "remove")
    removals = Counter(_removal_outcome(i.removal_state) for i in reviewed if i.decision == "remove")
    link = f"{web_url}/reviews/{campaign_id}" if web_url else None
    return {
        **_base(notice, tenant_name, recipient, link),
        "headline": HEADLINES[notice].format(campaign=campaign.name),
        "campaign": {
            "name": campaign.name,
            "deadline": when(campaign.deadline),
            "closed": when(campaign.closed),
            "closed_by": campaign.closed_by or "",
            "started_by": campaign.started_by,
        },
        "result": {
            "delegates": len(items),
            "reviewed": len(reviewed),
            "kept": sum(i.decision == "keep" for i in reviewed),
            "removal_decisions": sum(removals.values()),
            "removals": sorted(removals.items()),
            "unreviewed": len(unreviewed),
            "default_action": campaign.default_action,
            "unreviewed_kept": sum(i.decision == "keep" for i in unreviewed),
            "unreviewed_removals": sorted(outcome.items()),
        },
    }


_OUTCOMES = {
    "completed": "removed",
    "pending_approval": "waiting for approval",
    "needs_confirmation": "waiting for approval",
    "approved": "approved, not run yet",
    "executing": "approved, not run yet",
    "partially_failed": "failed",
    "failed": "failed",
    "cancelled": "cancelled",
    "expired": "expired unapproved",
}


def _removal_outcome(state: str | None) -> str:
    """What became of a removal, as the result says it: "removed" only when its request completed; else
    "refused" (the tenant cannot make it), "denied" (by the policy), "waiting for approval", "failed",
    "not filed" ..."""
    if not state or state.startswith("not filed"):
        return "not filed"
    for prefix in ("refused", "denied"):
        if state.startswith(prefix):
            return prefix
    return _OUTCOMES.get(state, state.replace("_", " "))


def _drift(
    store: Store,
    session: Any,
    tenant: str,
    event_id: str,
    recipient: Person,
    recipient_id: str,
    web_url: str | None,
    tenant_name: str,
) -> dict[str, Any]:
    event = session.get(DriftEventRow, event_id)
    if event is None:
        raise NoLongerNews("the drift event no longer exists")
    if not _may_hear_of(store, tenant, event, recipient_id):
        raise NoLongerNews("the recipient is no longer an owner of the resource or an admin")
    notice = Notice.DRIFT
    high = event.severity == "high"
    changed_at = when(event.changed_at) if event.changed_at else None
    since = when(event.window_start) or "the first scan"
    window = None if changed_at else f"between {since} and {when(event.window_end)}"
    link = f"{web_url}/drift" if web_url else None
    summary = event.summary.split("; ", 1)[0]
    return {
        **_base(notice, tenant_name, recipient, link),
        "headline": HEADLINES[notice].format(summary=summary),
        "drift": {
            "id": event_id,
            "short_id": event_id[:8],
            "what": _DRIFT_KINDS.get(event.kind, event.kind.replace("_", " ")),
            "high": high,
            "severity": event.severity,
            "resource": event.resource,
            "holder": event.holder,
            "before": event.before or "",
            "after": event.after or "",
            "summary": event.summary,
            "changed_by": event.changed_by or "",
            "changed_at": changed_at,
            "window": window,
            "response": event.response.replace("_", " "),
            "revert_request_id": event.revert_request_id or "",
        },
    }


def _may_hear_of(store: Store, tenant: str, event: DriftEventRow, recipient_id: str) -> bool:
    """The event names a resource's delegates: for an admin, or an owner of it, as they are when it is sent
    (a retry can come hours after the scan, and an owner an admin replaced meanwhile no longer hears)."""
    from mailwarden.store.recipient_cache import RecipientCache
    from mailwarden.tenants.targets import owner_ids_now

    resource_id = event.fact_key.split(":")[1] if event.fact_key.count(":") >= 2 else ""
    found = RecipientCache(store).get_many(tenant, [recipient_id, resource_id])
    person, resource = found.get(recipient_id), found.get(resource_id)
    if person is None:
        return False
    if person.is_admin:
        return True
    return resource is not None and recipient_id in owner_ids_now(store, tenant, resource)
