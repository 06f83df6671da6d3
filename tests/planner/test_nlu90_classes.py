"""nlu90's classes (batch 37's misses), beyond the corpus entries. A time unit is a length only after a
count, or said in full after "the"/"next"; never a word inside an address ("I meant hr@acme.com" planned an
end an hour away). Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Give Mia Novak full access to careers@acme.com - sorry, I meant hr@acme.com",
        "Send as on careers@acme.com for Mia Novak - no, I meant hr@acme.com",
        "Give Mia Novak full access for hr@acme.com",
    ],
)
def test_a_unit_inside_an_address_is_no_end(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [s.get("mailbox") for s in steps] == ["hr@acme.com"]
    assert all("expires" not in s for s in steps)


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        ("Give Mia Novak full access to hr@acme.com for two hours", "2026-03-02T11:00:00Z"),
        ("Give Mia Novak full access to hr@acme.com for the week", "2026-03-09T09:00:00Z"),
        ("Give Mia Novak full access to hr@acme.com for 2 hrs", "2026-03-02T11:00:00Z"),
    ],
)
def test_a_counted_unit_still_ends_the_grant(acme: Directory, text: str, expires: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [s.get("expires") for s in steps] == [expires]
