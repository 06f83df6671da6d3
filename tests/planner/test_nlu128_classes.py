"""nlu128's classes (red team 71's wrong ready plans in nlu123/nlu124's rules). Planned and resolved against
the Acme directory at the corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Give Liam Brown full access to sales@. He's been on leave for a week and is back now, covering for "
        "Noah until Friday.",
        "Give Liam Brown full access to sales@; he was off for a week - covering for Noah until the 20th.",
        "Give Liam Brown full access to sales@; he will have been covering it for two weeks by Friday.",
    ],
)
def test_an_end_after_a_past_length_is_never_dropped(acme: Directory, text: str) -> None:
    questions = asks(acme, text, GRACE)
    assert "expires" in questions


def test_a_past_length_with_an_end_read_after_it_ends_there(acme: Directory) -> None:
    text = "Give Liam Brown full access to sales@. He was out for a week, and needs it until Friday."
    steps = ready(acme, text, GRACE)
    assert [s.get("expires") for s in steps] == ["2026-03-07T00:00:00Z"]


@pytest.mark.parametrize(
    "text",
    [
        "Please send Liam Brown's email on to Emma Wilson.",
        "Please send Liam Brown's emails on to Emma Wilson.",
        "Send Liam Brown's mail from yesterday on to Emma Wilson.",
        "Send Liam Brown's mail on to Emma Wilson.",
    ],
)
def test_mail_not_said_as_it_comes_is_no_standing_forwarding(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready"
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "Send Liam Brown's incoming mail on to Emma Wilson and remove him from all-sales.",
        "Send Liam Brown's incoming mail on to Emma Wilson. Remove him from all-sales.",
        "Send Liam Brown's incoming mail on to Emma Wilson and add him to all-hands.",
        "Send Noah Davis's incoming mail on to Liam Brown and remove him from all-sales.",
    ],
)
def test_a_pronoun_after_the_forwarding_target_is_asked(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE)


@pytest.mark.parametrize(
    "text",
    [
        "Send Liam Brown's incoming email on to Emma Wilson.",
        "Send Liam Brown's new mail on to Emma Wilson.",
    ],
)
def test_mail_said_as_it_comes_is_still_a_forwarding(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "mailbox", "forward_to") == [
        ("email_forwarding_internal", "liam.brown@acme.com", "emma.wilson@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales, Finance and HR.\nSales ✅\nFinance ⏳",
        "Give Tom Becker full access to Sales, Finance and HR.\nSales ✅\nFinance ❌",
        "Give Tom Becker send as on Sales, Billing and Finance.\nSales ✅\nFinance ⏳",
        "Give Tom Becker full access to sales@, finance@ and hr@.\nSales ✅\nFinance ⏳",
        "Give Tom Becker full access to Sales, Finance and HR.\nSales ✅\nHR ✅",
    ],
)
def test_two_status_lines_leave_no_part_unmarked(acme: Directory, text: str) -> None:
    questions = asks(acme, text, GRACE)
    assert "scope" in questions


@pytest.mark.parametrize(
    ("text", "boxes"),
    [
        ("Give Tom Becker full access to Sales and Finance.\nFinance ⏳", ["sales@acme.com"]),
        ("Give Tom Becker full access to Sales and Finance.\nSales ✅\nFinance ⏳", ["sales@acme.com"]),
        (
            "Give Tom Becker full access to Sales, Finance and HR.\nSales ✅\nFinance ⏳\nHR ✅",
            ["hr@acme.com", "sales@acme.com"],
        ),
    ],
)
def test_status_lines_marking_every_part_plan_the_approved(
    acme: Directory, text: str, boxes: list[str]
) -> None:
    steps = ready(acme, text, GRACE)
    assert sorted(s["mailbox"] for s in steps) == boxes
