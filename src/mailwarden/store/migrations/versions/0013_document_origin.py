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

Going back and forth keeps the provenance (red team 38). The downgrade cannot keep the column (revision
0012's code knows none), so it copies each recorded provenance, with the text it was recorded for, into a
table of its own (`tenant_document_origins_kept`, which revision 0012 never reads), and the upgrade puts it
back where the document is still that text, byte for byte, then drops that table. Without it an admin's own
older default (the permit `owner-revokes-others-access` taken out) came back with no provenance and read
as a copy stored as the default: it followed today's default and the permit was back, silently. A document
changed while the database was at 0012 keeps none (it was stored by code that recorded none, and is read
as such a row).

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


KEPT = "tenant_document_origins_kept"
"""Where the downgrade keeps each recorded provenance, with the text it was recorded for."""


def _kept_table() -> sa.Table:
    return sa.Table(
        KEPT,
        sa.MetaData(),
        sa.Column("tenant_key", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )


def _documents() -> sa.Table:
    return sa.Table(
        "tenant_documents",
        sa.MetaData(),
        sa.Column("tenant_key", sa.String(64)),
        sa.Column("kind", sa.String(32)),
        sa.Column("body", sa.Text()),
        sa.Column("origin", sa.String(16)),
    )


def upgrade() -> None:
    with op.batch_alter_table("tenant_documents") as batch:
        batch.add_column(sa.Column("origin", sa.String(16), nullable=True))
    bind = op.get_bind()
    if not sa.inspect(bind).has_table(KEPT):
        return
    kept, docs = _kept_table(), _documents()
    for row in bind.execute(sa.select(kept.c.tenant_key, kept.c.kind, kept.c.origin, kept.c.body)).all():
        # Only where the document is still the text the provenance was recorded for: one changed at 0012
        # was stored by code that recorded none.
        bind.execute(
            sa.update(docs)
            .where(docs.c.tenant_key == row.tenant_key, docs.c.kind == row.kind, docs.c.body == row.body)
            .values(origin=row.origin)
        )
    op.drop_table(KEPT)


def downgrade() -> None:
    # Revision 0012 reads every stored copy of a shipped default as the current default (the rows are
    # kept); the provenance waits in a table of its own for the next upgrade.
    bind = op.get_bind()
    if sa.inspect(bind).has_table(KEPT):
        op.drop_table(KEPT)
    kept, docs = _kept_table(), _documents()
    kept.create(bind)
    recorded = bind.execute(
        sa.select(docs.c.tenant_key, docs.c.kind, docs.c.origin, docs.c.body).where(
            docs.c.origin.is_not(None)
        )
    ).all()
    if recorded:
        bind.execute(
            sa.insert(kept),
            [
                {"tenant_key": r.tenant_key, "kind": r.kind, "origin": r.origin, "body": r.body}
                for r in recorded
            ],
        )
    with op.batch_alter_table("tenant_documents") as batch:
        batch.drop_column("origin")
