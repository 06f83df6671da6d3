"""Pieces of auth.py and tokens.py without a server: the cookie's flags, the key file, token expiry."""

from __future__ import annotations

import base64
import datetime as dt
import json
import stat
from pathlib import Path

from sqlalchemy import update

from mailwarden.api.auth import SessionMiddleware, session_key
from mailwarden.api.tokens import MAX_DAYS, ApiTokens
from mailwarden.store import Store
from mailwarden.store.tables import ApiTokenRow
from mailwarden.store.tenants import TenantRecord, TenantRegistry


def _noop_app(scope: object, receive: object, send: object) -> None:
    raise AssertionError("not called")


def test_session_cookie_is_secure_when_served_over_https() -> None:
    """Behind https the cookie gets Secure; over loopback http it cannot, or the browser would drop it."""
    middleware = SessionMiddleware(_noop_app, secret_key="k")
    assert "; Secure" in middleware._cookie({"scheme": "https"}, {"user": {"oid": "x"}})
    assert "Secure" not in middleware._cookie({"scheme": "http"}, {"user": {"oid": "x"}})


def test_a_tampered_session_cookie_is_an_empty_session() -> None:
    """A cookie whose content was edited (say, another person's id) fails its signature: no session."""
    middleware = SessionMiddleware(_noop_app, secret_key="k")
    cookie = middleware._cookie({"scheme": "http"}, {"user": {"oid": "tom"}}).split(";")[0]
    assert middleware._load({"headers": [(b"cookie", cookie.encode())]}) == {"user": {"oid": "tom"}}
    name, value = cookie.split("=", 1)
    payload, signature = value.split(".", 1)
    grace = base64.urlsafe_b64encode(json.dumps({"user": {"oid": "grace"}}).encode()).decode()
    assert grace != payload
    forged = f"{name}={grace}.{signature}"
    assert middleware._load({"headers": [(b"cookie", forged.encode())]}) == {}


def test_session_key_is_kept_in_a_private_file_unless_given(tmp_path: Path) -> None:
    """The key is made once, mode 0600, and reused; MAILWARDEN_SESSION_KEY takes precedence."""
    first = session_key(tmp_path, {})
    assert session_key(tmp_path, {}) == first
    assert stat.S_IMODE((tmp_path / "session.key").stat().st_mode) == 0o600
    assert session_key(tmp_path, {"MAILWARDEN_SESSION_KEY": "given"}) == "given"


def test_token_stops_working_when_it_expires(tmp_path: Path) -> None:
    """A token made for one day is refused the day after."""
    now = [dt.datetime(2026, 11, 23, tzinfo=dt.UTC)]
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        TenantRegistry(store).add(
            TenantRecord(
                tenant_key="demo", display_name="Demo", cloud="emulator", tenant_id="t", client_id="c"
            )
        )
        tokens = ApiTokens(store, clock=lambda: now[0])
        issued = tokens.issue(
            "demo", "owner-id", "tom@acme.com", "x", ["read"], expires_in_days=1, session="sid-1"
        )
        assert tokens.verify("demo", issued.token) is not None
        assert tokens.verify("other-tenant", issued.token) is None
        now[0] += dt.timedelta(days=1, seconds=1)
        assert tokens.verify("demo", issued.token) is None


def test_a_token_stored_with_no_end_ends_as_the_longest_token_would(tmp_path: Path) -> None:
    """A token made before every token had an end (its row has none) stops working MAX_DAYS after it was
    made, as the longest token made now would, instead of acting for ever."""
    now = [dt.datetime(2026, 11, 23, tzinfo=dt.UTC)]
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        TenantRegistry(store).add(
            TenantRecord(
                tenant_key="demo", display_name="Demo", cloud="emulator", tenant_id="t", client_id="c"
            )
        )
        tokens = ApiTokens(store, clock=lambda: now[0])
        issued = tokens.issue(
            "demo", "owner-id", "tom@acme.com", "x", ["read"], expires_in_days=1, session="sid-1"
        )
        with store.session() as session:
            session.execute(update(ApiTokenRow).values(expires=None))  # as an older version stored it
        now[0] += dt.timedelta(days=MAX_DAYS - 1)
        assert tokens.verify("demo", issued.token) is not None
        now[0] += dt.timedelta(days=1, seconds=1)
        assert tokens.verify("demo", issued.token) is None
