"""nlu83's classes (session 15, batch 35), beyond the corpus entries: an end binds to its own part of the
request ("to Marketing for two weeks and to All Hands permanently": All Hands for good); a right the one just
named already holds, told in a part of its own ("she already has send on behalf, leave that alone"), is never
a step, while a removal said of it still is. Planned and resolved against the Acme directory at the corpus's
fixed "now"."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
FRIDAY = "2026-03-07T00:00:00Z"
TWO_WEEKS = "2026-03-16T09:00:00Z"


def _ends(steps: list[dict[str, Any]]) -> dict[str, str | None]:
    return {s["group"]: s.get("expires") for s in steps}


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        (
            "Add Liam Brown to Marketing for two weeks and to All Hands permanently",
            {"marketing@acme.com": TWO_WEEKS, "all-hands@acme.com": None},
        ),
        (
            "Add Liam Brown to Marketing until Friday, and to All Hands for good",
            {"marketing@acme.com": FRIDAY, "all-hands@acme.com": None},
        ),
        (
            "Add Liam Brown to Marketing for two weeks and to All Hands with no end date",
            {"marketing@acme.com": TWO_WEEKS, "all-hands@acme.com": None},
        ),
        # (one end said after both lists is both lists' end)
        (
            "Add Liam Brown to Marketing and to All Hands for two weeks",
            {"marketing@acme.com": TWO_WEEKS, "all-hands@acme.com": TWO_WEEKS},
        ),
    ],
)
def test_an_end_binds_to_the_list_it_is_said_with(
    acme: Directory, text: str, ends: dict[str, str | None]
) -> None:
    steps = ready(acme, text, GRACE)
    assert _ends(steps) == ends


def test_an_end_and_for_good_said_of_both_lists_is_asked(acme: Directory) -> None:
    status, steps, asked = plan_of(
        acme, "Add Liam Brown to Marketing and All Hands permanently, for two weeks", GRACE
    )
    assert status == "needs_clarification"
    assert asked == {"expires"}
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "Grant Christine Lee send as on finance@acme.com; she already has send on behalf, leave that alone",
        "Grant Christine Lee send as on finance@acme.com; she already has send on behalf",
        "Grant Christine Lee send as on finance@acme.com. She has send on behalf already, leave it as it is",
        "Grant Christine Lee send as on finance@acme.com; she already has send on behalf, don't touch it",
    ],
)
def test_a_right_told_as_already_held_is_never_granted(acme: Directory, text: str) -> None:
    assert ready(acme, text, GRACE) == [
        {
            "action": "send_as",
            "change": "grant",
            "mailbox": "finance@acme.com",
            "trustee": "christine.lee@acme.com",
        }
    ]


def test_a_removal_of_what_is_already_held_is_not_cut(acme: Directory) -> None:
    # the held right said with a change of its own is no aside: never a plan that only grants
    asks(
        acme,
        "Grant Christine Lee send as on finance@acme.com; she already has send on behalf, remove that",
        GRACE,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Chris Lee should get editor on my calendar until Friday, and Tom Becker's access to it can go",
        "Chris Lee should get editor on my calendar, and Tom Becker's access to it should go",
        "Share my calendar with Chris Lee as reviewer. Tom Becker's access can be removed",
        "Share my calendar with Chris Lee as reviewer, Tom Becker's access to it can be taken away",
    ],
)
def test_someones_access_said_to_go_is_never_given_them(acme: Directory, text: str) -> None:
    _, steps, _ = plan_of(acme, text, requester="sarah@acme.com")
    assert all(s.get("grantee") != "tom.becker@acme.com" or s["change"] == "revoke" for s in steps)
    assert any(s.get("grantee") == "chris.lee@acme.com" and s["change"] == "grant" for s in steps)


def test_a_right_said_to_be_revoked_in_the_passive_is_revoked(acme: Directory) -> None:
    steps = ready(
        acme,
        "Give Chris Lee full access to support@acme.com, and Tom Becker's send as on it should be revoked",
        GRACE,
    )
    assert {
        "action": "send_as",
        "change": "revoke",
        "mailbox": "support@acme.com",
        "trustee": "tom.becker@acme.com",
    } in steps


@pytest.mark.parametrize(
    "text",
    [
        "[10:15] Noah Davis: can you share my calendar w/ ava johnson\n[10:16] Noah Davis: reviewer is fine\n"
        "[10:16] Noah Davis: just for the rest of this week",
        "[10:15] Noah Davis: can you share my calendar w/ ava johnson\n[10:16] Noah Davis: reviewer is fine\n"
        "[10:16] Noah Davis: until Friday",
        "can you share my calendar w/ ava johnson. reviewer. until friday.",
    ],
)
def test_an_end_said_after_the_level_is_the_shares_end(acme: Directory, text: str) -> None:
    steps = ready(acme, text, requester="noah.davis@acme.com")
    assert [(s["grantee"], s["access"], s.get("expires")) for s in steps] == [
        ("ava.johnson@acme.com", "reviewer", FRIDAY)
    ]
