"""A tenant's request budget, spent on every request of the Graph and Exchange clients before it goes.

Microsoft budgets each (app, tenant) pair per API; a client that only reacts to 429 spends part of that
budget on requests that come back refused, and waits out each Retry-After. So every Graph and Exchange
request (each attempt: `BudgetHooks` sit on the clients' one `httpx.AsyncClient`, under their retries)
first takes tokens from a bucket per (tenant, API) that refills at the tenant's rate (`Rate`), and a 429
(on its own, or inside a `$batch`'s 200) holds that bucket for its Retry-After: the tenant's other
requests wait instead of earning more 429s, and no other tenant's bucket is touched.

Where the bucket lives depends on how many processes spend it:

  LocalBudget   in this process (SQLite, the embedded default: the CLI, the demo, a single `serve`); one
                per tenant and app for the whole process (`local_budget`), so two commands' clients in one
                process share it
  SharedBudget  in PostgreSQL, for any number of workers (connectors/shared_limits.py)

Both keep the same bucket: a cost above the burst goes once the bucket is full, into debt that later
takers wait out. The cost model is one: a `$batch` spends one token per request inside it (Microsoft
evaluates each against the throttling limits on its own) and one for the envelope (the emulator counts
it, and Microsoft does not say it is free).
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import httpx

from mailwarden.connectors.endpoints import CloudEndpoints
from mailwarden.connectors.limits import retry_after
from mailwarden.connectors.retry import RetryPolicy

__all__ = [
    "DEFAULT_RATES",
    "WINDOW_S",
    "Api",
    "Budget",
    "BudgetHooks",
    "LocalBudget",
    "Rate",
    "charged_to",
    "forget_local_budgets",
    "local_budget",
    "rates",
    "requests_in",
]

Api = Literal["graph", "exchange"]


@dataclass(frozen=True)
class Rate:
    """`per_second` requests on average, at most `burst` at once after a quiet spell."""

    per_second: float
    burst: float

    def __post_init__(self) -> None:
        if self.per_second <= 0 or self.burst < 1:
            raise ValueError("a rate needs more than 0 requests per second and a burst of 1 or more")


WINDOW_S: Mapping[Api, float] = {"graph": 10.0, "exchange": 60.0}
"""The window Microsoft counts each API's budget over (Graph directory: per 10 s; Exchange admin API: its
Rate-Limit-Limit of 3,000, over 60 s assumed). A tenant that was quiet for a window has its whole budget:
the burst is the rate times the window."""


def rates(
    graph: float, exchange: float, *, graph_burst: float | None = None, exchange_burst: float | None = None
) -> dict[Api, Rate]:
    """The budget of one tenant: requests per second to each API, and the burst (default: rate × window)."""
    return {
        "graph": Rate(graph, max(1.0, graph * WINDOW_S["graph"] if graph_burst is None else graph_burst)),
        "exchange": Rate(
            exchange, max(1.0, exchange * WINDOW_S["exchange"] if exchange_burst is None else exchange_burst)
        ),
    }


DEFAULT_RATES: Mapping[Api, Rate] = rates(300, 45)
"""Under Microsoft's published budgets per app and tenant (Graph directory, small tenant: 3,500 per 10 s;
Exchange admin API: 3,000 per 60 s assumed), with a margin for what else uses the app: 300/s with a burst
of 3,000, and 45/s with a burst of 2,700."""

LONGEST_HOLD = RetryPolicy().max_retry_after
"""The longest wait a 429 may put on the tenant's budget: the clients never wait out a longer one themselves
(they give up and reschedule), and a Retry-After of years (a proxy's, a fault's) would otherwise freeze
the tenant for good. A real longer wait is met by the next 429, which holds again."""
MIN_SLEEP = 0.005


class Budget(Protocol):
    """One tenant's budgets for Graph and Exchange."""

    async def take(self, api: Api, cost: int = 1) -> None:
        """Wait until the tenant's API has budget for `cost` more requests, and spend it."""

    async def hold(self, api: Api, seconds: float) -> None:
        """Nothing is sent to this tenant's API for `seconds` (a longer hold already set stays)."""


@dataclass
class _Bucket:
    tokens: float
    refilled_at: float
    held_until: float = 0.0


class LocalBudget:
    """One tenant's budgets kept in this process: a token bucket per API.

    Safe to share between threads and event loops (the arithmetic is under a thread lock, the waiting is
    each caller's own `asyncio.sleep`)."""

    def __init__(
        self, rates: Mapping[Api, Rate] = DEFAULT_RATES, clock: Callable[[], float] = time.monotonic
    ):
        self._rates = dict(rates)
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[Api, _Bucket] = {}
        self._waiting: dict[Api, int] = {}
        self._waiting_since: dict[Api, float] = {}
        self._held_back: dict[Api, float] = {}

    @property
    def rates(self) -> Mapping[Api, Rate]:
        return dict(self._rates)

    def _bucket(self, api: Api, now: float) -> _Bucket:
        """The bucket of `api`, refilled to `now` (the caller holds the lock)."""
        rate = self._rates[api]
        bucket = self._buckets.get(api)
        if bucket is None:
            bucket = self._buckets[api] = _Bucket(tokens=rate.burst, refilled_at=now)
        bucket.tokens = min(rate.burst, bucket.tokens + rate.per_second * max(0.0, now - bucket.refilled_at))
        bucket.refilled_at = now
        return bucket

    def reserve(self, api: Api, cost: int = 1) -> float:
        """Spend `cost` tokens now, into debt if need be, and say how long to wait before sending.

        Reserving at once (rather than taking only once enough tokens are there) serves waiters in the order
        they came: a `$batch` needing eleven tokens is never starved by single requests taking each token as
        it refills, since each later taker waits out the debt of those before it."""
        rate = self._rates[api]
        needed = min(float(cost), rate.burst)
        with self._lock:
            now = self._clock()
            bucket = self._bucket(api, now)
            wait = max(bucket.held_until - now, (needed - bucket.tokens) / rate.per_second, 0.0)
            bucket.tokens -= cost
        return wait

    def held_for(self, api: Api) -> float:
        """Seconds left of a hold on `api` (a 429's Retry-After), 0 when none."""
        with self._lock:
            return max(self._buckets[api].held_until - self._clock(), 0.0) if api in self._buckets else 0.0

    def full_in(self, api: Api) -> float:
        """Seconds until `api`'s bucket is full again (and no hold is on)."""
        rate = self._rates[api]
        with self._lock:
            now = self._clock()
            bucket = self._bucket(api, now)
            return max(bucket.held_until - now, (rate.burst - bucket.tokens) / rate.per_second, 0.0)

    async def take(self, api: Api, cost: int = 1) -> None:
        if (wait := self.reserve(api, cost)) <= 0:
            return
        self._waits(api, +1)
        try:
            while wait > 0:
                await asyncio.sleep(max(wait, MIN_SLEEP))
                wait = self.held_for(api)  # a 429 while this one waited holds it too; its tokens are spent
        finally:
            self._waits(api, -1)

    def _waits(self, api: Api, change: int) -> None:
        with self._lock:
            now = self._clock()
            before = self._waiting.get(api, 0)
            self._waiting[api] = before + change
            if before == 0:
                self._waiting_since[api] = now
            elif before + change == 0:
                self._held_back[api] = self._held_back.get(api, 0.0) + now - self._waiting_since[api]

    def held_back(self, api: Api) -> float:
        """Seconds so far during which some request to `api` waited for budget (or a hold) before it went."""
        with self._lock:
            ongoing = self._clock() - self._waiting_since[api] if self._waiting.get(api) else 0.0
            return self._held_back.get(api, 0.0) + ongoing

    def hold_now(self, api: Api, seconds: float) -> None:
        with self._lock:
            now = self._clock()
            bucket = self._bucket(api, now)
            bucket.held_until = max(bucket.held_until, now + max(0.0, seconds))

    async def hold(self, api: Api, seconds: float) -> None:
        self.hold_now(api, seconds)


_LOCAL: dict[tuple[str, ...], LocalBudget] = {}
_LOCAL_LOCK = threading.Lock()


def local_budget(key: tuple[str, ...], rates: Mapping[Api, Rate] = DEFAULT_RATES) -> LocalBudget:
    """This process's budget for the tenant and app named by `key`: the same one for every caller, so
    every client of the tenant in this process spends one budget. Rates that changed replace the bucket."""
    with _LOCAL_LOCK:
        budget = _LOCAL.get(key)
        if budget is None or budget.rates != dict(rates):
            budget = _LOCAL[key] = LocalBudget(rates)
        return budget


def forget_local_budgets() -> None:
    """Drop every tenant's budget kept in this process (a test's emulator starts with full budgets: each
    test starts with this process's as full, and with no hold a 429 of an earlier test left)."""
    with _LOCAL_LOCK:
        _LOCAL.clear()


CHARGED_TO = "mailwarden.charged_to"
"""The request extension naming the API whose budget a request spends, whatever host it goes to."""


def charged_to(api: Api) -> dict[str, Any]:
    """The request `extensions` that charge a request to `api`'s budget wherever it is sent (the Exchange
    client's, on the regional host a redirect left it on)."""
    return {CHARGED_TO: api}


class BudgetHooks:
    """Spends the tenant's budget on every Graph and Exchange request an `httpx.AsyncClient` sends.

    Event hooks, not a transport: the client keeps its own transport, so proxies from the environment
    apply as before (httpx ignores them under a custom transport). The request hook runs for every
    attempt, retries and re-authentications included, after authentication and right before sending."""

    def __init__(self, budget: Budget, endpoints: CloudEndpoints):
        self._budget = budget
        self._roots: list[tuple[str, Api]] = [
            (endpoints.graph_url.rstrip("/"), "graph"),
            (endpoints.exchange_url.rstrip("/"), "exchange"),
        ]

    def hooks(self) -> dict[str, list[Callable[..., Any]]]:
        """The `event_hooks` argument of an `httpx.AsyncClient`."""
        return {"request": [self.on_request], "response": [self.on_response]}

    def _api_of(self, request: httpx.Request) -> Api | None:
        # The API the client that sends it says (`charged_to`), wherever it is sent: after Exchange's
        # regional redirect the Exchange client stays on a host no root names (red team 77 F4); else the
        # root it goes to.
        said = request.extensions.get(CHARGED_TO)
        return "exchange" if said == "exchange" else "graph" if said == "graph" else self._api(request.url)

    def _api(self, url: httpx.URL) -> Api | None:
        # The address before its query, as `str(url.copy_with(query=None))` says it, at a thirtieth of the
        # cost (httpx builds a URL anew for it: twice a request, on a bulk request's thousands).
        address = str(url).partition("?")[0]
        return next(
            (api for root, api in self._roots if address == root or address.startswith(root + "/")), None
        )

    async def on_request(self, request: httpx.Request) -> None:
        if (api := self._api_of(request)) is not None:
            await self._budget.take(api, requests_in(request))

    async def on_response(self, response: httpx.Response) -> None:
        request = response.request
        if (api := self._api_of(request)) is None:
            return
        wait: float | None = None
        if response.status_code == 429:
            wait = _wait_of(response.headers)
        elif response.status_code == 200 and requests_in(request) > 1:
            wait = await _throttled_inside(response)
        if wait:
            await self._budget.hold(api, min(wait, LONGEST_HOLD))


_STATUS_429 = re.compile(rb'"status"\s*:\s*"?429')
"""Where a `$batch` answer may hold a 429 inside: an answer's status as JSON writes it (429, 429.0, "429":
the clients read a status with int(), so a status sent as text is a 429 to them too)."""

_UNSAID_WAIT = RetryPolicy().base_delay
"""The hold for a 429 that says no Retry-After (an Exchange `$batch` answer's items carry no headers): the
first wait the clients' backoff takes, so the tenant is held with them (red team 77 F5: not held at all)."""


def _wait_of(headers: Mapping[str, str]) -> float:
    wait = retry_after(headers)
    return _UNSAID_WAIT if wait is None else wait


def _is_429(status: object) -> bool:
    if not isinstance(status, int | float | str):
        return False
    try:
        return int(status) == 429
    except (ValueError, OverflowError):
        return False


async def _throttled_inside(response: httpx.Response) -> float | None:
    """The longest Retry-After of the requests a `$batch` answered 429 inside its 200 (the response is read
    here; its reader gets the same content). Microsoft throttles each request in a batch on its own: a 429
    inside is the tenant's budget spent as surely as a 429 outside, so the tenant is held, not only it."""
    try:
        content = await response.aread()
        # Nothing inside was refused: no need to parse the whole answer here. A status, not any "429": the
        # ids and GUIDs of a Graph batch of people hold those digits in most answers, each of which was then
        # parsed here for nothing (and again by its reader) in a 5,000-person plan (issue 14).
        if _STATUS_429.search(content) is None:
            return None
        answers = json.loads(content).get("responses")
    except (ValueError, AttributeError, httpx.DecodingError):
        return None  # not a batch answer we can read: the client maps it to an error
    waits = [
        _wait_of({str(k): str(v) for k, v in headers.items()} if isinstance(headers, dict) else {})
        for item in (answers if isinstance(answers, list) else [])
        if isinstance(item, dict) and _is_429(item.get("status"))
        for headers in [item.get("headers")]
    ]
    return max(waits) if waits else None


def requests_in(request: httpx.Request) -> int:
    """How many requests Microsoft counts `request` as: a `$batch` its envelope and each one inside it."""
    if request.method != "POST" or not request.url.path.endswith("/$batch"):
        return 1
    try:
        inner = json.loads(request.content).get("requests")
    except (httpx.RequestNotRead, ValueError, AttributeError):
        return 1  # not a batch body we can read: the batch endpoint refuses it, as one request
    return 1 + len(inner) if isinstance(inner, list) else 1
