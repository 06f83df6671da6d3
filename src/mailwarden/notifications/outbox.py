"""`queue()`: what the workflow calls at each transition a person should hear of.

It only writes delivery records (one per message, recipient and channel) for `deliver_due` to send; it
never speaks to a tenant or a webhook, so a channel that is down cannot slow or fail a request. The
same news is queued once whoever calls twice (a dedupe key per event, request, channel, recipient and
occasion). The workflow queues with `queue_in`, inside the transaction of the state change itself (a
transactional outbox): a crash between the two can no longer lose the message, nor tell of a change
that was rolled back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from mailwarden.jobs.queue import defer_on, uses_queue
from mailwarden.logs import get_logger
from mailwarden.model.requests import RequestView
from mailwarden.notifications.config import config_in
from mailwarden.notifications.events import APPROVER_EVENTS, Event
from mailwarden.store.db import Store
from mailwarden.store.tables import NotificationDeliveryRow

__all__ = [
    "HELD_AT_MOST",
    "HOLD",
    "IN_DOUBT",
    "TEAMS_CHANNEL",
    "announce",
    "dedupe_key",
    "on_queued",
    "queue",
    "queue_in",
]

log = get_logger("mailwarden.notifications")

TEAMS_CHANNEL = "channel"
"""The recipient of a Teams delivery: the tenant's channel, not a person."""

_listeners: list[Callable[[str], None]] = []


def on_queued(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call `listener(tenant)` after news is queued (the web server wakes its sender); returns the undo."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener)


def dedupe_key(*parts: str) -> str:
    """The same news (its parts) always gets the same key, which the table holds once."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


IN_DOUBT = (
    "not sent yet: the directory copy gives the requester's primary address to someone else now (it was "
    "moved after their entry was read); nothing goes to a maybe-stale address until the directory is read "
    "again"
)
"""Why the requester's news waits (red team 84 F1): the outbox's record of it says so while it is held."""

HOLD = dt.timedelta(minutes=5)
"""How long the requester's news waits before it is tried again while they are in doubt: a delta round reads
them again within a minute or two (the worker's sweep runs one each minute, the web server one each interval),
so the news waits a few rounds, not a day (red team 86 F3)."""

HELD_AT_MOST = dt.timedelta(days=3)
"""How long after it was queued the requester's news is held at most: three days outlast a directory read
stopped over a weekend (a worker or web server down Friday night, up again Monday). A doubt longer than that
means the copy is no longer read at all, and news days old (a denial, an access given) is no longer timely:
the request's page tells it. Then it is skipped, and the outbox's record says why (red team 86 F3)."""


def _who(view: RequestView, event: Event, recipients: Sequence[str] | None) -> list[str]:
    if recipients is not None:
        chosen = list(recipients)
    elif event in APPROVER_EVENTS:
        chosen = view.pending_approvers()
    elif view.requester_id:
        # The requester by object id, at their address now: the one filed under may be someone else's
        # (red team 79); a requester gone from the tenant is told nothing, one whose address now is in doubt
        # not yet (their news is held below).
        chosen = [view.requester_now] if view.requester_now else []
    else:
        chosen = [view.requester]
    # The scheduler files expiry requests; it has no mailbox to tell.
    return sorted({a.strip().lower() for a in chosen if "@" in a})


def queue(
    store: Store,
    view: RequestView,
    event: Event,
    *,
    now: dt.datetime,
    recipients: Sequence[str] | None = None,
    occasion: str = "",
) -> int:
    """Queue `event` of `view` for each recipient on each channel the tenant set up; how many were new."""
    with store.session() as session:
        added = queue_in(session, view, event, now=now, recipients=recipients, occasion=occasion)
    if added:
        announce(store, view.tenant)
    return added


def queue_in(
    session: Session,
    view: RequestView,
    event: Event,
    *,
    now: dt.datetime,
    recipients: Sequence[str] | None = None,
    occasion: str = "",
) -> int:
    """`queue` inside the caller's transaction (the transactional outbox): the workflow writes the news in
    the same transaction as the state change it tells of, so both are kept or neither. The caller calls
    `announce` once it has committed."""
    config = config_in(session, view.tenant)
    people = _who(view, event, recipients)
    targets: list[tuple[str, str]] = []
    if config.sender:
        targets += [("email", person) for person in people]
    if config.teams and event in APPROVER_EVENTS and people:
        targets.append(("teams", TEAMS_CHANNEL))
    if config.teams_app_id and event in APPROVER_EVENTS:
        targets += [("teams_feed", person) for person in people]
    if config.sender and recipients is None and event not in APPROVER_EVENTS and view.requester_in_doubt:
        # The requester's news is held, not dropped (red team 86 F3): queued under their object id, as a
        # notice's recipient is named, and resolved again when it is tried (deliver.py `_to_requester`), sent
        # to their address then once the directory was read again, never to the address's new holder
        # (red team 84 F1). Its record says why it waits.
        held = _delivery(view, event, "email", view.requester_id, now=now, occasion=occasion, held=IN_DOUBT)
        if _added(session, held):
            log.warning("requester_news_held", tenant=view.tenant, request=view.request_id, news=event.value)
    # Counted when new: one queued already (its dedupe key) is not queued again, the same news is told once.
    return sum(
        _added(session, _delivery(view, event, channel, recipient, now=now, occasion=occasion))
        for channel, recipient in targets
    )


def _delivery(
    view: RequestView,
    event: Event,
    channel: str,
    recipient: str,
    *,
    now: dt.datetime,
    occasion: str,
    held: str | None = None,
) -> NotificationDeliveryRow:
    """One delivery of `event`: queued to be sent now, or (`held`) queued to be tried after `HOLD`, for that
    reason."""
    return NotificationDeliveryRow(
        tenant_key=view.tenant,
        request_id=view.request_id,
        event=event.value,
        channel=channel,
        recipient=recipient,
        dedupe_key=dedupe_key(event.value, view.request_id, channel, recipient, occasion),
        state="queued",
        attempts=0,
        last_error=held,
        created=now,
        next_attempt=now + HOLD if held else now,
        finished=None,
    )


def _added(session: Session, delivery: NotificationDeliveryRow) -> bool:
    """Whether `delivery` was written: False when the same news was written before (its dedupe key)."""
    try:
        with session.begin_nested():
            session.add(delivery)
    except IntegrityError:
        return False
    return True


def announce(store: Store, tenant: str) -> None:
    """News of `tenant` was committed: have it sent now. On PostgreSQL a worker's delivery job is queued,
    whichever process queued the news (a worker finishing a request, a server, the CLI), rather than the news
    waiting for the minute sweep, which stays the safety net; the senders listening here (the web server's,
    on SQLite) are woken. A delivery is never sent twice: each is claimed by its row's state first."""
    if uses_queue(store.url):
        _queue_delivery(store, tenant)
    for listener in list(_listeners):
        listener(tenant)


def _queue_delivery(store: Store, tenant: str) -> None:
    # Queued after the news is committed, never in its transaction: a delivery job already waiting (its
    # queueing lock refuses a second) has not read yet, so it will find this news too.
    try:
        defer_on(
            store,
            "tenant_job",
            lock=f"deliver_notifications:{tenant}",
            tenant_key=tenant,
            job="deliver_notifications",
        )
    except SQLAlchemyError as exc:
        log.warning("news_not_queued", tenant=tenant, error=type(exc).__name__)
