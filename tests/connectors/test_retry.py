"""Ring 0: the retry policy's arithmetic, with no network."""

from __future__ import annotations

import email.utils
from dataclasses import dataclass

import pytest

from mailwarden.connectors.limits import retry_after
from mailwarden.connectors.retry import RetryPolicy, next_delay

POLICY = RetryPolicy(
    max_attempts=4,
    max_throttled_attempts=10,
    base_delay=1.0,
    max_delay=8.0,
    max_retry_after=60.0,
    retry_after_jitter=0.5,
    max_total=100.0,
)
NOW = 1_800_000_000.0


def top(_: None = None) -> float:
    return 0.999999


def bottom() -> float:
    return 0.0


@dataclass(frozen=True)
class Case:
    name: str
    status: int | None
    headers: dict[str, str]
    attempt: int
    expected: float | None


CASES = [
    Case("429 waits exactly the Retry-After seconds", 429, {"Retry-After": "7"}, 1, 7.0),
    Case("503 with Retry-After waits it too", 503, {"retry-after": "3"}, 2, 3.0),
    Case(
        "an HTTP-date Retry-After waits until that moment",
        429,
        {"Retry-After": email.utils.formatdate(NOW + 12, usegmt=True)},
        1,
        12.0,
    ),
    Case(
        "a Retry-After date in the past retries at once",
        429,
        {"Retry-After": email.utils.formatdate(NOW - 30, usegmt=True)},
        1,
        0.0,
    ),
    Case("400 is final", 400, {}, 1, None),
    Case("403 is final", 403, {}, 1, None),
    Case("404 is final", 404, {}, 1, None),
    Case("401 is left to the auth flow", 401, {}, 1, None),
    Case("500 is final", 500, {}, 1, None),
    Case("200 is not retried", 200, {}, 1, None),
    Case("a Retry-After longer than the policy allows gives up", 429, {"Retry-After": "61"}, 1, None),
    Case("throttled tries stop at their own limit", 429, {"Retry-After": "1"}, 10, None),
    Case("fault tries stop at max_attempts", 503, {}, 4, None),
    Case("a dropped connection stops at max_attempts", None, {}, 4, None),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_delay_policy_cases(case: Case) -> None:
    """Each status and header combination gets the documented wait, or none."""
    assert next_delay(case.status, case.headers, case.attempt, POLICY, now=NOW, rand=bottom) == case.expected


def test_retry_after_is_never_shortened_by_jitter() -> None:
    """Jitter only ever adds to a server-given wait."""
    for rand in (bottom, top):
        delay = next_delay(429, {"Retry-After": "5"}, 1, POLICY, rand=rand)
        assert delay is not None
        assert 5.0 <= delay <= 5.5


def test_backoff_doubles_and_is_capped() -> None:
    """Without Retry-After the ceiling doubles per try and never passes max_delay."""
    policy = RetryPolicy(max_attempts=10, base_delay=1.0, max_delay=8.0)
    ceilings = [next_delay(503, {}, attempt, policy, rand=top) for attempt in range(1, 7)]
    assert ceilings == pytest.approx([1.0, 2.0, 4.0, 8.0, 8.0, 8.0], abs=1e-4)


def test_backoff_uses_full_jitter() -> None:
    """The backoff wait can be anything from zero to its ceiling, so clients spread out."""
    assert next_delay(None, {}, 3, POLICY, rand=bottom) == 0.0
    assert next_delay(None, {}, 3, POLICY, rand=lambda: 0.5) == pytest.approx(2.0)


def test_total_time_budget_stops_retries() -> None:
    """A wait that would pass the total time budget is not taken."""
    assert next_delay(429, {"Retry-After": "10"}, 1, POLICY, elapsed=95.0, rand=bottom) is None
    assert next_delay(429, {"Retry-After": "10"}, 1, POLICY, elapsed=80.0, rand=bottom) == 10.0


@pytest.mark.parametrize("value", ["soon", "", "NaN", "Mon, 32 Foo 2024"])
def test_unreadable_retry_after_falls_back_to_backoff(value: str) -> None:
    """A Retry-After that is neither seconds nor a date is ignored, and backoff applies."""
    assert retry_after({"Retry-After": value}) is None
    delay = next_delay(429, {"Retry-After": value}, 1, POLICY, rand=top)
    assert delay is not None
    assert delay <= POLICY.base_delay


def test_retry_after_header_name_is_case_insensitive() -> None:
    """`retry-after`, `Retry-After` and `RETRY-AFTER` are the same header."""
    assert retry_after({"RETRY-AFTER": "4"}) == 4.0
