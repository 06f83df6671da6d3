"""The store: one database (SQLite file by default, PostgreSQL by URL), migrated to head when opened.

SQLite is set up so several processes can share one file: WAL journal (readers never block the writer),
set once on the file under a lock, and a busy timeout (a writer waits for another instead of failing).
Migrations run under a lock (a file lock beside the SQLite file; an advisory lock on PostgreSQL, see
migrations/env.py) so two processes opening a fresh database at once do not both create it.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url, pool, text
from sqlalchemy.engine import URL

from mailwarden.data_folder import LOCK_MODE, create_private, private_dir
from mailwarden.errors import ConfigError
from mailwarden.settings import Settings

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.orm import Session, sessionmaker

__all__ = ["Store"]

_MIGRATIONS = Path(__file__).with_name("migrations")
_BUSY_TIMEOUT_MS = 30_000
# The header lines of a migration in a plain chain: `revision = "0002"`, `down_revision: ... = "0001"`.
_REVISION_LINE = re.compile(r'^(revision|down_revision)\b[^=\n]*=\s*(?:None|"([^"\n]*)")\s*$', re.MULTILINE)


class Store:
    """A database connection pool and its session factory; `with store.session() as s:` is one transaction
    with the ORM, `with store.connection() as c:` one with SQLAlchemy Core only (what a plan reads uses
    that: store/schema.py says why)."""

    def __init__(self, url: str | URL, *, migrate: bool = True) -> None:
        try:
            self.url = make_url(url)
        except Exception as exc:
            raise ConfigError(f"{str(url)!r} is not a database URL (MAILWARDEN_DATABASE_URL).") from exc
        self.engine = _engine(self.url)
        self._sessions: sessionmaker[Session] | None = None
        if migrate:
            self.upgrade()

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        return cls(settings.database_url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        with self._sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def connection(self) -> Iterator[Connection]:
        """One transaction with Core only: committed when the block ends, rolled back if it raises."""
        with self.engine.begin() as connection:
            yield connection

    # ---- migrations ------------------------------------------------------------------------------
    def _alembic_config(self) -> Config:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.render_as_string(hide_password=False))
        return config

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def head_revision(self) -> str | None:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (cheap when it is there already)."""
        # Alembic and the migration scripts take a few hundred milliseconds to import, on every command;
        # an up-to-date database is recognised without them. Anything else goes through Alembic.
        head = plain_chain_head()
        if head is not None and self._stamped_revisions() == [head]:
            return
        if self.current_revision() == self.head_revision():
            return
        from alembic import command

        with self._migration_lock():
            config = self._alembic_config()
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")

    def _stamped_revisions(self) -> list[str] | None:
        """The revisions Alembic recorded in the database, or None if it has recorded none."""
        try:
            with self.engine.connect() as connection:
                return list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
        except Exception:  # noqa: BLE001 - no table yet (or unreadable): Alembic's own check decides
            return None

    def _migration_lock(self) -> contextlib.AbstractContextManager[Any]:
        database = self.url.database
        if self.is_sqlite and database and database != ":memory:":
            from filelock import FileLock

            return FileLock(database + ".migrate.lock", mode=LOCK_MODE)
        return contextlib.nullcontext()

    # ---- lifetime --------------------------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def plain_chain_head() -> str | None:
    """The newest migration, read from the scripts' header lines without importing them.

    None unless the migrations form one plain chain (no merges, branches or unusual headers), so the
    caller falls back to Alembic whenever this reading could differ from Alembic's.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (_MIGRATIONS / "versions").glob("*.py"):
        fields = {m.group(1): m.group(2) for m in _REVISION_LINE.finditer(script.read_text())}
        revision = fields.get("revision")
        if revision is None or "down_revision" not in fields or revision in revisions:
            return None
        revisions.add(revision)
        if fields["down_revision"] is not None:
            parents.add(fields["down_revision"])
    heads = revisions - parents
    if len(heads) != 1 or not parents <= revisions:
        return None
    return heads.pop()


def _engine(url: URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = url.database
    if not database or database == ":memory:":
        # One connection for the whole process, or every new connection would see a new empty database.
        engine = create_engine(url, poolclass=pool.StaticPool, connect_args={"check_same_thread": False})
    else:
        _prepare_sqlite_file(Path(database).expanduser())
        engine = create_engine(url, connect_args={"timeout": _BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        if database and database != ":memory:":
            # WAL makes a commit durable at checkpoints rather than at every transaction; safe with WAL.
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    return engine


def _prepare_sqlite_file(path: Path) -> None:
    """Create the folder and put the file in WAL mode once, before any pooled connection opens it.

    WAL is a property of the file, so it is set here, under the lock beside the file, and not in every
    connection: switching modes while another process opens a fresh file fails with 'database is locked'
    even with a busy timeout.
    """
    private_dir(path.parent)
    # The file exists, private, before SQLite opens it: SQLite creates a database 0644 and gives its -wal and
    # -shm files the database's mode.
    for private in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if private == path or private.exists():
            create_private(private)
    if _in_wal_mode(path):
        return  # every day's case: no lock, no connection (nor filelock's import) to find it out
    from filelock import FileLock

    with FileLock(str(path) + ".migrate.lock", mode=LOCK_MODE):
        connection = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_MS / 1000)
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
        finally:
            connection.close()


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _in_wal_mode(path: Path) -> bool:
    """Whether the file already is a WAL database, read from its header (bytes 18 and 19, the write and
    read format versions, are 2 in WAL mode and 1 in a rollback journal mode), without opening it in
    SQLite: a connection opened here while another process switches a fresh file to WAL would make that
    switch fail. The mode is persistent: once WAL, a file stays WAL unless someone switches it back."""
    try:
        with path.open("rb") as file:
            header = file.read(20)
    except OSError:
        return False
    return header[:16] == _SQLITE_MAGIC and header[18:20] == b"\x02\x02"
