"""nlu97's classes (red team 61): a correction replaces only what it corrects, the sentence after it is a
request of its own. Planned and resolved against the Acme directory at the corpus's fixed "now" (Monday
2026-03-02 09:00 UTC)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
WEEK = "2026-03-09T09:00:00Z"


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales for a month. No wait, a week. "
        "Give Chris Lee full access to Billing for the same period.",
        "Give Tom Becker full access to Sales for a month. Sorry, a week. "
        "Give Chris Lee full access to Billing for the same period.",
        "Give Tom Becker full access to Sales for a month - I mean a week. "
        "Give Chris Lee full access to Billing for the same period.",
        "Give Tom Becker full access to Sales for a month. No, a week. "
        "Give Chris Lee full access to Billing for a week too.",
        "Give Tom Becker full access to Sales for a month; scratch that, a week. "
        "Give Chris Lee full access to Billing for a week.",
    ],
)
def test_a_correction_then_another_grant_is_two_grants(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    got = sorted((s["trustee"], s["mailbox"], s.get("expires")) for s in steps)
    assert got == [
        ("chris.lee@acme.com", "billing@acme.com", WEEK),
        ("tom.becker@acme.com", "sales@acme.com", WEEK),
    ]


def test_a_corrected_mailbox_then_another_grant_is_never_a_cross_product(acme: Directory) -> None:
    text = "Give Tom Becker full access to Sales. No wait, Billing. Give Chris Lee full access to Support."
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    got = sorted((s["trustee"], s["mailbox"]) for s in steps)
    assert got == [("chris.lee@acme.com", "support@acme.com"), ("tom.becker@acme.com", "billing@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales for a month. No wait, a week.",
        "Give Tom Becker full access to Sales for a month - no, a week. Sorry!",
    ],
)
def test_a_correction_alone_still_corrects(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["trustee"], s["mailbox"], s.get("expires")) for s in steps] == [
        ("tom.becker@acme.com", "sales@acme.com", WEEK)
    ]


def test_scratch_that_alone_still_takes_the_request_back(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Give Tom Becker full access to Sales. Scratch that.", GRACE)
    assert steps == []
    assert status != "ready"
