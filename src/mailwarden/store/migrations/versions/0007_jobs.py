"""Jobs on PostgreSQL: procrastinate's queue in its own schema, job errors, shared rate budgets; and the
tenant documents (policy, health) that were files in the data folder.

procrastinate's tables and functions go into the `procrastinate` schema (jobs/queue.py points its
connections there), so they stay apart from mailwarden's and from any other procrastinate user. SQLite
runs jobs in-process and gets only the two tables of its own. The schema is procrastinate's own
schema.sql for the installed version, applied under the migration lock (migrations/env.py), once.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from mailwarden.store.tables import UTCDateTime

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

QUEUE_SCHEMA = "procrastinate"


def upgrade() -> None:
    op.create_table(
        "job_errors",
        sa.Column("error_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=False),
        sa.Column("task", sa.String(128), nullable=False),
        sa.Column("tenant_key", sa.String(64), nullable=True),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("error_id", name="pk_job_errors"),
    )
    op.create_index("ix_job_errors_job_id", "job_errors", ["job_id"])
    op.create_table(
        "rate_budgets",
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("api", sa.String(16), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("refilled_at", UTCDateTime(), nullable=False),
        sa.Column("held_until", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("tenant_key", "api", name="pk_rate_budgets"),
    )
    op.create_table(
        "tenant_documents",
        sa.Column("tenant_key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_key", "kind", name="pk_tenant_documents"),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from procrastinate.schema import SchemaManager

        bind.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {QUEUE_SCHEMA}")
        bind.exec_driver_sql(f"SET LOCAL search_path TO {QUEUE_SCHEMA}")
        # The raw cursor: schema.sql has '%' in its functions, which a driver with parameters would parse.
        raw = bind.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            cursor.execute(SchemaManager.get_schema())
        finally:
            cursor.close()
        bind.exec_driver_sql("RESET search_path")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql(f"DROP SCHEMA IF EXISTS {QUEUE_SCHEMA} CASCADE")
    op.drop_table("tenant_documents")
    op.drop_table("rate_budgets")
    op.drop_index("ix_job_errors_job_id", table_name="job_errors")
    op.drop_table("job_errors")
