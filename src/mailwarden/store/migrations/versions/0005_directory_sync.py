"""Directory delta sync: each tenant's Graph deltaLinks for users and groups, and when it last caught up.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from mailwarden.store.tables import UTCDateTime

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "directory_sync",
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("users_delta_link", sa.Text(), nullable=True),
        sa.Column("groups_delta_link", sa.Text(), nullable=True),
        sa.Column("synced_at", UTCDateTime(), nullable=True),
        sa.Column("role_holders", _JSON, nullable=False),
        sa.Column("last_round", _JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_key"],
            ["tenants.tenant_key"],
            ondelete="CASCADE",
            name="fk_directory_sync_tenant_key_tenants",
        ),
        sa.PrimaryKeyConstraint("tenant_key", name="pk_directory_sync"),
    )


def downgrade() -> None:
    op.drop_table("directory_sync")
