"""The initial schema: tenants, their domains, the recipient cache, its addresses, discovery runs.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from mailwarden.store.tables import UTCDateTime

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(256), nullable=False),
        sa.Column("cloud", sa.String(32), nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("credential_blob", sa.LargeBinary(), nullable=True),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_key", name="pk_tenants"),
    )
    op.create_table(
        "tenant_domains",
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_key"],
            ["tenants.tenant_key"],
            ondelete="CASCADE",
            name="fk_tenant_domains_tenant_key_tenants",
        ),
        sa.PrimaryKeyConstraint("tenant_key", "name", name="pk_tenant_domains"),
    )
    op.create_table(
        "recipients",
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("recipient_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("primary_address", sa.String(320), nullable=False),
        sa.Column("display_name", sa.String(256), nullable=False),
        sa.Column("data", _JSON, nullable=False),
        sa.Column("discovered_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_key"],
            ["tenants.tenant_key"],
            ondelete="CASCADE",
            name="fk_recipients_tenant_key_tenants",
        ),
        sa.PrimaryKeyConstraint("tenant_key", "recipient_id", name="pk_recipients"),
    )
    op.create_index("ix_recipients_tenant_kind", "recipients", ["tenant_key", "kind"])
    op.create_table(
        "recipient_addresses",
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("recipient_id", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_key", "recipient_id"],
            ["recipients.tenant_key", "recipients.recipient_id"],
            ondelete="CASCADE",
            name="fk_recipient_addresses_recipient",
        ),
        sa.PrimaryKeyConstraint("tenant_key", "address", name="pk_recipient_addresses"),
    )
    op.create_index("ix_recipient_addresses_recipient", "recipient_addresses", ["tenant_key", "recipient_id"])
    op.create_table(
        "discovery_runs",
        sa.Column("run_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("started", UTCDateTime(), nullable=False),
        sa.Column("finished", UTCDateTime(), nullable=True),
        sa.Column("counts", _JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.String(2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_key"],
            ["tenants.tenant_key"],
            ondelete="CASCADE",
            name="fk_discovery_runs_tenant_key_tenants",
        ),
        sa.PrimaryKeyConstraint("run_id", name="pk_discovery_runs"),
    )
    op.create_index("ix_discovery_runs_tenant_started", "discovery_runs", ["tenant_key", "started"])


def downgrade() -> None:
    op.drop_table("discovery_runs")
    op.drop_table("recipient_addresses")
    op.drop_table("recipients")
    op.drop_table("tenant_domains")
    op.drop_table("tenants")
