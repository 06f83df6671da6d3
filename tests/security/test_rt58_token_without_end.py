"""Red team 58 F6: the REST API must not make an API token that never expires.

The /tokens page takes a lifetime of 1 to 366 days; `POST /api/v1/tokens` took `expires_in_days` as
`int | None` and `ApiTokens.issue` stored no expiry for None. A token acting as its owner (with `approve`,
if asked) then lasted until someone revoked it or signed out the session it was made in, which its maker
(or whoever stole the session) need never do. Now every token has an end within the page's limit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailwarden.api.tokens import ApiTokens
from mailwarden.emulator.state import TenantState
from mailwarden.errors import ConfigError
from mailwarden.store import Store
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def test_every_api_token_has_an_end_within_the_pages_limit(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    made = tom.post(
        "/api/v1/tokens",
        json={"name": "forever", "scopes": ["read", "write", "approve"], "expires_in_days": None},
    )
    assert made.status_code == 422, made.text
    assert "expires_in_days" in made.json()["detail"]
    assert "end" in made.json()["detail"]  # says why, not only that the field is wrong
    assert tom.get("/api/v1/tokens").json() == []  # nothing was made


def test_a_token_without_a_lifetime_given_has_the_default_end(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    made = tom.post("/api/v1/tokens", json={"name": "nightly", "scopes": ["read"]})
    assert made.status_code == 201, made.text
    ends = dt.datetime.fromisoformat(made.json()["expires"])
    assert ends <= dt.datetime.now(dt.UTC) + dt.timedelta(days=90, minutes=1)


def test_a_token_is_never_stored_without_an_end(tmp_path: Path) -> None:
    """Whatever calls ApiTokens.issue (a route, a page, a script), a token gets an end within 366 days."""
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        TenantRegistry(store).add(
            TenantRecord(
                tenant_key="demo", display_name="Demo", cloud="emulator", tenant_id="t", client_id="c"
            )
        )
        tokens = ApiTokens(store)
        for days in (None, 0, 367):
            with pytest.raises(ConfigError):
                tokens.issue("demo", "o", "tom@acme.com", "x", ["read"], days, session="s")  # type: ignore[arg-type]
        assert tokens.list("demo", None) == []
