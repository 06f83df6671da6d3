"""nlu126's classes: red team 70's older wrong ready plans (sign-offs with a title, movers' bullets, refusal
marks). Planned and resolved against the Acme directory at the corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
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
        (
            "Give Tom Becker full access to Finance - Chris Lee - Head of Sales\n"
            "Also give Chris Lee send as on Sales.",
            [(TOM, "finance@acme.com"), ("chris.lee@acme.com", "sales@acme.com")],
        ),
    ],
)
def test_a_name_and_title_signing_off_are_no_targets(
    acme: Directory, text: str, expected: list[tuple[str, str]]
) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s.get("member") or s["trustee"], s.get("group") or s["mailbox"]) for s in steps] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales - Mike Smith - Finance",
        "Give Tom Becker full access to Sales - Sam Taylor - UK Office",
    ],
)
def test_a_signers_title_naming_a_mailbox_is_asked(acme: Directory, text: str) -> None:
    about = asks(acme, text, GRACE)
    assert "trustee" in about


def test_a_name_alone_after_a_dash_still_signs_off(acme: Directory) -> None:
    assert ready_tuples(
        acme, "Give Tom Becker full access to Sales - Mike Smith", GRACE, "trustee", "mailbox"
    ) == [(TOM, "sales@acme.com")]


SAM = "sam.taylor@acme.co.uk"


def test_a_movers_bullet_onto_a_mailbox_with_a_right_gives_it_to_the_mover(acme: Directory) -> None:
    steps = ready(acme, "Sam Taylor joins:\n- onto all-sales\n- onto Finance (full access)", GRACE)
    assert sorted((s["action"], s.get("member") or s["trustee"]) for s in steps) == [
        ("distribution_list_membership", SAM),
        ("mailbox_delegation", SAM),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Sam Taylor is moving to Marketing:\n- off all-sales\n- onto Sales",
        "Sam Taylor is moving to Marketing:\n- off all-sales\n- onto the Sales mailbox",
    ],
)
def test_a_movers_bullet_onto_a_mailbox_with_no_right_is_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    # (the mover's own "off all-sales" may stand beside the question; sales@ is never the one removed)
    assert all(s.get("member") == SAM for s in steps)


def test_a_movers_bullets_onto_and_off_lists_are_the_movers(acme: Directory) -> None:
    text = "Sam Taylor is moving to Marketing:\n- off all-sales\n- onto Marketing"
    steps = ready(acme, text, GRACE)
    assert sorted((s["change"], s["member"], s["group"]) for s in steps) == [
        ("add", SAM, "marketing@acme.com"),
        ("remove", SAM, "all-sales@acme.com"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Sales 👍 Finance 👎",
        "Sales 🟢 Finance 🔴",
        "Sales [x] Finance [ ]",
        "Sales :white_check_mark: Finance :x:",
        "Sales (y) Finance (n)",
        "Sales +1 Finance -1",
    ],
)
def test_a_refusal_mark_beside_a_part_holds_it(acme: Directory, line: str) -> None:
    text = f"Please give Tom Becker full access to Sales and Finance.\n{line}"
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(TOM, "sales@acme.com")]


@pytest.mark.parametrize(
    "line",
    ["Sales OK Finance NO Billing OK", "Sales Y Finance N Billing Y", "Sales ok, Finance no, Billing ok"],
)
def test_a_no_word_beside_a_part_is_asked(acme: Directory, line: str) -> None:
    text = f"Please give Tom Becker full access to Sales, Finance and Billing.\n{line}"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert all(s["mailbox"] != "finance@acme.com" for s in steps)


def test_approval_marks_on_every_part_grant_every_part(acme: Directory) -> None:
    text = "Please give Tom Becker full access to Sales and Finance.\nSales 👍 Finance (y)"
    steps = ready(acme, text, GRACE)
    assert sorted(s["mailbox"] for s in steps) == ["finance@acme.com", "sales@acme.com"]
