"""Red team 11: a guest of the tenant signs in to the CLI with a real device-code sign-in (Entra lets
guests sign in; the emulator now does too) and still acts as nobody: mailwarden acts for people of the
organisation only."""

from __future__ import annotations

import uuid

import httpx
import pytest

from mailwarden.emulator.state import Recipient as EmulatedRecipient
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.cli import signin
from tests.cli.conftest import Cli
from tests.cli.signin import login
from tests.cli.test_login import connect, connected, contoso_em, contoso_state  # noqa: F401 - fixtures

VENDOR = "vera@vendorco.example"


def _invite_guest(state: TenantState) -> str:
    guest_id = str(uuid.uuid4())
    with state.transaction():
        state.add_recipient(
            EmulatedRecipient(
                id=guest_id,
                kind="GuestMailUser",
                display_name="Vera Vendor",
                alias="vera_vendorco.example",
                primary_smtp=VENDOR,
                email_addresses=[f"SMTP:{VENDOR}"],
                external_address=VENDOR,
                user_principal_name="vera_vendorco.example#EXT#@contoso.onmicrosoft.com",
            )
        )
    return guest_id


def test_a_guest_who_signs_in_acts_as_nobody(
    connected: Cli,  # noqa: F811
    contoso_em: RunningEmulator,  # noqa: F811
    contoso_state: TenantState,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    guest_id = _invite_guest(contoso_state)

    def as_the_guest(em: RunningEmulator, page: str, user_code: str, address: str | None) -> httpx.Response:
        # The page's list shows members only; a guest types their own account, as on Entra's page.
        with httpx.Client(verify=em.ssl_context(), trust_env=False, timeout=10) as http:
            assert http.post(page, data={"otc": user_code}).status_code == 200
            return http.post(f"{page}/confirm", data={"otc": user_code, "login_hint": guest_id})

    monkeypatch.setattr(signin, "enter_code", as_the_guest)
    code, out, err = login(connected.home, contoso_em, "contoso", VENDOR)
    assert code == 0, err  # the identity platform signs a guest in, as Entra does
    for command in (("view", "shared-mailboxes"), ("requests", "list")):
        code, out, err = connected(*command, "--tenant", "contoso")
        assert code == 1, (command, out, err)
        assert "Traceback" not in out + err
        assert "not a person of the organisation (guest)" in err
