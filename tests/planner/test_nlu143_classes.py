"""nlu143's classes: people named as context are never planned, and what they said is read. Who asked for a
change, who set its length, whom it covers for and whom it was agreed with are no trustee, member or mailbox;
a length someone set is the grant's end; a refusal by the one consulted is asked, an agreement in other words
plans; a right said to be still needed in the passive is never taken away. Planned and resolved against the
Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
CONTRACTORS = "contractors@acme.com"
A_WEEK_ON = "2026-03-09T09:00:00Z"
TWO_WEEKS_ON = "2026-03-16T09:00:00Z"
A_MONTH_ON = "2026-04-02T09:00:00Z"


@pytest.mark.parametrize(
    "text",
    [
        "Delete the Contractors list - HR asked",
        "Delete the Contractors list, Ava asked for it",
        "Please delete the contractors distribution list. HR asked.",
        "Ticket #4411\nRequest: Delete the Contractors list\nNote: HR asked",
        "Delete the Contractors list - HR asked me to",
    ],
)
def test_who_asked_is_no_member_taken_off(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", (status, questions)
    assert [(s["action"], s["change"], s["group"]) for s in steps] == [
        ("distribution_list_lifecycle", "delete", CONTRACTORS)
    ]


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        ("Give Tom full access to billing@ - I limited it to a week", A_WEEK_ON),
        ("Give Tom full access to billing@ - Ava Johnson limited it to a week", A_WEEK_ON),
        ("Give Tom full access to billing@ - Mike capped it at two weeks", TWO_WEEKS_ON),
        ("Give Tom full access to billing@ - approved for a week by Ava", A_WEEK_ON),
        ("Give Tom full access to billing@ - limited to a week", A_WEEK_ON),
        ("Give Tom full access to billing@ - Ava Johnson allowed a week", A_WEEK_ON),
        ("Please give Tom Becker full access to billing@. Limited to a week per Ava.", A_WEEK_ON),
        ("Give Tom full access to billing@. Ava sanctioned this for one month", A_MONTH_ON),
        (
            "[10:02] Grace Hopper: can you give Tom full access to billing@\n"
            "[10:03] Grace Hopper: Mike capped it at 2 weeks",
            TWO_WEEKS_ON,
        ),
    ],
)
def test_length_someone_set_ends_the_grant_of_the_trustee_only(
    acme: Directory, text: str, expires: str
) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", (status, questions)
    assert [(s["trustee"], s["mailbox"], s.get("expires")) for s in steps] == [
        (TOM, "billing@acme.com", expires)
    ]


def test_she_after_the_one_who_set_the_length_is_asked(acme: Directory) -> None:
    # ("she needs it too" may be Ava's own need: never cut with Ava's name)
    text = "Give Tom full access to billing@ - Ava Johnson approved it for a week, she needs it too"
    status, _, questions = plan_of(acme, text, GRACE)
    assert (status, questions) == ("needs_clarification", {"trustee"})


def test_length_set_against_another_is_no_end_read(acme: Directory) -> None:
    # the other way: "Ava agreed to a week, but Mike wants two" is never read as a week for anyone
    status, _, _ = plan_of(
        acme, "Give Tom full access to billing@ - Ava agreed to a week, but Mike wants two", GRACE
    )
    assert status == "needs_clarification"


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to sales@ - cc Mike Smith, he refused",
        "Give Tom full access to sales@ - he wasn't keen",
        "Give Tom full access to sales@ - asked Mike, no",
        "Give Tom full access to sales@, Mike is against it",
        "Add Tom to all-sales - cc'd Ava, she declined",
        "Give Tom full access to sales@ - Mike said no",
        "Give Tom full access to sales@ - Mike to confirm",
    ],
)
def test_refusal_by_the_one_consulted_is_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert steps == []


@pytest.mark.parametrize(
    ("text", "mailbox"),
    [
        # an agreement said in other words plans the trustee only
        ("Give Tom full access to sales@ - checked with Mike, he gave the ok", "sales@acme.com"),
        ("Give Tom full access to sales@ - asked Mike, sure", "sales@acme.com"),
        ("Give Tom full access to sales@ - ran it by Ava, she's on board", "sales@acme.com"),
        ("Give Tom full access to sales@ - Mike said fine", "sales@acme.com"),
        ("Give Tom full access to sales@ - Mike gave it the green light", "sales@acme.com"),
        ("Give Tom full access to sales@ - cc Mike Smith, he approved", "sales@acme.com"),
        # an approver named as a department is no mailbox
        ("Give Tom full access to finance@, previously agreed with HR", "finance@acme.com"),
        ("Give Tom full access to finance@, previously agreed with Mike", "finance@acme.com"),
        ("Give Tom full access to finance@ - I previously checked with HR", "finance@acme.com"),
        ("Give Tom full access to finance@ - signed off by Finance", "finance@acme.com"),
        ("Give Tom full access to finance@ - HR approved", "finance@acme.com"),
    ],
)
def test_the_one_agreeing_is_no_trustee_nor_mailbox(acme: Directory, text: str, mailbox: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", (status, questions)
    assert [(s["trustee"], s["mailbox"]) for s in steps] == [(TOM, mailbox)]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("To cover Liam Brown give Tom full access to sales@", "sales@acme.com"),
        ("Standing in for Liam Brown: give Tom send as on sales@", "sales@acme.com"),
        ("Covering for Emma Wilson - add Tom to all-sales", "all-sales@acme.com"),
        ("While covering for Emma Wilson add Tom to all-sales", "all-sales@acme.com"),
    ],
)
def test_cover_said_first_is_no_one_more_trustee(acme: Directory, text: str, where: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", (status, questions)
    assert [(s.get("trustee") or s.get("member"), s.get("mailbox") or s.get("group")) for s in steps] == [
        (TOM, where)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Remove Tom's full access to sales@ - send as is still needed by him",
        "Remove Tom's full access to sales@ - send as still needed by him",
        "Remove Tom's full access and send as on sales@ - send as is still needed",
        "Remove Tom's send as on sales@ - full access is still required by him",
    ],
)
def test_right_still_needed_in_the_passive_is_never_taken(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    kept = "send_as" if "- send as" in text else "mailbox_delegation"
    assert not any(s["action"] == kept and s["change"] == "revoke" for s in steps)
    assert status == "needs_clarification"


def test_right_no_longer_needed_is_taken(acme: Directory) -> None:
    # the other way: "no longer needed" keeps nothing
    text = "Remove Tom's full access and send as on sales@ - send as is no longer needed"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert {s["action"] for s in steps} == {"mailbox_delegation", "send_as"}
