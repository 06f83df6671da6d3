"""The delivery records as admins read them: what was sent to whom, over which channel, and what failed why.

A record tells of a request (`request_id`) or is a notice (`notice_kind` and `subject_id`: a review task, a
review campaign, a drift event). It names its recipient (an address; a notice's directory object id, with the
address it has now; or "channel" for Teams) and never the webhook's URL or a body.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from mailwarden.store.db import Store
from mailwarden.store.recipient_cache import RecipientCache
from mailwarden.store.tables import NotificationDeliveryRow

__all__ = ["Delivery", "DeliveryState", "list_deliveries"]

DeliveryState = Literal["queued", "sent", "failed", "skipped"]


class Delivery(BaseModel):
    model_config = ConfigDict(frozen=True)

    delivery_id: int
    request_id: str | None
    """The request told of; None for a notice."""
    notice_kind: str | None = None
    """review_task, review_campaign or drift_event: what `subject_id` is the id of (notices only)."""
    subject_id: str | None = None
    event: str
    channel: Literal["email", "teams"]
    recipient: str
    recipient_address: str | None = None
    """A notice's recipient (an object id) as the directory names them now."""
    state: DeliveryState
    attempts: int
    last_error: str | None
    created: dt.datetime
    next_attempt: dt.datetime | None
    finished: dt.datetime | None

    def about(self) -> tuple[str, str]:
        """What it tells of, as a short label and the web app's page of it."""
        if self.request_id is not None:
            return f"request {self.request_id[:8]}", f"/requests/{self.request_id}"
        subject = self.subject_id or ""
        if self.notice_kind == "review_task":
            return f"review task {subject[:8]}", f"/reviews/tasks/{subject}"
        if self.notice_kind == "review_campaign":
            return f"review {subject[:8]}", f"/reviews/{subject}"
        return f"drift event {subject[:8]}", "/drift"

    def to(self) -> str:
        """The recipient as an admin reads them: a notice's object id with its address now."""
        if self.recipient_address:
            return f"{self.recipient_address} ({self.recipient})"
        return self.recipient


def list_deliveries(
    store: Store,
    tenant: str,
    *,
    state: DeliveryState | None = None,
    request_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Delivery]:
    """Newest first."""
    query = select(NotificationDeliveryRow).where(NotificationDeliveryRow.tenant_key == tenant)
    if state is not None:
        query = query.where(NotificationDeliveryRow.state == state)
    if request_id is not None:
        query = query.where(NotificationDeliveryRow.request_id == request_id)
    query = query.order_by(NotificationDeliveryRow.delivery_id.desc()).limit(limit).offset(offset)
    with store.session() as session:
        rows = list(session.scalars(query))
    ids = [r.recipient for r in rows if r.request_id is None]
    known = RecipientCache(store).get_many(tenant, ids) if ids else {}
    return [
        Delivery(
            delivery_id=r.delivery_id,
            request_id=r.request_id,
            notice_kind=r.notice_kind,
            subject_id=r.subject_id,
            event=r.event,
            channel="teams" if r.channel == "teams" else "email",
            recipient=r.recipient,
            recipient_address=known[r.recipient].primary_address if r.recipient in known else None,
            state=r.state,  # type: ignore[arg-type]
            attempts=r.attempts,
            last_error=r.last_error,
            created=r.created,
            next_attempt=r.next_attempt,
            finished=r.finished,
        )
        for r in rows
    ]
