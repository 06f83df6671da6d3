"""Sign-in binds on the token's object id (issue 10, hole 7): a new account whose UPN is somebody else's
address signs in as itself, never as that somebody, and a token of another tenant signs nobody in."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from mailwarden.api.app import create_app, oidc_settings
from mailwarden.emulator.state import Recipient as EmulatedRecipient
from mailwarden.emulator.state import TenantState
from mailwarden.settings import load_settings
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace
from tests.api.served import ServedApp, serve, served_app
from tests.conftest import emulator_connection

SARAH_SECONDARY = "sarah.connor@acme.com"  # Sarah Connor's second proxy address (her primary: sarah@)


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    """The web app served over HTTP on a fresh data folder, its directory discovered at start-up."""
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def _new_hire(tenant: TenantState, upn: str) -> EmulatedRecipient:
    """An account another admin creates after the app discovered the tenant, with a UPN of their choice."""
    user = EmulatedRecipient(
        id=str(uuid.uuid4()),
        kind="UserMailbox",
        display_name="Sam Rivers",
        alias="sam.rivers",
        primary_smtp="sam.rivers@acme.com",
        email_addresses=["SMTP:sam.rivers@acme.com"],
        user_principal_name=upn,
        given_name="Sam",
        surname="Rivers",
    )
    with tenant.transaction():
        tenant.add_recipient(user)
    return user


def _sign_in(web: ServedApp, http: httpx.Client, user_id: str) -> httpx.Response:
    """Through the emulator's sign-in page as the account `user_id`; the app's answer to the callback."""
    start = http.get("/auth/login", params={"next": "/ask"})
    authorize = start.headers["location"]
    with httpx.Client(verify=web.emulator.ssl_context(), trust_env=False, timeout=30) as idp:
        params = dict(parse_qsl(urlsplit(authorize).query))
        chosen = idp.post(authorize.split("?")[0], data={**params, "login_hint": user_id})
    assert chosen.status_code == 302, chosen.text[:300]
    return http.get(chosen.headers["location"])


def test_a_new_account_named_like_sarahs_address_signs_in_as_itself(
    web: ServedApp, tenant: TenantState
) -> None:
    """A new account whose UPN is Sarah's secondary address is resolved live by its object id and signs in
    as itself, an employee with no power (before: it became Sarah, a manager and approver)."""
    assert web.workspace.directory("demo").address_owner(SARAH_SECONDARY) is not None
    newcomer = _new_hire(tenant, upn=SARAH_SECONDARY)
    with web.client() as http:
        back = _sign_in(web, http, newcomer.id)
        assert back.status_code == 303, back.text[:300]
        me = http.get("/api/v1/me").json()
    assert me["address"] == "sam.rivers@acme.com"
    assert me["address"] != "sarah@acme.com"
    assert me["role"] == "employee"
    cached = web.workspace.directory("demo").get(newcomer.id)
    assert cached is not None
    assert cached.primary_address == "sam.rivers@acme.com"


def test_a_new_account_that_is_not_a_person_is_refused(web: ServedApp, tenant: TenantState) -> None:
    """The live lookup by object id asks Exchange too: an account converted to a shared mailbox between
    sign-in and callback is not a person, so nobody is signed in (never Sarah, whose address its UPN is)."""
    newcomer = _new_hire(tenant, upn=SARAH_SECONDARY)
    with web.client() as http:
        start = http.get("/auth/login")
        authorize = start.headers["location"]
        with httpx.Client(verify=web.emulator.ssl_context(), trust_env=False, timeout=30) as idp:
            params = dict(parse_qsl(urlsplit(authorize).query))
            chosen = idp.post(authorize.split("?")[0], data={**params, "login_hint": newcomer.id})
        # The code is issued; another admin converts the mailbox before the app redeems it.
        with tenant.transaction():
            tenant.recipients[newcomer.id].kind = "SharedMailbox"
            tenant.mark_dirty()
        back = http.get(chosen.headers["location"])
        assert back.status_code == 403, back.text[:300]
        assert http.get("/api/v1/me").status_code == 401


def test_a_token_of_another_tenant_signs_nobody_in(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    """An app serving tenant T refuses an id_token whose `tid` is another tenant's, even signed by the
    provider it trusts."""
    settings = load_settings({"MAILWARDEN_HOME": str(tmp_path / "home")})
    workspace = Workspace.open(settings)
    connection = emulator_connection(emulator)
    elsewhere = dataclasses.replace(oidc_settings(connection), tenant_id=str(uuid.uuid4()))
    try:
        app = create_app(settings, workspace=workspace, connection=connection, oidc=elsewhere)
        with serve(app) as url:
            web = ServedApp(url=url, app=app, emulator=emulator, workspace=workspace)
            grace = tenant.by_address("grace.hopper@acme.com")
            assert grace is not None
            with web.client() as http:
                back = _sign_in(web, http, grace.id)
                assert back.status_code == 400
                assert "another tenant" in back.text
                assert http.get("/api/v1/me").status_code == 401
    finally:
        workspace.close()
