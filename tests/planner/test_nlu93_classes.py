"""nlu93's classes (batch 38's misses), beyond the corpus and negation entries.

1. A new list's name ends where its sentence does ("?", "!" as "."; a colon begins what follows):
   "called Brand Ambassadors? Members: me, ..." is the list "Brand Ambassadors", never "Brand Ambassadors?
   Members: me".
2. "for the same period" / "for the same time" / "same dates" refer to the end said before: the change takes
   that end; with none (or two) said before it is asked, never granted for good.
3. A ticket whose description tells a need ("Sarah needs to see Tom Becker's calendar") has its summary as
   its title: "Short description: Calendar access for support rota" is no request of its own (it shared the
   requester's calendar with support@).
Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
JANE = "jane.doe@acme.com"
KEN = "ken.adams@acme.com"
TOM = "tom.becker@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Could you set up a new list called Brand Ambassadors? Members: me, Emma Wilson and Liam Brown",
        "Can we have a new DL named Brand Ambassadors? Members: me, Emma Wilson and Liam Brown",
        "Please set up a list called Brand Ambassadors! Members: me, Emma Wilson and Liam Brown",
        "Please create a list called Brand Ambassadors. Members: me, Emma Wilson and Liam Brown",
    ],
)
def test_a_new_lists_name_ends_at_its_sentence(acme: Directory, text: str) -> None:
    steps = ready(acme, text, JANE)
    assert [(s["display_name"], s["group"]) for s in steps] == [
        ("Brand Ambassadors", "brand-ambassadors@acme.com")
    ]
    assert steps[0]["members"] == [JANE, "emma.wilson@acme.com", "liam.brown@acme.com"]


@pytest.mark.parametrize(
    "text",
    [
        "Add Tom to Marketing until 31 March, and give him reviewer on Jane's calendar for the same period",
        "Add Tom to Marketing until 31 March and give him full access to support for the same time",
        "Add Tom to Marketing until 31 March and give him full access to support, same dates",
        "Add Tom to Marketing until 31 March. Give him full access to support for the same length of time",
    ],
)
def test_the_same_period_takes_the_end_said_before(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert len(steps) == 2
    assert {s.get("expires") for s in steps} == {"2026-04-01T00:00:00Z"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to support for the same period",
        "Share Jane Doe's calendar with Tom as reviewer for the same dates",
        # two ends before: which one is meant cannot be told
        "Add Tom to Marketing until 31 March and Liam to All Hands until 10 March, and give Tom full access "
        "to support for the same period",
    ],
)
def test_the_same_period_with_no_one_end_before_is_never_for_good(acme: Directory, text: str) -> None:
    status, _, questions = plan_of(acme, text, GRACE)
    assert status != "ready"
    assert "expires" in questions or "coordination" in questions


def test_at_the_same_time_is_no_span(acme: Directory) -> None:
    # "at the same time" says when, not how long: the end said for one step only is asked, as before
    status, _, questions = plan_of(
        acme,
        "Add Tom to Marketing until 31 March and at the same time give him full access to support",
        GRACE,
    )
    assert status == "needs_clarification"
    assert "expires" in questions


TICKET = (
    "INC0082214\nCaller: Sarah Connor\nOpened by: Ken Adams\n"
    "Short description: Calendar access for support rota\n"
    "Description: Sarah needs to see Tom Becker's calendar with full details (reviewer) to plan the support "
    "rota.\n"
)


def test_a_tickets_summary_is_its_title_when_the_description_tells_a_need(acme: Directory) -> None:
    assert ready(acme, TICKET, KEN) == [
        {
            "action": "calendar_share",
            "change": "grant",
            "owner": TOM,
            "grantee": "sarah@acme.com",
            "access": "reviewer",
        }
    ]


def test_a_mailbox_need_in_the_description_leaves_the_summary_as_title(acme: Directory) -> None:
    text = (
        "INC0082215\nCaller: Rachel Green\nOpened by: Ken Adams\n"
        "Short description: Mailbox access for billing run\n"
        "Description: Rachel needs full access to the Billing mailbox for the month-end run.\n"
    )
    assert ready_tuples(acme, text, KEN, "action", "mailbox", "trustee") == [
        ("mailbox_delegation", "billing@acme.com", "rachel.green@acme.com")
    ]


def test_a_summary_is_still_the_request_when_the_description_asks_nothing(acme: Directory) -> None:
    text = (
        "INC0082216\nCaller: Sarah Connor\nOpened by: Ken Adams\n"
        "Short description: Give Sarah reviewer on Tom Becker's calendar\n"
        "Description: for the support rota.\n"
    )
    assert ready_tuples(acme, text, KEN, "owner", "grantee") == [(TOM, "sarah@acme.com")]


@pytest.mark.parametrize(
    ("text", "action", "mailbox"),
    [
        (
            "I'd like send as rights on info@acme.com, Olivia asked me to send the newsletter from it",
            "send_as",
            "info@acme.com",
        ),
        (
            "I need full access to billing@acme.com, Olivia Martin asked me to track the invoices",
            "mailbox_delegation",
            "billing@acme.com",
        ),
    ],
)
def test_who_asked_me_and_why_is_context_after_a_wish(
    acme: Directory, text: str, action: str, mailbox: str
) -> None:
    assert ready_tuples(acme, text, "alex.kim@acme.com", "action", "mailbox", "trustee") == [
        (action, mailbox, "alex.kim@acme.com")
    ]


def test_a_task_sending_to_someone_is_never_context(acme: Directory) -> None:
    text = "I'd like send as rights on info@acme.com, Olivia asked me to send the invoices to Tom"
    status, _, _ = plan_of(acme, text, "alex.kim@acme.com")
    assert status == "needs_clarification"


@pytest.mark.parametrize(
    "text",
    [
        "Please take my full access off Careers, Ava Johnson already has what she needs for recruiting",
        "Please take my full access off the Careers mailbox, Ava Johnson already has full access",
    ],
)
def test_what_someone_else_already_holds_is_the_reason(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, "maria.garcia@acme.com", "change", "trustee") == [
        ("revoke", "maria.garcia@acme.com")
    ]


def test_what_i_hold_anyway_is_the_reason_for_stopping_a_forwarding(acme: Directory) -> None:
    text = "Stop forwarding the Careers mailbox to me, I've got full access to it anyway"
    assert ready_tuples(acme, text, "maria.garcia@acme.com", "action", "change") == [
        ("email_forwarding_internal", "clear")
    ]


def test_one_who_holds_it_and_is_named_in_the_change_is_still_asked(acme: Directory) -> None:
    status, _, _ = plan_of(acme, "Give Tom and Ava full access to Careers, Ava already has it", GRACE)
    assert status == "needs_clarification"


def test_both_before_the_names_counts_them(acme: Directory) -> None:
    text = "Both Rachel Green and Christine Lee need send on behalf on the Billing mailbox"
    steps = ready(acme, text, GRACE)
    assert {s["trustee"] for s in steps} == {"rachel.green@acme.com", "christine.lee@acme.com"}


def test_not_a_member_any_more_is_a_removals_reason(acme: Directory) -> None:
    text = "hey can u take me off contractors dl, im not a contractor anymore lol"
    status, steps, _ = plan_of(acme, text, "mia.novak@acme.com")
    assert status == "ready"
    assert [(s["change"], s["group"]) for s in steps] == [("remove", "contractors@acme.com")]
    # beside a grant, the same words rule out nothing anyone can read: asked
    status, _, _ = plan_of(acme, "Add me to Engineering, I'm not a contractor anymore", "mia.novak@acme.com")
    assert status == "needs_clarification"


def test_wanting_to_see_if_is_no_condition(acme: Directory) -> None:
    steps = ready(acme, "what DLs are there? want to see if there's a UK one", "sam.taylor@acme.co.uk")
    assert [s["action"] for s in steps] == ["list_distribution_lists"]


def test_a_forms_for_user_field_is_whom_for(acme: Directory) -> None:
    text = (
        "Request type: Shared mailbox access\nMailbox: hr@acme.com\nPermissions: Full Access, Send As\n"
        "For user: Christine Lee\nStart date: today\nEnd date: 2026-04-10\nApproved by: Maria Garcia\n"
    )
    steps = ready(acme, text, "christine.lee@acme.com")
    assert {(s["action"], s["trustee"], s["expires"]) for s in steps} == {
        ("mailbox_delegation", "christine.lee@acme.com", "2026-04-11T00:00:00Z"),
        ("send_as", "christine.lee@acme.com", "2026-04-11T00:00:00Z"),
    }


def test_a_leaver_headings_person_is_whom_each_item_means(acme: Directory) -> None:
    text = (
        "Leaver: Ethan Park (his last day was Friday 27 February)\n"
        "- remove him from Contractors and from Project Phoenix\n"
        "- forward his mail to David Chen\n"
        "- take away his full access to the Boardroom mailbox\n"
    )
    steps = ready(acme, text, GRACE)
    revoke = [s for s in steps if s["action"] == "mailbox_delegation"]
    assert [(s["change"], s["mailbox"], s["trustee"]) for s in revoke] == [
        ("revoke", "boardroom@acme.com", "ethan.park@acme.com")
    ]
    assert {s.get("member") for s in steps if s.get("member")} == {"ethan.park@acme.com"}


def test_a_reply_picking_one_of_the_offered_choices_narrows_the_question(acme: Directory) -> None:
    text = (
        "From: Mike Smith\nTo: Grace Hopper\nSubject: RE: Billing send as\n\nJust Rachel, please.\n\n"
        "> From: Grace Hopper\n> Sent: Friday 27 February 2026 16:10\n"
        "> Should I give both Rachel Green and Christine Lee send as on the Billing mailbox, or just "
        "Rachel?\n"
    )
    assert ready_tuples(acme, text, GRACE, "action", "trustee") == [("send_as", "rachel.green@acme.com")]


def test_a_pick_under_a_question_offering_no_choice_is_not_read_as_its_change(acme: Directory) -> None:
    text = "From: Jane Doe\nSubject: RE: Marketing\n\nJust Tom, thanks.\n\n> Should I add Tom to Marketing?\n"
    status, _, _ = plan_of(acme, text, JANE)
    assert status != "ready"
