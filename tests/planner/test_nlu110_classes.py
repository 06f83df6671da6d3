"""nlu110's classes (red team 66): approvals, holds, withdrawals and exclusions that were granted or removed.
A part held, withdrawn or left unapproved is never granted; an approval said to reach only some parts keeps
those; a person named as the approver is never given what the request asks for someone else; an excluded
person stays. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
BOTH = "Give Tom Becker full access to Finance and Sales."


def _grants(steps: list[dict[str, object]]) -> set[tuple[str, str]]:
    return {(str(s.get("mailbox")), str(s.get("trustee"))) for s in steps}


@pytest.mark.parametrize(
    "held",
    [
        " Sales not yet approved.",
        " Sales awaiting Legal.",
        "\n\nEDIT: Sales cancelled.",
        "\n\nUPDATE: Sales no longer needed.",
        "\n\nUPDATE: please withdraw Sales.",
        "\n\nUPDATE: Sales request withdrawn.",
        " NVM Sales.",
        " nvm the Sales part, Mike wants to review it",
        " Mike's approval for Sales is still outstanding.",
        "\n[x] Finance - approved by Mike\n[ ] Sales - Mike to approve",
        " Sales pending Mike's return.",
        " Finance approved, Sales not yet.",
        " Sales is on hold as Legal needs to check it first.",
        " Mike only approved Finance.",
        " Actually, Mike only approved Finance.",
        " Only Finance is approved so far.",
    ],
)
def test_a_held_or_withdrawn_part_is_not_granted(acme: Directory, held: str) -> None:
    steps = ready(acme, BOTH + held, GRACE)
    assert _grants(steps) == {("finance@acme.com", TOM)}


@pytest.mark.parametrize(
    "approved",
    [
        "\n\nUPDATE: Sales approved.",
        " Sales approved by Mike.",
        "\n[x] Finance - approved by Mike\n[x] Sales - approved by Mike",
    ],
)
def test_a_part_said_approved_still_goes_ahead(acme: Directory, approved: str) -> None:
    steps = ready(acme, BOTH + approved, GRACE)
    assert _grants(steps) == {("finance@acme.com", TOM), ("sales@acme.com", TOM)}


def test_only_one_person_approved_keeps_that_person(acme: Directory) -> None:
    text = "Give Tom Becker and Liam Brown full access to Finance. Only Tom is approved."
    steps = ready(acme, text, GRACE)
    assert _grants(steps) == {("finance@acme.com", TOM)}


@pytest.mark.parametrize(
    "text",
    [
        BOTH + " Mike only approved Billing.",
        BOTH + " nvm the Sales part, Mike said so.",
    ],
)
def test_an_approval_or_hold_that_cannot_be_placed_is_asked(acme: Directory, text: str) -> None:
    questions = asks(acme, text, GRACE)
    assert "scope" in questions


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Finance. Wait - Jane Doe still has to approve.",
        "Give Tom Becker full access to Finance. Mike needs to approve it first.",
    ],
)
def test_an_approval_still_to_come_holds_the_whole_request(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        BOTH + " Actually, Mike only approved Finance.",
        BOTH + " Actually wait, Mike hasn't approved Sales yet, so just Finance for now.",
        "Give Tom Becker full access to Finance. Actually, Mike has approved now.",
    ],
)
def test_the_approver_in_a_correction_is_never_the_trustee(acme: Directory, text: str) -> None:
    _, steps, _ = plan_of(acme, text, GRACE)
    assert all(s.get("trustee") in (None, TOM) for s in steps)
    assert ("sales@acme.com", TOM) not in _grants(steps)


ALL_SALES_KEPT = {"emma.wilson@acme.com", "noah.davis@acme.com", "liam.brown@acme.com"}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Remove everyone from all-sales w/o Emma Wilson", {"emma.wilson@acme.com"}),
        ("Remove everyone from all-sales save Emma Wilson", {"emma.wilson@acme.com"}),
        ("Remove everyone from all-sales, sparing Emma Wilson", {"emma.wilson@acme.com"}),
        ("Remove everyone from all-sales bar Emma Wilson", {"emma.wilson@acme.com"}),
        ("Remove everyone from all-sales. Keep Emma Wilson, Noah Davis and Liam Brown.", ALL_SALES_KEPT),
        ("Remove everyone from all-sales but keep Emma Wilson, Noah Davis, Liam Brown.", ALL_SALES_KEPT),
    ],
)
def test_everyone_set_apart_stays_on_the_list(acme: Directory, text: str, kept: set[str]) -> None:
    steps = ready(acme, text, GRACE)
    removed = {str(s.get("member")) for s in steps if s.get("change") == "remove"}
    assert not removed & kept
    assert "john@acme.com" in removed


def test_a_removal_after_keep_is_still_made(acme: Directory) -> None:
    steps = ready(acme, "Remove everyone from all-sales. Keep Emma Wilson, remove Noah Davis.", GRACE)
    removed = {str(s.get("member")) for s in steps}
    assert "noah.davis@acme.com" in removed
    assert "emma.wilson@acme.com" not in removed


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Add Tom Becker to all-sales on behalf of Emma W.", "distribution_list_membership"),
        ("Give Tom Becker full access to Finance on behalf of Emma W.", "mailbox_delegation"),
    ],
)
def test_on_behalf_of_someone_after_a_request_is_who_asks(acme: Directory, text: str, action: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s.get("action") for s in steps] == [action]


def test_send_on_behalf_of_someone_is_still_the_right(acme: Directory) -> None:
    steps = ready(acme, "Let Tom Becker send on behalf of Emma W.", GRACE)
    assert [(s.get("action"), s.get("mailbox")) for s in steps] == [
        ("send_on_behalf", "emma.wilson@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Make it so Maria Garcia can't get into my calendar anymore, Tom Becker still can.",
        "Remove Maria Garcia from my calendar, Tom Becker still can.",
        "Make it so Maria Garcia can't get into my calendar anymore, but Tom Becker can still access it.",
    ],
)
def test_the_one_who_still_can_keeps_the_access(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s.get("grantee") for s in steps] == ["maria.garcia@acme.com"]


def test_both_named_in_a_removal_both_lose_it(acme: Directory) -> None:
    steps = ready(acme, "Remove Maria Garcia and Tom Becker from my calendar.", GRACE)
    assert {s.get("grantee") for s in steps} == {"maria.garcia@acme.com", TOM}


@pytest.mark.parametrize(
    "text",
    [
        "Make it so nobody but Tom Becker can get into Finance",
        "Only Tom Becker should have access to Finance.",
    ],
)
def test_access_said_to_be_one_persons_alone_is_asked(acme: Directory, text: str) -> None:
    questions = asks(acme, text, GRACE)
    assert "scope" in questions


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Finance. I'm still waiting for approval on the laptop, unrelated.",
        "Give Tom Becker full access to Finance. Mike is the approver and he's fine with it.",
        "Give Tom Becker full access to Finance. He can't work without it.",
        "Give Tom Becker full access to Finance and Sales. Approvals outstanding: Sales (Mike).",
        "Give Tom Becker full access to Finance and Sales, Sales pending Mike's return.",
        "Give Tom Becker full access to Finance and Sales. Finance approved, Sales not yet.",
    ],
)
def test_what_is_clear_is_planned_for_tom_alone(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert _grants(steps) == {("finance@acme.com", TOM)}


def test_one_of_two_trustees_held_leaves_the_other(acme: Directory) -> None:
    text = "Give Tom Becker and Liam Brown full access to Finance. Liam pending Mike's approval."
    steps = ready(acme, text, GRACE)
    assert _grants(steps) == {("finance@acme.com", TOM)}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Finance. I'm still waiting for approval on it.",
        "Give Tom Becker full access to Finance. I'm still waiting for approval on the Finance access.",
    ],
)
def test_an_approval_awaited_for_the_request_still_holds_it(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []


@pytest.mark.parametrize("held", [" Only Finance needs approval.", " Finance is on hold."])
def test_only_the_part_said_held_is_left_out(acme: Directory, held: str) -> None:
    steps = ready(acme, BOTH + held, GRACE)
    assert _grants(steps) == {("sales@acme.com", TOM)}


def test_a_part_awaiting_the_one_it_is_for_is_asked(acme: Directory) -> None:
    questions = asks(acme, BOTH + " Finance is awaiting Tom.", GRACE)
    assert "scope" in questions


@pytest.mark.parametrize(
    "taken", [" Remove Tom from Sales.", " Withdraw Tom from Sales.", " Take Tom Becker off Sales."]
)
def test_a_part_taken_back_from_its_trustee_is_not_granted(acme: Directory, taken: str) -> None:
    status, steps, questions = plan_of(acme, BOTH + taken, GRACE)
    assert status == "needs_clarification"
    assert ("sales@acme.com", TOM) not in _grants(steps)
    assert "scope" in questions


def test_a_removal_elsewhere_is_still_its_own_change(acme: Directory) -> None:
    text = "Add Tom Becker to all-sales, and remove Tom Becker from Marketing."
    steps = ready(acme, text, GRACE)
    assert {(s.get("change"), s.get("group")) for s in steps} == {
        ("add", "all-sales@acme.com"),
        ("remove", "marketing@acme.com"),
    }


@pytest.mark.parametrize("taken", [" Cancel.", " Cancel that.", " Withdraw."])
def test_a_bare_cancel_under_the_request_takes_it_back(acme: Directory, taken: str) -> None:
    status, steps, _ = plan_of(acme, BOTH + taken, GRACE)
    assert status == "not_understood"
    assert steps == []


def test_cancel_with_its_object_is_still_a_change(acme: Directory) -> None:
    steps = ready(acme, "Cancel the forwarding on Finance.", GRACE)
    assert [(s.get("action"), s.get("change")) for s in steps] == [("email_forwarding_internal", "clear")]
