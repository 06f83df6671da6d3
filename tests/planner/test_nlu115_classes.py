"""nlu115's classes (held-out batch 43's misses). Planned and resolved against the Acme directory at the
corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Forward pat.gone@acme.com to Priya Patel so no customer emails get lost",
        "To make sure no customer emails get lost, forward pat.gone@acme.com to Priya Patel",
        "Please forward pat.gone@acme.com to Priya Patel so that she can reply to customer emails",
    ],
)
def test_mail_named_in_a_forwardings_purpose_is_no_condition(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "mailbox", "forward_to") == [
        ("email_forwarding_internal", "pat.gone@acme.com", "priya.patel@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the mail picked out in the object, before the purpose: an inbox rule
        "Forward customer emails from pat.gone@acme.com to Priya Patel so nothing gets lost",
        # documents forwarded are messages, whatever they are for
        "Forward Finance's March invoices to Ava Johnson so she can pay them",
        # "so" that gives the order is no purpose
        "Pat has left, so forward his invoices to Priya Patel",
    ],
)
def test_forwarding_some_mail_stays_refused(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []


@pytest.mark.parametrize(
    ("text", "trustee"),
    [
        ("What mailboxes can Sarah Connor get into? Delegation report please", "sarah@acme.com"),
        ("What can Tom Becker open? Just the delegation report please", "tom.becker@acme.com"),
        ("Which mailboxes does Ava Johnson have access to? delegation rpt pls", "ava.johnson@acme.com"),
    ],
)
def test_a_report_asked_alone_is_the_report_of_the_one_asked_about(
    acme: Directory, text: str, trustee: str
) -> None:
    assert ready(acme, text, GRACE) == [{"action": "delegation_report", "change": "read", "trustee": trustee}]


def test_a_report_for_everyone_after_a_question_stays_the_tenants(acme: Directory) -> None:
    text = "What mailboxes can Sarah Connor get into? Delegation report for everyone please"
    steps = ready(acme, text, GRACE)
    assert [(s["action"], s.get("person"), s.get("trustee")) for s in steps] == [
        ("access_report", "sarah@acme.com", None),
        ("delegation_report", None, None),
    ]


@pytest.mark.parametrize(
    ("text", "trustee", "mailbox"),
    [
        (
            "Alex Kim (Sales) was promised access to office@acme.co.uk last week but it never appeared in "
            "his Outlook. Please grant him full access.",
            "alex.kim@acme.com",
            "office@acme.co.uk",
        ),
        (
            "Ava Johnson was given access to the Finance mailbox on Monday but it still hasn't shown up in "
            "her Outlook. Please give her full access.",
            "ava.johnson@acme.com",
            "finance@acme.com",
        ),
        (
            "Noah Davis asked for full access to billing@acme.com but the mailbox still isn't showing. "
            "Please grant him full access to it.",
            "noah.davis@acme.com",
            "billing@acme.com",
        ),
    ],
)
def test_access_that_did_not_show_is_why_not_a_negation(
    acme: Directory, text: str, trustee: str, mailbox: str
) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "trustee", "mailbox", "automapping") == [
        ("mailbox_delegation", trustee, mailbox, True)
    ]


def test_a_wish_that_it_does_not_show_still_turns_automapping_off(acme: Directory) -> None:
    text = (
        "Give Alex Kim (Sales) full access to office@acme.co.uk and make sure it doesn't show up in his "
        "Outlook"
    )
    assert ready_tuples(acme, text, GRACE, "trustee", "automapping") == [("alex.kim@acme.com", False)]


def test_the_two_alex_kims_without_a_department_are_asked(acme: Directory) -> None:
    text = (
        "Alex Kim was promised access to office@acme.co.uk last week but it never appeared in his Outlook. "
        "Please grant him full access."
    )
    assert asks(acme, text, GRACE) == {"trustee"}


@pytest.mark.parametrize(
    ("text", "member"),
    [
        (
            "Grace has approved it: please add Ava Johnson to the Marketing list, Jane Doe is the owner",
            "ava.johnson@acme.com",
        ),
        ("Please add Noah Davis to Marketing - Jane Doe owns the list", "noah.davis@acme.com"),
        ("Add Liam Brown to the Marketing list, the owner is Jane Doe", "liam.brown@acme.com"),
    ],
)
def test_the_lists_owner_told_as_context_is_no_member(acme: Directory, text: str, member: str) -> None:
    assert ready_tuples(acme, text, "ken.adams@acme.com", "change", "group", "member") == [
        ("add", "marketing@acme.com", member)
    ]


def test_a_new_owner_named_at_the_end_is_asked(acme: Directory) -> None:
    text = "Add Ava Johnson to the Marketing list, Jane Doe is the new owner"
    assert asks(acme, text, "ken.adams@acme.com") == {"coordination"}


@pytest.mark.parametrize(
    "text",
    [
        "Add Ken Adams to the IT Team distribution list",
        "Remove Ken Adams from the IT Team distribution list",
        "Add Ken Adams to the IT list",
    ],
)
def test_a_list_named_by_an_acronym_no_one_has_is_asked(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"group"}


def test_an_acronym_told_as_an_aside_changes_nothing_asked(acme: Directory) -> None:
    assert ready_tuples(
        acme, "Add Ken Adams to the Marketing list. IT Team knows", GRACE, "group", "member"
    ) == [("marketing@acme.com", "ken.adams@acme.com")]
