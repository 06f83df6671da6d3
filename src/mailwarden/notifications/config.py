"""Each tenant's notification settings, in the store: where e-mail comes from, the Teams channel's
workflow webhook, and what happens when an approval deadline passes.

The webhook URL carries its own signature (anyone holding it may post to the channel), so it is sealed
with the installation's key like the app's credential, revealed only to post, never shown or logged.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import uuid
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mailwarden.audit.records import refuse_secret_text
from mailwarden.connectors.secret import Secret
from mailwarden.errors import ConfigError
from mailwarden.store.db import Store
from mailwarden.store.tables import NotificationSettingsRow

if TYPE_CHECKING:  # importing tenants/ would run its package, which builds on the workflow
    from mailwarden.audit import AuditLog
    from mailwarden.tenants.credentials import Keyring

__all__ = [
    "NotificationConfig",
    "OnDeadline",
    "config_in",
    "deadline_grace",
    "load_config",
    "save_config",
    "teams_webhook",
]

OnDeadline = Literal["escalate", "expire"]


class NotificationConfig(BaseModel):
    """What an admin sets; `teams` says only whether a webhook is stored (its URL stays sealed)."""

    model_config = ConfigDict(frozen=True)

    sender: str | None = None
    """The mailbox notifications are sent from (its UPN or id): Graph sendMail needs Mail.Send."""
    teams: bool = False
    teams_app_id: str | None = None
    """mailwarden's Teams app (its manifest id), installed for the approvers: they are told in their Teams
    activity feed too. App-only, Graph can post there but not in a chat (see channels.py)."""
    on_deadline: OnDeadline = "expire"
    remind_before_hours: int = Field(default=24, ge=0, le=24 * 30)
    escalation_grace_hours: int = Field(default=48, ge=1, le=24 * 30)
    """With `escalate`: how long the admins have after the deadline before the request expires."""
    web_url: str | None = None
    """The web app's address the messages link to ("https://mailwarden.example.com")."""

    @property
    def any_channel(self) -> bool:
        return bool(self.sender) or self.teams or bool(self.teams_app_id)


def load_config(store: Store, tenant: str) -> NotificationConfig:
    with store.session() as session:
        return config_in(session, tenant)


def config_in(session: Session, tenant: str) -> NotificationConfig:
    """The tenant's settings as `session` sees them (inside a transaction that queues news)."""
    row = session.get(NotificationSettingsRow, tenant)
    if row is None:
        return NotificationConfig()
    return NotificationConfig(
        sender=row.sender,
        teams=row.teams_webhook_blob is not None,
        teams_app_id=row.teams_app_id,
        on_deadline="escalate" if row.on_deadline == "escalate" else "expire",
        remind_before_hours=row.remind_before_hours,
        escalation_grace_hours=row.escalation_grace_hours,
        web_url=row.web_url,
    )


def check_webhook_url(url: str) -> str:
    """A Teams workflow webhook must be https (plain http only on loopback, for a local receiver)."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise ConfigError(
            "The Teams webhook must be an https URL (the one the channel's 'Post to a channel when a webhook "
            "request is received' workflow shows); plain http is accepted only on this machine's loopback."
        )
    return url.strip()


def check_teams_app_id(value: str) -> str:
    """A Teams app's id is the GUID in its manifest (`id`), as the Teams admin center shows it."""
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        raise ConfigError(
            f"{value!r} is not a Teams app id: give the app's id (a GUID) as the Teams admin center shows it "
            "under Manage apps."
        ) from None


def save_config(
    store: Store,
    tenant: str,
    config: NotificationConfig,
    *,
    keyring: Keyring | None = None,
    teams_webhook: Secret | None = None,
    clear_teams: bool = False,
    now: dt.datetime | None = None,
    audit: AuditLog | None = None,
    actor: str = "",
    channel: str = "cli",
) -> NotificationConfig:
    """Store the settings; a new webhook is sealed with `keyring`. Returns what is now stored.

    An admin's change (`audit` given, `actor` the admin) is written to the audit log in the same transaction,
    settings before and after: where notices go is security-relevant (a changed sender or a dropped channel
    silences approvers). The webhook is told only as stored or not, and 'replaced'; never its URL."""
    teams_app_id = check_teams_app_id(config.teams_app_id) if config.teams_app_id else None
    web_url = config.web_url.rstrip("/") if config.web_url else None
    sealed = None
    if teams_webhook is not None:
        if keyring is None:
            raise ConfigError("A Teams webhook is stored sealed; no key was given to seal it.")
        sealed = keyring.encrypt(check_webhook_url(teams_webhook.reveal()).encode())

    def write(session: Session) -> None:
        row = session.get(NotificationSettingsRow, tenant)
        if row is None:
            row = NotificationSettingsRow(tenant_key=tenant, teams_webhook_blob=None)
            session.add(row)
        row.sender = config.sender
        row.teams_app_id = teams_app_id
        row.on_deadline = config.on_deadline
        row.remind_before_hours = config.remind_before_hours
        row.escalation_grace_hours = config.escalation_grace_hours
        row.web_url = web_url
        row.updated = now or dt.datetime.now(dt.UTC)
        if clear_teams:
            row.teams_webhook_blob = None
        if sealed is not None:
            row.teams_webhook_blob = sealed

    before = load_config(store, tenant)
    after = config.model_copy(
        update={
            "teams_app_id": teams_app_id,
            "web_url": web_url,
            "teams": sealed is not None or (before.teams and not clear_teams),
        }
    )
    if audit is None or (after == before and sealed is None):
        with store.session() as session:
            write(session)
    else:
        for what, text in (("sender", after.sender), ("web address", after.web_url)):
            refuse_secret_text(what, text)
        audit.append_many(
            [
                {
                    "tenant": tenant,
                    "event": "notifications.set",
                    "actor": actor,
                    "channel": channel,
                    "target": tenant,
                    "before": before.model_dump(mode="json"),
                    "after": after.model_dump(mode="json"),
                    "detail": {"teams_webhook": "replaced"} if sealed is not None else None,
                }
            ],
            checkpoint=True,
            with_records=write,
            returned=False,
        )
    return load_config(store, tenant)


def teams_webhook(store: Store, tenant: str, keyring: Keyring) -> Secret | None:
    """The tenant's webhook URL, unsealed for posting; None when none is stored."""
    with store.session() as session:
        row = session.get(NotificationSettingsRow, tenant)
        blob = row.teams_webhook_blob if row is not None else None
    if blob is None:
        return None
    plain = keyring.decrypt(blob)
    if plain is None:
        raise ConfigError(
            f"The Teams webhook of tenant {tenant!r} cannot be opened with this installation's key; "
            "store it again with 'mailwarden notifications set --teams-webhook'."
        )
    return Secret(plain.decode())


def deadline_grace(store: Store, tenant: str) -> dt.timedelta:
    """How long after its approval deadline a request still waits: the escalation grace, or none."""
    config = load_config(store, tenant)
    return (
        dt.timedelta(hours=config.escalation_grace_hours)
        if config.on_deadline == "escalate"
        else dt.timedelta(0)
    )


DEMO_SENDER = "support@acme.com"
"""The demo tenant's sender: Acme's Support shared mailbox (app-only sendMail may send from it)."""


def ensure_demo_config(store: Store, tenant: str, web_url: str) -> NotificationConfig:
    """The demo tenant notifies with no setup: e-mail from Support, escalation to the admin at the deadline,
    links to the demo's web app. An admin's own settings for it are kept; only the link follows the port."""
    current = load_config(store, tenant)
    with store.session() as session:
        exists = session.get(NotificationSettingsRow, tenant) is not None
    if exists:
        if current.web_url == web_url.rstrip("/"):
            return current
        return save_config(store, tenant, current.model_copy(update={"web_url": web_url}))
    try:
        return save_config(
            store, tenant, NotificationConfig(sender=DEMO_SENDER, on_deadline="escalate", web_url=web_url)
        )
    except IntegrityError:
        # Another command set the demo up at the same moment (two processes starting together): theirs
        # is the same default, so it stands.
        return load_config(store, tenant)
