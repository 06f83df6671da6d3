"""nlu163's classes (batch 53): a ServiceNow form's grant is for the one "Requested for:" names, never its
caller, approver or CC; a review list's "✅ Name: right" items are planned and its crossed, waiting or
unknown-marked items never; an e-mail body's "she needs ... on my calendar" is the one person the body named.
Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
OLIVIA = "olivia.martin@acme.com"

_FORM = (
    "Number: RITM0061577\nCaller: Ken Adams\nRequested for: {who}\nShort description: Calendar access - "
    "Mike Smith\nDescription: Please give reviewer access to Mike Smith's calendar, {pronoun} prepares "
    "his expense reports.\nApproved by: Mike Smith\nCC: Christine Lee\n"
)
_LIST = (
    "Access requests for approval - week 10\n✅ Ava Johnson: send as on sales@acme.com\n{mark} Noah Davis: "
    "full access to the Info mailbox\n✅ Mia Novak: add to All Hands\n"
)


def test_form_grant_is_for_the_one_requested_for(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, _FORM.format(who="Rachel Green", pronoun="she"), GRACE)
    assert status == "ready"
    assert [(s["action"], s["owner"], s["grantee"]) for s in steps] == [
        ("calendar_share", "mike.smith@acme.com", "rachel.green@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a he that cannot be Rachel: whom it is for is asked, never the caller, approver or CC
        _FORM.format(who="Rachel Green", pronoun="he"),
        # a she that cannot be Lucas (planned for Lucas before)
        "Number: RITM0061502\nCaller: Priya Patel\nRequested for: Lucas Rossi\nShort description: Send As - "
        "Support mailbox\nDescription: Please give send as on support@acme.com, she answers the customer "
        "tickets.\nApproved by: Priya Patel\n",
    ],
)
def test_form_pronoun_not_the_one_requested_for_is_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert steps == []


def test_form_send_quotes_as_mailbox_is_send_as_until_end_date(acme: Directory) -> None:
    text = (
        "Number: RITM0061342\nCaller: Priya Patel\nRequested for: Liam Brown\nShort description: Send As - "
        "Sales mailbox\nDescription: Liam needs to send quotes as sales@acme.com for the spring campaign.\n"
        "End date: 2026-03-31\nApproved by: Priya Patel\n"
    )
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["action"], s["trustee"], s["mailbox"], s.get("expires")) for s in steps] == [
        ("send_as", "liam.brown@acme.com", "sales@acme.com", "2026-04-01T00:00:00Z")
    ]


def test_colon_review_list_plans_only_ticked_items(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, _LIST.format(mark="❌"), GRACE)
    assert status == "ready"
    assert {(s["action"], s.get("trustee") or s.get("member")) for s in steps} == {
        ("send_as", "ava.johnson@acme.com"),
        ("distribution_list_membership", "mia.novak@acme.com"),
    }


@pytest.mark.parametrize("mark", ["❓", "🤔", "⚠️"])
def test_review_item_with_an_unknown_mark_is_asked(acme: Directory, mark: str) -> None:
    status, steps, _ = plan_of(acme, _LIST.format(mark=mark), GRACE)
    assert status == "needs_clarification"
    assert all(s.get("trustee") != "noah.davis@acme.com" for s in steps)


@pytest.mark.parametrize(
    ("text", "grantee"),
    [
        (
            "Please add Priya Patel to Project Atlas. Separately, she needs reviewer access to my calendar "
            "until Friday while she prepares the board pack.",
            "priya.patel@acme.com",
        ),
        ("Please add Liam Brown to Project Atlas. She needs reviewer access to my calendar.", None),
        (
            "Please add Priya Patel and Liam Brown to Project Atlas. "
            "She needs reviewer access to my calendar.",
            None,
        ),
    ],
)
def test_mail_body_she_is_the_one_person_named(acme: Directory, text: str, grantee: str | None) -> None:
    status, steps, questions = plan_of(acme, text, OLIVIA)
    shares = [s for s in steps if s["action"] == "calendar_share"]
    if grantee is None:
        assert status == "needs_clarification"
        assert "grantee" in questions
        return
    assert status == "ready"
    assert [(s["owner"], s["grantee"]) for s in shares] == [(OLIVIA, grantee)]
