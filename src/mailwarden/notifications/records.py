"""The delivery records as admins read them: what was sent to whom, over which channel, and what failed why.

A record names its recipient (an address, or "channel" for Teams) and never the webhook's URL or a body.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from mailwarden.store.db import Store
from mailwarden.store.tables import NotificationDeliveryRow

__all__ = ["Delivery", "DeliveryState", "list_deliveries"]

DeliveryState = Literal["queued", "sent", "failed", "skipped"]


class Delivery(BaseModel):
    model_config = ConfigDict(frozen=True)

    delivery_id: int
    request_id: str
    event: str
    channel: Literal["email", "teams"]
    recipient: str
    state: DeliveryState
    attempts: int
    last_error: str | None
    created: dt.datetime
    next_attempt: dt.datetime | None
    finished: dt.datetime | None


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
        return [
            Delivery(
                delivery_id=r.delivery_id,
                request_id=r.request_id,
                event=r.event,
                channel="teams" if r.channel == "teams" else "email",
                recipient=r.recipient,
                state=r.state,  # type: ignore[arg-type]
                attempts=r.attempts,
                last_error=r.last_error,
                created=r.created,
                next_attempt=r.next_attempt,
                finished=r.finished,
            )
            for r in session.scalars(query)
        ]
