"""Notifications: each tenant's settings (sender mailbox, sealed Teams webhook, deadline rule) and the
delivery records (one per message, recipient and channel, with attempts and the last error).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from mailwarden.store.tables import UTCDateTime

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "notification_settings",
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("sender", sa.String(320), nullable=True),
        sa.Column("teams_webhook_blob", sa.LargeBinary(), nullable=True),
        sa.Column("on_deadline", sa.String(16), nullable=False),
        sa.Column("remind_before_hours", sa.Integer(), nullable=False),
        sa.Column("escalation_grace_hours", sa.Integer(), nullable=False),
        sa.Column("web_url", sa.Text(), nullable=True),
        sa.Column("updated", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_key"],
            ["tenants.tenant_key"],
            ondelete="CASCADE",
            name="fk_notification_settings_tenant_key_tenants",
        ),
        sa.PrimaryKeyConstraint("tenant_key", name="pk_notification_settings"),
    )
    op.create_table(
        "notification_deliveries",
        sa.Column("delivery_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("request_id", sa.String(36), nullable=False),
        sa.Column("event", sa.String(24), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("dedupe_key", sa.String(255), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("next_attempt", UTCDateTime(), nullable=True),
        sa.Column("finished", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_key"],
            ["tenants.tenant_key"],
            ondelete="CASCADE",
            name="fk_notification_deliveries_tenant_key_tenants",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.request_id"],
            ondelete="CASCADE",
            name="fk_notification_deliveries_request_id_requests",
        ),
        sa.PrimaryKeyConstraint("delivery_id", name="pk_notification_deliveries"),
        sa.UniqueConstraint("dedupe_key", name="uq_notification_deliveries_dedupe_key"),
    )
    op.create_index("ix_notification_deliveries_due", "notification_deliveries", ["state", "next_attempt"])
    op.create_index("ix_notification_deliveries_tenant", "notification_deliveries", ["tenant_key", "created"])


def downgrade() -> None:
    op.drop_table("notification_deliveries")
    op.drop_table("notification_settings")
