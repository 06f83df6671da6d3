"""Red team 54 (the session's final read): ends that were dropped into access for good.

An "until" still to come ("until the last day of term", "till then") was read as a story by the lookahead that
keeps "until last year" a story; an end whose subject is the change ("it's only until friday") was exempted as
a statement; a line beside a pasted table that began with a thanks stopped the reading of it and of every
line after it, so "thanks. he's leaving so skip liam" granted Liam. Each is now asked or carried, never for
good."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

NOAH = "noah.davis@acme.com"
FRIDAY = "2026-03-07T00:00:00Z"
TABLE = (
    "| Name | Mailbox | Access |\n|---|---|---|\n| Ava Johnson | info@acme.com | Full Access |\n"
    "| Liam Brown | info@acme.com | Full Access |\n"
)


@pytest.mark.parametrize(
    "text",
    [
        "share my calendar with ava johnson as reviewer? thanks. until last day of term",
        "share my calendar with ava johnson as reviewer? thanks. until last week of march",
        "My leave starts 9 March. share my calendar with ava johnson as reviewer. thanks. until then",
        "share my calendar with ava johnson as reviewer? thanks. till then",
        "share my calendar with ava johnson as reviewer. it's only until friday",
        "share my calendar with ava johnson as reviewer. it is just till friday",
        "add emma wilson to the marketing list. thanks. it's only until friday",
        TABLE + "Best if these end on friday",
    ],
)
def test_an_end_said_is_never_dropped_into_access_for_good(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, NOAH)
    if status == "ready":
        assert steps
        assert all(s.get("expires") for s in steps), steps
    else:
        assert not steps
        assert "expires" in about, (status, about)


@pytest.mark.parametrize(
    "after",
    ["thanks. he's leaving so skip liam", "Thanks\nnot Liam though, only Ava", "cheers - Liam is on hold"],
)
def test_a_line_after_a_thanks_beside_a_table_is_still_read(acme: Directory, after: str) -> None:
    status, steps, _ = plan_of(acme, TABLE + after, NOAH)
    assert status != "ready" or "liam.brown@acme.com" not in {s.get("trustee") for s in steps}


@pytest.mark.parametrize("after", ["ta - until friday", "thanks, these are until friday"])
def test_an_end_after_a_thanks_beside_a_table_is_every_rows_end(acme: Directory, after: str) -> None:
    status, steps, about = plan_of(acme, TABLE + after, NOAH)
    assert status == "ready", about
    assert [s.get("expires") for s in steps] == [FRIDAY, FRIDAY]


def test_a_signature_after_a_thanks_is_who_wrote_it(acme: Directory) -> None:
    status, steps, about = plan_of(acme, TABLE + "Thanks\nGrace Hopper", NOAH)
    assert status == "ready", about
    assert {s["trustee"] for s in steps} == {"ava.johnson@acme.com", "liam.brown@acme.com"}
