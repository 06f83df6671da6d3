"""The store's tables (SQLAlchemy 2 declarative). The migrations in `migrations/versions` create them.

The tables a plan reads are SQLAlchemy Core tables in store/schema.py (a plan imports no ORM); the classes
here map them (`__table__`) for code that works with rows as objects. A change here or there needs a new
migration beside 0001_initial; tests check that the migrated schema matches.

No `from __future__ import annotations` here: SQLAlchemy reads every `Mapped[...]` annotation, and as
strings it evaluates each one (about 500 evals, a third of this module's import in every command).
"""

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mailwarden.store import schema
from mailwarden.store.schema import JSONDocument, UTCDateTime

__all__ = [
    "ApprovalRow",
    "Base",
    "DiscoveryRunRow",
    "DomainRow",
    "JSONDocument",
    "RecipientAddressRow",
    "RecipientRow",
    "RequestRow",
    "RequestStepRow",
    "TenantRow",
    "UTCDateTime",
]


class Base(DeclarativeBase):
    metadata = schema.metadata
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime(), dict[str, Any]: JSONDocument}


class TenantRow(Base):
    """The `tenants` table (store/schema.py) as objects; the annotations are for type checkers."""

    __table__ = schema.tenants

    tenant_key: Mapped[str]
    display_name: Mapped[str]
    cloud: Mapped[str]
    tenant_id: Mapped[str]
    client_id: Mapped[str]
    credential_blob: Mapped[bytes | None]
    created: Mapped[dt.datetime]
    time_zone: Mapped[str]


class DomainRow(Base):
    """The `tenant_domains` table (store/schema.py) as objects; the annotations are for type checkers."""

    __table__ = schema.tenant_domains

    tenant_key: Mapped[str]
    name: Mapped[str]
    verified: Mapped[bool]
    is_default: Mapped[bool]


class RecipientRow(Base):
    """The `recipients` table (store/schema.py) as objects; the annotations are for type checkers."""

    __table__ = schema.recipients

    tenant_key: Mapped[str]
    recipient_id: Mapped[str]
    kind: Mapped[str]
    primary_address: Mapped[str]
    display_name: Mapped[str]
    data: Mapped[dict[str, Any]]
    discovered_at: Mapped[dt.datetime]


class RecipientAddressRow(Base):
    """The `recipient_addresses` table (store/schema.py) as objects; the annotations are for type checkers."""

    __table__ = schema.recipient_addresses

    tenant_key: Mapped[str]
    address: Mapped[str]
    recipient_id: Mapped[str]


class DiscoveryRunRow(Base):
    """The `discovery_runs` table (store/schema.py) as objects; the annotations are for type checkers."""

    __table__ = schema.discovery_runs

    run_id: Mapped[int]
    tenant_key: Mapped[str]
    started: Mapped[dt.datetime]
    finished: Mapped[dt.datetime | None]
    counts: Mapped[dict[str, Any]]
    status: Mapped[str]
    error: Mapped[str | None]


# ---- the audit log (migration 0002_audit) -----------------------------------------------------------------

from sqlalchemy import BigInteger  # noqa: E402 - the audit section is appended; the stable head stays as it was

# 64-bit on PostgreSQL; on SQLite an INTEGER primary key is the 64-bit rowid already.
_AuditSeq = BigInteger().with_variant(Integer(), "sqlite")


class AuditRecordRow(Base):
    """One audit record: a link of the global hash chain. `seq` is assigned by the appender, never reused."""

    __tablename__ = "audit_records"

    seq: Mapped[int] = mapped_column(_AuditSeq, primary_key=True, autoincrement=False)
    time: Mapped[dt.datetime]
    tenant: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(320))
    on_behalf_of: Mapped[str | None] = mapped_column(String(320))
    channel: Mapped[str] = mapped_column(String(32))
    request_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(512))
    before: Mapped[Any] = mapped_column(JSONDocument, nullable=True)
    after: Mapped[Any] = mapped_column(JSONDocument, nullable=True)
    detail: Mapped[dict[str, Any]]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_records_tenant_time", "tenant", "time"),
        Index("ix_audit_records_request_id", "request_id"),
        Index("ix_audit_records_actor", "actor"),
        Index("ix_audit_records_target", "target"),
    )


class AuditCheckpointRow(Base):
    """A signed statement 'the chain's record `seq` has hash `hash`' (Ed25519, base64 `signature`).

    seq 0 is the genesis checkpoint, written with the first record; `next_due` is the seq by which the
    next checkpoint must exist, so a deleted checkpoint is noticed.
    """

    __tablename__ = "audit_checkpoints"

    seq: Mapped[int] = mapped_column(_AuditSeq, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    time: Mapped[dt.datetime]
    next_due: Mapped[int] = mapped_column(_AuditSeq)
    key_id: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))


__all__ += ["AuditCheckpointRow", "AuditRecordRow"]


# ---- the request workflow (migration 0003_requests) -----------------------------------------------------


class RequestRow(Base):
    """The `requests` table (store/schema.py) as objects; the annotations are for type checkers."""

    __table__ = schema.requests

    request_id: Mapped[str]
    tenant_key: Mapped[str]
    requester_id: Mapped[str]
    requester: Mapped[str]
    channel: Mapped[str]
    kind: Mapped[str]
    text: Mapped[str | None]
    justification: Mapped[str | None]
    state: Mapped[str]
    created: Mapped[dt.datetime]
    updated: Mapped[dt.datetime]
    approval_deadline: Mapped[dt.datetime | None]
    lease_until: Mapped[dt.datetime | None]
    parent_request_id: Mapped[str | None]


class RequestStepRow(Base):
    """The `request_steps` table (store/schema.py) as objects; the annotations are for type checkers."""

    __table__ = schema.request_steps

    request_id: Mapped[str]
    position: Mapped[int]
    step: Mapped[dict[str, Any]]
    preview: Mapped[dict[str, Any]]
    decision: Mapped[dict[str, Any]]
    status: Mapped[str]
    outcome: Mapped[dict[str, Any] | None]
    expires: Mapped[dt.datetime | None]
    reverted_by: Mapped[str | None]
    refused_end: Mapped[dt.datetime | None]
    """The end the scheduler refused (`expiry.refused`) or left to an admin: the access outlived it."""
    refused_reason: Mapped[str | None]
    """Why, as the audit record of the refusal says it (masked)."""


class ApprovalRow(Base):
    """An approver's verdict on a request, with their reason."""

    __tablename__ = "approvals"

    approval_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(String(36))
    approver_id: Mapped[str] = mapped_column(String(64))
    approver: Mapped[str] = mapped_column(String(320))
    verdict: Mapped[str] = mapped_column(String(8))
    justification: Mapped[str | None] = mapped_column(Text)
    time: Mapped[dt.datetime]

    __table_args__ = (
        ForeignKeyConstraint(
            ["request_id"],
            ["requests.request_id"],
            ondelete="CASCADE",
            name="fk_approvals_request_id_requests",
        ),
        Index("ix_approvals_request", "request_id"),
    )


# ---- API tokens of the REST API (migration 0004_api_tokens) ------------------------------------------------


class ApiTokenRow(Base):
    """A token a person made for automation: it acts as them, within its scopes, until revoked or expired.

    Only a SHA-256 of the secret part is kept (the secret is 256 random bits, so a fast hash suffices);
    the token itself is shown once, when it is made.
    """

    __tablename__ = "api_tokens"

    token_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tenant_key: Mapped[str] = mapped_column(String(64), ForeignKey("tenants.tenant_key", ondelete="CASCADE"))
    owner_id: Mapped[str] = mapped_column(String(64))
    """The recipient id of the person the token acts as."""
    owner: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(128))
    scopes: Mapped[dict[str, Any]]
    """{"scopes": ["read", "write", "approve"]}: what the token may do, beside what its owner may; and
    "session": a SHA-256 of the id of the session that made it, whose sign-out revokes it (api/tokens.py)."""
    secret_hash: Mapped[str] = mapped_column(String(64))
    created: Mapped[dt.datetime]
    expires: Mapped[dt.datetime | None]
    last_used: Mapped[dt.datetime | None]
    revoked: Mapped[dt.datetime | None]

    __table_args__ = (Index("ix_api_tokens_tenant_owner", "tenant_key", "owner_id"),)


__all__ += ["ApiTokenRow"]


# ---- directory delta sync (migration 0005_directory_sync) --------------------------------------------------


class DirectorySyncRow(Base):
    """The `directory_sync` table (store/schema.py) as objects; the annotations are for type checkers."""

    __table__ = schema.directory_sync

    tenant_key: Mapped[str]
    users_delta_link: Mapped[str | None]
    groups_delta_link: Mapped[str | None]
    synced_at: Mapped[dt.datetime | None]
    role_holders: Mapped[dict[str, Any]]
    last_round: Mapped[dict[str, Any]]


__all__ += ["DirectorySyncRow"]


# ---- drift from outside changes (migration 0008_drift) -----------------------------------------------------


class DriftBaselineRow(Base):
    """One delegation, membership, calendar permission or forwarding as mailwarden last knew it.

    `origin` says how mailwarden came to know it: discovery (present at the first scan), mailwarden (its own
    executed request) or outside (a drift event it recorded).
    """

    __tablename__ = "drift_baseline"

    tenant_key: Mapped[str] = mapped_column(
        String(64), ForeignKey("tenants.tenant_key", ondelete="CASCADE"), primary_key=True
    )
    fact_key: Mapped[str] = mapped_column(String(400), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    resource_id: Mapped[str] = mapped_column(String(64))
    resource: Mapped[str] = mapped_column(String(320))
    holder_id: Mapped[str] = mapped_column(String(320))
    holder: Mapped[str] = mapped_column(String(320))
    value: Mapped[str] = mapped_column(String(320))
    since: Mapped[dt.datetime]
    origin: Mapped[str] = mapped_column(String(16))


class DriftScanRow(Base):
    """One drift scan of a tenant: when it read the tenant, what it cost and what it found."""

    __tablename__ = "drift_scans"

    scan_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_key: Mapped[str] = mapped_column(String(64), ForeignKey("tenants.tenant_key", ondelete="CASCADE"))
    started: Mapped[dt.datetime]
    finished: Mapped[dt.datetime]
    facts: Mapped[int] = mapped_column(Integer)
    events: Mapped[int] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]]
    """Mailboxes or groups it could not read, whether the audit log could be read, and why not."""

    __table_args__ = (Index("ix_drift_scans_tenant_started", "tenant_key", "started"),)


class DriftEventRow(Base):
    """One difference between the tenant and what mailwarden knew and changed: who and when, if known."""

    __tablename__ = "drift_events"

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_key: Mapped[str] = mapped_column(String(64), ForeignKey("tenants.tenant_key", ondelete="CASCADE"))
    scan_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(8))
    fact_kind: Mapped[str] = mapped_column(String(24))
    fact_key: Mapped[str] = mapped_column(String(400))
    resource: Mapped[str] = mapped_column(String(320))
    holder: Mapped[str] = mapped_column(String(320))
    before: Mapped[str | None] = mapped_column(String(320))
    after: Mapped[str | None] = mapped_column(String(320))
    detected: Mapped[dt.datetime]
    window_start: Mapped[dt.datetime | None]
    window_end: Mapped[dt.datetime]
    changed_by: Mapped[str | None] = mapped_column(String(320))
    changed_at: Mapped[dt.datetime | None]
    audit_record_id: Mapped[str | None] = mapped_column(String(64))
    response: Mapped[str] = mapped_column(String(16))
    """What the tenant's drift policy decided: record, notify or propose_revert."""
    revert_request_id: Mapped[str | None] = mapped_column(String(36))
    summary: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_drift_events_tenant_detected", "tenant_key", "detected"),)


class DriftSettingsRow(Base):
    """A tenant's drift policy: per kind of drift, record only, notify, or propose a revert."""

    __tablename__ = "drift_settings"

    tenant_key: Mapped[str] = mapped_column(
        String(64), ForeignKey("tenants.tenant_key", ondelete="CASCADE"), primary_key=True
    )
    responses: Mapped[dict[str, Any]]
    updated: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(320))
    scan_lease_until: Mapped[dt.datetime | None]
    """While a scan runs: until when it holds the tenant (a crashed scan's lease runs out)."""


__all__ += ["DriftBaselineRow", "DriftEventRow", "DriftScanRow", "DriftSettingsRow"]


# ---- notifications (migration 0006_notifications) ----------------------------------------------------------


class NotificationSettingsRow(Base):
    """How a tenant's people are told: the mailbox e-mail is sent from, the Teams channel's workflow webhook
    (a secret: sealed with the installation's key, like the app's credential), what happens at an approval
    deadline, and the address of the web app the messages link to."""

    __tablename__ = "notification_settings"

    tenant_key: Mapped[str] = mapped_column(
        String(64), ForeignKey("tenants.tenant_key", ondelete="CASCADE"), primary_key=True
    )
    sender: Mapped[str | None] = mapped_column(String(320))
    teams_webhook_blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    teams_app_id: Mapped[str | None] = mapped_column(String(64), default=None)
    """The id of mailwarden's Teams app, installed for the approvers: set, each approver is also told in
    their Teams activity feed (Graph sendActivityNotification)."""
    on_deadline: Mapped[str] = mapped_column(String(16))
    """escalate (the tenant's admins are told, and the request waits a grace period more) or expire."""
    remind_before_hours: Mapped[int] = mapped_column(Integer)
    escalation_grace_hours: Mapped[int] = mapped_column(Integer)
    web_url: Mapped[str | None] = mapped_column(Text)
    updated: Mapped[dt.datetime]


class NotificationDeliveryRow(Base):
    """One message to one recipient over one channel, and what became of it (a job with retries)."""

    __tablename__ = "notification_deliveries"

    delivery_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_key: Mapped[str] = mapped_column(String(64), ForeignKey("tenants.tenant_key", ondelete="CASCADE"))
    request_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("requests.request_id", ondelete="CASCADE")
    )
    """The request told of; None for a notice (migration 0012_notices), which names its subject below."""
    notice_kind: Mapped[str | None] = mapped_column(String(24))
    """review_task, review_campaign or drift_event: what `subject_id` is the id of."""
    subject_id: Mapped[str | None] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(24))
    channel: Mapped[str] = mapped_column(String(8))
    recipient: Mapped[str] = mapped_column(String(320))
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    """event, request, channel, recipient (and the occasion): the same news is queued once, whoever asks."""
    state: Mapped[str] = mapped_column(String(8))
    """queued, sent, failed (given up after the last attempt), skipped (no longer news when its turn came)."""
    attempts: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created: Mapped[dt.datetime]
    next_attempt: Mapped[dt.datetime | None]
    finished: Mapped[dt.datetime | None]

    __table_args__ = (
        Index("ix_notification_deliveries_due", "state", "next_attempt"),
        Index("ix_notification_deliveries_tenant", "tenant_key", "created"),
        Index("ix_notification_deliveries_subject", "notice_kind", "subject_id"),
        CheckConstraint(
            "(request_id IS NOT NULL) OR (notice_kind IS NOT NULL AND subject_id IS NOT NULL)",
            name="about_a_request_or_a_notice",
        ),
    )


__all__ += ["NotificationDeliveryRow", "NotificationSettingsRow"]


# ---- access reviews (migration 0009_access_reviews) -----------------------------------------------------


class ReviewCampaignRow(Base):
    """An access review campaign: which resources, who reviews, by when, what an unreviewed grant becomes."""

    __tablename__ = "review_campaigns"

    campaign_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_key: Mapped[str] = mapped_column(String(64), ForeignKey("tenants.tenant_key", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    scope: Mapped[dict[str, Any]]
    """{"kinds": [shared_mailboxes, lists, calendars], "which": all | sensitive | chosen, "chosen": [refs]}"""
    deadline: Mapped[dt.datetime]
    default_action: Mapped[str] = mapped_column(String(8))
    """keep or remove: what an undecided grant gets when the campaign closes."""
    repeat: Mapped[str | None] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    started_by_id: Mapped[str] = mapped_column(String(64))
    started_by: Mapped[str] = mapped_column(String(320))
    created: Mapped[dt.datetime]
    closed: Mapped[dt.datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(320))
    previous_campaign_id: Mapped[str | None] = mapped_column(String(36))

    __table_args__ = (Index("ix_review_campaigns_tenant_state", "tenant_key", "state"),)


class ReviewTaskRow(Base):
    """One resource of a campaign for its reviewers to go through."""

    __tablename__ = "review_tasks"

    task_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("review_campaigns.campaign_id", ondelete="CASCADE")
    )
    resource_id: Mapped[str] = mapped_column(String(64))
    resource: Mapped[str] = mapped_column(String(600))
    resource_address: Mapped[str] = mapped_column(String(320))
    reviewers: Mapped[dict[str, Any]]
    """{"ids": [recipient ids], "addresses": [...], "basis": "owner|manager|admin"}"""
    state: Mapped[str] = mapped_column(String(16))
    read_at: Mapped[dt.datetime]

    __table_args__ = (Index("ix_review_tasks_campaign", "campaign_id"),)


class ReviewItemRow(Base):
    """One delegate of a task's resource, with its why, and the reviewer's decision (or the default's)."""

    __tablename__ = "review_items"

    item_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[str] = mapped_column(String(36), ForeignKey("review_tasks.task_id", ondelete="CASCADE"))
    grant: Mapped[dict[str, Any]]
    origin: Mapped[dict[str, Any]]
    last_use: Mapped[str | None] = mapped_column(String(200))
    decision: Mapped[str | None] = mapped_column(String(8))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[str | None] = mapped_column(String(64))
    decided_by: Mapped[str | None] = mapped_column(String(320))
    decided_at: Mapped[dt.datetime | None]
    removal_request_id: Mapped[str | None] = mapped_column(String(36))
    removal_state: Mapped[str | None] = mapped_column(String(1000))

    __table_args__ = (Index("ix_review_items_task", "task_id"),)


__all__ += ["ReviewCampaignRow", "ReviewItemRow", "ReviewTaskRow"]
__all__ += ["DirectorySyncRow"]


# ---- jobs and shared rate budgets (migration 0007_jobs) ----------------------------------------------------


class JobErrorRow(Base):
    """An attempt of a queued job that raised, with its error, so admins see why a job failed.

    procrastinate keeps a job's status and attempts but not its error; this keeps the error of each
    attempt (`mailwarden jobs list --failed`)."""

    __tablename__ = "job_errors"

    error_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[int] = mapped_column(BigInteger)
    task: Mapped[str] = mapped_column(String(128))
    tenant_key: Mapped[str | None] = mapped_column(String(64))
    attempt: Mapped[int] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime]

    __table_args__ = (Index("ix_job_errors_job_id", "job_id"),)


class RateBudgetRow(Base):
    """A tenant's request budget for one API, shared by every worker: a token bucket in one row.

    Each request takes a token with one atomic UPDATE ... RETURNING (connectors/shared_limits.py), so any
    number of processes together stay within the rate; a 429 holds this tenant's API alone until
    `held_until`."""

    __tablename__ = "rate_budgets"

    tenant_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    api: Mapped[str] = mapped_column(String(16), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    refilled_at: Mapped[dt.datetime]
    held_until: Mapped[dt.datetime | None]


class TenantDocumentRow(Base):
    """The `tenant_documents` table (store/schema.py) as objects; the annotations are for type checkers."""

    __table__ = schema.tenant_documents

    tenant_key: Mapped[str]
    kind: Mapped[str]
    body: Mapped[str]
    updated: Mapped[dt.datetime]
    origin: Mapped[str | None]


__all__ += ["JobErrorRow", "RateBudgetRow", "TenantDocumentRow"]
