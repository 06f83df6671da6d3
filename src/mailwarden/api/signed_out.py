"""Sessions that were signed out, kept on the server until their cookies would have expired anyway.

The session cookie is signed and carries everything (auth.py), so by itself it stays valid for its whole
lifetime: a copy taken before the person signed out (a shared computer, a proxy log, a stolen cookie) would
go on working. Each session therefore has an id (`sid`), and signing out records that id as one small
tenant document (`signout:<sid>`) that every server reads by its key, until the cookie's own expiry makes
the record unnecessary (each sign-out deletes the ones that are).

    sign_out(documents, tenant_key, sid, lifetime_s)    # at /auth/logout
    is_signed_out(documents, tenant_key, sid)           # on every request made with the cookie

A session ends with the API tokens made from it (`end_session`): whoever held the cookie could have made
one, and it would otherwise act as the person for months after they signed out.
"""

from __future__ import annotations

import datetime as dt

from mailwarden.api.problems import Problem
from mailwarden.api.tokens import ApiTokens, IssuedToken, Scope
from mailwarden.store.documents import TenantDocuments

__all__ = ["PREFIX", "end_session", "is_signed_out", "issue_in_session", "sign_out"]

PREFIX = "signout:"
"""The kind of a sign-out record is PREFIX + the session id (the kind column holds 32 characters)."""


def _kind(sid: str) -> str:
    return PREFIX + sid[:22]


def sign_out(documents: TenantDocuments, tenant_key: str, sid: str, lifetime_s: int) -> None:
    """Record `sid` as signed out; drop the records of sessions whose cookies have expired by now."""
    documents.put(tenant_key, _kind(sid), "")
    expired = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=lifetime_s)
    documents.delete_older(tenant_key, PREFIX, expired)


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
) -> None:
    """Sign the session out, then revoke the tokens made from it. In that order: a token being made from it
    at this moment is made either before the revoke reads the tokens (and revoked) or after the sign-out is
    recorded, which the route making it checks once it is made (routes/tokens.py)."""
    sign_out(documents, tenant_key, sid, lifetime_s)
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
    expires_in_days: int | None,
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
