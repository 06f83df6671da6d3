"""`deliver_due()`: send every notification whose turn has come, and record what became of each.

A plain function, safe to run anywhere and any number of times at once: each delivery is claimed with a
conditional update (a lease outlasting a send's retries, so one whose sender died is taken up again),
sent, and marked sent, or queued again with backoff, or failed after the last attempt with the reason.
On SQLite the CLI and the web server run it in-process right after the transition; a worker queue can
run it on a schedule (`deliver_due` for each tenant) with nothing else to change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from sqlalchemy import select, update

from mailwarden.connectors.graph import GraphClient
from mailwarden.connectors.retry import RetryPolicy
from mailwarden.errors import ConfigError, RequestNotFound
from mailwarden.logs import get_logger
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.notifications.channels import (
    ChannelFailed,
    adaptive_card,
    post_to_teams,
    send_activity,
    send_email,
)
from mailwarden.notifications.config import NotificationConfig, load_config, teams_webhook
from mailwarden.notifications.events import APPROVER_EVENTS, Event
from mailwarden.notifications.notice_context import NoLongerNews, notice_context
from mailwarden.notifications.outbox import HELD_AT_MOST, HOLD, IN_DOUBT
from mailwarden.notifications.templates import Person, Rendered, TemplateProblem, message_context, render
from mailwarden.store.db import Store
from mailwarden.store.recipient_cache import RecipientCache
from mailwarden.store.tables import NotificationDeliveryRow, TenantRow
from mailwarden.workflow.service import RequestService

if TYPE_CHECKING:
    from mailwarden.tenants.credentials import Keyring

__all__ = ["MAX_ATTEMPTS", "DeliveryRound", "backoff", "deliver_due"]

log = get_logger("mailwarden.notifications")

MAX_ATTEMPTS = 6
LEASE = dt.timedelta(seconds=RetryPolicy().max_total) + dt.timedelta(minutes=5)
"""Longer than one send can take: Graph's client waits out throttling for up to the retry policy's
`max_total`, and a delivery taken up again while its send still retries goes out twice."""
_FIRST_RETRY = dt.timedelta(seconds=30)
_LONGEST_WAIT = dt.timedelta(hours=1)


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failure: 30 s, 1 min, 2 min ... at most an hour."""
    wait: dt.timedelta = _FIRST_RETRY * (2 ** max(attempts - 1, 0))
    return min(wait, _LONGEST_WAIT)


@dataclass
class DeliveryRound:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    held: int = 0
    """The requester's news held again while where they are is in doubt (red team 86 F3)."""
    problems: list[str] = field(default_factory=list)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _still_news(event: Event, view: RequestView, channel: str, recipient: str) -> bool:
    """An approver's news is stale once the request no longer waits (someone decided meanwhile), and a
    person's "waiting" or reminder once they are no longer one of its pending approvers (the request was
    decided again on live facts and waits on someone else now, or their step was approved): the mail,
    queued for them earlier and not sent yet, told a person who may no longer decide it what it asks
    (red team 37). The escalation goes to the admins, who are no approvers; the Teams channel to no one."""
    if event not in APPROVER_EVENTS:
        return True
    if view.state is not RequestState.PENDING_APPROVAL:
        return False
    if event is Event.ESCALATED or channel == "teams":
        return True
    return recipient.strip().casefold() in {a.casefold() for a in view.pending_approvers()}


class _Held(Exception):
    """Not sent yet, but still news: tried again after `HOLD` (the reason is kept on its record)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _to_requester(view: RequestView, queued_for: str) -> str:
    """Where the requester's news goes when it is sent: the requester's address now, by object id, not the
    one it was queued for (an address, or their object id when they were in doubt then), which an admin may
    have given to someone else meanwhile (red team 79); nowhere once the tenant no longer holds them. While
    where they are is in doubt it goes nowhere yet (red team 84 F1), and is held until the directory is read
    again (red team 86 F3)."""
    if not view.requester_id:
        return queued_for
    if view.requester_in_doubt:
        raise _Held(IN_DOUBT)
    if view.requester_now is None:
        raise NoLongerNews("who asked for the request is no longer in the tenant")
    return view.requester_now


async def deliver_due(
    service: RequestService,
    tenant: str,
    *,
    graph: GraphClient | None,
    http: httpx.AsyncClient | None = None,
    keyring: Keyring | None = None,
    home: Path | None = None,
    clock: Callable[[], dt.datetime] = _now,
    limit: int = 200,
) -> DeliveryRound:
    """Send the tenant's due deliveries (at most `limit`); never raises for one that fails."""
    store = service.store
    now = clock()
    outcome = DeliveryRound()
    with store.session() as session:
        due = list(
            session.scalars(
                select(NotificationDeliveryRow.delivery_id)
                .where(
                    NotificationDeliveryRow.tenant_key == tenant,
                    NotificationDeliveryRow.state == "queued",
                    NotificationDeliveryRow.next_attempt <= now,
                )
                .order_by(NotificationDeliveryRow.delivery_id)
                .limit(limit)
            )
        )
        tenant_row = session.get(TenantRow, tenant)
        tenant_name = tenant_row.display_name if tenant_row is not None else tenant
    if not due:
        return outcome
    if keyring is None and home is not None:
        from mailwarden.tenants.credentials import Keyring  # only when there is something to send

        keyring = Keyring.for_home(home)
    config = load_config(store, tenant)
    cache = RecipientCache(store)
    names: dict[str, Person] = {}

    def person(address: str) -> Person:
        key = address.strip().lower()
        if key not in names:
            found = cache.lookup_address(tenant, key) if "@" in key else None
            names[key] = Person(
                name=found.display_name if found else key, address=found.primary_address if found else key
            )
        return names[key]

    own_http = http is None
    client = http or httpx.AsyncClient()
    try:
        for delivery_id in due:
            await _deliver_one(
                store,
                service,
                delivery_id,
                config=config,
                graph=graph,
                http=client,
                keyring=keyring,
                home=home,
                now=now,
                person=person,
                tenant_name=tenant_name,
                outcome=outcome,
            )
    finally:
        if own_http:
            await client.aclose()
    return outcome


def _claim(store: Store, delivery_id: int, now: dt.datetime) -> NotificationDeliveryRow | None:
    with store.session() as session:
        result = session.execute(
            update(NotificationDeliveryRow)
            .where(
                NotificationDeliveryRow.delivery_id == delivery_id,
                NotificationDeliveryRow.state == "queued",
                NotificationDeliveryRow.next_attempt <= now,
            )
            .values(next_attempt=now + LEASE, attempts=NotificationDeliveryRow.attempts + 1)
        )
        if not getattr(result, "rowcount", 0):
            return None  # another sender took it
        row = session.get(NotificationDeliveryRow, delivery_id)
        if row is not None:
            session.expunge(row)
        return row


def _finish(store: Store, delivery_id: int, **values: object) -> None:
    with store.session() as session:
        session.execute(
            update(NotificationDeliveryRow)
            .where(NotificationDeliveryRow.delivery_id == delivery_id)
            .values(**values)
        )


async def _deliver_one(
    store: Store,
    service: RequestService,
    delivery_id: int,
    *,
    config: NotificationConfig,
    graph: GraphClient | None,
    http: httpx.AsyncClient,
    keyring: Keyring | None,
    home: Path | None,
    now: dt.datetime,
    person: Callable[[str], Person],
    tenant_name: str,
    outcome: DeliveryRound,
) -> None:
    row = _claim(store, delivery_id, now)
    if row is None:
        return
    try:
        if row.request_id is None:
            context, to = _notice(store, row, config=config, tenant_name=tenant_name)
        else:
            context, to = _request_news(service, row, config=config, person=person, tenant_name=tenant_name)
    except NoLongerNews as skip:
        _finish(store, delivery_id, state="skipped", last_error=skip.reason, finished=now, next_attempt=None)
        outcome.skipped += 1
        return
    except _Held as held:
        if now - row.created < HELD_AT_MOST:
            # Not an attempt: a send that fails once it is sent gets all of its retries.
            _finish(
                store, delivery_id, last_error=held.reason, next_attempt=now + HOLD, attempts=row.attempts - 1
            )
            outcome.held += 1
            return
        reason = (
            f"not sent: where the requester is was still in doubt {HELD_AT_MOST.days} days after the news "
            "was queued (the directory was not read again meanwhile)"
        )
        _finish(store, delivery_id, state="skipped", last_error=reason, finished=now, next_attempt=None)
        outcome.skipped += 1
        log.warning("requester_news_not_sent", delivery=delivery_id, notification=row.event)
        return
    try:
        await _send(
            store,
            row,
            context,
            render(context, home=home),
            to=to,
            config=config,
            graph=graph,
            http=http,
            keyring=keyring,
        )
    except (ChannelFailed, TemplateProblem, ConfigError) as exc:
        reason = exc.reason if isinstance(exc, ChannelFailed) else str(exc)
        permanent = isinstance(exc, ChannelFailed) and exc.permanent
        if permanent or row.attempts >= MAX_ATTEMPTS:
            _finish(store, delivery_id, state="failed", last_error=reason, finished=now, next_attempt=None)
            outcome.failed += 1
        else:
            _finish(store, delivery_id, last_error=reason, next_attempt=now + backoff(row.attempts))
            outcome.retrying += 1
        outcome.problems.append(reason)
        log.warning(
            "notification_failed",
            delivery=delivery_id,
            channel=row.channel,
            notification=row.event,
            reason=reason,
        )
        return
    _finish(store, delivery_id, state="sent", last_error=None, finished=now, next_attempt=None)
    outcome.sent += 1


def _request_news(
    service: RequestService,
    row: NotificationDeliveryRow,
    *,
    config: NotificationConfig,
    person: Callable[[str], Person],
    tenant_name: str,
) -> tuple[dict[str, Any], str]:
    """A request's news: its context, and the address it goes to."""
    event = Event(row.event)
    try:
        view = service.get(row.tenant_key, row.request_id or "")
    except RequestNotFound:
        raise NoLongerNews("the request no longer exists") from None
    to = (
        _to_requester(view, row.recipient)
        if event not in APPROVER_EVENTS | {Event.END_OVERDUE}
        else row.recipient
    )
    if not _still_news(event, view, row.channel, row.recipient):
        if view.state is not RequestState.PENDING_APPROVAL:
            raise NoLongerNews(f"the request is {view.state.value} now")
        raise NoLongerNews(f"{row.recipient} is no longer an approver of the request")
    link = f"{config.web_url}/requests/{view.request_id}" if config.web_url else None
    recipient = person(to) if row.channel in ("email", "teams_feed") else None
    # Whether the recipient reads the request whole as an admin, as the directory says when it is sent (one
    # told of an escalation while an admin may be one no longer).
    found = RecipientCache(service.store).lookup_address(row.tenant_key, to) if recipient else None
    admin = found is not None and found.enabled and found.is_admin
    context = message_context(
        view, event, person=person, recipient=recipient, link=link, tenant_name=tenant_name, admin=admin
    )
    return context, to


def _notice(
    store: Store, row: NotificationDeliveryRow, *, config: NotificationConfig, tenant_name: str
) -> tuple[dict[str, Any], str]:
    """A notice (review, drift): its recipient is an object id, looked up now; one who is gone or disabled
    is not mailed."""
    found = RecipientCache(store).get_many(row.tenant_key, [row.recipient]).get(row.recipient)
    if found is None:
        raise NoLongerNews("the recipient is not in the tenant's directory")
    if not found.enabled:
        raise NoLongerNews(f"{found.primary_address} is disabled")
    recipient = Person(name=found.display_name, address=found.primary_address)
    context = notice_context(
        store,
        row,
        recipient=recipient,
        recipient_id=found.recipient_id,
        web_url=config.web_url,
        tenant_name=tenant_name,
    )
    return context, found.primary_address


async def _send(
    store: Store,
    row: NotificationDeliveryRow,
    context: dict[str, Any],
    message: Rendered,
    *,
    to: str,
    config: NotificationConfig,
    graph: GraphClient | None,
    http: httpx.AsyncClient,
    keyring: Keyring | None,
) -> None:
    """Send one delivery over its channel; ChannelFailed says why not."""
    if row.channel == "email":
        if not config.sender:
            raise ChannelFailed("no sender mailbox is set for e-mail notifications", permanent=True)
        if graph is None:
            raise ChannelFailed("the tenant could not be reached to send e-mail")
        await send_email(graph, config.sender, to, message)
        return
    if row.channel == "teams":
        if keyring is None:
            raise ChannelFailed("the installation's key is not available to open the Teams webhook")
        webhook = teams_webhook(store, row.tenant_key, keyring)
        if webhook is None:
            raise ChannelFailed("no Teams webhook is set any more", permanent=True)
        await post_to_teams(http, webhook, adaptive_card(context, message.subject))
        return
    if row.channel == "teams_feed":
        if not config.teams_app_id:
            raise ChannelFailed(
                "no Teams app is set for activity feed notifications any more", permanent=True
            )
        if graph is None:
            raise ChannelFailed("the tenant could not be reached to post in Teams")
        await send_activity(graph, config.teams_app_id, row.recipient, context, message.subject)
        return
    raise ChannelFailed(f"unknown channel {row.channel!r}", permanent=True)
