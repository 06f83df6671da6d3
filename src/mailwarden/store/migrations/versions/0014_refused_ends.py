"""An end the scheduler refused is a state of its step: `request_steps.refused_end` (the end that passed) and
`refused_reason` (why, as its audit record says), so the overdue listing (workflow/overdue.py) reads the
refused ends still holding their access in one query over step rows, not every refusal record of the
tenant and each whole request it names (a listing that grew with all history).

Ends refused before this revision exist only as audit records (`expiry.refused`, `expiry.left_for_admin`,
detail `position`, `expires`, `reason`): the upgrade brings them in once, the latest record of a step
winning, on the steps that still hold their access (applied or failed, not taken back, no end again), which
is what the listing showed of them. Done here rather than lazily at a listing: it is read once, in the
upgrade's transaction, and no listing ever pays for it nor needs to know whether it was done.

The downgrade drops the columns: the audit records stay, and upgrading again brings every refusal back.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from mailwarden.store.tables import UTCDateTime

revision = "0014"
down_revision: str | None = "0013"
branch_labels: str | None = None
depends_on: str | None = None

REFUSED = ("expiry.refused", "expiry.left_for_admin")
"""The audit events of a refused end, as this revision knows them (workflow/overdue.py `REFUSED`)."""

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _records() -> sa.Table:
    return sa.Table(
        "audit_records",
        sa.MetaData(),
        sa.Column("seq", _SEQ),
        sa.Column("time", UTCDateTime()),
        sa.Column("event", sa.String(64)),
        sa.Column("request_id", sa.String(64)),
        sa.Column("detail", _JSON),
    )


def _steps() -> sa.Table:
    return sa.Table(
        "request_steps",
        sa.MetaData(),
        sa.Column("request_id", sa.String(36)),
        sa.Column("position", sa.Integer()),
        sa.Column("status", sa.String(16)),
        sa.Column("expires", UTCDateTime()),
        sa.Column("reverted_by", sa.String(36)),
        sa.Column("refused_end", UTCDateTime()),
        sa.Column("refused_reason", sa.Text()),
    )


def _end(detail: dict[str, Any], time: dt.datetime) -> dt.datetime:
    """The end a record says was refused; the record's `time` when it names none readable."""
    try:
        when = dt.datetime.fromisoformat(str(detail.get("expires")))
    except ValueError:
        when = time
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def upgrade() -> None:
    with op.batch_alter_table("request_steps") as batch:
        batch.add_column(sa.Column("refused_end", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("refused_reason", sa.Text(), nullable=True))
        batch.create_index("ix_request_steps_refused_end", ["refused_end"])
    bind = op.get_bind()
    records, steps = _records(), _steps()
    latest: dict[tuple[str, int], dict[str, Any]] = {}
    read = (
        sa.select(records.c.time, records.c.request_id, records.c.detail)
        .where(records.c.event.in_(REFUSED), records.c.request_id.is_not(None))
        .order_by(records.c.seq)
    )
    for record in bind.execute(read):  # chain order: the last read is the step's latest refusal
        detail = record.detail if isinstance(record.detail, dict) else {}
        position = detail.get("position")
        # a position no step can have (an INTEGER column: a corrupt or hand-made record) is skipped, as the
        # listing before this revision skipped it, rather than failing the whole upgrade (red team 86 F4)
        if isinstance(position, int) and not isinstance(position, bool) and 0 <= position < 2**31:
            latest[(record.request_id, position)] = {
                "rid": record.request_id,
                "pos": position,
                "end": _end(detail, record.time),
                "reason": str(detail.get("reason") or "") or None,
            }
    if not latest:
        return
    bind.execute(
        sa.update(steps)
        .where(
            steps.c.request_id == sa.bindparam("rid"),
            steps.c.position == sa.bindparam("pos"),
            sa.or_(steps.c.status == "applied", steps.c.status == "failed"),  # no IN: an executemany
            steps.c.reverted_by.is_(None),
            steps.c.expires.is_(None),
        )
        .values(
            refused_end=sa.bindparam("end", type_=UTCDateTime()),
            refused_reason=sa.bindparam("reason", type_=sa.Text()),
        ),
        list(latest.values()),
    )


def downgrade() -> None:
    with op.batch_alter_table("request_steps") as batch:
        batch.drop_index("ix_request_steps_refused_end")
        batch.drop_column("refused_reason")
        batch.drop_column("refused_end")
