"""Ring 0: whether a failed write may have been carried out, as the retry loop and the wire errors tell it.

A failed step keeps the change its write was sent to make only when it may have landed (actions/base.py):
a refusal to the first send did nothing, and kept, its end or its retry would take access someone else
gave since (red team 48). A refusal to a resend of a try whose answer was lost says nothing of that try."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest

from mailwarden.connectors.retry import RetryPolicy, send_with_retry
from mailwarden.connectors.wire_errors import exchange_error
from mailwarden.errors import TenantError

pytestmark = pytest.mark.anyio

POLICY = RetryPolicy(max_attempts=3, max_throttled_attempts=3, base_delay=0.0, max_delay=0.0)
REQUEST = httpx.Request("POST", "https://outlook.example/adminapi/beta/t/InvokeCommand")
DROPPED = httpx.RemoteProtocolError("Server disconnected without sending a response.", request=REQUEST)
REFUSED = httpx.ConnectError("Connection refused", request=REQUEST)


def _answers(*answers: int | httpx.TransportError) -> Callable[[], Awaitable[httpx.Response]]:
    left = list(answers)

    async def send() -> httpx.Response:
        answer = left.pop(0) if len(left) > 1 else left[0]
        if isinstance(answer, httpx.TransportError):
            raise answer
        headers = {"Retry-After": "0"} if answer == 429 else {}
        return httpx.Response(answer, headers=headers, json={"error": {"message": "no"}}, request=REQUEST)

    return send


async def _failure(send: Callable[[], Awaitable[httpx.Response]]) -> TenantError:
    async def no_wait(_: float) -> None:
        return None

    try:
        response = await send_with_retry(
            send, api="exchange", operation="Add-RecipientPermission", policy=POLICY, sleep=no_wait
        )
    except TenantError as exc:
        return exc
    return exchange_error(response, "Add-RecipientPermission")


@pytest.mark.parametrize(
    ("answers", "landed"),
    [
        pytest.param((403,), False, id="403 to the first send: nothing done"),
        pytest.param((400,), False, id="400 to the first send: nothing done"),
        pytest.param((429,), False, id="429 until the client gave up: nothing done"),
        pytest.param((503,), True, id="503 until the client gave up: may have been done"),
        pytest.param(
            (DROPPED, 403), True, id="403 to a resend after a lost answer: the first try may have landed"
        ),
        pytest.param((503, 400), True, id="400 to a resend after a 503: the first try may have landed"),
        pytest.param((DROPPED,), True, id="every answer lost"),
        pytest.param((REFUSED,), False, id="never connected: nothing sent"),
        pytest.param(
            (DROPPED, REFUSED), True, id="unreachable after a lost answer: the first try may have landed"
        ),
    ],
)
async def test_a_failed_write_may_have_landed_only_when_the_tenant_may_have_carried_it_out(
    answers: tuple[int | httpx.TransportError, ...], landed: bool
) -> None:
    error = await _failure(_answers(*answers))
    assert error.may_have_landed is landed, (type(error).__name__, error)
