"""nlu136's classes: a list's members told moving to another list are no members to remove, and holds said in
words or by address on a request's parts. Planned and resolved against the Acme directory at the corpus's
fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Delete the Contractors list - HR are moving them all onto the Sales list",
        "Delete the Contractors list - Mike is moving them all to Sales",
        "Delete the Contractors list - HR are moving them all onto sales@acme.com",
    ],
)
def test_delete_with_members_moving_to_a_named_list_is_asked(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"scope"}


def test_who_moves_members_is_never_removed_beside_a_removal(acme: Directory) -> None:
    text = "Remove Tom Becker from Contractors - HR are moving them all onto the Sales list"
    asks(acme, text, GRACE)


@pytest.mark.parametrize(
    "text",
    [
        "Delete the Contractors list - HR are moving them all onto permanent contracts",
        "Delete the Contractors list - HR are moving them",
        "Delete the Contractors list - Tom Becker is moving them",
    ],
)
def test_members_moving_to_no_list_still_deletes_the_list(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "change", "group") == [
        ("distribution_list_lifecycle", "delete", "contractors@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales and Finance.\nApproval pending",
        "Give Tom Becker full access to Sales and Finance. Manager approval still pending.",
        "Please add Liam Brown to the Marketing list\nAwaiting manager approval",
        "Give Noah Davis send as on billing@acme.com. Mike's sign-off is still outstanding.",
        "Give Tom Becker full access to Sales and Finance.\nThe rest is pending",
        "Give Tom Becker full access to Sales and Finance.\nSales approved. The rest is pending.",
    ],
)
def test_an_approval_of_the_whole_said_pending_in_words_is_asked(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"scope"}


SALES_ONLY = [
    {
        "action": "mailbox_delegation",
        "change": "grant",
        "mailbox": "sales@acme.com",
        "trustee": "tom.becker@acme.com",
        "automapping": True,
    }
]


def test_a_part_approval_pending_holds_that_part_only(acme: Directory) -> None:
    text = "Give Tom Becker full access to Sales and Finance.\nFinance approval pending"
    assert plan_of(acme, text, GRACE)[:2] == ("ready", SALES_ONLY)


@pytest.mark.parametrize("said", ["The invoice is pending.", "Approval: granted"])
def test_something_else_pending_or_approval_given_holds_nothing(acme: Directory, said: str) -> None:
    steps = ready(acme, f"Give Tom Becker full access to Sales and Finance.\n{said}", GRACE)
    assert [s["mailbox"] for s in steps] == ["sales@acme.com", "finance@acme.com"]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to sales@ and finance@.\nFinance ⏳",
        "Give Tom Becker full access to sales@acme.com and finance@acme.com.\nFinance pending",
        "Give Tom Becker full access to Sales and Finance.\nfinance@ pending",
        "Give Tom Becker full access to sales@ and finance@.\nSales ✅ Finance ⏳",
    ],
)
def test_a_held_part_named_in_another_form_holds_that_part_only(acme: Directory, text: str) -> None:
    assert plan_of(acme, text, GRACE)[:2] == ("ready", SALES_ONLY)


def test_a_hold_on_what_the_request_does_not_name_is_still_asked(acme: Directory) -> None:
    text = "Give Tom Becker full access to sales@ and finance@.\nBilling ⏳"
    asks(acme, text, GRACE)
