"""Red team 58 F2: what the app answers a signed-in person must not be kept by a browser or a proxy.

No answer carried `Cache-Control: no-store`: the API token made on /tokens (shown "this once"), the session's
CSRF token on /api/v1/me, and every page of requests and reports could be kept in the browser's cache and its
back/forward history after sign-out, on a shared computer, or by a caching proxy in front of the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp, served_app


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def _kept(answer: httpx.Response) -> bool:
    return "no-store" not in answer.headers.get("cache-control", "").lower()


def test_the_page_showing_a_new_api_token_is_not_kept_by_the_browser(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    made = tom.post("/tokens", data={"name": "nightly", "scopes": "read", "csrf_token": tom.csrf}, csrf=False)
    assert made.status_code == 200, made.text
    assert "mwt_" in made.text
    assert not _kept(made)


def test_the_api_answer_holding_a_new_token_is_not_kept(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    made = tom.post("/api/v1/tokens", json={"name": "nightly", "scopes": ["read"]})
    assert made.status_code == 201, made.text
    assert not _kept(made)


def test_a_signed_in_page_of_a_request_is_not_kept_after_sign_out(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    request = ask_send_as(tom)
    page = tom.get(f"/requests/{request['request_id']}")
    assert page.status_code == 200
    assert not _kept(page)


def test_the_sessions_csrf_token_and_a_csv_export_are_not_kept(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    me = grace.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["csrf_token"]
    assert not _kept(me)
    export = grace.get("/api/v1/audit/export")
    assert export.status_code == 200, export.text
    assert not _kept(export)


def test_an_answer_to_an_api_token_is_not_kept(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    token = tom.post("/api/v1/tokens", json={"name": "nightly", "scopes": ["read"]}).json()["token"]
    with httpx.Client(base_url=web.url, trust_env=False, timeout=30) as script:
        mine = script.get("/api/v1/requests", headers={"Authorization": f"Bearer {token}"})
    assert mine.status_code == 200, mine.text
    assert not _kept(mine)
