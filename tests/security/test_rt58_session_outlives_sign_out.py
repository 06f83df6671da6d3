"""Red team 58 F5: a copy of a session cookie must not outlive the sign-out that ended it, nor its lifetime.

The session cookie is valid by its signature for SESSION_MAX_AGE_S (8 h) from when it was last signed, and
the server remembers a signed-out session id until the session's absolute end. GET /auth/login once re-signed
whatever session the cookie held (it added the pending sign-in to it), so the holder of a copy could keep it
alive every few hours until the sign-out record was dropped, then act as the person again. Now a session ends
8 h after its sign-in whatever re-signs it, and /auth/login starts from an empty session. The hours are moved
forward on the clock of signed_out.py (the one clock sessions and sign-out records are judged by); the
cookie's own signature timestamps are real."""

from __future__ import annotations

import base64
import datetime as dt
import json
import types
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mailwarden.api import signed_out
from mailwarden.api.auth import SESSION_COOKIE, SESSION_MAX_AGE_S
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def _with_cookie(web: ServedApp, cookie: str, method: str, url: str) -> httpx.Response:
    """A request sent with exactly this cookie (the thief keeps their copy, whatever the server answers)."""
    with httpx.Client(base_url=web.url, trust_env=False, timeout=30, follow_redirects=False) as http:
        return http.request(method, url, headers={"Cookie": f"{SESSION_COOKIE}={cookie}"})


def _refreshed(answer: httpx.Response) -> str | None:
    for header in answer.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        if name == SESSION_COOKIE:
            return rest.split(";")[0] or None
    return None


def _later(monkeypatch: pytest.MonkeyPatch, seconds: int) -> None:
    """Move signed_out.py's clock `seconds` forward."""
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)

    class _Later(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> _Later:  # type: ignore[override]
            return cls.fromtimestamp(later.timestamp(), tz)

    monkeypatch.setattr(
        signed_out, "dt", types.SimpleNamespace(datetime=_Later, timedelta=dt.timedelta, UTC=dt.UTC)
    )


def test_a_stolen_session_cookie_does_not_come_back_after_its_sign_out(
    web: ServedApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    stolen = tom.http.cookies[SESSION_COOKIE]
    out = tom.post("/auth/logout", data={"csrf_token": tom.csrf}, csrf=False)
    assert out.status_code == 303
    assert _with_cookie(web, stolen, "GET", "/api/v1/me").status_code == 401  # the sign-out holds, now

    # The thief asks /auth/login to re-sign the copy: it answers a new cookie, which holds no session.
    login = _with_cookie(web, stolen, "GET", "/auth/login")
    assert login.status_code == 302
    kept = _refreshed(login)
    assert kept is not None
    assert kept != stolen

    # More than 8 h after the sign-out (the thief re-signed the copy within each 8 h), another person signs
    # out: the records of sign-outs older than a cookie's lifetime are dropped, Tom's with them.
    _later(monkeypatch, SESSION_MAX_AGE_S + 3600)
    grace = web.sign_in("grace.hopper@acme.com")
    assert grace.post("/auth/logout", data={"csrf_token": grace.csrf}, csrf=False).status_code == 303

    me = _with_cookie(web, kept, "GET", "/api/v1/me")
    assert me.status_code == 401, me.text


def _holds(cookie: str) -> dict[str, object]:
    """What a session cookie carries (signed, not encrypted: base64 JSON, then timestamp and signature)."""
    payload = cookie.rsplit(".", 2)[0]
    loaded: dict[str, object] = json.loads(base64.urlsafe_b64decode(payload))
    return loaded


def test_auth_login_never_re_signs_a_signed_out_session(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    stolen = tom.http.cookies[SESSION_COOKIE]
    assert "user" in _holds(stolen)
    assert tom.post("/auth/logout", data={"csrf_token": tom.csrf}, csrf=False).status_code == 303
    kept = _refreshed(_with_cookie(web, stolen, "GET", "/auth/login"))
    assert kept is not None
    assert set(_holds(kept)) == {"oidc"}  # a fresh sign-in: no user, no sid, no CSRF token of the old one


def test_a_session_ends_at_its_absolute_lifetime_however_often_it_is_used(
    web: ServedApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    assert tom.get("/api/v1/me").status_code == 200
    _later(monkeypatch, SESSION_MAX_AGE_S - 600)
    assert tom.get("/api/v1/me").status_code == 200  # still within 8 h of the sign-in
    kept = _refreshed(_with_cookie(web, tom.http.cookies[SESSION_COOKIE], "GET", "/auth/login"))
    _later(monkeypatch, SESSION_MAX_AGE_S + 60)
    # The cookie's signature is fresh (signed a moment ago, real time); the sign-in is more than 8 h old.
    assert tom.get("/api/v1/me").status_code == 401
    if kept is not None:
        assert _with_cookie(web, kept, "GET", "/api/v1/me").status_code == 401


def test_a_sign_out_record_lasts_as_long_as_the_session_could(
    web: ServedApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone else's sign-out later does not drop the record of a session that is still within its life."""
    tom = web.sign_in("tom.becker@acme.com")
    stolen = tom.http.cookies[SESSION_COOKIE]
    _later(monkeypatch, SESSION_MAX_AGE_S - 600)  # Tom signs out near the end of his session's life
    assert tom.post("/auth/logout", data={"csrf_token": tom.csrf}, csrf=False).status_code == 303
    _later(monkeypatch, SESSION_MAX_AGE_S - 300)
    grace = web.sign_in("grace.hopper@acme.com")
    assert grace.post("/auth/logout", data={"csrf_token": grace.csrf}, csrf=False).status_code == 303
    assert _with_cookie(web, stolen, "GET", "/api/v1/me").status_code == 401
