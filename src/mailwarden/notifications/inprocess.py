"""Sending in the process that made the news (SQLite: no worker queue): the CLI before it exits, the web
server right after an action. The same `deliver_due` a worker would run; a failure is logged, never raised
into the command or the page, and what did not go out stays queued for the next pass."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from mailwarden.errors import MailwardenError
from mailwarden.logs import get_logger
from mailwarden.notifications.deadlines import run_deadlines
from mailwarden.notifications.deliver import DeliveryRound, deliver_due
from mailwarden.notifications.notices import run_review_reminders

if TYPE_CHECKING:
    import httpx

    from mailwarden.connectors.graph import GraphClient
    from mailwarden.workspace import Workspace

__all__ = ["catch_up_deadlines", "send_now"]

log = get_logger("mailwarden.notifications")


async def send_now(
    workspace: Workspace, tenant_key: str, graph: GraphClient | None, http: httpx.AsyncClient | None = None
) -> DeliveryRound | None:
    try:
        # The installation's keyring (for a sealed Teams webhook) is opened by deliver_due only when
        # something is due: most commands queue nothing, and stay light.
        return await deliver_due(
            workspace.requests, tenant_key, graph=graph, http=http, home=workspace.settings.home
        )
    except (MailwardenError, SQLAlchemyError) as exc:
        log.warning("notifications_not_sent", tenant=tenant_key, error=type(exc).__name__)
        return None


def catch_up_deadlines(workspace: Workspace, tenant_key: str) -> None:
    """Reminders (of requests and of access reviews), escalations and access about to end: queued beside the
    expiry catch-up (on PostgreSQL, the workers' periodic expiry job runs this)."""
    try:
        run_deadlines(workspace.requests, tenant_key)
        run_review_reminders(workspace.store, tenant_key, now=workspace.requests.clock())
    except (MailwardenError, SQLAlchemyError) as exc:
        log.warning("notification_deadlines_failed", tenant=tenant_key, error=type(exc).__name__)
