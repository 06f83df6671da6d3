"""Sessions that were signed out, kept on the server until the sessions would have ended anyway.

The session cookie is signed and carries everything (auth.py), so by itself it stays valid for its whole
lifetime: a copy taken before the person signed out (a shared computer, a proxy log, a stolen cookie) would
go on working. Each session therefore has an id (`sid`), and signing out records that id as one small
tenant document (`signout:<sid>`) that every server reads by its key, until the session's absolute end makes
the record unnecessary (each sign-out deletes the ones that are). A record is dated the later of when it was
written and its session's sign-in as the cookie carries it (`since`, signed), so it is kept at least until
that cookie's own end, whichever servers' clocks stamped the two (RT63 F6): once it is older than a session's
lifetime (and a margin for the clocks of the servers that check and prune), no cookie it could name is still
valid. So the records are the sign-outs of the last lifetime, however many sessions there were before.

A session also has an absolute end: `lifetime_s` after its sign-in (`since`, in the signed cookie), however
often the cookie is signed again. Without it, whatever re-signs a cookie (a route that writes to the session)
would keep a copy alive for ever, and no sign-out record could be kept long enough to match it.

    live_session(documents, tenant_key, user, lifetime_s)   # on every request made with the cookie
    sign_out(documents, tenant_key, sid, lifetime_s, since)  # at /auth/logout, and a new sign-in

A session ends with the API tokens made from it (`end_session`): whoever held the cookie could have made
one, and it would otherwise act as the person for months after they signed out.
"""

from __future__ import annotations

import datetime as dt

from mailwarden.api.problems import Problem
from mailwarden.api.tokens import ApiTokens, IssuedToken, Scope
from mailwarden.store.documents import TenantDocuments

__all__ = [
    "PREFIX",
    "end_session",
    "is_signed_out",
    "issue_in_session",
    "live_session",
    "session_end",
    "session_start",
    "sign_out",
    "signed_in_now",
]

PREFIX = "signout:"
"""The kind of a sign-out record is PREFIX + the session id (the kind column holds 32 characters)."""


def _kind(sid: str) -> str:
    return PREFIX + sid[:22]


def signed_in_now() -> int:
    """The sign-in time a new session carries (`since`: seconds since the epoch, on this module's clock)."""
    return int(dt.datetime.now(dt.UTC).timestamp())


def session_start(user: object) -> dt.datetime | None:
    """When the session `user` (the cookie's "user") signed in; None for a session made before sessions
    carried it."""
    since = user.get("since") if isinstance(user, dict) else None
    if not isinstance(since, int) or isinstance(since, bool):
        return None
    return dt.datetime.fromtimestamp(since, dt.UTC)


def session_end(user: object, lifetime_s: int) -> dt.datetime | None:
    """When the session `user` ends whatever happens: `lifetime_s` after its sign-in. None for a session
    that carries no sign-in time: it has no end, so it is not accepted."""
    start = session_start(user)
    return None if start is None else start + dt.timedelta(seconds=lifetime_s)


def live_session(documents: TenantDocuments, tenant_key: str, user: object, lifetime_s: int) -> bool:
    """Whether the cookie's `user` is a session that may act: it has an id, it has not reached its absolute
    end, and it was not signed out."""
    if not isinstance(user, dict):
        return False
    sid = str(user.get("sid", ""))
    end = session_end(user, lifetime_s)
    # A session without an id predates signing out on the server: it could not be ended, so it is refused.
    if not sid or end is None or dt.datetime.now(dt.UTC) >= end:
        return False
    return not is_signed_out(documents, tenant_key, sid)


CLOCK_MARGIN = dt.timedelta(hours=1)
"""How much longer than a session's lifetime a record is kept: the record is dated by the sign-in's clock
when that is ahead (`sign_out`), but a server that prunes records, or checks a cookie's end, reads its own
clock; a record dropped early would let a signed-out cookie act again."""


def sign_out(
    documents: TenantDocuments, tenant_key: str, sid: str, lifetime_s: int, since: dt.datetime | None = None
) -> None:
    """Record `sid` as signed out; drop the records of sessions that have ended by now. A record is dated the
    later of now and its session's sign-in `since` (signed in its cookie, on the clock of the server that
    signed it in): one dated more than `lifetime_s` ago belongs to a session whose absolute end (`since` +
    `lifetime_s`, what `live_session` checks) has passed, even when that server's clock was ahead of this
    one's by more than the margin. The store keeps the date; nothing is read from a cookie to prune."""
    now = dt.datetime.now(dt.UTC)
    documents.put(tenant_key, _kind(sid), "signed out", updated=max(now, since) if since else now)
    ended = now - dt.timedelta(seconds=lifetime_s) - CLOCK_MARGIN
    documents.delete_older(tenant_key, PREFIX, ended)


def is_signed_out(documents: TenantDocuments, tenant_key: str, sid: str) -> bool:
    return documents.get(tenant_key, _kind(sid)) is not None


def end_session(
    documents: TenantDocuments,
    tokens: ApiTokens,
    tenant_key: str,
    *,
    owner_id: str,
    sid: str,
    by: str,
    lifetime_s: int,
    since: dt.datetime | None = None,
) -> None:
    """Sign the session out (`since`: its sign-in, as its cookie carries it), then revoke the tokens made from
    it. In that order: a token being made from it
    at this moment is made either before the revoke reads the tokens (and revoked) or after the sign-out is
    recorded, which the route making it checks once it is made (routes/tokens.py)."""
    sign_out(documents, tenant_key, sid, lifetime_s, since)
    tokens.revoke_made_in(tenant_key, owner_id, sid, by=by)


def issue_in_session(
    documents: TenantDocuments,
    tokens: ApiTokens,
    tenant_key: str,
    *,
    sid: str,
    owner_id: str,
    owner: str,
    name: str,
    scopes: list[Scope],
    expires_in_days: int,
    channel: str,
) -> IssuedToken:
    """A token made from the signed-in session `sid`, revoked when it signs out (`end_session`)."""
    made = tokens.issue(
        tenant_key, owner_id, owner, name, scopes, expires_in_days, channel=channel, session=sid
    )
    if is_signed_out(documents, tenant_key, sid):
        # Signed out while it was being made, after the sign-out looked for tokens to revoke.
        tokens.revoke(tenant_key, made.token_id, by=owner, channel=channel)
        raise Problem(
            401, "sign-in-required", "Sign-in required", "This session was signed out; sign in again."
        )
    return made
