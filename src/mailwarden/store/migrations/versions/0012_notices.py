"""Deliveries may carry a notice that is not about a request: an access review's task, reminder or result,
or a drift event. Such a delivery has no request; it names what it tells of (`notice_kind`, `subject_id`).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Batch mode: SQLite cannot alter a column's nullability in place (the table is copied); PostgreSQL
    # runs the same as plain ALTER TABLE statements.
    with op.batch_alter_table("notification_deliveries") as batch:
        batch.alter_column("request_id", existing_type=sa.String(36), nullable=True)
        batch.add_column(sa.Column("notice_kind", sa.String(24), nullable=True))
        batch.add_column(sa.Column("subject_id", sa.String(64), nullable=True))
        batch.create_check_constraint(
            "ck_notification_deliveries_about_a_request_or_a_notice",
            "(request_id IS NOT NULL) OR (notice_kind IS NOT NULL AND subject_id IS NOT NULL)",
        )
        batch.create_index("ix_notification_deliveries_subject", ["notice_kind", "subject_id"])


def downgrade() -> None:
    # The notices have no request to belong to: they go before the column is required again.
    op.execute("DELETE FROM notification_deliveries WHERE request_id IS NULL")
    with op.batch_alter_table("notification_deliveries") as batch:
        batch.drop_index("ix_notification_deliveries_subject")
        batch.drop_constraint("ck_notification_deliveries_about_a_request_or_a_notice", type_="check")
        batch.drop_column("subject_id")
        batch.drop_column("notice_kind")
        batch.alter_column("request_id", existing_type=sa.String(36), nullable=False)
