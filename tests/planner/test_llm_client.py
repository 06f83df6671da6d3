"""The retry policy of the model client as arithmetic: what is retried, and how long it waits."""

from __future__ import annotations

import pytest

from mailwarden.planner.llm_client import RetryPolicy, next_delay

POLICY = RetryPolicy(max_attempts=4, base_delay=0.5, max_delay=8.0, max_retry_after=60.0)


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_throttling_and_server_errors_are_retried(status: int) -> None:
    """Timeouts, 429 and every 5xx are tried again."""
    assert next_delay(status, {}, 1, POLICY, rand=lambda: 1.0) == 0.5


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_request_errors_are_final(status: int) -> None:
    """A 4xx other than 408/429 is a fact about the request; asking again would not change it."""
    assert next_delay(status, {"retry-after": "1"}, 1, POLICY) is None


def test_retry_after_is_honoured_exactly() -> None:
    """A server-given wait in seconds or milliseconds is waited out, not shortened."""
    assert next_delay(429, {"retry-after": "7"}, 1, POLICY) == 7.0
    assert next_delay(429, {"retry-after-ms": "1500", "retry-after": "2"}, 1, POLICY) == 1.5


def test_long_retry_after_is_not_waited() -> None:
    """Planning is interactive: a wait beyond the policy's ceiling is reported instead of slept."""
    assert next_delay(429, {"retry-after": "600"}, 1, POLICY) is None


def test_backoff_doubles_up_to_the_ceiling_and_tries_run_out() -> None:
    """Without a server wait the ceiling doubles per try; after the last try nothing more is sent."""
    ceilings = [next_delay(503, {}, attempt, POLICY, rand=lambda: 1.0) for attempt in (1, 2, 3, 4)]
    assert ceilings == [0.5, 1.0, 2.0, None]
    assert next_delay(None, {}, 1, POLICY, rand=lambda: 1.0) == 0.5
