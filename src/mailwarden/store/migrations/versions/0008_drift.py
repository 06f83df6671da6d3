"""Drift from outside changes: the baseline of what mailwarden last knew, scans, events, the drift policy.

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from mailwarden.store.tables import UTCDateTime

revision = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_key"], ["tenants.tenant_key"], ondelete="CASCADE", name=f"fk_{table}_tenant_key_tenants"
    )


def upgrade() -> None:
    op.create_table(
        "drift_baseline",
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("fact_key", sa.String(400), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("resource_id", sa.String(64), nullable=False),
        sa.Column("resource", sa.String(320), nullable=False),
        sa.Column("holder_id", sa.String(320), nullable=False),
        sa.Column("holder", sa.String(320), nullable=False),
        sa.Column("value", sa.String(320), nullable=False),
        sa.Column("since", UTCDateTime(), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        _tenant_fk("drift_baseline"),
        sa.PrimaryKeyConstraint("tenant_key", "fact_key", name="pk_drift_baseline"),
    )
    op.create_table(
        "drift_scans",
        sa.Column("scan_id", sa.String(36), nullable=False),
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("started", UTCDateTime(), nullable=False),
        sa.Column("finished", UTCDateTime(), nullable=False),
        sa.Column("facts", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("detail", _JSON, nullable=False),
        _tenant_fk("drift_scans"),
        sa.PrimaryKeyConstraint("scan_id", name="pk_drift_scans"),
    )
    op.create_index("ix_drift_scans_tenant_started", "drift_scans", ["tenant_key", "started"])
    op.create_table(
        "drift_events",
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("scan_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("fact_kind", sa.String(24), nullable=False),
        sa.Column("fact_key", sa.String(400), nullable=False),
        sa.Column("resource", sa.String(320), nullable=False),
        sa.Column("holder", sa.String(320), nullable=False),
        sa.Column("before", sa.String(320), nullable=True),
        sa.Column("after", sa.String(320), nullable=True),
        sa.Column("detected", UTCDateTime(), nullable=False),
        sa.Column("window_start", UTCDateTime(), nullable=True),
        sa.Column("window_end", UTCDateTime(), nullable=False),
        sa.Column("changed_by", sa.String(320), nullable=True),
        sa.Column("changed_at", UTCDateTime(), nullable=True),
        sa.Column("audit_record_id", sa.String(64), nullable=True),
        sa.Column("response", sa.String(16), nullable=False),
        sa.Column("revert_request_id", sa.String(36), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        _tenant_fk("drift_events"),
        sa.PrimaryKeyConstraint("event_id", name="pk_drift_events"),
    )
    op.create_index("ix_drift_events_tenant_detected", "drift_events", ["tenant_key", "detected"])
    op.create_table(
        "drift_settings",
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("responses", _JSON, nullable=False),
        sa.Column("updated", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(320), nullable=False),
        sa.Column("scan_lease_until", UTCDateTime(), nullable=True),
        _tenant_fk("drift_settings"),
        sa.PrimaryKeyConstraint("tenant_key", name="pk_drift_settings"),
    )


def downgrade() -> None:
    op.drop_table("drift_settings")
    op.drop_index("ix_drift_events_tenant_detected", table_name="drift_events")
    op.drop_table("drift_events")
    op.drop_index("ix_drift_scans_tenant_started", table_name="drift_scans")
    op.drop_table("drift_scans")
    op.drop_table("drift_baseline")
