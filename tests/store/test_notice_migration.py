"""Migration 0012: deliveries made before it keep their request; after it a notice needs no request but must
name its subject; going back removes the notices (they have no request to belong to) and keeps the rest."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Connection, MetaData, Table, text
from sqlalchemy.exc import IntegrityError

from mailwarden.store import Store

NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)


def _insert(db: Connection, table: str, **given: object) -> None:
    """A row with `given` and a plain value in every other required column, from the table as it is at this
    revision (reflected, so the test does not restate the other tables' columns)."""
    reflected = Table(table, MetaData(), autoload_with=db)
    row = dict(given)
    for column in reflected.columns:
        if column.name in row or column.nullable or column.server_default is not None:
            continue
        if column.primary_key and isinstance(column.type, sa.Integer):
            continue  # numbered by the database
        kind = column.type
        if isinstance(kind, sa.DateTime):
            row[column.name] = NOW
        elif isinstance(kind, (sa.Integer, sa.Float, sa.Numeric)):
            row[column.name] = 0
        elif isinstance(kind, sa.Boolean):
            row[column.name] = False
        elif isinstance(kind, sa.JSON):
            row[column.name] = {}
        elif isinstance(kind, sa.LargeBinary):
            row[column.name] = b""
        else:
            row[column.name] = "x"
    db.execute(reflected.insert().values(**row))


def _delivery(db: Connection, key: str, **values: object) -> None:
    _insert(
        db,
        "notification_deliveries",
        **{"tenant_key": "acme", "dedupe_key": key, "request_id": None, **values},
    )


def _migrate(store: Store, revision: str, *, down: bool = False) -> None:
    config = store._alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_0012_upgrades_and_downgrades_with_the_rows_it_can_keep(database_url: str) -> None:
    store = Store(database_url, migrate=False)
    try:
        _migrate(store, "0011")
        with store.engine.begin() as db:
            _insert(db, "tenants", tenant_key="acme")
            _insert(db, "requests", request_id="r1", tenant_key="acme")
            _delivery(db, "old", request_id="r1")
        _migrate(store, "0012")
        with store.engine.begin() as db:
            _delivery(db, "notice", notice_kind="drift_event", subject_id="e1")
        with pytest.raises(IntegrityError), store.engine.begin() as db:
            _delivery(db, "about-nothing")
        with store.engine.connect() as db:
            rows = db.execute(
                text("SELECT dedupe_key, request_id, notice_kind FROM notification_deliveries ORDER BY 1")
            ).all()
        assert [tuple(r) for r in rows] == [("notice", None, "drift_event"), ("old", "r1", None)]
        _migrate(store, "0011", down=True)
        with store.engine.connect() as db:
            keys = db.execute(text("SELECT dedupe_key FROM notification_deliveries")).scalars().all()
        assert keys == ["old"]
    finally:
        store.close()
