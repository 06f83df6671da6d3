"""nlu135's classes (batch 47's misses and one survivor): a his/her owning what the clause already named one
owner of, and the shapes beside each fix that must still ask. Planned and resolved against the Acme directory
at the corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Chris Lee should get editor rights on Sarah Connor's calendar to manage her meetings",
        "Give Chris Lee editor on Sarah Connor's calendar to manage her meetings",
    ],
)
def test_her_meetings_are_the_named_owners_calendar(acme: Directory, text: str) -> None:
    assert ready(acme, text, GRACE) == [
        {
            "action": "calendar_share",
            "change": "grant",
            "owner": "sarah@acme.com",
            "grantee": "chris.lee@acme.com",
            "access": "editor",
        }
    ]


def test_her_mail_is_the_named_mailbox_owners(acme: Directory) -> None:
    text = "Tom Becker needs full access to Sarah Connor's mailbox to answer her mail"
    assert ready_tuples(acme, text, GRACE, "mailbox", "trustee") == [
        ("sarah@acme.com", "tom.becker@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # (her cannot be Liam: a second owner, asked)
        "Chris Lee should get editor rights on Liam Brown's calendar to manage her meetings",
        # (two owners named: which one "her" is, is asked)
        "Chris Lee should get editor rights on Sarah Connor's calendar and Olivia Martin's calendar to "
        "manage her meetings",
    ],
)
def test_a_her_that_cannot_be_the_one_owner_is_asked(acme: Directory, text: str) -> None:
    questions = asks(acme, text, GRACE)
    assert "owner" in questions


@pytest.mark.parametrize(
    ("text", "mailbox"),
    [
        (
            "Maria doesn't want the Careers mailbox forwarded to her any more, please clear the forwarding",
            "careers@acme.com",
        ),
        (
            "Maria does not want billing@ forwarded to her anymore, please switch the forwarding off",
            "billing@acme.com",
        ),
        ("Stop forwarding the Careers mailbox to Maria, please clear the forwarding", "careers@acme.com"),
    ],
)
def test_a_forwarding_no_longer_wanted_is_stopped_never_set(acme: Directory, text: str, mailbox: str) -> None:
    assert ready(acme, text, GRACE) == [
        {"action": "email_forwarding_internal", "change": "clear", "mailbox": mailbox, "keep_copy": False}
    ]


@pytest.mark.parametrize(
    "text",
    [
        # (no "any more": maybe an order not to set one up; and nothing asks to take anything away)
        "Maria doesn't want the Careers mailbox forwarded to her any more",
        # ("the forwarding" after one set up is no stop of the one just set)
        "Forward the Careers mailbox to Maria, please clear the forwarding",
    ],
)
def test_no_stop_is_planned_from_a_wish_alone_or_after_a_set(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert all(s["change"] != "clear" for s in steps)


@pytest.mark.parametrize(
    ("text", "change", "member"),
    [
        ("remove pat.gone@acme.com from all sales pls, acct is disabled", "remove", "pat.gone@acme.com"),
        ("add Tom Becker to all sales", "add", "tom.becker@acme.com"),
    ],
)
def test_a_hyphenated_list_said_with_spaces_is_the_list(
    acme: Directory, text: str, change: str, member: str
) -> None:
    assert ready(acme, text, GRACE) == [
        {
            "action": "distribution_list_membership",
            "change": change,
            "group": "all-sales@acme.com",
            "member": member,
        }
    ]


def test_the_spaced_words_carried_on_by_a_noun_are_no_list(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "remove Tom Becker from all sales reps", GRACE)
    assert status != "ready"
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "grace can u share boardroom cal w/ tom becker, reviewer, thx",
        "share boardroom cal with tom becker, reviewer",
    ],
)
def test_cal_as_what_is_shared_is_the_calendar(acme: Directory, text: str) -> None:
    assert ready(acme, text, GRACE) == [
        {
            "action": "calendar_share",
            "change": "grant",
            "owner": "boardroom@acme.com",
            "grantee": "tom.becker@acme.com",
            "access": "reviewer",
        }
    ]


def test_cal_as_whom_it_is_shared_with_is_no_calendar(acme: Directory) -> None:
    assert asks(acme, "share my calendar with cal", GRACE) == {"grantee"}


SARAH = "sarah@acme.com"
SARAHS_MAIL = (
    "From: Sarah Connor <sarah@acme.com>\nTo: IT Service Desk\nCc: Olivia Martin\nSubject: Chris Lee\n\n"
    "Hi, I'm Chris Lee's manager. Please add him to All Hands, Olivia has agreed.\n\nSarah\n"
)


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        (SARAHS_MAIL, SARAH),
        ("Hi, I'm Chris Lee's manager. Please add him to All Hands.", SARAH),
    ],
)
def test_him_is_the_one_the_writer_manages(acme: Directory, text: str, requester: str) -> None:
    assert ready(acme, text, requester) == [
        {
            "action": "distribution_list_membership",
            "change": "add",
            "group": "all-hands@acme.com",
            "member": "chris.lee@acme.com",
        }
    ]


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        # (pasted by someone else: Sarah, said in the third person, is one more person "him" may be)
        (SARAHS_MAIL, GRACE),
        ("I'm Chris Lee's manager and Tom Becker's too. Please add him to All Hands.", SARAH),
    ],
)
def test_him_with_two_it_could_be_is_asked(acme: Directory, text: str, requester: str) -> None:
    assert asks(acme, text, requester) == {"member"}


def test_one_more_left_out_said_as_their_account(acme: Directory) -> None:
    text = "Add all of all-sales to Project Atlas except Sam Taylor and the Former Employee account"
    steps = ready(acme, text, GRACE)
    added = {s["member"] for s in steps}
    assert added.isdisjoint({"sam.taylor@acme.co.uk", "pat.gone@acme.com"})
    assert "liam.brown@acme.com" in added


def test_an_account_no_person_has_is_asked_never_added(acme: Directory) -> None:
    text = "Add all of all-sales to Project Atlas except Sam Taylor and the Marketing account"
    assert asks(acme, text, GRACE) == {"member"}


# (Mike named by name: after the merge with nlu137, "his mailbox" there asks whose, since Mike is named
# only as context, "Mike's out this week"; the batch-47 case with "his" is a counted corpus miss again)
CHAT = (
    "[09:02] Christine Lee: morning! Mike's out this week, can Rachel Green get send on behalf on Mike "
    "Smith's mailbox?\n[09:03] Ken Adams: for the whole week?\n[09:03] {who}: yes, until Friday\n"
)


def test_how_long_answered_by_the_asker_with_an_end_is_that_end(acme: Directory) -> None:
    assert ready(acme, CHAT.format(who="Christine Lee"), GRACE) == [
        {
            "action": "send_on_behalf",
            "change": "grant",
            "mailbox": "mike.smith@acme.com",
            "trustee": "rachel.green@acme.com",
            "expires": "2026-03-07T00:00:00Z",
        }
    ]


def test_how_long_answered_by_someone_else_is_asked(acme: Directory) -> None:
    assert asks(acme, CHAT.format(who="Tom Becker"), GRACE) == {"scope"}
