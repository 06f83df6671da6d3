"""Where a tenant's stored document came from, where that decides how it is read: the policy's provenance.

A stored policy that is an older shipped default was read as today's default (policy/older_defaults.py),
so an admin who set an older default on purpose (to keep a permit out) got the permit back without a word
(red team 36). From this revision `policy set` records whether the text stored was the then-current
shipped default ("default": it follows later defaults) or not ("own": decided as written, even where it
equals an older default).

Rows stored before this revision get NULL: no provenance was recorded. The policy store reads such a row as
before (policy/store.py): one whose text is a default shipped before provenance was recorded follows the
current default, any other is the tenant's own. Such a copy was almost certainly stored as the default of
its release (`policy show > file`, then `policy set` it back, or a policy.cedar kept from then), which is
what the upgrade of security 28 was for; reading it as "own" would take from those tenants the rules the
default gained since (the approval rule the run-time re-check needs). The same holds for a policy.cedar
file imported after this revision: it was written before policies moved into the database.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("tenant_documents") as batch:
        batch.add_column(sa.Column("origin", sa.String(16), nullable=True))


def downgrade() -> None:
    # Back to reading every stored copy of a shipped default as the current default (the rows are kept).
    with op.batch_alter_table("tenant_documents") as batch:
        batch.drop_column("origin")
