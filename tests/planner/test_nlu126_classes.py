"""nlu126's classes: red team 70's older wrong ready plans (sign-offs with a title, movers' bullets, refusal
marks). Planned and resolved against the Acme directory at the corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Add Liam Brown to all-sales - Priya Patel - VP Sales",
            [("liam.brown@acme.com", "all-sales@acme.com")],
        ),
        (
            "Give Tom Becker full access to Finance - Chris Lee - Head of Sales - Thanks",
            [(TOM, "finance@acme.com")],
        ),
    ],
)
def test_a_name_and_title_signing_off_are_no_targets(
    acme: Directory, text: str, expected: list[tuple[str, str]]
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s.get("member") or s["trustee"], s.get("group") or s["mailbox"]) for s in steps] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales - Mike Smith - Finance",
        "Give Tom Becker full access to Sales - Sam Taylor - UK Office",
    ],
)
def test_a_signers_title_naming_a_mailbox_is_asked(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert steps == []
    assert "trustee" in about


def test_a_name_alone_after_a_dash_still_signs_off(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Give Tom Becker full access to Sales - Mike Smith", GRACE)
    assert status == "ready"
    assert [(s["trustee"], s["mailbox"]) for s in steps] == [(TOM, "sales@acme.com")]
