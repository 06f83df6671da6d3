"""The emulator's device authorization grant on the wire, as Entra ID answers it (RFC 8628 + AADSTS codes)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from types import SimpleNamespace

import httpx
import pytest

from mailwarden.emulator import devicecode
from mailwarden.emulator.devicecode import DEVICE_CODE_GRANT, DeviceCodeTiming
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.cli.signin import enter_code


@pytest.fixture
def timing(emulator: RunningEmulator, tenant: TenantState) -> Iterator[DeviceCodeTiming]:
    """Short timings for this test only (the rules are the same as with Entra's 5 s and 15 minutes)."""
    chosen = DeviceCodeTiming(interval=1, expires_in=900)
    emulator.asgi_app.state.device_code_timing = chosen
    yield chosen
    emulator.asgi_app.state.device_code_timing = DeviceCodeTiming()


class Clock:
    """The emulator's device-code clock for one test: real time, plus the waits `sleep` skips. A poll
    after `sleep(6.2)` is seen 6.2 s later, exactly as after a real sleep, without the wall time."""

    def __init__(self) -> None:
        self.ahead = 0.0

    def time(self) -> float:
        return time.time() + self.ahead

    def sleep(self, seconds: float) -> None:
        self.ahead += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(devicecode, "time", SimpleNamespace(time=moved.time))
    return moved


def start(
    http: httpx.Client, em: RunningEmulator, scope: str = "User.Read openid profile offline_access"
) -> httpx.Response:
    return http.post(
        f"{em.url}/{em.tenant_domain}/oauth2/v2.0/devicecode",
        data={"client_id": em.client_id, "scope": scope},
    )


def poll(http: httpx.Client, em: RunningEmulator, device_code: str) -> httpx.Response:
    return http.post(
        f"{em.url}/{em.tenant_id}/oauth2/v2.0/token",
        data={"grant_type": DEVICE_CODE_GRANT, "client_id": em.client_id, "device_code": device_code},
    )


def error_of(answer: httpx.Response) -> tuple[str, list[int]]:
    body = answer.json()
    return body["error"], body["error_codes"]


def test_the_device_authorization_response_has_entras_fields(
    emulator: RunningEmulator, emulator_http: httpx.Client, timing: DeviceCodeTiming
) -> None:
    """device_code, user_code, verification_uri, expires_in, interval and a message naming page and code."""
    body = start(emulator_http, emulator).json()
    assert set(body) == {"device_code", "user_code", "verification_uri", "expires_in", "interval", "message"}
    assert body["verification_uri"] == f"{emulator.signin_url}/devicelogin"  # plain HTTP, loopback
    assert body["interval"] == 1
    assert body["expires_in"] == 900
    assert body["user_code"] in body["message"]
    assert body["verification_uri"] in body["message"]


def test_polling_answers_pending_then_slow_down_then_tokens_once(
    emulator: RunningEmulator, emulator_http: httpx.Client, timing: DeviceCodeTiming, clock: Clock
) -> None:
    """Pending (70016) until the person finishes; too fast is slow_down; then tokens, once."""
    body = start(emulator_http, emulator).json()
    assert error_of(poll(emulator_http, emulator, body["device_code"])) == ("authorization_pending", [70016])
    assert error_of(poll(emulator_http, emulator, body["device_code"]))[0] == "slow_down"
    enter_code(emulator, body["verification_uri"], body["user_code"], "sarah@acme.com")
    clock.sleep(6.2)  # the interval grew by 5 s with slow_down
    tokens = poll(emulator_http, emulator, body["device_code"])
    assert tokens.status_code == 200, tokens.text
    assert {"access_token", "id_token", "refresh_token", "expires_in", "scope"} <= set(tokens.json())
    clock.sleep(6.2)
    assert error_of(poll(emulator_http, emulator, body["device_code"])) == ("invalid_grant", [54005])


def test_a_cancelled_an_unknown_and_an_expired_code(
    emulator: RunningEmulator, emulator_http: httpx.Client, timing: DeviceCodeTiming, clock: Clock
) -> None:
    """Cancelled: authorization_declined; made up: bad_verification_code; past its end: expired_token."""
    body = start(emulator_http, emulator).json()
    enter_code(emulator, body["verification_uri"], body["user_code"], None)
    assert error_of(poll(emulator_http, emulator, body["device_code"]))[0] == "authorization_declined"
    assert error_of(poll(emulator_http, emulator, "not-a-code")) == ("bad_verification_code", [70018])
    timing.expires_in = 1
    body = start(emulator_http, emulator).json()
    clock.sleep(1.2)
    assert error_of(poll(emulator_http, emulator, body["device_code"])) == ("expired_token", [70019])
    page = emulator_http.post(body["verification_uri"], data={"otc": body["user_code"]})
    assert page.status_code == 400


def test_unknown_scopes_and_apps_without_public_client_flows_are_refused(
    emulator: RunningEmulator, emulator_http: httpx.Client, tenant: TenantState, timing: DeviceCodeTiming
) -> None:
    """A scope Graph has no delegated permission for is invalid_scope; a confidential-only app: 7000218."""
    assert error_of(start(emulator_http, emulator, "Mail.ReadWrite.All openid")) == ("invalid_scope", [70011])
    with tenant.transaction():
        app = tenant.application(emulator.client_id)
        assert app is not None
        app.is_fallback_public_client = False
    body = start(emulator_http, emulator).json()
    assert error_of(poll(emulator_http, emulator, body["device_code"])) == ("invalid_client", [7000218])
