"""API tokens for automation: made by a signed-in person, acting as them within scopes, revocable.

A token reads `mwt_<token id>_<secret>`. The store keeps the id and a SHA-256 of the secret (256 random
bits, so a fast hash is enough and a stolen database yields no usable token); the token itself is shown
once, when it is made. A token never carries a role: each request resolves its owner in the directory, so
an owner who loses a role or leaves loses it for their tokens too.

A token made from a signed-in session remembers which one (a SHA-256 of its id, beside the scopes), and
signing that session out revokes it: a token made by whoever held a stolen session cookie must not outlive
the sign-out that ends the cookie (api/signed_out.py). A token made from another session lives on.

Every token is made from a session: there are no session-less tokens (automation uses a token its owner
made while signed in, and ends with that session or its expiry). A token stored by a version that did not
yet remember the session (`UnboundToken`) could never be ended by a sign-out, so it is refused, telling its
holder to make a new one.

Making and revoking a token are security changes, so each is written to the audit log (its id, name,
scopes and expiry; never the token) in the transaction that makes the change: both happen or neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mailwarden.audit.records import refuse_secret_text
from mailwarden.errors import ConfigError
from mailwarden.store.db import Store
from mailwarden.store.tables import ApiTokenRow

if TYPE_CHECKING:
    from mailwarden.audit import AuditLog

__all__ = [
    "MAX_DAYS",
    "PREFIX",
    "SCOPES",
    "ApiTokens",
    "IssuedToken",
    "Scope",
    "TokenInfo",
    "TokenOwner",
    "UnboundToken",
]

PREFIX = "mwt_"
Scope = Literal["read", "write", "approve"]
"""read: every GET the owner may; write: ask, confirm, cancel, undo; approve: approve or deny."""
SCOPES: tuple[Scope, ...] = get_args(Scope)
MAX_DAYS = 366
"""The longest a token lives: every token has an end, the same for the page and the API."""


class TokenInfo(BaseModel):
    """A token as its owner sees it later: never the secret."""

    model_config = ConfigDict(frozen=True)

    token_id: str
    name: str
    owner: str
    scopes: list[Scope]
    created: dt.datetime
    expires: dt.datetime | None = None
    last_used: dt.datetime | None = None
    revoked: dt.datetime | None = None
    unbound: bool = False
    """Made before tokens remembered their session: refused when presented (`UnboundToken`); revoke it."""


class IssuedToken(TokenInfo):
    token: str
    """The token to send as `Authorization: Bearer <token>`. Shown this once; it cannot be read again."""


class TokenOwner(BaseModel):
    """Who a presented token acts as, and what it may do."""

    model_config = ConfigDict(frozen=True)

    token_id: str
    owner_id: str
    scopes: frozenset[str]
    created: dt.datetime


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _info(row: ApiTokenRow) -> TokenInfo:
    return TokenInfo(
        token_id=row.token_id,
        name=row.name,
        owner=row.owner,
        scopes=list(row.scopes.get("scopes", [])),
        created=row.created,
        expires=row.expires,
        last_used=row.last_used,
        revoked=row.revoked,
        unbound=not row.scopes.get(_SESSION),
    )


class _AlreadyRevoked(Exception):
    pass


class UnboundToken(Exception):
    """A live token of the tenant that remembers no session: made before tokens were bound to one."""


_SESSION = "session"
"""The key, beside "scopes", of the SHA-256 of the id of the session a token was made from."""


def _described(row: ApiTokenRow) -> dict[str, str | list[str] | None]:
    """A token as the audit log tells it: what identifies it and what it may do, never its secret."""
    return {
        "token_id": row.token_id,
        "name": row.name,
        "scopes": list(row.scopes.get("scopes", [])),
        "expires": row.expires.isoformat() if row.expires else None,
    }


class ApiTokens:
    """The tenant's API tokens. The app gives it the audit log (`audit`), which records every token made
    or revoked; a store-only instance (tests of verification) records nothing."""

    def __init__(
        self, store: Store, *, audit: AuditLog | None = None, clock: Callable[[], dt.datetime] = _now
    ) -> None:
        self.store = store
        self.audit = audit
        self.clock = clock

    def _audited(
        self,
        write: Callable[[Session], None],
        *,
        tenant: str,
        event: str,
        actor: str,
        channel: str,
        **change: Any,
    ) -> None:
        """`write` the change, and the audit record telling it, in one transaction."""
        if self.audit is None:
            with self.store.session() as session:
                write(session)
            return
        self.audit.append_many(
            [
                {
                    "tenant": tenant,
                    "event": event,
                    "actor": actor,
                    "channel": channel,
                    **change,
                }
            ],
            checkpoint=True,
            with_records=write,
            returned=False,
        )

    def issue(
        self,
        tenant: str,
        owner_id: str,
        owner: str,
        name: str,
        scopes: list[Scope],
        expires_in_days: int = 90,
        *,
        channel: str = "api",
        session: str,
    ) -> IssuedToken:
        """Make a token for `owner` (who asks for it, from the signed-in session `session`, whose sign-out
        revokes it), ending in `expires_in_days` (1 to MAX_DAYS); audited."""
        if not isinstance(expires_in_days, int) or not 1 <= expires_in_days <= MAX_DAYS:
            raise ConfigError(f"A token must have an end: give it 1 to {MAX_DAYS} days.")
        if not session:
            raise ConfigError("A token is made from a signed-in session only: sign in, then make it.")
        if not scopes:
            raise ConfigError(f"Give the token at least one scope: {', '.join(SCOPES)}.")
        refuse_secret_text("token name", name)
        now = self.clock()
        token_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        row = ApiTokenRow(
            token_id=token_id,
            tenant_key=tenant,
            owner_id=owner_id,
            owner=owner,
            name=name,
            scopes={"scopes": sorted(set(scopes)), _SESSION: _hash(session)},
            secret_hash=_hash(secret),
            created=now,
            expires=now + dt.timedelta(days=expires_in_days),
            last_used=None,
            revoked=None,
        )
        self._audited(
            lambda session: session.add(row),
            tenant=tenant,
            event="token.issued",
            actor=owner,
            channel=channel,
            target=owner,
            after=_described(row),
        )
        return IssuedToken(**_info(row).model_dump(), token=f"{PREFIX}{token_id}_{secret}")

    def verify(self, tenant: str, token: str) -> TokenOwner | None:
        """Who `token` acts as, if it is one of this tenant's live tokens; None otherwise. A live token bound
        to no session raises `UnboundToken`."""
        if not token.startswith(PREFIX):
            return None
        token_id, _, secret = token[len(PREFIX) :].partition("_")
        if not token_id or not secret:
            return None
        now = self.clock()
        with self.store.session() as session:
            row = session.get(ApiTokenRow, token_id)
            if row is None or row.tenant_key != tenant:
                return None
            if not hmac.compare_digest(row.secret_hash, _hash(secret)):
                return None
            # A token stored with no end (made before every token had one) ends as the longest one made now
            # would: kept as it was, a token once issued for ever would still act for ever.
            ends = row.expires if row.expires is not None else row.created + dt.timedelta(days=MAX_DAYS)
            if row.revoked is not None or ends <= now:
                return None
            if not row.scopes.get(_SESSION):
                raise UnboundToken(row.token_id)
            row.last_used = now
            return TokenOwner(
                token_id=row.token_id,
                owner_id=row.owner_id,
                scopes=frozenset(row.scopes["scopes"]),
                created=row.created,
            )

    def list(self, tenant: str, owner_id: str | None = None) -> list[TokenInfo]:
        """The tenant's tokens (one owner's when `owner_id` is given), newest first."""
        with self.store.session() as session:
            query = select(ApiTokenRow).where(ApiTokenRow.tenant_key == tenant)
            if owner_id is not None:
                query = query.where(ApiTokenRow.owner_id == owner_id)
            return [_info(r) for r in session.scalars(query.order_by(ApiTokenRow.created.desc()))]

    def owner_of(self, tenant: str, token_id: str) -> str | None:
        with self.store.session() as session:
            row = session.get(ApiTokenRow, token_id)
            return row.owner_id if row is not None and row.tenant_key == tenant else None

    def revoke(self, tenant: str, token_id: str, *, by: str, channel: str = "api") -> bool:
        """Revoke a token now, `by` its owner or an admin (audited); False when no such token is live."""
        with self.store.session() as session:
            row = session.get(ApiTokenRow, token_id)
            if row is None or row.tenant_key != tenant or row.revoked is not None:
                return False
            session.expunge(row)

        def write(session: Session) -> None:
            result = session.execute(
                update(ApiTokenRow)
                .where(
                    ApiTokenRow.token_id == token_id,
                    ApiTokenRow.tenant_key == tenant,
                    ApiTokenRow.revoked.is_(None),
                )
                .values(revoked=self.clock())
            )
            if not getattr(result, "rowcount", 0):
                raise _AlreadyRevoked  # by someone else just now: their record tells it, not this one

        try:
            self._audited(
                write,
                tenant=tenant,
                event="token.revoked",
                actor=by,
                channel=channel,
                target=row.owner,
                before=_described(row),
            )
        except _AlreadyRevoked:
            return False
        return True

    def revoke_made_in(
        self, tenant: str, owner_id: str, session: str, *, by: str, channel: str = "web"
    ) -> int:
        """Revoke every live token `owner_id` made from the session `session` (it is being signed out), each
        audited; how many."""
        for _ in range(3):
            try:
                return self._revoke_made_in(tenant, owner_id, _hash(session), by=by, channel=channel)
            except _AlreadyRevoked:
                continue  # one of them was revoked by someone else just now: read them again
        return self._revoke_made_in(tenant, owner_id, _hash(session), by=by, channel=channel)

    def _revoke_made_in(self, tenant: str, owner_id: str, made_in: str, *, by: str, channel: str) -> int:
        with self.store.session() as db:
            rows = db.scalars(
                select(ApiTokenRow).where(
                    ApiTokenRow.tenant_key == tenant,
                    ApiTokenRow.owner_id == owner_id,
                    ApiTokenRow.revoked.is_(None),
                )
            ).all()
            mine = [r for r in rows if hmac.compare_digest(str(r.scopes.get(_SESSION, "")), made_in)]
            db.expunge_all()
        if not mine:
            return 0
        ids = [r.token_id for r in mine]

        def write(db: Session) -> None:
            result = db.execute(
                update(ApiTokenRow)
                .where(ApiTokenRow.token_id.in_(ids), ApiTokenRow.revoked.is_(None))
                .values(revoked=self.clock())
            )
            if getattr(result, "rowcount", 0) != len(ids):
                raise _AlreadyRevoked  # its own record tells that one: none of these records is written

        if self.audit is None:
            with self.store.session() as db:
                write(db)
            return len(ids)
        self.audit.append_many(
            (
                {
                    "tenant": tenant,
                    "event": "token.revoked",
                    "actor": by,
                    "channel": channel,
                    "target": row.owner,
                    "before": _described(row),
                    "detail": {"why": "the session it was made from was signed out"},
                }
                for row in mine
            ),
            checkpoint=True,
            with_records=write,
            returned=False,
        )
        return len(ids)
