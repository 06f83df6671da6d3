"""nlu134's classes (batch 46's safe over-asks): words told beside a request as why, read as no part of it,
and the shapes beside them that must still ask. Planned and resolved against the Acme directory at the
corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
ALEX = "alexander.kim@acme.co.uk"
NOAH = "noah.davis@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "i'd like to leave the engineering list please, I get the release mails through Project Phoenix "
        "anyway",
        "please remove me from the engineering list, I get the release mails via Project Phoenix anyway",
    ],
)
def test_how_the_mail_already_comes_is_no_end_and_no_list_changed(acme: Directory, text: str) -> None:
    assert ready(acme, text, ALEX) == [
        {
            "action": "distribution_list_membership",
            "change": "remove",
            "group": "engineering@acme.com",
            "member": ALEX,
        }
    ]


def test_through_a_list_without_anyway_is_still_asked(acme: Directory) -> None:
    text = "i'd like to leave the engineering list please, I get the release mails through Project Phoenix"
    asks(acme, text, ALEX)


@pytest.mark.parametrize(
    "text",
    [
        "give Ava Johnson full access to sales@ through Tom Becker's leave",
        # (a "through" in the request itself is never read as the way: Ava is given nothing)
        "Give Tom Becker full access to support@acme.com through Ava Johnson",
    ],
)
def test_through_in_the_request_is_still_an_end(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"expires"}


@pytest.mark.parametrize(
    "text",
    [
        "Please delete the Contractors distribution list, David is moving everyone to employee contracts",
        # (a team moving them: main removed hr@ from the list in place of deleting it)
        "Delete the Contractors list - HR are moving them all onto permanent contracts",
    ],
)
def test_someone_moving_the_members_to_no_list_is_why_a_list_goes(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "change", "group") == [
        ("distribution_list_lifecycle", "delete", "contractors@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Please delete the Contractors distribution list, Mike Smith is moving everyone to the Sales list",
        "Please delete the Contractors distribution list, David is moving everyone to the new list",
        "Please delete the Contractors list and move everyone to employee contracts",
    ],
)
def test_members_moved_to_a_list_or_by_the_request_are_still_asked(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


def test_keep_doing_to_someone_keeps_nothing(acme: Directory) -> None:
    text = (
        "could my primary email be switched to alex.k@acme.co.uk? people keep mixing me up with the other "
        "Alex"
    )
    assert ready_tuples(acme, text, ALEX, "action", "new_address") == [
        ("change_primary_alias", "alex.k@acme.co.uk")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "can you forward my email to Liam Brown? I'm working from the client site and can't get to Outlook",
        "please forward my mail to Liam Brown, I can't log into my laptop at the client site",
    ],
)
def test_what_cannot_be_reached_is_why_the_mail_goes_elsewhere(acme: Directory, text: str) -> None:
    steps = ready(acme, text, NOAH)
    # (the writer's mail goes to Liam, never Liam's to the writer: the "I" told after is no one it is for)
    assert [(s["mailbox"], s["forward_to"]) for s in steps] == [(NOAH, "liam.brown@acme.com")]


def test_a_cant_about_the_person_forwarded_to_is_still_asked(acme: Directory) -> None:
    text = "can you forward my email to Liam Brown? but he can't get my Outlook mail"
    asks(acme, text, NOAH)


@pytest.mark.parametrize(
    "text",
    [
        "Turn off the forwarding on the Careers mailbox, Maria is reading it herself again",
        "Turn off the forwarding on the Careers mailbox, Maria is checking it now",
    ],
)
def test_who_reads_the_mailbox_now_is_no_one_it_is_for(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "change", "mailbox") == [
        ("email_forwarding_internal", "clear", "careers@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Please change the Info mailbox's primary address to hello@acme.com. Keep info@ working as well.",
        "Set the primary address of the Info mailbox to hello@acme.com; keep info@acme.com working too",
    ],
)
def test_the_old_address_kept_working_is_keep_old(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "recipient", "new_address", "keep_old") == [
        ("info@acme.com", "hello@acme.com", True)
    ]


def test_an_address_kept_working_beside_a_deletion_is_never_deleted(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Delete the Contractors list. Keep contractors@ working.", GRACE)
    assert status != "ready"
    assert steps == []


def test_seconded_to_a_team_is_no_second_forwarding_address(acme: Directory) -> None:
    text = (
        "Number: RITM0052240\nCaller: Sarah Connor\nRequested for: Tom Becker\n"
        "Short description: Mail forwarding\n"
        "Description: Please forward Tom Becker's mail to the Support mailbox until the end of June; he is "
        "seconded to the Sales team.\nApproved by: Sarah Connor\n"
    )
    assert ready_tuples(acme, text, GRACE, "mailbox", "forward_to", "expires") == [
        ("tom.becker@acme.com", "support@acme.com", "2026-07-01T00:00:00Z")
    ]


def test_two_forwarding_addresses_are_still_asked(acme: Directory) -> None:
    text = "Please forward Tom Becker's mail to the Support mailbox and to Sales; he is seconded there."
    status, _, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "forward_to" in questions


def test_her_given_rights_on_someones_mailbox_is_never_its_owner(acme: Directory) -> None:
    text = (
        "Rachel Green is taking over Christine Lee's payroll work. Give her full access and send on behalf "
        "on Christine's mailbox."
    )
    steps = ready(acme, text, GRACE)
    assert {(s["action"], s["mailbox"], s["trustee"]) for s in steps} == {
        ("mailbox_delegation", "christine.lee@acme.com", "rachel.green@acme.com"),
        ("send_on_behalf", "christine.lee@acme.com", "rachel.green@acme.com"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Rachel Green and Ava Johnson are taking over Christine Lee's payroll work. Give her full access on "
        "Christine's mailbox.",
        "Rachel Green is taking over Christine Lee's payroll work. Give her full access on the Finance "
        "mailbox.",
        "Ken Adams needs to see when Liam Brown is busy, so remove his access to Liam's calendar",
    ],
)
def test_her_with_more_than_one_left_is_still_asked(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


@pytest.mark.parametrize(
    "text",
    [
        "Grace Hopper, please give Chris Lee full access to the Finance mailbox; Mike Smith signed this off "
        "and Christine Lee will show him around",
        "please give Chris Lee full access to the Finance mailbox and Christine Lee will walk him through it",
    ],
)
def test_who_will_show_the_new_one_around_gets_nothing(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "mailbox", "trustee") == [
        ("mailbox_delegation", "finance@acme.com", "chris.lee@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "please give Chris Lee full access to the Finance mailbox; he will show Christine Lee around",
        "please give Chris Lee full access to the Finance mailbox; Christine Lee will need it too",
        # (set off by a dash, where a fix is said: nlu59)
        "Give Tom full access to support@acme.com - Ava will show him around.",
    ],
)
def test_one_shown_around_or_said_to_need_it_is_still_asked(acme: Directory, text: str) -> None:
    status, _, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
