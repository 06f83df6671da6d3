"""Alembic environment for the store, run in code by `Store.upgrade()` (no alembic.ini).

`Store` hands over its own connection in `config.attributes["connection"]`, so an in-memory SQLite
database is migrated in place and the migration joins the caller's transaction.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, pool, text

from mailwarden.store.tables import Base

# Any fixed number: every mailwarden process migrating one PostgreSQL database takes this lock first.
_PG_MIGRATION_LOCK = 0x6D61696C77617264


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two processes opening a fresh database at once: the second waits here, then finds it migrated.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        context.run_migrations()


def _online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "", poolclass=pool.NullPool)
    with engine.connect() as own:
        _run(own)


if context.is_offline_mode():
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=Base.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    _online()
