"""Red team 14: an expiry given as an *answer* skipped the expiry rules. Structured steps read their
parameters through one check (a duration or an ISO time, in the future, at most a year away), but the
`answers` of the same request were copied over the parameters as given: `{"expires": "4102444800"}` planned
a grant "until 2100" (past the one-year limit) and `{"expires": "1"}` one that ended in 1970. An answer is
a parameter like any other and is checked the same way; a zero duration ("0d", ending as it starts) is
refused too."""

from __future__ import annotations

import pytest

from tests.api.helpers import SEND_AS_SUPPORT
from tests.api.served import ServedApp

STEP = {**SEND_AS_SUPPORT, "params": {**SEND_AS_SUPPORT["params"], "trustee": "me"}}


@pytest.mark.parametrize(
    ("expires", "says"),
    [
        ("4102444800", "neither a duration"),
        ("2100-01-01T00:00:00Z", "at most a year"),
        ("1", "neither a duration"),
        ("2020-01-01T00:00:00Z", "in the past"),
        ("0d", "no time at all"),
    ],
)
def test_an_expiry_answer_is_checked_like_an_expiry_parameter(
    web: ServedApp, expires: str, says: str
) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    for body in (
        {"steps": [STEP], "answers": {"expires": expires}},
        {"steps": [{**STEP, "params": {**STEP["params"], "expires": expires}}]},
    ):
        for url in ("/api/v1/plans", "/api/v1/requests"):
            answer = tom.post(url, json=body)
            assert answer.status_code == 422, (url, body, answer.text[:300])
            assert says in answer.json()["detail"]
    assert tom.get("/api/v1/requests").json()["items"] == []


def test_a_fair_expiry_answer_is_taken(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    answer = tom.post("/api/v1/plans", json={"steps": [STEP], "answers": {"expires": "14d"}})
    assert answer.status_code == 200, answer.text[:300]
    assert answer.json()["steps"][0]["expires"]
