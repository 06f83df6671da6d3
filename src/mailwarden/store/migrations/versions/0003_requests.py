"""The request workflow: requests, their steps (preview, decision, outcome) and approvals.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from mailwarden.store.tables import UTCDateTime

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "requests",
        sa.Column("request_id", sa.String(36), nullable=False),
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("requester_id", sa.String(64), nullable=False),
        sa.Column("requester", sa.String(320), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("updated", UTCDateTime(), nullable=False),
        sa.Column("approval_deadline", UTCDateTime(), nullable=True),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("parent_request_id", sa.String(36), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_key"], ["tenants.tenant_key"], ondelete="CASCADE", name="fk_requests_tenant_key_tenants"
        ),
        sa.PrimaryKeyConstraint("request_id", name="pk_requests"),
    )
    op.create_index("ix_requests_tenant_state", "requests", ["tenant_key", "state"])
    op.create_index("ix_requests_tenant_requester", "requests", ["tenant_key", "requester_id"])
    op.create_table(
        "request_steps",
        sa.Column("request_id", sa.String(36), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("step", _JSON, nullable=False),
        sa.Column("preview", _JSON, nullable=False),
        sa.Column("decision", _JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("outcome", _JSON, nullable=True),
        sa.Column("expires", UTCDateTime(), nullable=True),
        sa.Column("reverted_by", sa.String(36), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.request_id"],
            ondelete="CASCADE",
            name="fk_request_steps_request_id_requests",
        ),
        sa.PrimaryKeyConstraint("request_id", "position", name="pk_request_steps"),
    )
    op.create_index("ix_request_steps_expires", "request_steps", ["expires"])
    op.create_table(
        "approvals",
        sa.Column("approval_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.String(36), nullable=False),
        sa.Column("approver_id", sa.String(64), nullable=False),
        sa.Column("approver", sa.String(320), nullable=False),
        sa.Column("verdict", sa.String(8), nullable=False),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("time", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.request_id"],
            ondelete="CASCADE",
            name="fk_approvals_request_id_requests",
        ),
        sa.PrimaryKeyConstraint("approval_id", name="pk_approvals"),
    )
    op.create_index("ix_approvals_request", "approvals", ["request_id"])


def downgrade() -> None:
    op.drop_table("approvals")
    op.drop_table("request_steps")
    op.drop_table("requests")
