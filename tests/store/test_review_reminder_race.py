"""Review reminders are queued once per task, reviewer and deadline, even when several workers' sweeps run at
the same moment (on PostgreSQL too: the unique dedupe key settles the race)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

from sqlalchemy import select

from mailwarden.notifications.config import NotificationConfig, save_config
from mailwarden.notifications.notices import run_review_reminders
from mailwarden.store import Store
from mailwarden.store.tables import NotificationDeliveryRow, ReviewCampaignRow, ReviewItemRow, ReviewTaskRow

NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)


def _campaign(store: Store, tenant: str, *, tasks: int, reviewers: int) -> None:
    campaign_id = str(uuid.uuid4())
    with store.session() as session:
        session.add(
            ReviewCampaignRow(
                campaign_id=campaign_id,
                tenant_key=tenant,
                name="Q4",
                scope={},
                deadline=NOW + dt.timedelta(hours=6),
                default_action="keep",
                repeat=None,
                state="open",
                started_by_id="admin",
                started_by="admin@acme.com",
                created=NOW,
                closed=None,
                closed_by=None,
                previous_campaign_id=None,
            )
        )
        session.flush()
        for n in range(tasks):
            task_id = str(uuid.uuid4())
            ids = [str(uuid.UUID(int=n * 10 + k)) for k in range(reviewers)]
            session.add(
                ReviewTaskRow(
                    task_id=task_id,
                    campaign_id=campaign_id,
                    resource_id=str(n),
                    resource=f"Box {n}",
                    resource_address=f"box{n}@acme.com",
                    reviewers={"ids": ids, "addresses": [], "basis": "owner"},
                    state="open",
                    read_at=NOW,
                )
            )
            session.flush()
            session.add(ReviewItemRow(task_id=task_id, grant={}, origin={}, last_use=None))


def test_racing_sweeps_queue_each_reminder_once(store: Store, acme_tenant: str) -> None:
    save_config(store, acme_tenant, NotificationConfig(sender="support@acme.com"))
    _campaign(store, acme_tenant, tasks=3, reviewers=2)
    counts: list[int] = []
    start = threading.Barrier(6)

    def sweep() -> None:
        start.wait()
        counts.append(run_review_reminders(store, acme_tenant, now=NOW))

    racing = [threading.Thread(target=sweep) for _ in range(6)]
    for thread in racing:
        thread.start()
    for thread in racing:
        thread.join()
    assert sum(counts) == 6
    with store.session() as session:
        rows = session.scalars(select(NotificationDeliveryRow.dedupe_key)).all()
    assert len(rows) == len(set(rows)) == 6
    assert run_review_reminders(store, acme_tenant, now=NOW + dt.timedelta(minutes=1)) == 0
