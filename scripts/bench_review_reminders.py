"""How long the reminder sweep takes on a big campaign: the first sweep (queues every reminder) and the
sweeps after it (run every minute on PostgreSQL, at each command on SQLite; they must stay cheap).

    PYTHONPATH=src .venv/bin/python scripts/bench_review_reminders.py --tasks 2000 [--url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
import uuid
from pathlib import Path

from mailwarden.notifications.config import NotificationConfig, save_config
from mailwarden.notifications.notices import run_review_reminders
from mailwarden.store import Store, TenantRecord, TenantRegistry
from mailwarden.store.tables import ReviewCampaignRow, ReviewItemRow, ReviewTaskRow


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--delegates", type=int, default=5)
    parser.add_argument("--url", default=None, help="a database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    now = dt.datetime.now(dt.UTC)
    with Store(url) as store:
        TenantRegistry(store).add(
            TenantRecord(tenant_key="t", display_name="T", cloud="emulator", tenant_id="t", client_id="c")
        )
        save_config(store, "t", NotificationConfig(sender="notify@t.example"))
        campaign = str(uuid.uuid4())
        with store.session() as session:
            session.add(
                ReviewCampaignRow(
                    campaign_id=campaign,
                    tenant_key="t",
                    name="bench",
                    scope={},
                    deadline=now + dt.timedelta(hours=6),
                    default_action="keep",
                    repeat=None,
                    state="open",
                    started_by_id="a",
                    started_by="a@t.example",
                    created=now,
                    closed=None,
                    closed_by=None,
                    previous_campaign_id=None,
                )
            )
            session.flush()
            for n in range(args.tasks):
                task = str(uuid.uuid4())
                session.add(
                    ReviewTaskRow(
                        task_id=task,
                        campaign_id=campaign,
                        resource_id=str(n),
                        resource=f"box {n}",
                        resource_address=f"box{n}@t.example",
                        reviewers={"ids": [str(uuid.UUID(int=n))], "addresses": [], "basis": "owner"},
                        state="open",
                        read_at=now,
                    )
                )
                session.flush()
                for _ in range(args.delegates):
                    session.add(ReviewItemRow(task_id=task, grant={}, origin={}, last_use=None))
        for label in ("first sweep", "second sweep", "third sweep"):
            started = time.perf_counter()
            queued = run_review_reminders(store, "t", now=now)
            print(f"{label}: {queued} reminders queued in {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
