"""Red team 63 F6: a sign-out record is kept a session's lifetime plus a fixed hour after it was written
(sec63's CLOCK_MARGIN); a session signed in on a server whose clock is more than that hour ahead outlives its
record, and a copy of its cookie acts again for the rest of its life. The cookie's own end (its `since`,
signed) is known at sign-out; a record kept until that end would not depend on the servers agreeing.
Strict xfail while the bad behaviour is present."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailwarden.api import signed_out
from mailwarden.api.auth import SESSION_COOKIE, SESSION_MAX_AGE_S
from mailwarden.api.web import signin
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app
from tests.security.test_rt58_session_outlives_sign_out import _later, _with_cookie


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def test_a_sign_out_holds_when_the_sign_in_servers_clock_is_ninety_minutes_ahead(
    web: ServedApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    ahead = signed_out.signed_in_now() + 5400
    monkeypatch.setattr(signin, "signed_in_now", lambda: ahead)
    tom = web.sign_in("tom.becker@acme.com")
    monkeypatch.undo()
    stolen = tom.http.cookies[SESSION_COOKIE]
    assert tom.post("/auth/logout", data={"csrf_token": tom.csrf}, csrf=False).status_code == 303
    assert _with_cookie(web, stolen, "GET", "/api/v1/me").status_code == 401

    # Past the record's keep (a lifetime and the margin after it was written), within 8 h of the sign-in
    # by the clock that stamped it.
    margin = int(signed_out.CLOCK_MARGIN / dt.timedelta(seconds=1))
    _later(monkeypatch, SESSION_MAX_AGE_S + margin + 600)
    grace = web.sign_in("grace.hopper@acme.com")
    assert grace.post("/auth/logout", data={"csrf_token": grace.csrf}, csrf=False).status_code == 303
    assert _with_cookie(web, stolen, "GET", "/api/v1/me").status_code == 401
