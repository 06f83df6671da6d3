"""Fault injection for the emulator: latency, rate budgets (429 + Retry-After), 5xx and dropped connections.

Faults are set on a `Faults` object held by the running emulator (`em.faults.throttle("graph", ...)`),
never by patching client code, so the retry logic under test is the shipped one. Each rule names an API:
"graph" (paths under /v1.0), "exchange" (/adminapi), "identity" (everything else) or "all".

    faults.latency("all", 200)                           every request waits 200 ms
    faults.throttle("graph", budget=100, window_s=10)    100 requests per 10 s per app and tenant, then 429
    faults.fail("exchange", status=503, times=5)         the next 5 Exchange requests answer 503
    faults.drop("graph", times=3)                        the next 3 Graph requests lose their connection
    faults.regional("localhost")                         Exchange's front door sends every request to a
                                                         regional host (a 302 to the same path there)
    faults.log                                           (time, api, method, path, status) of every request
    faults.armed()                                       whether any fault is set

Throttling is a token bucket per (rule, app, tenant): `budget` requests fill it, it refills at
budget / window_s per second. The app is the bearer token's `appid`; before a client has a token, its
IP address stands in for it. A throttled request does not spend budget.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import json
import math
import re
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal, cast, get_args
from urllib.parse import urlsplit

import jwt

Api = Literal["graph", "exchange", "identity"]
ApiSelector = Literal["graph", "exchange", "identity", "all"]
API_SELECTORS: Final[tuple[str, ...]] = get_args(ApiSelector)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# A server that can drop a connection puts a zero-argument callable under this scope key (serve.py does).
ABORT_CONNECTION: Final = "mailwarden.abort_connection"
BATCH_ITEM: Final = "mailwarden.batch_item"
"""Scope key of a request run inside a `$batch`: its URL and body (what `fail_items` matches)."""
DROPPED: Final = 0  # the status logged for a request whose connection was dropped
_LOG_LIMIT: Final = 100_000


class ConnectionDropped(ConnectionResetError):
    """Raised in process (no socket to drop) where a served emulator would close the connection."""


@dataclass(frozen=True)
class ThrottleRule:
    api: ApiSelector
    budget: int
    window_s: float
    retry_after_s: float | None = None  # None: the time until one request's worth of budget is back


# Realistic budgets from Microsoft's published limits (see /work/shared/exchange-api.md §3 and §5).
PRESETS: Final[dict[str, ThrottleRule]] = {
    # Graph identity & access, per app + tenant, in resource units per 10 s (1 unit per request here).
    "graph-directory-small": ThrottleRule("graph", 3500, 10),
    "graph-directory-medium": ThrottleRule("graph", 5000, 10),
    "graph-directory-large": ThrottleRule("graph", 8000, 10),
    # Graph directory writes: 3,000 per 2 min 30 s per app + tenant.
    "graph-writes": ThrottleRule("graph", 3000, 150),
    # Exchange admin API: responses carry Rate-Limit-Limit 3000; the window is not published (60 s assumed).
    "exchange": ThrottleRule("exchange", 3000, 60),
}


@dataclass(frozen=True)
class LoggedRequest:
    time: float  # time.monotonic() when the request arrived
    api: Api
    method: str
    path: str
    status: int  # DROPPED (0) when the connection was dropped
    tenant: str = ""  # whose budget it spent: the token's tid, else the path's tenant
    batch_item: bool = False
    """A request carried inside a `$batch` (counted apart: one round trip carries up to 20)."""


@dataclass
class _ItemFailure:
    api: ApiSelector
    remaining: int
    status: int
    matching: str
    after: bool = False  # answered `status` once the request has been carried out


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class _Countdown:
    api: ApiSelector
    remaining: int
    status: int = 0
    after: bool = False  # drop only once the request has been carried out (a lost answer, not request)


@dataclass(frozen=True)
class Verdict:
    """What the middleware does with one request."""

    delay_s: float = 0.0
    action: Literal["pass", "drop", "drop_after", "fail", "fail_after", "throttle", "page_expired"] = "pass"
    status: int = 200
    retry_after_s: int = 0
    rate_headers: dict[str, str] = field(default_factory=dict)


def api_of(path: str) -> Api:
    if path == "/v1.0" or path.startswith("/v1.0/"):
        return "graph"
    if path == "/adminapi" or path.startswith("/adminapi/"):
        return "exchange"
    return "identity"


def _check_api(api: str) -> ApiSelector:
    if api not in API_SELECTORS:
        raise ValueError(f"unknown API {api!r}; use one of {', '.join(API_SELECTORS)}")
    return cast(ApiSelector, api)


class Faults:
    """The faults one emulator applies; safe to change from any thread while it serves."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latency: dict[ApiSelector, float] = {}
        self._throttles: dict[ApiSelector, ThrottleRule] = {}
        self._buckets: dict[tuple[ApiSelector, str, str], _Bucket] = {}
        self._failures: list[_Countdown] = []
        self._drops: list[_Countdown] = []
        self._page_expiries: list[_Countdown] = []
        self._item_failures: list[_ItemFailure] = []
        self._regional: str | None = None
        self.log: list[LoggedRequest] = []

    # ---- setting faults ----------------------------------------------------------------------
    def latency(self, api: str, ms: float) -> None:
        """Delay every request to `api` by `ms` milliseconds (0 removes the delay)."""
        selector = _check_api(api)
        if ms < 0:
            raise ValueError(f"latency must be 0 ms or more, not {ms!r}")
        with self._lock:
            self._latency[selector] = ms / 1000

    def throttle(self, api: str, budget: int, window_s: float, retry_after_s: float | None = None) -> None:
        """Allow `budget` requests per `window_s` seconds per app and tenant; beyond that answer 429."""
        selector = _check_api(api)
        if budget < 1 or window_s <= 0 or (retry_after_s is not None and retry_after_s < 0):
            raise ValueError(
                "a throttle needs a budget of 1 or more, a window above 0 s and a Retry-After >= 0"
            )
        with self._lock:
            self._throttles[selector] = ThrottleRule(selector, budget, window_s, retry_after_s)
            self._buckets = {k: b for k, b in self._buckets.items() if k[0] != selector}

    def preset(self, name: str) -> ThrottleRule:
        """Apply one of the named realistic budgets in PRESETS."""
        rule = PRESETS.get(name)
        if rule is None:
            raise ValueError(f"unknown throttle preset {name!r}; presets: {', '.join(PRESETS)}")
        self.throttle(rule.api, rule.budget, rule.window_s, rule.retry_after_s)
        return rule

    def fail(self, api: str, status: int = 503, times: int = 1) -> None:
        """Answer the next `times` requests to `api` with `status` (a 5xx, or any error status)."""
        selector = _check_api(api)
        if not 400 <= status <= 599 or times < 1:
            raise ValueError(
                f"a failure needs an error status (400-599) and times >= 1, not {status}x{times}"
            )
        with self._lock:
            self._failures.append(_Countdown(selector, times, status))

    def fail_items(
        self,
        api: str,
        status: int = 500,
        times: int = 1,
        *,
        matching: str = "",
        after_processing: bool = False,
    ) -> None:
        """Answer the next `times` requests inside a `$batch` to `api` whose URL or body contains `matching`
        with `status`, the other items of the same batch answering as usual (a partial failure).

        With `after_processing` the request is carried out first and answered `status` after (a 5xx from a
        service that made the change and failed on the way back: "may have landed")."""
        selector = _check_api(api)
        if not 400 <= status <= 599 or times < 1:
            raise ValueError(
                f"a failure needs an error status (400-599) and times >= 1, not {status}x{times}"
            )
        if after_processing and status < 500:
            # Microsoft refuses with a 4xx before doing anything; only a 5xx may follow a change made
            raise ValueError(f"a request carried out is answered a 5xx, not {status}")
        with self._lock:
            self._item_failures.append(
                _ItemFailure(selector, times, status, matching.lower(), after=after_processing)
            )

    def drop(self, api: str, times: int = 1, *, after_processing: bool = False) -> None:
        """Close the connection of the next `times` requests to `api` without any response.

        With `after_processing` the request is carried out first and only its answer is lost, as when a
        timeout strikes after the service has made the change: a client that simply sends it again
        meets its own first write ("already exists").
        """
        selector = _check_api(api)
        if times < 1:
            raise ValueError(f"times must be 1 or more, not {times!r}")
        with self._lock:
            self._drops.append(_Countdown(selector, times, after=after_processing))

    def expire_pages(self, times: int = 1) -> None:
        """Refuse the next `times` Exchange page requests (a `$skiptoken`) as expired.

        Exchange's paging token names the backend that served page one; replayed on another backend it is
        refused at once with "Expired or Invalid pagination request" (measured by a real client), so a
        client must be able to start that listing again.
        """
        if times < 1:
            raise ValueError(f"times must be 1 or more, not {times!r}")
        with self._lock:
            self._page_expiries.append(_Countdown("exchange", times, 400))

    def regional(self, host: str | None) -> None:
        """Answer every Exchange request sent to a host other than `host` with a 302 to the same address on
        `host` (the port kept), as Exchange Online's front door sends a tenant's requests to the regional
        backend that holds its mailboxes (exchange-api.md §1.1: `Location` on a regional host, which the
        client then stays on); None: no redirect. `host` must reach this emulator ('localhost' does, for
        one served on 127.0.0.1, and its certificate names it). The 302 waits out the API's latency and
        spends no budget (whether Microsoft counts it is not published)."""
        if host is not None and not host.strip():
            raise ValueError("a regional host needs a name")
        with self._lock:
            self._regional = host.strip().lower() if host else None

    def redirect_of(self, api: Api, host: str) -> tuple[str, float] | None:
        """The regional host a request to `api` sent to `host` is redirected to, and the latency it waits
        first; None when it is served where it was sent."""
        with self._lock:
            if api != "exchange" or self._regional is None or host.lower() == self._regional:
                return None
            return self._regional, sum(self._latency.get(s, 0.0) for s in ("all", api))

    def reset(self) -> None:
        """Remove every fault and spent budget, and clear the request log."""
        with self._lock:
            self._regional = None
            self._latency.clear()
            self._throttles.clear()
            self._buckets.clear()
            self._failures.clear()
            self._drops.clear()
            self._page_expiries.clear()
            self._item_failures.clear()
            self.log = []

    def requests(self, api: str = "all") -> list[LoggedRequest]:
        """The logged requests to `api` ("all" for every one), oldest first."""
        with self._lock:
            return [r for r in self.log if api in ("all", r.api)]

    def armed(self) -> bool:
        """Whether any fault has been set since the last `reset` (spent or not, a latency of 0 too): while
        none is, what the emulator answers depends on the tenant's state alone."""
        with self._lock:
            return any(
                (
                    self._latency,
                    self._throttles,
                    self._failures,
                    self._drops,
                    self._page_expiries,
                    self._item_failures,
                    self._regional,
                )
            )

    def log_mark(self) -> int:
        """Where the request log ends now: `forget_since` takes it."""
        with self._lock:
            return len(self.log)

    def forget_since(self, mark: int) -> None:
        """Drop from the request log every request logged after `mark` (a `log_mark()`)."""
        with self._lock:
            del self.log[mark:]

    # ---- applying them -----------------------------------------------------------------------
    def decide(
        self,
        api: Api,
        principal: str,
        tenant: str,
        now: float | None = None,
        *,
        paging: bool = False,
        item: str | None = None,
    ) -> Verdict:
        """Consume one request's worth of faults and budget, and say what happens to the request.

        `item` is the URL and body of a request inside a `$batch`: it spends budget of its own (Microsoft
        evaluates each against the limits) but no latency (it never crossed the network on its own)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            delay = 0.0 if item is not None else sum(self._latency.get(s, 0.0) for s in ("all", api))
            if item is not None:
                for failure in self._item_failures:
                    if failure.api in ("all", api) and failure.remaining > 0 and failure.matching in item:
                        failure.remaining -= 1
                        failed: Literal["fail", "fail_after"] = "fail_after" if failure.after else "fail"
                        return Verdict(delay_s=0.0, action=failed, status=failure.status)
            if item is not None:
                return self._spend(api, principal, tenant, now, delay)
            if paging and api == "exchange":
                for countdown in self._page_expiries:
                    if countdown.remaining > 0:
                        countdown.remaining -= 1
                        return Verdict(delay_s=delay, action="page_expired", status=400)
            for countdown in self._drops:
                if countdown.api in ("all", api) and countdown.remaining > 0:
                    countdown.remaining -= 1
                    action: Literal["drop", "drop_after"] = "drop_after" if countdown.after else "drop"
                    return Verdict(delay_s=delay, action=action, status=DROPPED)
            for countdown in self._failures:
                if countdown.api in ("all", api) and countdown.remaining > 0:
                    countdown.remaining -= 1
                    return Verdict(delay_s=delay, action="fail", status=countdown.status)
            return self._spend(api, principal, tenant, now, delay)

    def _spend(self, api: Api, principal: str, tenant: str, now: float, delay: float) -> Verdict:
        """Take one request from the budgets of `api` (the caller holds the lock)."""
        rate_headers: dict[str, str] = {}
        selectors: tuple[ApiSelector, ...] = ("all", api)
        for selector in selectors:
            rule = self._throttles.get(selector)
            if rule is None:
                continue
            bucket = self._bucket(rule, principal, tenant, now)
            rate = rule.budget / rule.window_s
            if bucket.tokens < 1:
                wait = rule.retry_after_s if rule.retry_after_s is not None else (1 - bucket.tokens) / rate
                return Verdict(
                    delay_s=delay,
                    action="throttle",
                    status=429,
                    retry_after_s=max(1, math.ceil(wait)) if wait > 0 else 0,
                    rate_headers=_rate_headers(rule, bucket),
                )
            bucket.tokens -= 1
            rate_headers = _rate_headers(rule, bucket)
        return Verdict(delay_s=delay, rate_headers=rate_headers)

    def _bucket(self, rule: ThrottleRule, principal: str, tenant: str, now: float) -> _Bucket:
        key = (rule.api, principal, tenant)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(tokens=float(rule.budget), updated=now)
        bucket.tokens = min(
            float(rule.budget), bucket.tokens + (now - bucket.updated) * rule.budget / rule.window_s
        )
        bucket.updated = now
        return bucket

    def record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self.log.append(entry)
            if len(self.log) > _LOG_LIMIT:
                # A long-running `mailwarden emulator` must not grow without bound; tests never get near.
                del self.log[: len(self.log) - _LOG_LIMIT]


def _rate_headers(rule: ThrottleRule, bucket: _Bucket) -> dict[str, str]:
    """Exchange's Rate-Limit-* headers (limit, what is left, when the budget is full again)."""
    seconds_to_full = (rule.budget - bucket.tokens) * rule.window_s / rule.budget
    reset = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds_to_full)
    return {
        "Rate-Limit-Limit": str(rule.budget),
        "Rate-Limit-Remaining": str(max(0, math.floor(bucket.tokens))),
        "Rate-Limit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


# ---- spec strings (the CLI's --throttle and --fault) ---------------------------------------------

_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s?)?$")


def parse_duration(text: str) -> float:
    """`10s`, `2m30s`, `1h`, `0.5` -> seconds."""
    match = _DURATION.match(text.strip().lower())
    if not text.strip() or match is None or not any(match.groups()):
        raise ValueError(f"{text!r} is not a duration; write it as 10s, 2m30s or 1h")
    hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def apply_throttle_spec(faults: Faults, spec: str) -> None:
    """`graph:100/10s[:RETRY_AFTER]` or a preset name such as `graph-directory-small`."""
    if spec in PRESETS:
        faults.preset(spec)
        return
    match = re.fullmatch(r"(\w+):(\d+)/([\w.]+)(?::([\w.]+))?", spec.strip())
    if match is None:
        raise ValueError(
            f"{spec!r} is not a throttle; write API:BUDGET/WINDOW[:RETRY_AFTER] as in "
            f"graph:100/10s:2, or a preset ({', '.join(PRESETS)})"
        )
    api, budget, window, retry_after = match.groups()
    faults.throttle(
        api, int(budget), parse_duration(window), parse_duration(retry_after) if retry_after else None
    )


def apply_fault_spec(faults: Faults, spec: str) -> None:
    """`exchange:503:5` (answer 503 five times) or `graph:drop:3` (drop three connections)."""
    parts = spec.strip().split(":")
    if len(parts) not in (2, 3) or (len(parts) == 3 and not parts[2].isdigit()):
        raise ValueError(
            f"{spec!r} is not a fault; write API:STATUS[:TIMES] or API:drop[:TIMES], "
            "as in exchange:503:5 or graph:drop:3"
        )
    api, kind = parts[0], parts[1].lower()
    times = int(parts[2]) if len(parts) == 3 else 1
    if kind == "drop":
        faults.drop(api, times)
    elif kind.isdigit():
        faults.fail(api, int(kind), times)
    else:
        raise ValueError(f"{spec!r} is not a fault: {parts[1]!r} is neither an HTTP status nor 'drop'")


# ---- the middleware --------------------------------------------------------------------------------


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""


@functools.lru_cache(maxsize=256)
def _token_owner(token: str) -> tuple[str, str] | None:
    """The app and tenant a token names, read unverified (only to pick whose budget a request spends: the
    API verifies the token itself). Kept per token: a `$batch` of 20 carries one token to all 20 items,
    and decoding it again for each cost the emulator a tenth of its time; the budget is spent as before."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    return f"app:{claims.get('appid', '')}", str(claims.get("tid", ""))


def _principal_and_tenant(scope: Scope, api: Api) -> tuple[str, str]:
    """Whose budget a request spends: the token's app and tenant, else the client IP and the path's tenant."""
    authorization = _header(scope, b"authorization")
    if authorization.lower().startswith("bearer "):
        owner = _token_owner(authorization[7:].strip())
        if owner is not None:
            return owner
        # a malformed token is the resource API's to refuse; budget it by address
    client = scope.get("client") or ("", 0)
    segments = [s for s in str(scope.get("path", "")).split("/") if s]
    tenant = ""
    if api == "identity" and segments:
        tenant = segments[0].lower()
    elif api == "exchange" and len(segments) >= 3:
        tenant = segments[2].lower()
    return f"ip:{client[0]}", tenant


def _error_body(api: Api, status: int, scope: Scope, retry_after_s: int) -> tuple[bytes, str]:
    """The body each API sends for a throttled or failed request, and its content type."""
    now = dt.datetime.now(dt.UTC)
    request_id = str(uuid.uuid4())
    if api == "graph":
        code, message = {
            429: ("TooManyRequests", "Too many requests"),
            500: ("generalException", "An unexpected error occurred."),
            502: ("badGateway", "Bad gateway."),
            503: ("serviceNotAvailable", "The service is temporarily unavailable. Please try again later."),
            504: ("gatewayTimeout", "The gateway timed out."),
        }.get(status, ("UnknownError", "An error occurred."))
        body: dict[str, Any] = {
            "error": {
                "code": code,
                "message": message,
                "innerError": {
                    "date": now.strftime("%Y-%m-%dT%H:%M:%S"),
                    "request-id": request_id,
                    "client-request-id": _header(scope, b"client-request-id") or request_id,
                },
            }
        }
        return json.dumps(body).encode(), "application/json"
    if api == "exchange":
        # The admin API's 429 body is not documented; this follows its error shape (exchange-api.md §1.6).
        code, text = {
            429: ("TooManyRequests", f"The request was throttled. Try again in {retry_after_s} seconds."),
            500: ("InternalServerError", "An internal server error occurred."),
            503: ("ServiceUnavailable", "The service is temporarily unavailable. Try again later."),
        }.get(status, ("ServerError", "The server could not complete the request."))
        body = {
            "error": {
                "code": code,
                "message": "Error executing cmdlet",
                "details": [{"code": "Context", "target": "", "message": text}],
                "innererror": {
                    "message": text,
                    "type": "Microsoft.Exchange.Admin.OData.Core.ODataServiceException",
                },
            }
        }
        return json.dumps(body).encode(), "application/json"
    if status == 429:
        # Entra ID answers a throttled token request with a plain-text body and Retry-After.
        return b"Too Many Requests", "text/plain; charset=utf-8"
    trace_id, stamp = str(uuid.uuid4()), now.strftime("%Y-%m-%d %H:%M:%SZ")
    correlation_id = _header(scope, b"client-request-id") or str(uuid.uuid4())
    text = "A transient error has occurred. Please try again."
    body = {
        "error": "temporarily_unavailable",
        "error_description": (
            f"AADSTS90033: {text}\r\nTrace ID: {trace_id}\r\n"
            f"Correlation ID: {correlation_id}\r\nTimestamp: {stamp}"
        ),
        "error_codes": [90033],
        "timestamp": stamp,
        "trace_id": trace_id,
        "correlation_id": correlation_id,
    }
    return json.dumps(body).encode(), "application/json"


class FaultMiddleware:
    """Pure ASGI middleware applying a `Faults` object to every HTTP request, and logging each one."""

    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        api = api_of(path)
        principal, tenant = _principal_and_tenant(scope, api)
        if scope.get(BATCH_ITEM) is None and (redirect := self._redirect(api, scope)) is not None:
            location, delay = redirect
            started = time.monotonic()
            if delay:
                await asyncio.sleep(delay)
            await _drain(receive)  # the body was sent: read it, as a server does before it answers
            method = str(scope.get("method", ""))
            self.faults.record(LoggedRequest(started, api, method, path, 302, tenant))
            headers = [(b"location", location.encode()), (b"content-length", b"0")]
            await send({"type": "http.response.start", "status": 302, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        paging = b"skiptoken" in bytes(scope.get("query_string", b"")).lower()
        item: str | None = scope.get(BATCH_ITEM)
        verdict = self.faults.decide(api, principal, tenant, paging=paging, item=item)
        started = time.monotonic()
        recorded = False

        def record(status: int) -> None:
            # Logged before the client can see the answer, so a test reading the log right after a call
            # always finds that call in it.
            nonlocal recorded
            if not recorded:
                recorded = True
                method = str(scope.get("method", ""))
                self.faults.record(
                    LoggedRequest(started, api, method, path, status, tenant, item is not None)
                )

        try:
            if verdict.delay_s:
                await asyncio.sleep(verdict.delay_s)
            if verdict.action == "drop":
                record(DROPPED)
                await _drop(scope, receive)
                return
            if verdict.action == "drop_after":

                async def swallow(message: Message) -> None:
                    return None

                await self.app(scope, receive, swallow)
                record(DROPPED)
                await _drop(scope, receive)
                return
            if verdict.action == "page_expired":
                record(verdict.status)
                await _send_json(send, 400, _expired_page_body())
                return
            if verdict.action == "fail_after":

                async def carried_out(message: Message) -> None:
                    return None

                await self.app(scope, receive, carried_out)
            if verdict.action in ("fail", "fail_after", "throttle"):
                record(verdict.status)
                await self._refuse(api, scope, send, verdict)
                return

            async def send_recording(message: Message) -> None:
                if message["type"] == "http.response.start":
                    if api == "exchange" and verdict.rate_headers:
                        message["headers"] = [
                            *message.get("headers", []),
                            *((k.lower().encode(), v.encode()) for k, v in verdict.rate_headers.items()),
                        ]
                    record(int(message["status"]))
                await send(message)

            await self.app(scope, receive, send_recording)
        finally:
            record(DROPPED)

    def _redirect(self, api: Api, scope: Scope) -> tuple[str, float] | None:
        """Where the front door sends this request (`Faults.regional`), and the latency it waits first."""
        sent_to = urlsplit("//" + _header(scope, b"host"))
        regional = self.faults.redirect_of(api, sent_to.hostname or "")
        if regional is None:
            return None
        host, delay = regional
        port = f":{sent_to.port}" if sent_to.port else ""
        query = bytes(scope.get("query_string", b"")).decode("latin-1")
        path = bytes(scope.get("raw_path") or str(scope.get("path", "")).encode()).decode("latin-1")
        return f"https://{host}{port}{path}{'?' + query if query else ''}", delay

    async def _refuse(self, api: Api, scope: Scope, send: Send, verdict: Verdict) -> None:
        body, content_type = _error_body(api, verdict.status, scope, verdict.retry_after_s)
        headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]
        if verdict.action == "throttle":
            headers.append((b"retry-after", str(verdict.retry_after_s).encode()))
            if api == "exchange":
                headers += [(k.lower().encode(), v.encode()) for k, v in verdict.rate_headers.items()]
        await send({"type": "http.response.start", "status": verdict.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _expired_page_body() -> dict[str, Any]:
    text = "Expired or Invalid pagination request. Default Expiry time is 00:30:00"
    return {
        "error": {
            "code": "BadRequest",
            "message": text,
            "details": [{"code": "Context", "target": "", "message": text}],
            "innererror": {
                "message": text,
                "type": "Microsoft.Exchange.Admin.OData.Core.ODataServiceException",
            },
        }
    }


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    raw = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": raw})


async def _drain(receive: Receive) -> None:
    while (message := await receive())["type"] == "http.request" and message.get("more_body"):
        pass


async def _drop(scope: Scope, receive: Receive) -> None:
    abort = scope.get(ABORT_CONNECTION)
    if abort is None:
        raise ConnectionDropped("the emulator dropped the connection (fault injection)")
    abort()
    # Wait until the server has noticed the closed transport, so it does not answer 500 in its place.
    while (await receive())["type"] != "http.disconnect":
        pass
