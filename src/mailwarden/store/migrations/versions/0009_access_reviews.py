"""Access reviews: campaigns, one task per resource, one item per delegate with its decision.

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from mailwarden.store.tables import UTCDateTime

revision = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "review_campaigns",
        sa.Column("campaign_id", sa.String(36), nullable=False),
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("scope", _JSON, nullable=False),
        sa.Column("deadline", UTCDateTime(), nullable=False),
        sa.Column("default_action", sa.String(8), nullable=False),
        sa.Column("repeat", sa.String(16), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("started_by_id", sa.String(64), nullable=False),
        sa.Column("started_by", sa.String(320), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("closed", UTCDateTime(), nullable=True),
        sa.Column("closed_by", sa.String(320), nullable=True),
        sa.Column("previous_campaign_id", sa.String(36), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_key"],
            ["tenants.tenant_key"],
            ondelete="CASCADE",
            name="fk_review_campaigns_tenant_key_tenants",
        ),
        sa.PrimaryKeyConstraint("campaign_id", name="pk_review_campaigns"),
    )
    op.create_index("ix_review_campaigns_tenant_state", "review_campaigns", ["tenant_key", "state"])
    op.create_table(
        "review_tasks",
        sa.Column("task_id", sa.String(36), nullable=False),
        sa.Column("campaign_id", sa.String(36), nullable=False),
        sa.Column("resource_id", sa.String(64), nullable=False),
        sa.Column("resource", sa.String(600), nullable=False),
        sa.Column("resource_address", sa.String(320), nullable=False),
        sa.Column("reviewers", _JSON, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("read_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["review_campaigns.campaign_id"],
            ondelete="CASCADE",
            name="fk_review_tasks_campaign_id_review_campaigns",
        ),
        sa.PrimaryKeyConstraint("task_id", name="pk_review_tasks"),
    )
    op.create_index("ix_review_tasks_campaign", "review_tasks", ["campaign_id"])
    op.create_table(
        "review_items",
        sa.Column("item_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("task_id", sa.String(36), nullable=False),
        sa.Column("grant", _JSON, nullable=False),
        sa.Column("origin", _JSON, nullable=False),
        sa.Column("last_use", sa.String(200), nullable=True),
        sa.Column("decision", sa.String(8), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.String(64), nullable=True),
        sa.Column("decided_by", sa.String(320), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("removal_request_id", sa.String(36), nullable=True),
        sa.Column("removal_state", sa.String(1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["review_tasks.task_id"],
            ondelete="CASCADE",
            name="fk_review_items_task_id_review_tasks",
        ),
        sa.PrimaryKeyConstraint("item_id", name="pk_review_items"),
    )
    op.create_index("ix_review_items_task", "review_items", ["task_id"])


def downgrade() -> None:
    op.drop_table("review_items")
    op.drop_table("review_tasks")
    op.drop_table("review_campaigns")
