"""Red team 58 F6: the REST API makes an API token that never expires.

The /tokens page takes a lifetime of 1 to 366 days; `POST /api/v1/tokens` takes `expires_in_days` as
`int | None` and `ApiTokens.issue` stores no expiry for None. A token acting as its owner (with `approve`,
if asked) then lasts until someone revokes it or signs out the session it was made in, which its maker
(or whoever stole the session) need never do. The test shows the bad behaviour (strict xfail)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


@pytest.mark.xfail(strict=True, reason="red team 58 F6: expires_in_days null makes a token with no end")
def test_every_api_token_has_an_end_within_the_pages_limit(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    made = tom.post(
        "/api/v1/tokens",
        json={"name": "forever", "scopes": ["read", "write", "approve"], "expires_in_days": None},
    )
    if made.status_code == 422:
        return  # refused: a token must have an end
    assert made.status_code == 201, made.text
    expires = made.json()["expires"]
    assert expires is not None, made.text
    ends = dt.datetime.fromisoformat(expires)
    assert ends <= dt.datetime.now(dt.UTC) + dt.timedelta(days=366)
