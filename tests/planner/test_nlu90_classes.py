"""nlu90's classes (batch 37's misses), beyond the corpus entries. A time unit is a length only after a
count, or said in full after "the"/"next"; never a word inside an address ("I meant hr@acme.com" planned an
end an hour away). Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
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
    steps = ready(acme, text, GRACE)
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
    steps = ready(acme, text, GRACE)
    assert [s.get("expires") for s in steps] == [expires]


@pytest.mark.parametrize(
    ("text", "action"),
    [
        (
            "On behalf of the auditors (Mike Smith approved): who has full access to finance@acme.com?",
            "view_mailbox_permissions",
        ),
        ("On behalf of our legal team, who has send as on finance@acme.com?", "view_send_as_permissions"),
    ],
)
def test_on_behalf_of_a_group_opening_a_question_reads_only_the_right_asked(
    acme: Directory, text: str, action: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert [s["action"] for s in steps] == [action]


def test_send_on_behalf_said_as_a_right_is_still_granted(acme: Directory) -> None:
    assert ready_tuples(
        acme, "Give Ken Adams send on behalf of support@acme.com", GRACE, "action", "mailbox"
    ) == [("send_on_behalf", "support@acme.com")]


MARIA = "maria.garcia@acme.com"


@pytest.mark.parametrize(
    ("tail", "expires"),
    [
        ("both for two weeks starting today", "2026-03-16T09:00:00Z"),
        ("both until Friday", "2026-03-07T00:00:00Z"),
    ],
)
def test_an_end_said_last_for_both_ends_both(acme: Directory, tail: str, expires: str) -> None:
    text = f"Forward my mail to Grace Hopper and give her reviewer on my calendar, {tail}"
    steps = ready(acme, text, MARIA)
    assert [s.get("expires") for s in steps] == [expires, expires]


@pytest.mark.parametrize("tail", ["both for two weeks starting Monday", "both for a week or so"])
def test_a_later_or_rough_end_for_both_is_asked(acme: Directory, tail: str) -> None:
    text = f"Forward my mail to Grace Hopper and give her reviewer on my calendar, {tail}"
    status, _, about = plan_of(acme, text, MARIA)
    assert status == "needs_clarification"
    assert about == {"expires"}


FORM = "Mailbox: support@acme.com\nUser: Ken Adams\nPermission: Send on Behalf\n"


@pytest.mark.parametrize(
    "heading", ["Service request: Mailbox permission\n", "Request type: Mailbox access\n"]
)
def test_a_forms_kind_with_no_direction_is_its_heading(acme: Directory, heading: str) -> None:
    text = f"{heading}{FORM}Start date: 2026-03-02\nEnd date: 2026-03-20\n"
    steps = ready(acme, text, "sarah@acme.com")
    assert [(s["trustee"], s.get("expires")) for s in steps] == [
        ("ken.adams@acme.com", "2026-03-21T00:00:00Z")
    ]


def test_a_form_starting_later_is_asked(acme: Directory) -> None:
    text = f"Service request: Mailbox permission\n{FORM}Start date: 2026-03-09\nEnd date: 2026-03-20\n"
    status, _, about = plan_of(acme, text, "sarah@acme.com")
    assert status == "needs_clarification"
    assert about == {"expires"}


def test_a_forms_kind_saying_remove_is_still_read(acme: Directory) -> None:
    text = (
        "Request type: Remove mailbox permission\n"
        + "Mailbox: support@acme.com\nUser: Ava Johnson\nPermission: Send as\n"
    )
    status, steps, _ = plan_of(acme, text, GRACE)
    assert not (status == "ready" and any(s["change"] == "grant" for s in steps))


def test_mail_someone_is_not_getting_is_the_problem_told(acme: Directory) -> None:
    text = "Liam Brown has not been getting the company announcements. Please add him to All Hands."
    assert ready_tuples(acme, text, GRACE, "group", "member") == [
        ("all-hands@acme.com", "liam.brown@acme.com")
    ]


def test_mail_said_to_stop_still_asks(acme: Directory) -> None:
    text = "Add Liam Brown to All Hands; Ava Johnson is not getting the announcements any more"
    status, _, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert about == {"scope"}


AVA = "ava.johnson@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "cud u give me reviewer on priyas calender again? it got removed by mistake",
    ],
)
def test_access_removed_by_mistake_is_given_back(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, AVA, "change", "grantee") == [("grant", AVA)]


@pytest.mark.parametrize(
    "text",
    [
        "Please give me send as on support@acme.com again, I accidentally deleted it",
        "I gave Ken Adams send as on support@acme.com by mistake, take it off",
    ],
)
def test_a_mistake_beside_a_removal_is_asked(acme: Directory, text: str) -> None:
    status, _, about = plan_of(acme, text, AVA)
    assert status == "needs_clarification"
    assert about == {"scope"}


@pytest.mark.parametrize(
    "text",
    [
        "Tom Becker was removed from all-sales by mistake.",
        "Someone removed Tom's send as on Support by mistake",
        "Give Tom full access to Support for hrs",
        "Give Tom full access to Support for week 12",
        "Give Tom full access to Support for 2 more hours",
        "Give Tom full access to Support 9-5 today",
    ],
)
def test_a_story_of_a_lost_right_or_an_unread_length_is_asked(acme: Directory, text: str) -> None:
    # Red team 57: a removal told as a mistake planned that removal; lengths nlu90 stopped reading as hours
    # ("for hrs", "9-5 today") planned the grant for good
    status, steps, _ = plan_of(acme, text, "grace.hopper@acme.com")
    assert status != "ready", steps
