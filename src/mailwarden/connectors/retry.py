"""When to try a request again, and the one loop that does it for both clients.

`next_delay` is the policy as a pure function (status, headers, attempt number → seconds or None), so its
arithmetic is tested without a network. `send_with_retry` is its only user: it wraps one send of the Graph
or Exchange client, sleeps between tries and logs each retry as a structured event (never a header or a
body, so no token or secret can reach a log).

What is retried: 429, 503 and 504 responses and transport failures (refused or dropped connections,
timeouts). A `Retry-After` (seconds or an HTTP date) is honoured, never retried sooner; otherwise the wait
is exponential backoff with full jitter. Every other status is final: a 4xx is a fact about the request
(401 is refreshed once by the auth flow, not here), and 500/502 from Graph and Exchange are usually a bug
in the request shape that a second try reproduces.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import httpx

from mailwarden.connectors.limits import ThrottleGate, retry_after
from mailwarden.connectors.on_wire import Heard
from mailwarden.connectors.slots import SlotTurn
from mailwarden.connectors.wire_errors import RESENT, resent, transport_error
from mailwarden.logs import get_logger

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy", "next_delay", "resent", "retry_after", "send_with_retry"]


RETRYABLE_STATUSES = frozenset({429, 503, 504})

_log = get_logger("mailwarden.connectors")


@dataclass(frozen=True)
class RetryPolicy:
    """Limits of the retry loop; the defaults follow Microsoft's guidance and the EXO module's constants."""

    max_attempts: int = 6
    """Tries in all for faults without a server-given wait (5xx, dropped connections, bare 429)."""
    max_throttled_attempts: int = 30
    """Tries in all while the server says when to come back (Retry-After): waiting is then cheap and sure."""
    base_delay: float = 1.0
    """The first backoff ceiling in seconds; it doubles with each try."""
    max_delay: float = 30.0
    """No single backoff wait exceeds this."""
    max_retry_after: float = 300.0
    """A Retry-After longer than this is not waited out here: the caller gets `Throttled` and reschedules."""
    retry_after_jitter: float = 0.25
    """Up to this many seconds added after a Retry-After, so clients told the same instant do not collide."""
    max_total: float = 900.0
    """Give up once this much time has passed since the first try."""


def next_delay(
    status: int | None,
    headers: Mapping[str, str],
    attempt: int,
    policy: RetryPolicy,
    *,
    elapsed: float = 0.0,
    now: float | None = None,
    rand: Callable[[], float] = random.random,
) -> float | None:
    """Seconds to wait before try `attempt + 1`, or None to stop (the failure is final or tries are spent).

    `status` is None for a transport failure; `attempt` counts the tries made so far (1 after the first);
    `elapsed` is the time since the first try; `rand` returns a float in [0, 1) for jitter.
    """
    if status is not None and status not in RETRYABLE_STATUSES:
        return None
    wait = retry_after(headers, now=now) if status is not None else None
    if wait is not None:
        if attempt >= policy.max_throttled_attempts or wait > policy.max_retry_after:
            return None
        delay = wait + rand() * policy.retry_after_jitter
    else:
        if attempt >= policy.max_attempts:
            return None
        ceiling = min(policy.max_delay, policy.base_delay * 2 ** (attempt - 1))
        delay = rand() * ceiling
    if elapsed + delay > policy.max_total:
        return None
    return delay


async def send_with_retry(
    send: Callable[[], Awaitable[httpx.Response]],
    *,
    api: str,
    operation: str,
    policy: RetryPolicy,
    gate: ThrottleGate | None = None,
    semaphore: asyncio.Semaphore | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    retry_transport: bool = True,
    heard: Heard | None = None,
    resending: bool = False,
) -> httpx.Response:
    """Call `send` until it returns a final response; retryable failures are waited out per `policy`.

    `semaphore` caps the sends in flight (the tenant's concurrency limit); it is held only while sending,
    never while waiting (for a 429's wait, the token, or the tenant's budget), and a send that got a slot
    while a 429's wait began goes back to waiting. The slot is taken by the request hook that
    `on_wire.hear_on_wire` puts last on the `httpx` client `send` goes through, after the budget's
    (connectors/slots.py `SlotTurn`): a `send` through a client without it goes uncapped.

    Returns the last response (which may still be a 429 or 5xx once tries are spent: the caller maps it to
    an error). A transport failure that outlives the policy raises `Transient` or `TenantUnreachable`; so
    does the first one without `retry_transport` (a write that may have happened must not be blindly
    sent again: the caller reads whether it did).

    `heard`, the `Heard` riding on `send`'s requests, is settled once a try may have been carried out, so
    the tries after it are told as resends (a 429 carried nothing out). `resending`: a try of this send before
    this call may have been carried out (the hop before a redirect): every answer is to a resend.
    """
    start = clock()
    attempt = 0
    maybe_done = resending  # an earlier try may have been carried out: the answer is to a resend
    if maybe_done and heard is not None:
        heard.settle()
    while True:
        attempt += 1
        try:
            response = await _send_when_allowed(send, gate, semaphore)
        except httpx.TransportError as exc:
            delay = next_delay(None, {}, attempt, policy, elapsed=clock() - start)
            sent = not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
            if delay is None or (sent and not retry_transport):
                raise transport_error(exc, api=api, operation=operation, resent=maybe_done) from exc
            maybe_done = maybe_done or sent
            if maybe_done and heard is not None:
                heard.settle()
            _log.warning(
                "tenant_retry",
                api=api,
                operation=operation,
                attempt=attempt,
                delay_s=round(delay, 3),
                cause=type(exc).__name__,
            )
            await sleep(delay)
            continue
        if maybe_done:
            response.extensions = {**response.extensions, RESENT: True}
        delay = next_delay(response.status_code, response.headers, attempt, policy, elapsed=clock() - start)
        if delay is None:
            return response
        maybe_done = maybe_done or response.status_code >= 500
        if maybe_done and heard is not None:
            heard.settle()
        if gate is not None and response.status_code == 429:
            # Everyone else waits too: the budget is the tenant's, not this request's.
            gate.hold(delay)
        # Throttling is the service working as designed; a 5xx is worth a second look.
        log = _log.info if response.status_code == 429 else _log.warning
        log(
            "tenant_retry",
            api=api,
            operation=operation,
            attempt=attempt,
            delay_s=round(delay, 3),
            status=response.status_code,
            request_id=response.headers.get("request-id"),
        )
        await response.aclose()
        await sleep(delay)


async def _send_when_allowed(
    send: Callable[[], Awaitable[httpx.Response]],
    gate: ThrottleGate | None,
    semaphore: asyncio.Semaphore | None,
) -> httpx.Response:
    if gate is not None:
        await gate.wait()
    if semaphore is None:
        return await send()
    # The slot is taken on the wire, after the token and the budget's wait (a waiting request holds none),
    # and given back on the answer or, failing one, here.
    with SlotTurn(semaphore, gate).waiting():
        return await send()
