"""API tokens of the REST API: hashed at rest, scoped, revocable.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from mailwarden.store.tables import UTCDateTime

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("token_id", sa.String(32), nullable=False),
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("owner", sa.String(320), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("scopes", _JSON, nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("expires", UTCDateTime(), nullable=True),
        sa.Column("last_used", UTCDateTime(), nullable=True),
        sa.Column("revoked", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_key"],
            ["tenants.tenant_key"],
            ondelete="CASCADE",
            name="fk_api_tokens_tenant_key_tenants",
        ),
        sa.PrimaryKeyConstraint("token_id", name="pk_api_tokens"),
    )
    op.create_index("ix_api_tokens_tenant_owner", "api_tokens", ["tenant_key", "owner_id"])


def downgrade() -> None:
    op.drop_table("api_tokens")
