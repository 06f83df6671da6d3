"""Red team 58 F3: revoking a person's sessions in Entra ID ends their mailwarden session and API tokens.

The incident response to a stolen account is Entra's "Revoke sessions" (POST /users/{id}/revokeSignInSessions,
which moves the user's signInSessionsValidFromDateTime to now) and a password reset; the account stays
enabled. mailwarden accepted a session cookie while its sid was not signed out here and the account was
enabled, so whoever had signed in with the stolen credentials kept the session (up to 8 h) and a token made
from it (up to 366 days). A session or token issued before the user's signInSessionsValidFromDateTime, read
live with the account's other facts on every request, is now refused."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def _revoke_in_entra(tenant: TenantState, address: str) -> None:
    """What revokeSignInSessions and a password reset do to the user in Entra (the emulator's Graph routes
    do exactly this: tests/emulator/test_graph_admin_writes.py)."""
    with tenant.transaction():
        person = tenant.by_address(address)
        assert person is not None
        person.sign_in_sessions_valid_from = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _bearer(web: ServedApp, token: str, url: str) -> httpx.Response:
    with httpx.Client(base_url=web.url, trust_env=False, timeout=30) as script:
        return script.get(url, headers={"Authorization": f"Bearer {token}"})


def test_revoking_sign_in_sessions_in_entra_ends_the_session_and_its_tokens(
    web: ServedApp, tenant: TenantState
) -> None:
    thief = web.sign_in("tom.becker@acme.com")
    token = thief.post("/api/v1/tokens", json={"name": "x", "scopes": ["read", "write", "approve"]})
    assert token.status_code == 201, token.text
    assert thief.get("/api/v1/me").status_code == 200
    assert _bearer(web, token.json()["token"], "/api/v1/me").status_code == 200

    _revoke_in_entra(tenant, "tom.becker@acme.com")

    assert thief.get("/api/v1/me").status_code == 401
    assert _bearer(web, token.json()["token"], "/api/v1/me").status_code == 401
    assert thief.get("/requests").status_code in (303, 401)  # the pages too (they redirect to sign-in)


def test_signing_in_again_after_the_revoke_works(web: ServedApp, tenant: TenantState) -> None:
    _revoke_in_entra(tenant, "tom.becker@acme.com")
    time.sleep(1.1)  # Entra's timestamp has seconds; a sign-in in the same second counts as before it
    tom = web.sign_in("tom.becker@acme.com")
    assert tom.get("/api/v1/me").status_code == 200
    made = tom.post("/api/v1/tokens", json={"name": "after", "scopes": ["read"]})
    assert made.status_code == 201
    assert _bearer(web, made.json()["token"], "/api/v1/me").status_code == 200
