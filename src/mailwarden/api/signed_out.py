"""Sessions that were signed out, kept on the server until their cookies would have expired anyway.

The session cookie is signed and carries everything (auth.py), so by itself it stays valid for its whole
lifetime: a copy taken before the person signed out (a shared computer, a proxy log, a stolen cookie) would
go on working. Each session therefore has an id (`sid`), and signing out records that id in a per-tenant
document that every server reads, until the cookie's own expiry makes the record unnecessary.

    sign_out(documents, tenant_key, sid)          # at /auth/logout
    is_signed_out(documents, tenant_key, sid)     # on every request made with the cookie
"""

from __future__ import annotations

import json
import time

from mailwarden.store.documents import TenantDocuments

__all__ = ["KIND", "is_signed_out", "sign_out"]

KIND = "signed-out-sessions"


def _load(body: str | None) -> dict[str, float]:
    try:
        found = json.loads(body) if body else {}
    except ValueError:
        return {}
    return {str(k): float(v) for k, v in found.items()} if isinstance(found, dict) else {}


def sign_out(documents: TenantDocuments, tenant_key: str, sid: str, lifetime_s: int) -> None:
    """Record `sid` as signed out for `lifetime_s` (the cookie's own lifetime), dropping expired records."""
    now = time.time()

    def change(body: str | None) -> str:
        live = {k: v for k, v in _load(body).items() if v > now}
        live[sid] = now + lifetime_s
        return json.dumps(live, sort_keys=True)

    documents.update(tenant_key, KIND, change)


def is_signed_out(documents: TenantDocuments, tenant_key: str, sid: str) -> bool:
    return sid in _load(documents.get(tenant_key, KIND))
