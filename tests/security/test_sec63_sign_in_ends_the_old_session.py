"""sec63: signing in ends the session the browser held before, and sign-out records stay bounded.

A fresh sign-in replaced the browser's session cookie but left the old session valid on the server, so a copy
of the old cookie (a shared computer, a proxy log) acted as the person for the rest of its 8 h. Now the new
sign-in ends the old session for good, as signing out does. The sign-out records are kept by when they were
written: long enough for any session they name (a lifetime, and a margin for servers' clocks), no longer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from mailwarden.api import signed_out
from mailwarden.api.auth import SESSION_COOKIE, SESSION_MAX_AGE_S
from mailwarden.api.web import signin
from mailwarden.emulator.state import TenantState
from mailwarden.store import documents
from mailwarden.store.schema import tenant_documents
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app
from tests.security.test_rt58_session_outlives_sign_out import _later, _with_cookie


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def test_a_new_sign_in_ends_the_session_the_browser_held(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    stolen = tom.http.cookies[SESSION_COOKIE]
    assert _with_cookie(web, stolen, "GET", "/api/v1/me").status_code == 200

    again = web.sign_in("tom.becker@acme.com", http=tom.http)  # the same browser signs in once more
    assert again.http.cookies[SESSION_COOKIE] != stolen
    assert again.get("/api/v1/me").status_code == 200  # the new session works
    assert _with_cookie(web, stolen, "GET", "/api/v1/me").status_code == 401  # the old copy does not


def test_tokens_made_in_the_replaced_session_end_with_it(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    made = tom.post("/api/v1/tokens", json={"name": "thief's", "scopes": ["read"], "expires_in_days": 30})
    assert made.status_code in (200, 201), made.text
    bearer = {"Authorization": f"Bearer {made.json()['token']}"}
    with httpx.Client(base_url=web.url, trust_env=False, timeout=30) as http:
        assert http.get("/api/v1/me", headers=bearer).status_code == 200
        web.sign_in("tom.becker@acme.com", http=tom.http)
        assert http.get("/api/v1/me", headers=bearer).status_code == 401


def test_a_different_person_signing_in_on_the_same_browser_ends_the_first_ones_session(
    web: ServedApp,
) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    stolen = tom.http.cookies[SESSION_COOKIE]
    web.sign_in("grace.hopper@acme.com", http=tom.http)
    assert _with_cookie(web, stolen, "GET", "/api/v1/me").status_code == 401


def test_a_sign_out_holds_for_the_session_s_life_when_the_servers_clocks_differ(
    web: ServedApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tom signs in on a server whose clock is 30 minutes ahead of the one he signs out on; the record of his
    sign-out must outlast his session's end by that server's clock."""
    ahead = signed_out.signed_in_now() + 1800
    monkeypatch.setattr(signin, "signed_in_now", lambda: ahead)
    tom = web.sign_in("tom.becker@acme.com")
    monkeypatch.undo()
    stolen = tom.http.cookies[SESSION_COOKIE]
    assert tom.post("/auth/logout", data={"csrf_token": tom.csrf}, csrf=False).status_code == 303

    _later(monkeypatch, SESSION_MAX_AGE_S + 600)  # past 8 h from the sign-out, within 8 h of the sign-in
    grace = web.sign_in("grace.hopper@acme.com")
    assert grace.post("/auth/logout", data={"csrf_token": grace.csrf}, csrf=False).status_code == 303
    assert _with_cookie(web, stolen, "GET", "/api/v1/me").status_code == 401


def _records(web: ServedApp) -> int:
    with web.workspace.store.connection() as connection:
        counted = connection.scalar(
            select(func.count())
            .select_from(tenant_documents)
            .where(tenant_documents.c.kind.startswith(signed_out.PREFIX))
        )
    return int(counted or 0)


def test_sign_out_records_do_not_outgrow_a_session_s_lifetime(
    web: ServedApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        person = web.sign_in("tom.becker@acme.com")
        assert person.post("/auth/logout", data={"csrf_token": person.csrf}, csrf=False).status_code == 303
    assert _records(web) == 3
    later = SESSION_MAX_AGE_S + int(signed_out.CLOCK_MARGIN / dt.timedelta(seconds=1)) + 60
    _later(monkeypatch, later)
    # The store dates what it writes by its own clock: moved with signed_out.py's, so hers is written "now".
    monkeypatch.setattr(documents, "dt", signed_out.dt)
    person = web.sign_in("grace.hopper@acme.com")
    assert person.post("/auth/logout", data={"csrf_token": person.csrf}, csrf=False).status_code == 303
    assert _records(web) == 1  # hers; the others name sessions past their end on any server's clock
