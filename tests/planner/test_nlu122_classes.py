"""nlu122's classes (the misses of held-out batch 44). Planned and resolved against the Acme directory at the
corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
PRIYA = "priya.patel@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        # (nlu125 took back nlu122's reading of the pronoun as the one asking: with no genders it gave
        # "Liam Brown asked me to get her added" to Liam)
        "Liam Brown asked me to get him added to the All Hands list",
        "Ava Johnson asked me to add her to the All Hands list",
    ],
)
def test_a_pronoun_after_the_one_asking_is_asked(acme: Directory, text: str) -> None:
    asks(acme, text, PRIYA)


@pytest.mark.parametrize(
    "text",
    [
        # someone else named before the pronoun could be "him"
        "Tom Becker is new. Liam Brown asked me to get him added to the All Hands list",
        "Liam Brown and Tom Becker asked me to get him added to the All Hands list",
        "Liam Brown asked me to get him added to Tom Becker's list",
    ],
)
def test_a_pronoun_two_people_could_be_asks(acme: Directory, text: str) -> None:
    asks(acme, text, PRIYA)


INCIDENT = (
    "INC0051300\nCaller: Ava Johnson\nCC: Mike Smith\nShort description: Cannot send from billing address\n"
    'Description: Ava gets "You don\'t have permission to send as this sender" when she replies from '
    "billing@acme.com. Mike has approved; please give {pronoun} send as on it.\n"
)


def test_a_pronoun_after_the_approval_is_whom_the_request_called_by_it(acme: Directory) -> None:
    assert ready_tuples(acme, INCIDENT.format(pronoun="her"), GRACE, "action", "trustee", "mailbox") == [
        ("send_as", "ava.johnson@acme.com", "billing@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # "him" was said of no one before: it may be Mike, who approved
        INCIDENT.format(pronoun="him"),
        "Give Rachel Green full access to billing@acme.com. Mike Smith OK'd it, and he needs send as too",
        # no gender said of Tom before the approval
        'Tom Becker gets "access denied" when replying from billing@acme.com. Sarah Connor has approved; '
        "please give him send as on it.",
        # a he after a verb of thinking is someone else, not Ava
        "Ava Johnson thinks he should have send as on billing@acme.com. Mike Smith has approved; please give "
        "him send as on it.",
    ],
)
def test_a_pronoun_the_approver_may_be_asks(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


FORM = (
    "Number: RITM0034001\nCaller: Olivia Martin\nRequested for: Noah Davis\n"
    "Short description: Temporary send as - Billing mailbox\n"
    "Description: Noah handles invoices while Rachel is away and needs send as on billing@acme.com.\n"
    "Approved by: Olivia Martin\n{end}"
)


def test_a_need_after_an_absence_is_the_main_subjects_and_the_forms_end_date_ends_it(acme: Directory) -> None:
    steps = ready(acme, FORM.format(end="End date: 2026-03-13\n"), GRACE)
    assert [(s["action"], s["trustee"], s["mailbox"], s.get("expires")) for s in steps] == [
        ("send_as", "noah.davis@acme.com", "billing@acme.com", "2026-03-14T00:00:00Z")
    ]


def test_a_temporary_form_with_no_end_date_asks_its_end(acme: Directory) -> None:
    assert asks(acme, FORM.format(end=""), GRACE) == {"expires"}


CHAT = (
    "[10:14] Jane Doe: hey ken, can you add {who} to the marketing list?\n"
    "[10:15] Ken Adams: sure, does she need anything else?\n"
    "[10:16] Jane Doe: send on behalf on my mailbox too please, she sends my invites\n"
)


def test_an_offer_of_more_then_the_askers_right_for_the_one_who_does_the_work(acme: Directory) -> None:
    steps = ready(acme, CHAT.format(who="Ava Johnson"), GRACE)
    assert sorted((s["action"], s.get("member") or s.get("trustee"), s.get("mailbox")) for s in steps) == [
        ("distribution_list_membership", "ava.johnson@acme.com", None),
        ("send_on_behalf", "ava.johnson@acme.com", "jane.doe@acme.com"),
    ]


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        (CHAT.format(who="Ava Johnson and Tom Becker"), GRACE),  # two people "she" could be
        ("Send on behalf on my mailbox please, she sends my invites.", "jane.doe@acme.com"),  # no one before
    ],
)
def test_a_worker_pronoun_with_no_one_or_two_before_asks(acme: Directory, text: str, requester: str) -> None:
    status, steps, about = plan_of(acme, text, requester)
    assert status == "needs_clarification"
    assert not any(s["action"] == "send_on_behalf" for s in steps)
    assert "trustee" in about


def test_it_after_the_x_account_is_the_account(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "The Tom Becker account is still on Marketing, please remove it.",
        GRACE,
        "action",
        "change",
        "member",
        "group",
    ) == [("distribution_list_membership", "remove", "tom.becker@acme.com", "marketing@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        "The Tom Becker account is still on Marketing and all-sales, please remove it",  # which list?
        "Tom Becker is still on Marketing, please remove it",  # no account said: the list may be meant
        "The Tom Becker account is still on Marketing. Please remove it.",
    ],
)
def test_it_the_list_may_be_asks(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


def test_a_movers_bare_bullets_are_the_movers_and_the_bracket_is_a_title(acme: Directory) -> None:
    text = (
        "Mover: Liam Brown (Sales Rep -> Finance Analyst), effective today\n- off all-sales\n"
        "- onto the Finance Team list\n"
    )
    steps = ready(acme, text, GRACE)
    assert sorted((s["change"], s["member"], s["group"]) for s in steps) == [
        ("add", "liam.brown@acme.com", "finance-team@acme.com"),
        ("remove", "liam.brown@acme.com", "all-sales@acme.com"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a start said on the note's line is each step's: never made now
        "Mover: Liam Brown (Sales Rep -> Finance Analyst), effective Friday\n- off all-sales\n"
        "- onto the Finance Team list\n",
        # two movers: whose the bullets are is not said
        "Mover: Liam Brown and Tom Becker (Sales -> Finance)\n- off all-sales\n"
        "- onto the Finance Team list\n",
    ],
)
def test_a_mover_note_with_a_later_start_or_two_people_asks(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


REPLY = (
    "From: Olivia Martin <olivia.martin@acme.com>\nTo: IT Service Desk\nSubject: RE: Project Atlas\n\n"
    "Fine by me, please go ahead.\n\nOlivia\n\n> From: Ethan Park\n> Sent: Friday 27 February 2026 16:40\n"
    "> Hi Olivia, may I join the Project Atlas group? {more}\n"
)
OLIVIA = "olivia.martin@acme.com"


def test_an_approval_over_a_quote_with_one_ask_plans_it_for_its_asker(acme: Directory) -> None:
    assert ready_tuples(
        acme, REPLY.format(more="I'm building the dashboards for it."), OLIVIA, "change", "member", "group"
    ) == [("add", "ethan.park@acme.com", "project-atlas@acme.com")]


@pytest.mark.parametrize("more", ["Could I also get send as on sales@acme.com?", "Liam Brown wants in too."])
def test_an_approval_over_a_quote_with_more_than_one_ask_asks(acme: Directory, more: str) -> None:
    assert asks(acme, REPLY.format(more=more), OLIVIA) == {"scope"}
