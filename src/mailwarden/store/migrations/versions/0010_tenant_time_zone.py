"""Each tenant's time zone: "until Friday" in a request ends at midnight where the requester is.

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Tenants added before this keep the planner's old reading (UTC) until an admin sets their zone.
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(sa.Column("time_zone", sa.String(64), nullable=False, server_default="UTC"))


def downgrade() -> None:
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("time_zone")
