"""Small helpers of the API tests: asking for the Send As on support@ that the scenarios revolve around."""

from __future__ import annotations

import time
from typing import Any

from tests.api.served import Person

SEND_AS_SUPPORT = {"action": "send_as", "change": "grant", "params": {"mailbox": "support@acme.com"}}


def ask_send_as(person: Person, trustee: str = "me", *, confirm: bool = False) -> dict[str, Any]:
    """`person` asks for Send As on support@ for `trustee`; returns the stored request."""
    step = {**SEND_AS_SUPPORT, "params": {**SEND_AS_SUPPORT["params"], "trustee": trustee}}  # type: ignore[dict-item]
    answer = person.post("/api/v1/requests", params={"confirm": confirm}, json={"steps": [step]})
    assert answer.status_code == 201, answer.text
    request: dict[str, Any] = answer.json()["request"]
    return request


def mail_page_when(person: Person, text: str, seconds: float = 10.0) -> str:
    """The demo Mail page once it shows `text` (delivery is in-process but not instant), or as it is after
    `seconds`: the caller's assertion then says what was missing."""
    deadline = time.monotonic() + seconds
    while True:
        page = person.get("/mail").text
        if text in page or time.monotonic() > deadline:
            return page
        time.sleep(0.1)
