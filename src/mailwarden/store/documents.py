"""Per-tenant documents in the database: the policy text, the last health report, and the like.

They were files in the data folder, so two `mailwarden serve` processes on two machines each had their
own and disagreed. In the database every server and worker reads the same one, and a write is one
transaction (a reader sees the old document or the new one, never half of either).

A file left from before is imported once, the first time its document is read, and renamed
`<name>.imported`, so deleting the document later (a policy back to the default) does not bring the
file back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import delete, select, text, update
from sqlalchemy import insert as sa_insert

from mailwarden.store.db import Store
from mailwarden.store.schema import tenant_documents as documents

if TYPE_CHECKING:
    from sqlalchemy.orm import Session  # not imported at run time (a cold start imports no ORM)

__all__ = ["LEGACY_FILES", "StoredDocument", "TenantDocuments"]

LEGACY_FILES: Final[dict[str, str]] = {
    "policy": "policy.cedar",
    "health": "health.json",
    "targets": "targets.json",
}
"""The file each kind of document was kept in, under `<home>/tenants/<tenant_key>/`."""


@dataclass(frozen=True)
class StoredDocument:
    """A document's text and where it came from (`origin`: what the kind's owner recorded when it was
    stored, such as the policy's provenance; None when nothing was, as for a row from before migration
    0013 or a file imported from before the database)."""

    body: str
    origin: str | None = None


class TenantDocuments:
    """Documents by (tenant key, kind); `home` is the data folder whose old files are imported once."""

    def __init__(self, store: Store, home: Path | None = None) -> None:
        self.store = store
        self.home = home

    def get(self, tenant_key: str, kind: str) -> str | None:
        found = self.document(tenant_key, kind)
        return None if found is None else found.body

    def document(self, tenant_key: str, kind: str) -> StoredDocument | None:
        """The document with its origin (an old file imported first)."""
        with self.store.connection() as connection:
            row = connection.execute(
                select(documents.c.body, documents.c.origin).where(
                    documents.c.tenant_key == tenant_key, documents.c.kind == kind
                )
            ).first()
        if row is None:
            return self._import(tenant_key, kind)
        return StoredDocument(str(row.body), None if row.origin is None else str(row.origin))

    def put(self, tenant_key: str, kind: str, body: str, *, updated: dt.datetime | None = None) -> str | None:
        """Make `body` the document; returns the one it replaced (None if there was none). `updated`: the
        time it is written at, when not now (what `delete_older` judges it by)."""
        old = self.replace(tenant_key, kind, body, updated=updated)
        return None if old is None else old.body

    def replace(
        self,
        tenant_key: str,
        kind: str,
        body: str,
        origin: str | None = None,
        *,
        updated: dt.datetime | None = None,
    ) -> StoredDocument | None:
        """Make `body` the document, recording `origin` with it; returns the one it replaced (None if there
        was none)."""
        old = self.document(tenant_key, kind)  # imports an old file first, so it is the one replaced
        now = updated or dt.datetime.now(dt.UTC)
        values = {"tenant_key": tenant_key, "kind": kind, "body": body, "updated": now, "origin": origin}
        insert = _insert(self.store)
        statement = insert(documents).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["tenant_key", "kind"], set_={"body": body, "updated": now, "origin": origin}
        )
        with self.store.connection() as connection:
            connection.execute(statement)
        return old

    def replace_in(
        self,
        session: Session,
        tenant_key: str,
        kind: str,
        body: str,
        origin: str | None,
        *,
        was: StoredDocument | None,
    ) -> bool:
        """Make `body` the document (with `origin`) in `session`, if the stored one is still `was` (None:
        there is none), as read before; False, with nothing written, when it changed meanwhile."""
        now = dt.datetime.now(dt.UTC)
        if was is None:
            statement = _insert(self.store)(documents).values(
                tenant_key=tenant_key, kind=kind, body=body, updated=now, origin=origin
            )
            result = session.execute(statement.on_conflict_do_nothing(index_elements=["tenant_key", "kind"]))
        else:
            same_origin = (
                documents.c.origin.is_(None) if was.origin is None else documents.c.origin == was.origin
            )
            result = session.execute(
                update(documents)
                .where(
                    documents.c.tenant_key == tenant_key,
                    documents.c.kind == kind,
                    documents.c.body == was.body,
                    same_origin,
                )
                .values(body=body, updated=now, origin=origin)
            )
        return bool(getattr(result, "rowcount", 0))

    def update(self, tenant_key: str, kind: str, change: Callable[[str | None], str]) -> str:
        """Read, change and write the document in one transaction that holds it: two processes changing
        it at once take turns, so neither loses the other's change. `change` may raise; nothing is written
        then."""
        self.get(tenant_key, kind)  # an old file is imported first
        where = (documents.c.tenant_key == tenant_key, documents.c.kind == kind)
        with self.store.connection() as connection:
            if self.store.is_sqlite:
                # The write lock now, not at the write: two readers upgrading at once would deadlock.
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                    {"key": f"document:{tenant_key}:{kind}"},
                )
            old = connection.scalar(select(documents.c.body).where(*where))
            body = change(old)
            now = dt.datetime.now(dt.UTC)
            if old is None:
                connection.execute(
                    sa_insert(documents).values(tenant_key=tenant_key, kind=kind, body=body, updated=now)
                )
            else:
                connection.execute(update(documents).where(*where).values(body=body, updated=now))
        return body

    def delete(self, tenant_key: str, kind: str) -> None:
        self.get(tenant_key, kind)  # an old file is imported (and set aside) first, so it cannot return
        with self.store.connection() as connection:
            connection.execute(
                delete(documents).where(documents.c.tenant_key == tenant_key, documents.c.kind == kind)
            )

    def delete_older(self, tenant_key: str, kind_prefix: str, before: dt.datetime) -> None:
        """Delete the tenant's documents whose kind starts with `kind_prefix`, written before `before`."""
        with self.store.connection() as connection:
            connection.execute(
                delete(documents).where(
                    documents.c.tenant_key == tenant_key,
                    documents.c.kind.startswith(kind_prefix, autoescape=True),
                    documents.c.updated < before,
                )
            )

    def _import(self, tenant_key: str, kind: str) -> StoredDocument | None:
        """The old file of the document, stored with no origin: it was written before the database kept
        documents, so before any origin was recorded (migration 0013 says how the policy reads that)."""
        filename = LEGACY_FILES.get(kind)
        if self.home is None or filename is None:
            return None
        path = Path(self.home) / "tenants" / tenant_key / filename
        try:
            body = path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None
        insert = _insert(self.store)
        statement = insert(documents).values(
            tenant_key=tenant_key, kind=kind, body=body, updated=dt.datetime.now(dt.UTC)
        )
        with self.store.connection() as connection:
            # Another process importing the same file at the same moment: the first one's row stays.
            connection.execute(statement.on_conflict_do_nothing(index_elements=["tenant_key", "kind"]))
            stored = connection.execute(
                select(documents.c.body, documents.c.origin).where(
                    documents.c.tenant_key == tenant_key, documents.c.kind == kind
                )
            ).first()
        with contextlib.suppress(FileNotFoundError):
            path.replace(path.with_name(filename + ".imported"))
        if stored is None:
            return None
        return StoredDocument(str(stored.body), None if stored.origin is None else str(stored.origin))


def _insert(store: Store) -> Any:
    """The dialect's INSERT (with ON CONFLICT); PostgreSQL's imported only there (tables.py says why)."""
    if store.is_sqlite:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    return pg_insert
