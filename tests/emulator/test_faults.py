"""Fault injection seen from a client over real HTTPS: 429 budgets, 5xx, dropped connections, latency."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import httpx
import msal
import pytest

from mailwarden.emulator.faults import (
    DROPPED,
    PRESETS,
    ConnectionDropped,
    FaultMiddleware,
    Faults,
    LoggedRequest,
    Message,
    Receive,
    Scope,
    Send,
    apply_fault_spec,
    apply_throttle_spec,
    parse_duration,
)
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator

MsalFactory = Callable[..., msal.ConfidentialClientApplication]
GRAPH_PATH = "/v1.0/organization"


def _graph_token(msal_app: MsalFactory) -> dict[str, str]:
    result = msal_app().acquire_token_for_client(["https://graph.microsoft.com/.default"])
    return {"Authorization": f"Bearer {result['access_token']}"}


def test_spent_graph_budget_answers_429_with_retry_after_and_graph_body(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """Past its budget a client gets 429, a Retry-After in seconds and Graph's TooManyRequests error."""
    emulator.faults.throttle("graph", budget=2, window_s=10)
    served = [emulator_http.get(emulator.url + GRAPH_PATH).status_code for _ in range(2)]
    throttled = emulator_http.get(emulator.url + GRAPH_PATH)
    assert 429 not in served
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) >= 1
    assert throttled.json()["error"]["code"] == "TooManyRequests"
    assert throttled.json()["error"]["message"] == "Too many requests"


def test_budget_refills_after_retry_after(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """A client that waits the Retry-After it was given is served again."""
    emulator.faults.throttle("graph", budget=1, window_s=1)
    emulator_http.get(emulator.url + GRAPH_PATH)
    throttled = emulator_http.get(emulator.url + GRAPH_PATH)
    assert throttled.status_code == 429
    time.sleep(float(throttled.headers["Retry-After"]))
    assert emulator_http.get(emulator.url + GRAPH_PATH).status_code != 429


def test_fixed_retry_after_is_sent_as_configured(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """A throttle with retry_after_s sends exactly that Retry-After."""
    emulator.faults.throttle("graph", budget=1, window_s=60, retry_after_s=7)
    emulator_http.get(emulator.url + GRAPH_PATH)
    assert emulator_http.get(emulator.url + GRAPH_PATH).headers["Retry-After"] == "7"


def test_budgets_are_kept_per_app(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client, msal_app: MsalFactory
) -> None:
    """An app that spent its budget does not spend anyone else's (here: an anonymous caller's)."""
    headers = _graph_token(msal_app)
    emulator.faults.throttle("graph", budget=1, window_s=60)
    assert emulator_http.get(emulator.url + GRAPH_PATH, headers=headers).status_code != 429
    assert emulator_http.get(emulator.url + GRAPH_PATH, headers=headers).status_code == 429
    assert emulator_http.get(emulator.url + GRAPH_PATH).status_code != 429


def test_throttling_one_api_leaves_the_others_alone(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client, msal_app: MsalFactory
) -> None:
    """A Graph budget does not throttle Exchange or token requests."""
    emulator.faults.throttle("graph", budget=1, window_s=60)
    emulator_http.get(emulator.url + GRAPH_PATH)
    assert emulator_http.get(emulator.url + GRAPH_PATH).status_code == 429
    assert "access_token" in msal_app().acquire_token_for_client(["https://graph.microsoft.com/.default"])
    exchange = emulator_http.post(f"{emulator.url}/adminapi/beta/{emulator.tenant_id}/InvokeCommand", json={})
    assert exchange.status_code != 429


def test_exchange_429_carries_rate_limit_headers_and_exchange_body(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """Exchange answers in its own error shape and tells the budget in Rate-Limit-* headers."""
    emulator.faults.throttle("exchange", budget=1, window_s=60)
    url = f"{emulator.url}/adminapi/beta/{emulator.tenant_id}/InvokeCommand"
    first = emulator_http.post(url, json={})
    assert first.headers["Rate-Limit-Limit"] == "1"
    assert first.headers["Rate-Limit-Remaining"] == "0"
    throttled = emulator_http.post(url, json={})
    assert throttled.status_code == 429
    assert "Retry-After" in throttled.headers
    assert "Rate-Limit-Reset" in throttled.headers
    assert throttled.json()["error"]["code"] == "TooManyRequests"
    assert throttled.json()["error"]["details"][0]["message"]


def test_throttled_token_request_gets_plain_429(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """The identity platform's 429 is plain text with Retry-After, as Entra ID sends it."""
    emulator.faults.throttle("identity", budget=1, window_s=60, retry_after_s=60)
    url = f"{emulator.url}/{emulator.tenant_id}/oauth2/v2.0/token"
    emulator_http.post(url, data={"grant_type": "client_credentials"})
    throttled = emulator_http.post(url, data={"grant_type": "client_credentials"})
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "60"
    assert throttled.text == "Too Many Requests"


def test_failure_fault_answers_503_the_given_number_of_times(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """fail(times=2) makes exactly the next two requests fail, with the API's error body."""
    emulator.faults.fail("graph", status=503, times=2)
    responses = [emulator_http.get(emulator.url + GRAPH_PATH) for _ in range(3)]
    assert [r.status_code for r in responses][:2] == [503, 503]
    assert responses[0].json()["error"]["code"] == "serviceNotAvailable"
    assert responses[2].status_code != 503


def test_identity_failure_has_entra_shape(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """A failed token request looks like Entra's transient error (AADSTS90033)."""
    emulator.faults.fail("identity", status=503)
    body = emulator_http.post(f"{emulator.url}/{emulator.tenant_id}/oauth2/v2.0/token", data={}).json()
    assert body["error"] == "temporarily_unavailable"
    assert body["error_description"].startswith("AADSTS90033:")


def test_dropped_connection_is_a_transport_error_not_a_response(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """A dropped request closes the TCP connection with no response; the next request is served."""
    emulator.faults.drop("graph", times=1)
    with pytest.raises(httpx.TransportError):
        emulator_http.get(emulator.url + GRAPH_PATH)
    assert emulator_http.get(emulator.url + GRAPH_PATH).status_code != 503
    assert emulator.faults.requests("graph")[0].status == DROPPED


def test_drop_on_all_covers_every_api(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """A fault for "all" hits whichever API is called next."""
    emulator.faults.drop("all", times=1)
    with pytest.raises(httpx.TransportError):
        emulator_http.get(f"{emulator.url}/{emulator.tenant_id}/v2.0/.well-known/openid-configuration")
    assert (
        emulator_http.get(
            f"{emulator.url}/{emulator.tenant_id}/v2.0/.well-known/openid-configuration"
        ).status_code
        == 200
    )


def test_latency_delays_every_request(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """latency() makes each request to that API take at least that long."""
    emulator.faults.latency("identity", 300)
    started = time.monotonic()
    emulator_http.get(f"{emulator.url}/{emulator.tenant_id}/v2.0/.well-known/openid-configuration")
    assert time.monotonic() - started >= 0.3


def test_request_log_records_each_request_and_reset_clears_it(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client
) -> None:
    """The log holds time, API, method, path and status of every request, so tests can check retry timing."""
    emulator.faults.fail("exchange", status=500)
    emulator_http.post(f"{emulator.url}/adminapi/beta/{emulator.tenant_id}/InvokeCommand", json={})
    (entry,) = emulator.faults.requests("exchange")
    assert (entry.api, entry.method, entry.status) == ("exchange", "POST", 500)
    assert entry.path == f"/adminapi/beta/{emulator.tenant_id}/InvokeCommand"
    assert entry.time <= time.monotonic()
    emulator.faults.reset()
    assert emulator.faults.log == []


def test_in_process_drop_raises_connection_dropped() -> None:
    """Without a socket to close (an in-process transport), a drop surfaces as ConnectionDropped."""
    faults = Faults()
    faults.drop("graph")
    reached: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        reached.append(scope["path"])

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        raise AssertionError(f"a dropped request must not answer: {message}")

    scope: Scope = {
        "type": "http",
        "method": "GET",
        "path": GRAPH_PATH,
        "headers": [],
        "client": ("1.2.3.4", 1),
    }
    with pytest.raises(ConnectionDropped):
        asyncio.run(FaultMiddleware(app, faults)(scope, receive, send))
    assert reached == []
    assert faults.log[0].status == DROPPED


def test_fault_specs_from_the_command_line() -> None:
    """--throttle and --fault strings arm the same faults as the methods do."""
    faults = Faults()
    apply_throttle_spec(faults, "graph:2/1m30s:5")
    apply_fault_spec(faults, "exchange:503:2")
    apply_fault_spec(faults, "identity:drop")
    assert faults.decide("identity", "ip:x", "t").action == "drop"
    assert [faults.decide("exchange", "ip:x", "t").status for _ in range(3)] == [503, 503, 200]
    verdicts = [faults.decide("graph", "app:a", "t", now=100.0) for _ in range(3)]
    assert [v.action for v in verdicts] == ["pass", "pass", "throttle"]
    assert verdicts[2].retry_after_s == 5


@pytest.mark.parametrize("spec", ["graph", "graph:100", "graph:x/10s", "mail:1/1s", "graph:1/soon"])
def test_bad_throttle_spec_is_refused(spec: str) -> None:
    """A malformed --throttle value is a ValueError naming the expected form."""
    with pytest.raises(ValueError, match=r"throttle|API|duration"):
        apply_throttle_spec(Faults(), spec)


@pytest.mark.parametrize("spec", ["graph", "graph:boom", "graph:200:1", "nowhere:503", "graph:503:x"])
def test_bad_fault_spec_is_refused(spec: str) -> None:
    """A malformed --fault value is a ValueError naming the expected form."""
    with pytest.raises(ValueError, match=r"fault|API|status"):
        apply_fault_spec(Faults(), spec)


def test_durations_and_presets() -> None:
    """Durations read as people write them; presets apply Microsoft's published budgets."""
    assert [parse_duration(t) for t in ("10s", "2m30s", "1h", "0.5")] == [10, 150, 3600, 0.5]
    faults = Faults()
    rule = faults.preset("graph-directory-small")
    assert (rule.budget, rule.window_s) == (3500, 10)
    assert set(PRESETS) >= {"graph-directory-small", "exchange"}


def test_token_bucket_refills_at_budget_per_window() -> None:
    """A spent budget comes back at budget/window per second, and never above the budget."""
    faults = Faults()
    faults.throttle("graph", budget=10, window_s=10)
    assert all(faults.decide("graph", "app:a", "t", now=0.0).action == "pass" for _ in range(10))
    assert faults.decide("graph", "app:a", "t", now=0.0).retry_after_s == 1
    assert faults.decide("graph", "app:a", "t", now=1.0).action == "pass"
    assert faults.decide("graph", "app:a", "t", now=1.0).action == "throttle"
    assert sum(faults.decide("graph", "app:a", "t", now=1000.0).action == "pass" for _ in range(20)) == 10


@pytest.mark.parametrize(
    "arm",
    [
        lambda f: f.latency("all", 0),
        lambda f: f.throttle("graph", budget=5, window_s=10),
        lambda f: f.preset("exchange"),
        lambda f: f.fail("exchange"),
        lambda f: f.fail_items("graph", matching="members"),
        lambda f: f.drop("identity"),
        lambda f: f.expire_pages(),
        lambda f: f.regional("localhost"),
    ],
    ids=["latency", "throttle", "preset", "fail", "fail_items", "drop", "expire_pages", "regional"],
)
def test_any_fault_set_arms_the_faults_until_reset(arm: Callable[[Faults], object]) -> None:
    """armed() says whether what the emulator answers may depend on more than the tenant's state: any fault
    set counts (a latency of 0 and a spent countdown too), and reset disarms."""
    faults = Faults()
    assert not faults.armed()
    arm(faults)
    assert faults.armed()
    for _ in range(3):
        faults.decide("exchange", "ip:x", "t", paging=True)
        faults.decide("graph", "ip:x", "t", item="/users/u/members")
        faults.decide("identity", "ip:x", "t")
    assert faults.armed()
    faults.reset()
    assert not faults.armed()


def test_a_log_mark_forgets_only_the_requests_logged_after_it() -> None:
    """forget_since(log_mark()) leaves the log as it was at the mark, keeping what came before."""
    faults = Faults()
    first, second, third = (LoggedRequest(float(t), "graph", "GET", f"/v1.0/{t}", 200) for t in range(3))
    faults.record(first)
    mark = faults.log_mark()
    assert mark == 1
    faults.record(second)
    faults.record(third)
    faults.forget_since(mark)
    assert faults.log == [first]
    assert faults.requests() == [first]
    faults.forget_since(faults.log_mark())
    assert faults.log == [first]
    faults.record(second)
    assert faults.log == [first, second]
