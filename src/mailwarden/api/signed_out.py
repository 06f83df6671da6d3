"""Sessions that were signed out, kept on the server until their cookies would have expired anyway.

The session cookie is signed and carries everything (auth.py), so by itself it stays valid for its whole
lifetime: a copy taken before the person signed out (a shared computer, a proxy log, a stolen cookie) would
go on working. Each session therefore has an id (`sid`), and signing out records that id as one small
tenant document (`signout:<sid>`) that every server reads by its key, until the cookie's own expiry makes
the record unnecessary (each sign-out deletes the ones that are).

    sign_out(documents, tenant_key, sid, lifetime_s)    # at /auth/logout
    is_signed_out(documents, tenant_key, sid)           # on every request made with the cookie
"""

from __future__ import annotations

import datetime as dt

from mailwarden.store.documents import TenantDocuments

__all__ = ["PREFIX", "is_signed_out", "sign_out"]

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
